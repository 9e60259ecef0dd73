using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The sandbox's pages in a real browser: they render without script errors.</summary>
public sealed class SandboxPagesInBrowserTests : BrowserFixture
{
    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 300);

    [Test]
    public async Task Index_page_renders_in_chromium_without_script_errors()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        var response = await page.GotoAsync(BaseUrl + "/");
        Assert.That(response!.Status, Is.EqualTo(200));
        var path = await SandboxBrowser.ScreenshotAsync(page, "sandbox-index");
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(1000));
        Assert.That(errors, Is.Empty);
    }
}
