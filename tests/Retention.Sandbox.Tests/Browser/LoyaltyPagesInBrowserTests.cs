using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The loyalty widgets in Chromium over the replayed demo store; screenshots under test-output/screenshots.</summary>
public sealed class LoyaltyPagesInBrowserTests
{
    private SandboxServer _server = null!;
    private SandboxBrowser _browser = null!;
    private string _base = null!;
    private int _customer;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SandboxServer.PrepareAsync(customers: 300);
        await using (var db = _server.State.Database.CreateContext())
        {
            // A tier holder with a cart and a long history: the widgets have something to show.
            var carts = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
            var silver = await db.TierStandings.Where(s => s.Tier == "Silver" || s.Tier == "Gold").Select(s => s.CustomerId).ToListAsync();
            var lines = await db.Ledger.GroupBy(l => l.CustomerId).Select(g => new { Customer = g.Key, Count = g.Count() }).ToListAsync();
            _customer = lines.Where(l => carts.Contains(l.Customer)).OrderByDescending(l => silver.Contains(l.Customer)).ThenByDescending(l => l.Count).ThenBy(l => l.Customer).First().Customer;
        }
        await _server.StartAsync();
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
    public async Task Checkout_widget_shows_balance_earnings_and_tier_progress()
    {
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        var response = await page.GotoAsync($"{_base}/shop?customer={_customer}");
        Assert.That(response!.Status, Is.EqualTo(200));
        var widget = page.Locator("#loyalty-checkout");
        Assert.That(await widget.IsVisibleAsync(), Is.True);
        Assert.That(await widget.InnerTextAsync(), Does.Contain("points worth").And.Contain("This order earns").And.Contain("Tier:"));
        var bar = await page.Locator("#loyalty-checkout .progress span").BoundingBoxAsync();
        Assert.That(bar, Is.Not.Null, "the progress bar is drawn");
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-checkout");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Rewards_page_shows_history_and_referral_link_and_leads_back_to_the_shop()
    {
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        await page.GotoAsync($"{_base}/shop?customer={_customer}");
        await page.ClickAsync("text=My rewards");
        await page.WaitForURLAsync("**/shop/rewards?customer=*");
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("My rewards"));
        Assert.That(await page.Locator("table.history tbody tr").CountAsync(), Is.GreaterThan(1));
        Assert.That(await page.Locator("input.referral").InputValueAsync(), Does.Contain("/register?ref="));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-my-rewards");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Admin_customer_block_saves_a_manual_adjustment_from_the_form()
    {
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        await page.GotoAsync($"{_base}/admin/customers/{_customer}");
        await page.FillAsync("input[name=points]", "75");
        await page.FillAsync("input[name=reason]", "Parcel arrived late");
        await page.ClickAsync("text=Save adjustment");
        await page.WaitForURLAsync("**adjusted=1");
        Assert.That(await page.Locator(".notice").First.InnerTextAsync(), Does.Contain("The adjustment was saved"));
        Assert.That(await page.Locator("table.history").InnerTextAsync(), Does.Contain("Parcel arrived late"));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-admin-customer");

        await page.FillAsync("input[name=points]", "");
        await page.ClickAsync("text=Save adjustment");
        Assert.That(await page.Locator(".field-error").First.InnerTextAsync(), Does.Contain("whole number"));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-admin-customer-errors");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Points_accounting_report_renders_a_row_per_day()
    {
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        await page.GotoAsync($"{_base}/admin/loyalty/report?from=2026-01-01&to=2026-01-31");
        Assert.That(await page.Locator("table.report tbody tr").CountAsync(), Is.EqualTo(31));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-report");
        Assert.That(errors, Is.Empty);
    }
}
