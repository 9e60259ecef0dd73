using Microsoft.EntityFrameworkCore;
using PageLocatorOptions = Microsoft.Playwright.PageLocatorOptions;
using LocatorScreenshotOptions = Microsoft.Playwright.LocatorScreenshotOptions;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// Paid membership end to end in Chromium: the merchant's settings refuse a bad value at its field; a shopper joins from
/// My rewards and buys the membership at checkout, then shops as a member (member discount and free shipping at checkout,
/// the members-only coffee visible) and My rewards says what the membership saved; the clock moves past the paid-through
/// date and the simulated gateway renews; the admin marks the next renewal failed and the membership is in its grace.
/// Screenshots under test-output/screenshots.
/// </summary>
public sealed class MembershipInBrowserTests : BrowserFixture
{
    private const int Ola = 90_101;
    private const int Ben = 90_102;
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);

    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 60);

    [Test]
    public async Task A_shopper_joins_at_checkout_shops_with_the_perks_sees_the_savings_and_the_membership_renews_and_enters_its_grace()
    {
        var clock = Server.Services.GetRequiredService<IClock>();
        var now = clock.UtcNow;
        await ArrangeAsync(now);
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);

        // The merchant: a grace of 200 days is refused at its field, nothing saved; 10 is saved.
        await page.GotoAsync($"{BaseUrl}/admin/membership");
        await page.FillAsync("input[name='Membership.GraceDays']", "200");
        await page.ClickAsync("#membership-form button");
        await page.WaitForSelectorAsync("#not-saved");
        Assert.That(await page.Locator("[data-field='Membership.GraceDays']").InnerTextAsync(), Does.Contain("0").And.Contain("90"));
        await SandboxBrowser.ScreenshotAsync(page, "membership-admin-rejected");
        await page.FillAsync("input[name='Membership.GraceDays']", "10");
        await page.ClickAsync("#membership-form button");
        await page.WaitForSelectorAsync("#saved");
        var program = Server.Services.CreateScope().ServiceProvider.GetRequiredService<MembershipProgram>();
        Assert.That((await program.SettingsAsync(Store)).GraceDays, Is.EqualTo(10));

        // A non-member: the members-only coffee is hidden.
        await page.GotoAsync($"{BaseUrl}/shop/product/{DemoMembership.MemberOnlyProductId}?customer={Ben}");
        Assert.That(await page.Locator("#members-only").InnerTextAsync(), Is.EqualTo("This product is for members only."));

        // The shopper joins from My rewards; the checkout sells the membership with the coffee in the cart.
        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={Ola}");
        Assert.That(await page.Locator("#membership-status").InnerTextAsync(), Is.EqualTo("Not a member yet."));
        await page.ClickAsync("#membership-join button");
        await page.WaitForSelectorAsync("#checkout");
        Assert.That(await page.Locator("table.cart").InnerTextAsync(), Does.Contain("Coffee Club membership"));
        Assert.That(await page.Locator("#member-discount").CountAsync(), Is.Zero, "not a member yet at this checkout");
        await page.ClickAsync("#checkout button");
        await page.WaitForSelectorAsync("#order-placed");
        var status = await program.StatusAsync(Store, new CustomerId(Ola));
        Assert.That(status.State, Is.EqualTo(MemberState.Active));

        // As a member: the members-only coffee into the cart; the checkout takes 5 % off and ships free.
        await page.GotoAsync($"{BaseUrl}/shop/product/{DemoMembership.MemberOnlyProductId}?customer={Ola}");
        await page.ClickAsync("#add-to-cart button");
        await page.WaitForSelectorAsync("#checkout");
        Assert.That(await page.Locator("#member-discount").InnerTextAsync(), Does.Contain("Member discount: 5 % off").And.Contain("-$1.20"));
        Assert.That(await page.Locator("#member-shipping").CountAsync(), Is.EqualTo(1));
        await SandboxBrowser.ScreenshotAsync(page, "membership-checkout-member");
        await page.ClickAsync("#checkout button");
        await page.WaitForSelectorAsync("#order-placed");

        // My rewards: a member, and what the membership saved: $1.20 off, $4.95 shipping, the extra points' worth.
        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={Ola}");
        Assert.That(await page.Locator("#membership-status").InnerTextAsync(), Does.StartWith("You are a member. Your membership renews on"));
        var saved = await program.SavedThisYearAsync(Store, new CustomerId(Ola));
        Assert.That((saved.Discount, saved.Shipping), Is.EqualTo((1.20m, SandboxCheckout.Shipping)));
        Assert.That(saved.ExtraPoints, Is.GreaterThan(0), "double points: the extra half is recorded with the order");
        Assert.That(await page.Locator("#membership-saved").InnerTextAsync(), Is.EqualTo($"Your membership saved you ${saved.Total:0.00} this year."));
        await SandboxBrowser.ScreenshotAsync(page, "membership-my-rewards-member");

        // The clock passes the paid-through date: the simulated gateway pays the renewal as an order.
        var through = status.PaidThroughUtc!.Value;
        using (var scope = Server.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SandboxClockAdvance>().AdvanceAsync(through - clock.UtcNow + TimeSpan.FromDays(1));
        var renewed = await program.StatusAsync(Store, new CustomerId(Ola));
        Assert.That((renewed.State, renewed.PaidThroughUtc, renewed.Periods.Count), Is.EqualTo((MemberState.Active, through.AddMonths(1), 2)));

        // The night seven days before that renewal put the reminder in the outbox: the date, the savings, the perks.
        await page.GotoAsync($"{BaseUrl}/outbox?customer={Ola}");
        var renewal = page.Locator("article.email", new PageLocatorOptions { HasText = "Your membership renews soon" });
        Assert.That(await renewal.CountAsync(), Is.EqualTo(1), "one reminder, although seven nights were in its window");
        // Scrolled into view first: the outbox's frames are drawn when seen, and the screenshot should show the email.
        await renewal.ScrollIntoViewIfNeededAsync();
        var renewalBody = renewal.Locator("iframe.email-body").ContentFrame;
        await renewalBody.GetByText($"renews on {through:MMMM d, yyyy}").WaitForAsync();
        await renewalBody.GetByText($"Your membership saved you ${saved.Total:0.00} this year.").WaitForAsync();
        await renewalBody.GetByText("Perks: 5 % off every order, free shipping, ×2 points, members-only products.").WaitForAsync();
        await renewalBody.Locator("body").ScrollIntoViewIfNeededAsync();
        await renewal.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "membership-renewal-email.png") });

        // The admin marks the next renewal failed; the advance past it leaves the member in the grace.
        await page.GotoAsync($"{BaseUrl}/admin/customers/{Ola}");
        Assert.That(await page.Locator("#membership-state").InnerTextAsync(), Is.EqualTo("Active"));
        await page.ClickAsync("#membership-fail button");
        await page.WaitForSelectorAsync("#admin-membership");
        using (var scope = Server.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SandboxClockAdvance>().AdvanceAsync(renewed.PaidThroughUtc!.Value - clock.UtcNow + TimeSpan.FromDays(2));
        await page.GotoAsync($"{BaseUrl}/admin/customers/{Ola}");
        Assert.That(await page.Locator("#membership-state").InnerTextAsync(), Is.EqualTo("Grace"));
        await SandboxBrowser.ScreenshotAsync(page, "membership-admin-grace");
        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={Ola}");
        Assert.That(await page.Locator("#membership-status").InnerTextAsync(), Does.StartWith("The payment for your renewal failed."));
        await SandboxBrowser.ScreenshotAsync(page, "membership-my-rewards-grace");

        // No renewal reminder for the renewal marked failed; two days before the grace ends, the last call.
        using (var scope = Server.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SandboxClockAdvance>().AdvanceAsync(renewed.PaidThroughUtc!.Value.AddDays(9) - clock.UtcNow);
        await page.GotoAsync($"{BaseUrl}/outbox?customer={Ola}");
        Assert.That(await page.Locator("article.email", new PageLocatorOptions { HasText = "Your membership renews soon" }).CountAsync(), Is.EqualTo(1),
            "the failed renewal got no reminder");
        var expiry = page.Locator("article.email", new PageLocatorOptions { HasText = "Keep your membership" });
        Assert.That(await expiry.CountAsync(), Is.EqualTo(1));
        await expiry.Locator("iframe.email-body").ContentFrame.GetByText($"ends on {renewed.PaidThroughUtc!.Value.AddDays(10):MMMM d, yyyy}").WaitForAsync();
        await expiry.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "membership-expiry-email.png") });
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.Orders.CountAsync(o => o.CustomerId == Ola), Is.EqualTo(3), "the joining order, the member's order, one renewal");
        Assert.That(errors, Is.Empty);
    }

    private async Task ArrangeAsync(DateTime now)
    {
        await using var db = Server.Services.GetRequiredService<SandboxDatabase>().CreateContext();
        foreach (var (id, first) in new[] { (Ola, "Ola"), (Ben, "Ben") })
            db.Customers.Add(new CustomerFact
            {
                Id = id, CustomerGuid = Guid.NewGuid(), Email = $"{first.ToLowerInvariant()}@example.com", FirstName = first, LastName = "Berg",
                RegisteredInStoreId = Store.Value, Active = true, CreatedOnUtc = now.AddDays(-10), LastActivityDateUtc = now,
            });
        db.CartItems.Add(new CartItemFact { Id = 900_101, StoreId = Store.Value, CustomerId = Ola, ProductId = 1, Quantity = 1, CreatedOnUtc = now, UpdatedOnUtc = now });
        await db.SaveChangesAsync();
    }
}
