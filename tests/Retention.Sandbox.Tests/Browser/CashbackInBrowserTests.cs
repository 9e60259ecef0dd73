using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Tests.Web;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// Periodic cashback end to end in Chromium over the demo store (history to 1 February 2026, cashback monthly since
/// November): the admin switches the payout to gift cards (a wrong band is refused at its field), the clock crosses a
/// night and January is paid, the shopper sees it in My rewards and the statement in the outbox, pays with the card at
/// checkout, and the finance report shows it. Screenshots under test-output/screenshots.
/// </summary>
[NonParallelizable]
public sealed class CashbackInBrowserTests : BrowserFixture
{
    private static readonly StoreId Store = new(1);
    private int _shopper;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 300);
        var january = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var db = Server.State.Database.CreateContext();
        // The customer who spent most in January: the one whose payout the test follows.
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == 1 && o.PaidDateUtc >= january && o.PaidDateUtc < january.AddMonths(1) && o.OrderStatusId != (int)OrderState.Cancelled
                        && o.PaymentStatusId == (int)PaymentState.Paid)
            .Select(o => new { o.CustomerId, o.OrderTotal }).ToListAsync();
        _shopper = orders.GroupBy(o => o.CustomerId).OrderByDescending(g => g.Sum(o => o.OrderTotal)).ThenBy(g => g.Key).First().Key;
        return Server;
    }

    [Test, Order(1)]
    public async Task The_demo_history_paid_november_and_december_as_points_on_their_first_nights()
    {
        await using var db = Server.State.Database.CreateContext();
        var periods = await db.CashbackPayouts.AsNoTracking().Where(p => p.CustomerId > 0).Select(p => p.Period).Distinct().OrderBy(p => p).ToListAsync();
        Assert.That(periods, Is.EqualTo(new[] { "2025-11", "2025-12" }));
        var entries = await db.Ledger.AsNoTracking().CountAsync(l => l.ReasonId == (int)Core.Loyalty.LedgerReason.Cashback);
        Assert.That(entries, Is.EqualTo(await db.CashbackPayouts.CountAsync(p => p.CustomerId > 0)), "one points entry per payout");
    }

    [Test, Order(2)]
    public async Task The_admin_is_told_at_the_field_when_bands_go_down_and_then_switches_the_payout_to_gift_cards()
    {
        var settings = new EfLoyaltySettingsStore(Server.State.Database);
        var before = await settings.LoadAsync(Store);
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/settings");
        Assert.That(await page.IsCheckedAsync("input[name='Cashback.Enabled']"), Is.True);

        await page.FillAsync("input[name='Cashback.Bands[2].From']", "50");
        await page.SelectOptionAsync("select[name='Cashback.PayAs']", "GiftCard");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#not-saved");
        Assert.That(await page.Locator("[data-field='Cashback.Bands[2].From']").InnerTextAsync(), Does.Contain("must start above the band before it"));
        await page.Locator("#cashback-settings").ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "cashback-settings-refused");
        Assert.That((await settings.LoadAsync(Store)).Cashback.PayAs, Is.EqualTo(CashbackPayout.Points), "nothing saved");

        await page.FillAsync("input[name='Cashback.Bands[2].From']", "250");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");
        var after = await new EfLoyaltySettingsStore(Server.State.Database).LoadAsync(Store);
        Assert.That((after.Cashback.PayAs, after.Cashback.Bands), Is.EqualTo((CashbackPayout.GiftCard, before.Cashback.Bands)));
        Assert.That(errors, Is.Empty);
    }

    [Test, Order(3)]
    public async Task The_first_night_of_february_pays_january_as_gift_cards_shown_in_my_rewards_and_the_statement_email()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin");
        await page.FillAsync("#clock input[name=days]", "1");
        await page.ClickAsync("#clock button");
        await page.WaitForSelectorAsync("#clock-result", new PageWaitForSelectorOptions { Timeout = 180_000 });

        var program = Server.Services.CreateScope().ServiceProvider.GetRequiredService<CashbackProgram>();
        var statement = await program.StatementAsync(Store, new CustomerId(_shopper), new CashbackPeriod(CashbackPeriodKind.Month, 2026, 1));
        Assert.That(statement, Is.Not.Null, "January was paid");
        Assert.That((statement!.Payout.PayAs, statement.GiftCardRemaining), Is.EqualTo((CashbackPayout.GiftCard, (decimal?)statement.Payout.Amount)));

        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_shopper}");
        var section = page.Locator("#cashback");
        Assert.That(await section.InnerTextAsync(), Does.Contain("Spent in February 2026 so far").And.Contain("That earns 1 % back").And.Contain("Bands: 1 % from $0.00"));
        Assert.That(await page.Locator("#cashback-history li").First.InnerTextAsync(),
            Does.StartWith("January 2026:").And.Contain("as gift card " + statement.Payout.GiftCardCode));
        await section.ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "cashback-my-rewards");

        await page.GotoAsync($"{BaseUrl}/outbox?customer={_shopper}");
        var email = page.Locator("article.email", new PageLocatorOptions { HasText = "Your cashback for January 2026" }).First;
        await email.Locator("iframe.email-body").ContentFrame.GetByText("In January 2026 you spent").WaitForAsync();
        await email.Locator("iframe.email-body").ContentFrame.GetByText(statement.Payout.GiftCardCode!).WaitForAsync();
        await email.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "cashback-statement-email.png") });
        Assert.That(errors, Is.Empty);
    }

    [Test, Order(4)]
    public async Task At_checkout_the_shopper_sees_what_the_order_brings_the_cashback_to_and_pays_with_the_gift_card()
    {
        var program = Server.Services.CreateScope().ServiceProvider.GetRequiredService<CashbackProgram>();
        var code = (await program.StatementAsync(Store, new CustomerId(_shopper), new CashbackPeriod(CashbackPeriodKind.Month, 2026, 1)))!.Payout.GiftCardCode!;
        await WorkflowScenario.FillCartAsync(Server.State.Database, _shopper, 2, Server.Services.GetRequiredService<SandboxClock>().UtcNow.AddMinutes(-5));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/shop?customer={_shopper}");
        Assert.That(await page.Locator("#cashback-checkout").InnerTextAsync(), Does.StartWith("This order brings your cashback for February 2026 to $"));
        await SandboxBrowser.ScreenshotAsync(page, "cashback-checkout");

        await page.FillAsync("#checkout input[name=coupon]", code);
        await page.ClickAsync("text=Place order");
        await page.WaitForSelectorAsync("#order-placed, #checkout-error");
        Assert.That(await page.Locator("#checkout-error").CountAsync(), Is.Zero,
            await page.Locator("#checkout-error").CountAsync() > 0 ? await page.Locator("#checkout-error").InnerTextAsync() : "");
        await using var db = Server.State.Database.CreateContext();
        var card = await db.GiftCards.AsNoTracking().SingleAsync(g => g.Code == code);
        Assert.That(card.UsedAmount, Is.GreaterThan(0m), "the card paid part of the order");
        Assert.That(errors, Is.Empty);
    }

    [Test, Order(5)]
    public async Task The_finance_report_shows_cashback_paid_per_day_and_the_liability_apart()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/report?from=2025-12-01&to=2026-02-02");
        var report = page.Locator("#cashback-report");
        Assert.That(await report.InnerTextAsync(), Does.Contain("Cashback points outstanding").And.Contain("Cashback gift cards: remaining balances"));
        Assert.That(await page.Locator("#cashback-days tbody tr").CountAsync(), Is.EqualTo(3), "1 December, 1 January, 2 February");
        await report.ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "cashback-finance-report");
        Assert.That(errors, Is.Empty);
    }
}
