using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// The demo store's workflow history as the merchant first sees it: the workflow list with sends, open and click rates,
/// conversions and revenue, and the dashboard with NPS, CSAT and attributed revenue. Screenshots under test-output/screenshots.
/// </summary>
public sealed class DemoHistoryInBrowserTests : BrowserFixture
{
    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 3000, asOf: "2026-03-02");

    [Test]
    public async Task Workflow_list_shows_the_months_of_sends_rates_conversions_and_revenue()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, width: 1400, height: 800);
        await page.GotoAsync(BaseUrl + "/admin/workflows");

        var cart = page.Locator("tr[data-workflow=AbandonedCart]");
        Assert.That(await cart.Locator("td.open-rate").TextContentAsync(), Does.Match("^[0-9.]+%$"));
        Assert.That(await cart.Locator("td.click-rate").TextContentAsync(), Does.Match("^[0-9.]+%$"));
        var revenue = await page.Locator("tr[data-workflow] td.num:nth-child(11)").AllTextContentsAsync();
        Assert.That(revenue.Count(r => Regex.IsMatch(r, "^\\$[1-9]")), Is.GreaterThanOrEqualTo(3), "several workflows brought revenue: " + string.Join(", ", revenue));
        Assert.That(errors, Is.Empty);
        await SandboxBrowser.ScreenshotAsync(page, "demo-history-workflows");
    }

    [Test]
    public async Task Dashboard_shows_nps_csat_and_attributed_revenue_from_the_history()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1000);
        await page.GotoAsync(BaseUrl + "/admin");
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]", new PageWaitForSelectorOptions { Timeout = 120_000 });

        foreach (var kpi in new[] { "nps", "csat", "attributedRevenue" })
            Assert.That(await page.Locator($".rd-tile[data-kpi={kpi}].rd-nodata").CountAsync(), Is.EqualTo(0), kpi + " has a figure");
        Assert.That(await page.Locator(".rd-tile[data-kpi=attributedRevenue] .rd-tile-value").TextContentAsync(), Does.Match("[1-9]"));
        Assert.That(errors, Is.Empty);
        await SandboxBrowser.ScreenshotAsync(page, "demo-history-dashboard");
    }
}
