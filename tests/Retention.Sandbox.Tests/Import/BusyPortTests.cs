using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Retention.Sandbox.Tests.Farm;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Import;

public sealed class BusyPortTests
{
    [Test]
    public void A_free_port_passes_and_a_taken_one_is_named_with_the_way_out()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            Assert.That(PortCheck.Busy(new SandboxOptions { Port = port }), Is.EqualTo(
                $"retention: port {port} on 127.0.0.1 is already in use (another sandbox?); stop it or start with --port N."));
            Assert.That(PortCheck.Busy(new SandboxOptions { Port = port, NoWeb = true }), Is.Null, "no web app, no port");
        }
        finally
        {
            taken.Stop();
        }
        Assert.That(PortCheck.Busy(new SandboxOptions { Port = FreePorts.Next() }), Is.Null);
    }

    [Test]
    public async Task The_sandbox_on_a_taken_port_stops_with_one_line_before_it_prepares_anything()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var data = Path.Combine(Path.GetTempPath(), "retention-busy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { FarmNodeProcess.SandboxAssembly(), "--port", port.ToString(), "--data", data })
                info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);

            Assert.That(process.ExitCode, Is.EqualTo(1));
            Assert.That((await stderr).TrimEnd(), Is.EqualTo(
                $"retention: port {port} on 127.0.0.1 is already in use (another sandbox?); stop it or start with --port N."));
            Assert.That(await stdout, Is.Empty);
            Assert.That(Directory.Exists(data), Is.False, "nothing was prepared: no data folder, no database");
        }
        finally
        {
            taken.Stop();
            if (Directory.Exists(data))
                Directory.Delete(data, true);
        }
    }
}
