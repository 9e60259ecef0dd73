using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The sandbox's pages in a real browser: they render without script errors.</summary>
public sealed class SandboxPagesInBrowserTests
{
    private SandboxServer _server = null!;
    private SandboxBrowser _browser = null!;
    private string _base = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await (await SandboxServer.PrepareAsync(customers: 300)).StartAsync();
        _base = _server.BaseAddress;
        _browser = await SandboxBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser != null) await _browser.DisposeAsync();
        if (_server != null) await _server.DisposeAsync();
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
