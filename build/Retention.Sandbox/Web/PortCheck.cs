using System.Net;
using System.Net.Sockets;

namespace Retention.Sandbox.Web;

/// <summary>
/// Whether the sandbox can listen where it was asked to, checked before the database is prepared: preparing the demo store
/// takes a minute or more, and finding the port taken only afterwards (as Kestrel does) costs that minute and ends in a
/// stack trace.
/// </summary>
public static class PortCheck
{
    /// <summary>
    /// Null when 127.0.0.1:<see cref="SandboxOptions.Port"/> is free (or <see cref="SandboxOptions.Urls"/> names the
    /// addresses, which Kestrel then checks itself); otherwise the one line to show, naming the way out.
    /// </summary>
    public static string? Busy(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.NoWeb || options.Urls != null)
            return null;
        var probe = new TcpListener(IPAddress.Loopback, options.Port);
        try
        {
            probe.Start();
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return $"retention: port {options.Port} on 127.0.0.1 is already in use (another sandbox?); stop it or start with --port N.";
        }
        finally
        {
            probe.Stop();
        }
    }

    /// <summary>Kestrel's own answer when the port was taken between <see cref="Busy"/> and the start.</summary>
    public static bool IsAddressInUse(Exception exception) =>
        exception is IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } }
            or IOException { InnerException: IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } };
}
