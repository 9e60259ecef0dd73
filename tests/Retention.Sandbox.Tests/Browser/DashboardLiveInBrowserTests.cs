using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// Issue 15: the dashboard follows the store's clock, shows a loading state instead of a blank card, says when its
/// figures are older than the store's day, marks running cohort months, and fits a phone. Its own server: the tests
/// move the clock.
/// </summary>
[NonParallelizable]
public sealed class DashboardLiveInBrowserTests : BrowserFixture
{
    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 600);

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string path, int width = 1280)
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, width: width, height: 900);
        await page.GotoAsync(BaseUrl + path);
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]", new PageWaitForSelectorOptions { Timeout = 120_000 });
        return (page, errors);
    }

    private static Task<string> AsOfAsync(IPage page) => page.Locator(".rd-asof").TextContentAsync()!;

    [TestCase("/admin/report", "dashboard-report-390px")]
    [TestCase("/admin", "dashboard-widget-390px")]
    public async Task At_phone_width_the_dashboard_has_no_horizontal_overflow(string path, string screenshot)
    {
        var (page, errors) = await OpenAsync(path, width: 390);

        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        await SandboxBrowser.ScreenshotAsync(page, screenshot);
        Assert.That(scrollWidth, Is.LessThanOrEqualTo(innerWidth), "the page scrolls sideways at 390 px");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task While_the_snapshot_loads_the_card_says_so_instead_of_staying_blank()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        // Hold the snapshot back, as a first build after a start does.
        await page.RouteAsync("**/api/admin/dashboard?*", async route => { await Task.Delay(2000); await route.ContinueAsync(); });

        await page.GotoAsync(BaseUrl + "/admin/report");
        var loading = page.Locator(".retention-dashboard .rd-loading");
        await loading.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.That(await loading.TextContentAsync(), Does.StartWith("Loading the store's figures"));
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-loading");

        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]", new PageWaitForSelectorOptions { Timeout = 120_000 });
        Assert.That(await loading.CountAsync(), Is.EqualTo(0));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task When_the_clock_moves_a_day_the_old_figures_say_they_are_old_until_the_refresh_moves_as_of_and_marks_the_running_month()
    {
        var (page, errors) = await OpenAsync("/admin/report");
        var before = await AsOfAsync(page);
        Assert.That(before, Does.StartWith("As of 2026-02-01"));
        Assert.That(await page.Locator(".rd-stale").CountAsync(), Is.EqualTo(0));
        Assert.That(await page.Locator(".rd-heatmap td.rd-partial").CountAsync(), Is.EqualTo(0), "on the 1st every month shown is over");

        await Server.Services.GetRequiredService<SandboxClock>().AdvanceAsync(TimeSpan.FromDays(1));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]");
        // The new day's snapshot is being built: yesterday's is shown, and says so.
        Assert.That(await AsOfAsync(page), Does.StartWith("As of 2026-02-01"));
        Assert.That(await page.Locator(".rd-stale").TextContentAsync(), Does.Contain("the store's day is now 2026-02-02"));
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-stale-after-clock-moved");

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(await AsOfAsync(page)).StartsWith("As of 2026-02-02", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            await page.ReloadAsync();
            await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]");
        }
        Assert.That(await AsOfAsync(page), Does.StartWith("As of 2026-02-02"));
        Assert.That(await page.Locator(".rd-stale").CountAsync(), Is.EqualTo(0));
        // 2 February: February has begun, so each cohort's February cell is partial, with its legend.
        Assert.That(await page.Locator(".rd-heatmap td.rd-partial").CountAsync(), Is.GreaterThan(0));
        Assert.That(await page.Locator(".rd-legend").TextContentAsync(), Does.Contain("Month not over yet on 2026-02-02"));
        await page.Locator(".rd-cohorts").ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "dashboard-after-clock-moved");
        Assert.That(errors, Is.Empty);
    }
}
