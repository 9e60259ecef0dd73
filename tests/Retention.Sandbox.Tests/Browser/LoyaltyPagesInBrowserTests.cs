using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>The loyalty widgets in Chromium over the replayed demo store; screenshots under test-output/screenshots.</summary>
public sealed class LoyaltyPagesInBrowserTests : BrowserFixture
{
    private int _customer;
    // A second customer with a cart and points to spend, so spending does not disturb the other tests' customer.
    private int _spender;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 300);
        await using (var db = Server.State.Database.CreateContext())
        {
            // A tier holder with a cart and a long history: the widgets have something to show.
            var carts = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
            var silver = await db.TierStandings.Where(s => s.Tier == "Silver" || s.Tier == "Gold").Select(s => s.CustomerId).ToListAsync();
            var lines = await db.Ledger.GroupBy(l => l.CustomerId).Select(g => new { Customer = g.Key, Count = g.Count() }).ToListAsync();
            _customer = lines.Where(l => carts.Contains(l.Customer)).OrderByDescending(l => silver.Contains(l.Customer)).ThenByDescending(l => l.Count).ThenBy(l => l.Customer).First().Customer;
        }
        await using (var db = Server.State.Database.CreateContext())
        {
            var carts = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
            var now = new Ports.SandboxClock(Server.State.AsOfUtc, Server.State.LoadedUtc).UtcNow;
            _spender = carts.Where(c => c != _customer).Order().First();
            // The demo's cart holders rarely hold enough to spend; the shop gives this one 3,000 points, as an admin would.
            db.Ledger.Add(new Core.Tables.PointsEntryRow
            {
                IdempotencyKey = "test:spender", StoreId = 1, CustomerId = _spender, Points = 3000, ReasonId = (int)Core.Loyalty.LedgerReason.AdminAdjustment,
                SourceId = (int)Core.Loyalty.LedgerSource.Admin, CreatedOnUtc = now.AddDays(-1), ActivatesOnUtc = now.AddDays(-1), Actor = "test", Note = "Points to spend",
            });
            // Written beside Core's ledger store, so the customer's points summary goes too (read from the entries until the next one).
            db.PointsSummaries.RemoveRange(db.PointsSummaries.Where(s => s.CustomerId == _spender));
            await db.SaveChangesAsync();
        }
        return Server;
    }

    [Test]
    public async Task Checkout_widget_shows_balance_earnings_and_tier_progress()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        var response = await page.GotoAsync($"{BaseUrl}/shop?customer={_customer}");
        Assert.That(response!.Status, Is.EqualTo(200));
        var widget = page.Locator("#loyalty-checkout");
        Assert.That(await widget.IsVisibleAsync(), Is.True);
        Assert.That(await widget.InnerTextAsync(), Does.Contain("points worth").And.Contain("This order earns").And.Contain("Tier:"));
        var bar = await page.Locator("#loyalty-checkout .progress span").BoundingBoxAsync();
        Assert.That(bar, Is.Not.Null, "the progress bar is drawn");
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-checkout");
        Assert.That(errors, Is.Empty);
    }

    private static async Task<long> FigureAsync(IPage page, string label) =>
        long.Parse(await page.Locator($".figure:has(.label:text-is('{label}')) .value").InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands,
            System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> RedeemedTodayAsync(IPage page)
    {
        // The report's last row is the store's today; column 8 is "Redeemed" (signed).
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/report");
        var cell = await page.Locator("table.report tbody tr").Last.Locator("td").Nth(7).InnerTextAsync();
        return long.Parse(cell, System.Globalization.NumberStyles.AllowThousands | System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task Points_applied_at_checkout_pay_part_of_the_order_and_the_balance_drops_on_every_page()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        var redeemedBefore = await RedeemedTodayAsync(page);
        await page.GotoAsync($"{BaseUrl}/shop?customer={_spender}");
        var before = await FigureAsync(page, "Points available");
        var input = page.Locator("#checkout input[name=points]");
        var most = int.Parse((await input.GetAttributeAsync("max"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await page.Locator("#points-allowance").InnerTextAsync(), Does.Contain($"Use up to {most:N0} points"));

        // One more than the allowance: the checkout says why, keeps the cart, and spends nothing.
        await input.EvaluateAsync("e => e.removeAttribute('max')");
        await input.FillAsync((most + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("text=Place order");
        Assert.That(await page.Locator("#checkout-error").InnerTextAsync(), Does.Contain("at most 50 %").And.Contain($"{most:N0} points"));
        Assert.That(await FigureAsync(page, "Points available"), Is.EqualTo(before));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-checkout-points-refused");

        await page.Locator("#checkout input[name=points]").FillAsync(most.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("text=Place order");
        await page.WaitForURLAsync("**placed=*");
        Assert.That(await page.Locator("#order-placed").InnerTextAsync(), Does.Contain($"{most:N0} points used"));
        Assert.That(await FigureAsync(page, "Points available"), Is.EqualTo(before - most), "the shop");
        Assert.That(await page.Locator("#loyalty-checkout .balance").InnerTextAsync(), Does.StartWith($"{before - most:N0} points"));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-checkout-points-spent");

        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_spender}");
        Assert.That(await FigureAsync(page, "Available points"), Is.EqualTo(before - most), "My rewards");
        // Newest first: the order's purchase points (pending), then the points it spent.
        Assert.That(await page.Locator("table.history tbody tr").Nth(1).InnerTextAsync(), Does.Contain("Spent at checkout").And.Contain($"-{most:N0}"));
        await page.GotoAsync($"{BaseUrl}/admin/customers/{_spender}");
        Assert.That(await FigureAsync(page, "Available"), Is.EqualTo(before - most), "the admin customer page");
        Assert.That(await RedeemedTodayAsync(page), Is.EqualTo(redeemedBefore - most), "the finance report");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task A_guest_sees_join_to_earn_and_the_rewards_panel_and_a_product_page_explains_its_points()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/shop/rewards");
        Assert.That(await page.Locator("#join").InnerTextAsync(), Does.Contain("Join to earn"));
        Assert.That(await page.Locator("#rewards-panel ul.earn li").CountAsync(), Is.GreaterThanOrEqualTo(7));
        Assert.That(await page.Locator("#rewards-panel table.tiers tbody tr").CountAsync(), Is.EqualTo(3));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-rewards-panel-guest");

        int tea;
        await using (var db = Server.State.Database.CreateContext())
            tea = await db.Products.Where(p => p.Category == "Tea" && !p.IsGiftCard).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        await page.GotoAsync($"{BaseUrl}/shop/product/{tea}?customer={_customer}");
        Assert.That(await page.Locator("#earn-explained").InnerTextAsync(), Does.Contain("×2 on Tea"));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-product-points-explained");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Rewards_page_shows_history_and_referral_link_and_leads_back_to_the_shop()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/shop?customer={_customer}");
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
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/customers/{_customer}");
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
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/report?from=2026-01-01&to=2026-01-31");
        Assert.That(await page.Locator("table.report tbody tr").CountAsync(), Is.EqualTo(31));
        await SandboxBrowser.ScreenshotAsync(page, "loyalty-report");
        Assert.That(errors, Is.Empty);
    }
}
