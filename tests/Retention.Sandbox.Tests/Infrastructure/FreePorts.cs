using System.Net;
using System.Net.Sockets;

namespace Retention.Sandbox.Tests.Infrastructure;

public static class FreePorts
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago (the system picks it), for a process the test starts.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
