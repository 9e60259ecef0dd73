using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Loyalty.Cards;
using Retention.Core.Workflows;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// The cumulative discount card in Chromium: the admin sets the card up (a refused level, then a saved one), a shopper sees
/// the card at checkout and in My rewards, buys enough to go up a level, and the level-up email reaches the outbox.
/// Screenshots under test-output/screenshots.
/// </summary>
public sealed class DiscountCardInBrowserTests : BrowserFixture
{
    private int _shopper;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 200);
        var now = new Ports.SandboxClock(Server.State.AsOfUtc, Server.State.LoadedUtc).UtcNow;
        await using (var db = Server.State.Database.CreateContext())
        {
            // A demo shopper with a cart and no card yet, given one paid order of $250 five days ago (3 % from $200): the
            // checkout shows a discount, and an order of $1,000 or more takes the card to the top level.
            var carts = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
            var holders = await db.CardStandings.Select(s => s.CustomerId).ToListAsync();
            _shopper = carts.Except(holders).Order().First();
            var orderId = await db.Orders.MaxAsync(o => o.Id) + 1;
            var paid = Retention.Sandbox.Workflows.SandboxCheckout.PaidOrder(orderId, new StoreId(1), new CustomerId(_shopper), 250m, 0m, now.AddDays(-5));
            db.Orders.Add(paid);
            var product = await db.Products.Where(p => !p.IsGiftCard).OrderByDescending(p => p.Price).FirstAsync();
            db.CartItems.Add(new Core.Store.CartItemFact
            {
                StoreId = 1, CustomerId = _shopper, ProductId = product.Id, Quantity = (int)Math.Ceiling(1_000m / product.Price), CreatedOnUtc = now, UpdatedOnUtc = now,
            });
            await db.SaveChangesAsync();
        }
        return Server;
    }

    protected override async Task StartedAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var change = await scope.ServiceProvider.GetRequiredService<CardProgram>().ReevaluateAsync(new StoreId(1), new CustomerId(_shopper));
        Assert.That(change?.To?.Percent, Is.EqualTo(3m), "the shopper starts on the first level");
    }

    [Test]
    public async Task Admin_sets_up_the_card_and_a_shopper_sees_it_uses_it_and_gets_the_level_up_email()
    {
        var settings = Server.Services.GetRequiredService<ILoyaltySettingsStore>();
        var before = await settings.LoadAsync(new StoreId(1));
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);

        await page.GotoAsync($"{BaseUrl}/admin/loyalty/card");
        Assert.That(await page.Locator("#card-holders").InnerTextAsync(), Does.Contain("7%"), "the demo's holders per level");
        await page.FillAsync("input[name='Card.Levels[1].Percent']", "2");
        await page.FillAsync("input[name='Card.DecayDays']", "forty");
        await page.ClickAsync("#card-form button");
        await page.WaitForSelectorAsync("#not-saved");
        Assert.That(await page.Locator("[data-field='Card.DecayDays']").InnerTextAsync(), Does.Contain("whole number"));
        await SandboxBrowser.ScreenshotAsync(page, "card-settings-rejected");

        await page.FillAsync("input[name='Card.DecayDays']", "45");
        await page.ClickAsync("#card-form button");
        await page.WaitForSelectorAsync("#not-saved");
        Assert.That(await page.Locator("[data-field='Card.Levels[1].Percent']").InnerTextAsync(), Does.Contain("above the previous level"));
        Assert.That((await settings.LoadAsync(new StoreId(1))).Card, Is.EqualTo(before.Card), "nothing saved");

        await page.FillAsync("input[name='Card.Levels[1].Percent']", "5");
        await page.ClickAsync("#card-form button");
        await page.WaitForSelectorAsync("#saved");
        Assert.That((await settings.LoadAsync(new StoreId(1))).Card.DecayDays, Is.EqualTo(45));
        await SandboxBrowser.ScreenshotAsync(page, "card-settings-saved");

        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_shopper}");
        var card = await page.Locator("#discount-card").InnerTextAsync();
        Assert.That(card, Does.Contain("3% off every order").And.Match(@"Spend \$[0-9.,]+ more to reach 5% off").And.Contain("your card discount ends on"));
        await SandboxBrowser.ScreenshotAsync(page, "card-my-rewards");

        await page.GotoAsync($"{BaseUrl}/shop?customer={_shopper}");
        Assert.That(await page.Locator("#card-discount").InnerTextAsync(), Does.Contain("Discount card:"));
        await SandboxBrowser.ScreenshotAsync(page, "card-checkout");
        await page.ClickAsync("text=Place order");
        await page.WaitForSelectorAsync("#order-placed");

        await using (var db = Server.State.Database.CreateContext())
        {
            var order = await db.Orders.Where(o => o.CustomerId == _shopper).OrderByDescending(o => o.Id).FirstAsync();
            Assert.That(order.OrderDiscount, Is.GreaterThan(0m), "the card's percent came off the order");
            Assert.That((await db.CardStandings.SingleAsync(s => s.CustomerId == _shopper && s.StoreId == 1)).Percent, Is.EqualTo(7m));
            Assert.That(await db.Enrollments.CountAsync(e => e.CustomerId == _shopper && e.WorkflowId == (int)WorkflowKind.CardLevelUp), Is.EqualTo(1));
        }
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WorkflowRun>().RunAsync();
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.Outbox.CountAsync(m => m.CustomerId == _shopper && m.TemplateName.StartsWith("Retention.CardLevelUp")), Is.EqualTo(1),
                "the level-up email is in the outbox");

        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_shopper}&lang=ru");
        Assert.That(await page.Locator("#discount-card").InnerTextAsync(), Does.Contain("Ваша дисконтная карта даёт скидку 7%"));
        await SandboxBrowser.ScreenshotAsync(page, "card-my-rewards-ru");
        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_shopper}&lang=en");
        Assert.That(errors, Is.Empty);
        await settings.SaveAsync(new StoreId(1), before);
    }
}
