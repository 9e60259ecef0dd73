using Microsoft.AspNetCore.Builder;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The sandbox's pages in a real browser: they render without script errors.</summary>
public sealed class SandboxPagesInBrowserTests
{
    private string _folder = null!;
    private WebApplication _app = null!;
    private SandboxBrowser _browser = null!;
    private string _base = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = TestDatabase.NewTempFolder();
        var options = SandboxOptions.Parse(new[] { "--data", _folder, "--customers", "300", "--as-of", "2026-02-01", "--urls", "http://127.0.0.1:0" }, out _, _ => null)!;
        var state = await SandboxSetup.PrepareAsync(options, NullLog.Instance);
        _app = SandboxWebApp.Build(options, state);
        await _app.StartAsync();
        _base = SandboxWebApp.Address(_app);
        _browser = await SandboxBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser != null) await _browser.DisposeAsync();
        if (_app != null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Index_page_renders_in_chromium_without_script_errors()
    {
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        var response = await page.GotoAsync(_base + "/");
        Assert.That(response!.Status, Is.EqualTo(200));
        var path = await SandboxBrowser.ScreenshotAsync(page, "sandbox-index");
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(1000));
        Assert.That(errors, Is.Empty);
    }
}
