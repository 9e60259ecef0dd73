using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Workflows;
using Microsoft.Playwright;
using Retention.Core.Store;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// A stamp card end to end in Chromium: the admin sets one up (a refused save first), a shopper sees it fill at checkout
/// and in My rewards, spends the free-product coupon, and the finance report shows it issued and redeemed.
/// </summary>
public sealed class StampCardsInBrowserTests : BrowserFixture
{
    private const int Espresso = 5;
    private int _shopper;

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 300);
        await using var db = Server.State.Database.CreateContext();
        var carts = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
        _shopper = await db.Customers.Where(c => !c.Deleted && c.Email != null && !carts.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        return Server;
    }

    private async Task CartAsync(int quantity)
    {
        await using var db = Server.State.Database.CreateContext();
        var now = DateTime.UtcNow;
        db.CartItems.Add(new CartItemFact { StoreId = 1, CustomerId = _shopper, ProductId = Espresso, Quantity = quantity, CreatedOnUtc = now, UpdatedOnUtc = now });
        await db.SaveChangesAsync();
    }

    private static async Task PlaceAsync(IPage page)
    {
        await page.ClickAsync("text=Place order");
        await page.WaitForURLAsync("**placed=*");
    }

    [Test]
    public async Task Admin_sets_up_a_card_a_shopper_fills_it_and_spends_the_free_product_and_the_report_shows_it()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, width: 1500);

        await page.GotoAsync($"{BaseUrl}/admin/loyalty/stamps");
        var row = page.Locator("tr.stamp-card-row").Last;
        await row.Locator("input[name$='.Name']").FillAsync("Espresso card");
        await row.Locator("select[name$='.Scope']").SelectOptionAsync("Product");
        await row.Locator("input[name$='.TargetId']").FillAsync("999");
        await row.Locator("select[name$='.Counting']").SelectOptionAsync("PerItem");
        await row.Locator("input[name$='.StampsToFill']").FillAsync("1");
        await row.Locator("select[name$='.Reward']").SelectOptionAsync("FreeProduct");
        await row.Locator("input[name$='.RewardProductId']").FillAsync(Espresso.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await row.Locator("input[name$='.ReminderDays']").FillAsync("100");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save"), r => r.Url.Contains("/admin/loyalty/stamps") && r.Request.Method == "POST");
        Assert.That(refused.Status, Is.EqualTo(400));
        Assert.That(await page.Locator("#not-saved").IsVisibleAsync(), Is.True);
        Assert.That(await page.Locator("[data-field='StampCards[2].TargetId']").InnerTextAsync(), Is.EqualTo("There is no product 999 in the store."));
        Assert.That(await page.Locator("[data-field='StampCards[2].StampsToFill']").InnerTextAsync(), Is.EqualTo("Must be between 2 and 50."));
        Assert.That(await page.Locator("[data-field='StampCards[2].ReminderDays']").InnerTextAsync(), Does.StartWith("The reminder must come in the second half"),
            "a 100-day reminder on a 180-day card");
        await SandboxBrowser.ScreenshotAsync(page, "stamp-admin-refused");

        row = page.Locator("tr.stamp-card-row").Last;
        await row.Locator("input[name$='.TargetId']").FillAsync(Espresso.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await row.Locator("input[name$='.StampsToFill']").FillAsync("3");
        await row.Locator("input[name$='.ReminderDays']").FillAsync("10");
        await page.ClickAsync("#save");
        await page.WaitForURLAsync("**saved=1");
        Assert.That(await page.Locator("tr.stamp-card-row").CountAsync(), Is.EqualTo(4), "the demo's two cards, the new one, a blank row");

        await CartAsync(2);
        await page.GotoAsync($"{BaseUrl}/shop?customer={_shopper}");
        var line = page.Locator("#stamp-checkout .stamp-line[data-card='3']");
        Assert.That(await line.InnerTextAsync(), Does.Contain("Espresso card: this order adds 2 stamps; then 1 more for a free one."));
        await SandboxBrowser.ScreenshotAsync(page, "stamp-checkout");
        await PlaceAsync(page);

        await CartAsync(1);
        await page.GotoAsync($"{BaseUrl}/shop?customer={_shopper}");
        Assert.That(await line.InnerTextAsync(), Does.Contain("this order adds 1 stamp and fills the card: a free one by email."));
        await SandboxBrowser.ScreenshotAsync(page, "stamp-checkout-fills");
        await PlaceAsync(page);

        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_shopper}");
        var card = page.Locator(".stamp-card[data-card='3']");
        Assert.That(await card.InnerTextAsync(), Does.Contain("0 of 3: 3 more stamps for a free one."));
        var code = await card.Locator(".stamp-coupons code").InnerTextAsync();
        Assert.That(code, Does.StartWith("RET-"));
        await card.ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "stamp-rewards");

        // The full card's email: in the outbox once the workflows run, with the coupon's code and what it gives.
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WorkflowRun>().RunAsync();
        await page.GotoAsync($"{BaseUrl}/outbox?customer={_shopper}");
        var email = page.Locator("article.email", new PageLocatorOptions { HasText = "your Espresso card is full" }).First;
        var body = email.Locator("iframe.email-body").ContentFrame;
        await body.GetByText(code).WaitForAsync();
        await body.GetByText("You collected every stamp on your Espresso card.", new FrameLocatorGetByTextOptions { Exact = false }).WaitForAsync();
        await body.GetByText("one Espresso", new FrameLocatorGetByTextOptions { Exact = false }).First.WaitForAsync();
        await email.ScrollIntoViewIfNeededAsync();
        await email.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "stamp-card-full-email.png") });

        await CartAsync(1);
        await page.GotoAsync($"{BaseUrl}/shop?customer={_shopper}");
        await page.Locator("#checkout input[name=coupon]").FillAsync(code);
        await PlaceAsync(page);
        await using (var db = Server.State.Database.CreateContext())
        {
            var last = await db.Orders.Where(o => o.CustomerId == _shopper).OrderByDescending(o => o.Id).FirstAsync();
            Assert.That(last.OrderDiscount, Is.EqualTo(18.50m), "one espresso bag free");
        }

        await page.GotoAsync($"{BaseUrl}/admin/loyalty/report");
        var report = page.Locator("#stamp-accounting");
        Assert.That(await report.Locator("tr:has-text('Issued')").InnerTextAsync(), Does.Contain("$18.50"));
        Assert.That(await report.Locator("tr:has-text('Redeemed')").InnerTextAsync(), Does.Contain("$18.50"));
        await report.ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "stamp-report");
        Assert.That(errors, Is.Empty);
    }
}
