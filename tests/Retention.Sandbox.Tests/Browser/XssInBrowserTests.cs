using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Tests.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// The payload store of <see cref="XssTests"/> in Chromium: the dashboard's at-risk list (drawn by the shared
/// retention-dashboard.js from JSON), the report page and the server-rendered customer pages show every payload as
/// text, and not one of them runs — no dialog opens and <c>window.__xss</c> stays unset.
/// </summary>
public sealed class XssInBrowserTests : BrowserFixture
{
    private int _customer;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 400);
        await XssTests.Payloads.ApplyAsync(Server);
        return Server;
    }

    protected override async Task StartedAsync()
    {
        await using var db = Server.State.Database.CreateContext();
        _customer = await db.Ledger.Select(l => l.CustomerId).OrderBy(c => c).FirstAsync();
    }

    private async Task<(IPage Page, List<string> Dialogs)> OpenAsync(string path, string? renderedSelector)
    {
        var dialogs = new List<string>();
        var page = await Browser.NewPageAsync(new List<string>());
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        var response = await page.GotoAsync(Server.BaseAddress + path);
        Assert.That(response!.Status, Is.EqualTo(200), path);
        if (renderedSelector != null)
            await page.WaitForSelectorAsync(renderedSelector, new PageWaitForSelectorOptions { Timeout = 120_000 });
        // Image error handlers fire after the load; give them the time a real attack would have.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
        return (page, dialogs);
    }

    private static async Task NothingRanAsync(IPage page, List<string> dialogs, string path)
    {
        Assert.That(dialogs, Is.Empty, $"{path}: a payload opened a dialog");
        Assert.That(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), Is.True, $"{path}: a payload ran");
        Assert.That(await page.Locator(".retention-dashboard img[src='x'], .retention-dashboard svg[onload], main img[src='x']").CountAsync(), Is.Zero,
            $"{path}: a payload became an element");
    }

    [TestCase("/admin", "rd-widget")]
    [TestCase("/admin/report", "rd-report")]
    public async Task The_at_risk_list_shows_payload_names_as_text_and_runs_none_of_them(string path, string mode)
    {
        var (page, dialogs) = await OpenAsync(path, ".retention-dashboard[data-rendered]");

        await NothingRanAsync(page, dialogs, path);
        var list = await page.Locator(".rd-atrisk").InnerTextAsync();
        Assert.That(list, Does.Contain("<script>window.__xss=1;"), "the names are on the page, as text");
        Assert.That(list, Does.Contain("@evil.test"));
        await SandboxBrowser.ScreenshotAsync(page, $"xss-{mode}");
    }

    [TestCase("/shop/rewards?customer={0}")]
    [TestCase("/admin/customers/{0}")]
    public async Task Server_rendered_customer_pages_show_payloads_as_text_and_run_none_of_them(string template)
    {
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _customer);

        var (page, dialogs) = await OpenAsync(path, null);

        Assert.That(await page.Locator("body").InnerTextAsync(), Does.Contain(XssTests.Payloads.LastName(_customer)));
        await NothingRanAsync(page, dialogs, path);
    }
}
