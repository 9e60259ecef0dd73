using System.Diagnostics;
using System.Net;
using Retention.Sandbox.Tests.Farm;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Import;

/// <summary>A first start answers on its address at once with the preparation's stage, then becomes the sandbox.</summary>
public sealed class FirstStartTests
{
    [Test]
    public async Task A_first_start_serves_a_preparing_page_naming_the_stage_until_the_demo_store_is_ready_then_the_sandbox()
    {
        var data = Path.Combine(Path.GetTempPath(), "retention-first-" + Guid.NewGuid().ToString("N"));
        var port = FreePorts.Next();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { FarmNodeProcess.SandboxAssembly(), "--port", port.ToString(), "--data", data, "--customers", "3000", "--workflow-interval", "0" })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var first = await FirstAnswerAsync(http, process, TimeSpan.FromMinutes(1));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the first answer comes while the demo store is being built");
            Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(PreparingApp.RefreshSeconds)));
            var page = await first.Content.ReadAsStringAsync();
            Assert.That(page, Does.Contain("id=\"preparing\"").And.Contain("id=\"stage\"").And.Contain($"http-equiv=\"refresh\" content=\"{PreparingApp.RefreshSeconds}\""));
            using (var health = await http.GetAsync("/api/health"))
                Assert.That(health.StatusCode, Is.AnyOf(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), "the API says not yet, never an error page");

            var ready = Stopwatch.StartNew();
            HttpStatusCode status;
            string body;
            do
            {
                Assert.That(process.HasExited, Is.False, () => "the sandbox stopped: " + stderr.Result);
                await Task.Delay(250);
                (status, body) = await TryGetAsync(http, "/admin/workflows");
            }
            while (status != HttpStatusCode.OK && ready.Elapsed < TimeSpan.FromMinutes(5));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the sandbox took the address over");
            Assert.That(body, Does.Not.Contain("id=\"preparing\""));
            Assert.That((await TryGetAsync(http, "/api/health")).Status, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (Directory.Exists(data))
                Directory.Delete(data, true);
        }
    }

    private static async Task<HttpResponseMessage> FirstAnswerAsync(HttpClient http, Process process, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within && !process.HasExited)
        {
            try
            {
                return await http.GetAsync("/");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new AssertionException($"nothing answered on the address within {within.TotalSeconds} s");
    }

    private static async Task<(HttpStatusCode Status, string Body)> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (0, "");
        }
    }
}
