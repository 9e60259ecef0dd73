using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The retention dashboard widget and report page in Chromium, over a seeded demo store, with screenshots.</summary>
public sealed class DashboardInBrowserTests : BrowserFixture
{
    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 1500);

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string path, int width = 1280)
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, width, height: 1000);
        // Every asset the dashboard asks for must be there (the browser's own favicon request aside).
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
                errors.Add($"{response.Status} {response.Url}");
        };
        var response = await page.GotoAsync(BaseUrl + path);
        Assert.That(response!.Status, Is.EqualTo(200), path);
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]", new PageWaitForSelectorOptions { Timeout = 120_000 });
        return (page, errors);
    }

    /// <summary>Canvases that Chart.js has drawn a chart into (Chart.getChart finds its instance).</summary>
    private static Task<int> ChartsAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Array.from(document.querySelectorAll('.retention-dashboard canvas')).filter(c => window.Chart && Chart.getChart(c)).length");

    [Test]
    public async Task Admin_dashboard_widget_draws_tiles_sparklines_heatmap_and_segment_bars_without_script_errors()
    {
        var (page, errors) = await OpenAsync("/admin");

        Assert.That(await page.EvaluateAsync<string>("() => Chart.version"), Is.EqualTo("4.5.0"), "nopCommerce 4.90's Chart.js");
        Assert.That(await page.Locator(".rd-tile").CountAsync(), Is.EqualTo(13));
        // Labels name their scope (issue 15).
        Assert.That(await page.Locator(".rd-tile[data-kpi=customers] .rd-tile-label").TextContentAsync(), Is.EqualTo("Customers (all time)"));
        Assert.That(await page.Locator(".rd-tile[data-kpi=activeCustomers] .rd-tile-label").TextContentAsync(), Does.StartWith("Active customers (ordered in the last "));
        Assert.That(await page.Locator(".rd-tile[data-kpi=pointsLiabilityWithPending]").CountAsync(), Is.EqualTo(1));
        // At-risk names open the admin customer page.
        Assert.That(await page.Locator(".rd-atrisk td a").First.GetAttributeAsync("href"), Does.Match("^/admin/customers/[0-9]+$"));
        Assert.That(await ChartsAsync(page), Is.GreaterThanOrEqualTo(8), "sparklines and the RFM bars");
        Assert.That(await page.Locator(".rd-heatmap td.rd-cell").CountAsync(), Is.GreaterThan(20));
        // The demo's workflow history answers the NPS survey now and then: a month of this small store shows a score, or the note.
        if (await page.Locator(".rd-tile[data-kpi=nps].rd-nodata").CountAsync() == 1)
            Assert.That(await page.Locator(".rd-tile[data-kpi=nps] .rd-tile-note").TextContentAsync(), Is.EqualTo("No survey answers yet."));
        else
            Assert.That(await page.Locator(".rd-tile[data-kpi=nps] .rd-tile-value").TextContentAsync(), Does.Match("[0-9]"));
        Assert.That(await page.Locator(".rd-atrisk tbody tr, .rd-atrisk table tr").CountAsync(), Is.GreaterThan(1));
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-widget");

        await page.SelectOptionAsync("select[data-role=period]", "90");
        Assert.That(await page.Locator(".rd-change").First.TextContentAsync(), Does.Contain("vs previous 90 days"));
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-widget-90-days");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Report_page_shows_model_parameters_holdout_chart_and_csv_links_without_script_errors()
    {
        var (page, errors) = await OpenAsync("/admin/report");

        Assert.That(await page.Locator(".rd-prediction").CountAsync(), Is.EqualTo(1));
        // The predictions in words; the parameters under a closed "advanced" fold (issue 15).
        Assert.That(await page.Locator(".rd-outlook").TextContentAsync(), Does.Match("^Of your [0-9,.]+ customers, about [0-9,.]+ will buy again in the next 90 days"));
        Assert.That(await page.Locator("details.rd-advanced .rd-params").CountAsync(), Is.EqualTo(1));
        Assert.That(await page.Locator(".rd-params").IsVisibleAsync(), Is.False, "folded until asked for");
        Assert.That(await page.Locator(".rd-csv").CountAsync(), Is.EqualTo(5));
        // Every segment with customers offers its customer list; the link names the segment by its key.
        var segmentLinks = page.Locator(".rd-segment-csv");
        Assert.That(await segmentLinks.CountAsync(), Is.GreaterThan(0));
        Assert.That(await segmentLinks.First.GetAttributeAsync("href"), Does.StartWith("/api/admin/segment.csv?segment="));
        Assert.That(await ChartsAsync(page), Is.GreaterThanOrEqualTo(8), "sparklines and the RFM bars");
        // The demo store's holdout check is computed (its calibration fit is one the 2F1 series could not evaluate).
        Assert.That(await page.Locator(".rd-prediction canvas").CountAsync(), Is.GreaterThanOrEqualTo(1), "the holdout chart");
        Assert.That(await page.Locator(".rd-prediction .rd-warning").CountAsync(), Is.EqualTo(0), "no 'could not score the holdout' note");
        // How each fit's search ended, beside its estimates (issue 16): the demo store's fits converge inside the parameter space.
        Assert.That(await page.Locator(".rd-params tr", new() { HasText = "BG/NBD search" }).TextContentAsync(), Does.Contain("Converged (gradient norm"));
        Assert.That(await page.Locator(".rd-params tr", new() { HasText = "Gamma-Gamma search" }).TextContentAsync(), Does.Contain("Converged (gradient norm"));
        var csv = await page.Locator(".rd-csv").First.GetAttributeAsync("href");
        var response = await page.APIRequest.GetAsync(BaseUrl + csv);
        Assert.That(await response.TextAsync(), Does.StartWith("period_days,kpi,label,unit,value,previous,change"));
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-report");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task A_store_without_orders_shows_the_empty_state_instead_of_charts()
    {
        var (page, errors) = await OpenAsync("/admin/report?store=2");

        Assert.That(await page.Locator(".rd-empty").TextContentAsync(), Does.StartWith("This store has no orders before 2026-02-01"));
        Assert.That(await page.Locator(".retention-dashboard canvas").CountAsync(), Is.EqualTo(0));
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-empty-store");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Widget_shows_a_card_per_loyalty_mechanic_with_the_figures_the_membership_page_and_the_finance_report_show()
    {
        var (page, errors) = await OpenAsync("/admin");

        // The demo store runs all four mechanics (issue 18).
        var cards = page.Locator(".rd-mechanics [data-mechanic]");
        Assert.That(await cards.EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-mechanic'))"),
            Is.EqualTo(new[] { "membership", "cashback", "stamps", "challenges" }));
        string Figure(string mechanic, string key) => $".rd-mech[data-mechanic={mechanic}] tr[data-figure='{key}'] td";
        var members = await page.Locator(Figure("membership", "mech.members")).TextContentAsync();
        Assert.That(int.Parse(members!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(await page.Locator(Figure("membership", "mech.renewalRate")).TextContentAsync(), Does.EndWith("%"));
        Assert.That(await page.Locator(Figure("membership", "mech.revenuePerMember")).TextContentAsync(), Does.Match("^[0-9,]+\\.[0-9]{2}$"));
        // The test store's day is a month's first: its last month is paid on the night after, the months before it were.
        Assert.That(await page.Locator(Figure("cashback", "mech.pointsOutstanding")).TextContentAsync(), Does.Match("^[1-9][0-9,]*$"), "the demo paid earlier months' cashback");
        Assert.That(await page.Locator(Figure("stamps", "mech.inProgress")).TextContentAsync(), Does.Match("^[1-9][0-9,]*$"));
        Assert.That(await page.Locator("[data-mechanic-list=challenges] .rd-mech-list tr").CountAsync(), Is.GreaterThan(1), "the demo's challenges with their completions");
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-mechanics");
        await page.Locator(".rd-mechanics").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "dashboard-mechanics-section.png") });

        // /admin/membership reads the dashboard's window through the same Core figures: one number on both pages.
        var membership = await Browser.NewPageAsync(errors);
        await membership.GotoAsync(BaseUrl + "/admin/membership");
        var onPage = await membership.Locator(".figure", new() { HasText = "Members now" }).Locator(".value").TextContentAsync();
        Assert.That(onPage, Is.EqualTo(members));
        var joined = await membership.Locator(".figure", new() { HasText = "Joined (30 days)" }).Locator(".value").TextContentAsync();
        Assert.That(joined, Is.EqualTo(await page.Locator(Figure("membership", "mech.joined")).TextContentAsync()));

        // The finance report's cashback liability for the days up to yesterday is the dashboard's of today.
        var snapshot = await page.APIRequest.GetAsync(BaseUrl + "/api/admin/dashboard?store=1");
        var json = System.Text.Json.JsonDocument.Parse(await snapshot.TextAsync()).RootElement;
        var asOf = DateOnly.Parse(json.GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var owed = json.GetProperty("mechanics").GetProperty("cashback").GetProperty("pointsOutstanding").GetInt64();
        var report = await Browser.NewPageAsync(errors);
        await report.GotoAsync(BaseUrl + $"/admin/loyalty/report?store=1&from={asOf.AddDays(-30):yyyy-MM-dd}&to={asOf.AddDays(-1):yyyy-MM-dd}");
        Assert.That(await report.Locator("#mechanics-lines tr[data-line=cashbackPoints] td.num").TextContentAsync(),
            Is.EqualTo(owed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await report.Locator("#mechanics-lines tr[data-line=stampCoupons]").CountAsync(), Is.EqualTo(1));
        Assert.That(await report.Locator("#mechanics-lines tr[data-line=membershipRevenue]").CountAsync(), Is.EqualTo(1));
        await report.Locator("#mechanics-report").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "finance-mechanics.png") });
        var csv = await report.APIRequest.GetAsync(BaseUrl + $"/admin/loyalty/report-mechanics.csv?store=1&from={asOf.AddDays(-30):yyyy-MM-dd}&to={asOf.AddDays(-1):yyyy-MM-dd}");
        Assert.That(await csv.TextAsync(), Does.StartWith("Key,Figure,Value\r\ncashbackPoints,"));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Mechanics_cards_stack_in_one_column_on_a_phone()
    {
        var (page, errors) = await OpenAsync("/admin", width: 390);

        var boxes = await page.Locator(".rd-mech").EvaluateAllAsync<double[][]>("els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })");
        Assert.That(boxes, Has.Length.EqualTo(5), "four cards and the challenge list");
        Assert.That(boxes.Select(b => b[0]).Distinct().Count(), Is.EqualTo(1), "one column");
        Assert.That(boxes.Max(b => b[1]), Is.LessThanOrEqualTo(390), "nothing wider than the phone");
        await page.Locator(".rd-mechanics").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "dashboard-mechanics-390.png") });
        Assert.That(errors, Is.Empty);
    }
}
