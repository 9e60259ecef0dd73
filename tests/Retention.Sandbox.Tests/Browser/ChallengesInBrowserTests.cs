using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// Challenges and badges end to end in Chromium: the merchant defines two challenges (a refused form first), a shopper buys,
/// sees the checkout say which challenge the order completes, sees progress, badges and the leaderboard in My rewards, and
/// the finance report carries the challenge points. Screenshots under test-output/screenshots.
/// </summary>
public sealed class ChallengesInBrowserTests : BrowserFixture
{
    private const int Mia = 90_001;
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);

    protected override Task<SandboxServer> PrepareAsync() => SandboxServer.PrepareAsync(customers: 60);

    [Test]
    public async Task Merchant_sets_up_challenges_and_a_shopper_completes_one_sees_progress_badges_and_the_leaderboard()
    {
        var settings = Server.Services.GetRequiredService<IChallengeSettingsStore>();
        var now = Server.Services.GetRequiredService<Retention.Core.Common.IClock>().UtcNow;
        var today = DateOnly.FromDateTime(now);
        var before = await settings.LoadAsync(Store);
        await ArrangeShopperAsync(now);
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        var challengePointsBefore = await ReportChallengesAsync(page, today);

        // The merchant: two new rows, the first typed wrong.
        await page.GotoAsync($"{BaseUrl}/admin/challenges");
        await page.ClickAsync("button[name=add]");
        await page.WaitForSelectorAsync("#not-saved");
        var (a, b) = (before.Challenges.Count, before.Challenges.Count + 1);
        await FillRowAsync(page, a, "11", "Coffee & tea", today.AddDays(-3), today.AddDays(-4), "Categories", "0", "1, 2, 99", "Points", "250", leaderboard: false);
        await FillRowAsync(page, b, "12", "Three cups", today.AddDays(-3), today.AddDays(20), "Orders", "3", "", "Badge", "", leaderboard: true);
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#not-saved.error");
        Assert.That(await page.Locator($"[data-field='Challenges[{a}].EndDate']").InnerTextAsync(), Does.Contain("before the first day"));
        Assert.That(await page.Locator($"[data-field='Challenges[{a}].CategoryIds']").InnerTextAsync(), Does.Contain("99"));
        Assert.That(await page.InputValueAsync($"input[name='Challenges[{a}].Name']"), Is.EqualTo("Coffee & tea"), "what was typed stays");
        await SandboxBrowser.ScreenshotAsync(page, "challenges-admin-rejected");
        Assert.That((await settings.LoadAsync(Store)).Challenges, Has.Count.EqualTo(before.Challenges.Count), "nothing saved");

        await page.FillAsync($"input[name='Challenges[{a}].EndDate']", today.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync($"input[name='Challenges[{a}].Target']", "2");
        await page.FillAsync($"input[name='Challenges[{a}].CategoryIds']", "1, 2");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");
        var saved = await settings.LoadAsync(Store);
        Assert.That(saved.Find(11), Is.Not.Null.And.Property(nameof(ChallengeDefinition.Target)).EqualTo(2m));
        Assert.That(saved.Find(12)!.Leaderboard, Is.True);

        // The shopper: a coffee in the cart; the first order starts both challenges.
        await page.GotoAsync($"{BaseUrl}/shop?customer={Mia}");
        Assert.That(await page.Locator(".challenge-notice").CountAsync(), Is.Zero, "one category is not two");
        await page.ClickAsync("#checkout button");
        await page.WaitForSelectorAsync("#order-placed");

        // Then a tea: this order completes the categories challenge, and the checkout says so.
        await AddToCartAsync(DemoLoyalty.CategoryIds["Tea"], 2, now);
        await page.GotoAsync($"{BaseUrl}/shop?customer={Mia}");
        Assert.That(await page.Locator("#challenge-completes-11").InnerTextAsync(), Is.EqualTo("This order completes the Coffee & tea challenge."));
        await SandboxBrowser.ScreenshotAsync(page, "challenges-checkout-completes");
        await page.ClickAsync("#checkout button");
        await page.WaitForSelectorAsync("#order-placed");

        // My rewards: the categories challenge completed, three cups at 2 of 3, the first-order badge; join the leaderboard.
        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={Mia}");
        Assert.That(await page.Locator("#challenge-11 .progress-text").InnerTextAsync(), Does.StartWith("2 of 2 categories").And.Contain("completed"));
        Assert.That(await page.Locator("#challenge-12 .progress-text").InnerTextAsync(), Is.EqualTo("2 of 3 orders"));
        Assert.That(await page.Locator("#challenge-12 .bar").GetAttributeAsync("aria-valuenow"), Is.EqualTo("67"));
        Assert.That(await page.Locator(".badge[data-badge=first-order]").CountAsync(), Is.EqualTo(1));
        await page.ClickAsync("#leaderboard-12");
        await page.WaitForSelectorAsync("#leaderboard-table-12");
        var board = await page.Locator("#leaderboard-table-12 tbody tr").AllInnerTextsAsync();
        Assert.That(board, Has.Some.Contains("Mia L."));
        Assert.That(string.Join(" ", board), Does.Not.Contain("Lindqvist").And.Not.Contain("@"), "first name and initial only");
        await page.Locator("#challenges").ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "challenges-my-rewards");

        // The points are the challenge's own ledger entry, pending for the return window, and finance sees them in their column.
        var records = await Server.Services.GetRequiredService<ChallengeStore>().OfCustomerAsync(Store, new CustomerId(Mia));
        Assert.That(records.Single(r => r.Kind == ChallengeRecordKind.Completion).Subject, Is.EqualTo("11"));
        Assert.That(await ReportChallengesAsync(page, today), Is.EqualTo(challengePointsBefore + 250));

        // The emails: the completed challenge with its pending points and the day they can be spent, and the first-order badge.
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Retention.Core.Workflows.WorkflowRun>().RunAsync();
        await page.GotoAsync($"{BaseUrl}/outbox?customer={Mia}");
        var completed = page.Locator("article.email", new PageLocatorOptions { HasText = "you completed Coffee & tea" }).First;
        await completed.Locator("iframe.email-body").ContentFrame.GetByText("250 points were added to your balance", new FrameLocatorGetByTextOptions { Exact = false })
            .WaitForAsync();
        await completed.ScrollIntoViewIfNeededAsync();
        await completed.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "challenge-completed-email.png") });
        var badge = page.Locator("article.email", new PageLocatorOptions { HasText = "a new badge: First order" }).First;
        await badge.Locator("iframe.email-body").ContentFrame.GetByText("You earned the First order badge.", new FrameLocatorGetByTextOptions { Exact = false })
            .WaitForAsync();
        await badge.ScrollIntoViewIfNeededAsync();
        await badge.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "badge-earned-email.png") });
        Assert.That(errors, Is.Empty);
        await settings.SaveAsync(Store, before);
    }

    /// <summary>The finance report's Challenges column for <paramref name="day"/>, as the page shows it.</summary>
    private async Task<long> ReportChallengesAsync(IPage page, DateOnly day)
    {
        await page.GotoAsync($"{BaseUrl}/admin/loyalty/report?store=1&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        var header = (await page.Locator("table.report thead th").AllInnerTextsAsync()).ToList();
        var cells = await page.Locator("table.report tbody tr").Last.Locator("td").AllInnerTextsAsync();
        return long.Parse(cells[header.IndexOf("Challenges")], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private async Task ArrangeShopperAsync(DateTime now)
    {
        await using var db = Server.Services.GetRequiredService<SandboxDatabase>().CreateContext();
        db.Customers.Add(new CustomerFact
        {
            Id = Mia, CustomerGuid = Guid.NewGuid(), Email = "mia@example.com", FirstName = "Mia", LastName = "Lindqvist", RegisteredInStoreId = Store.Value,
            Active = true, CreatedOnUtc = now.AddDays(-10), LastActivityDateUtc = now,
        });
        await db.SaveChangesAsync();
        await AddToCartAsync(DemoLoyalty.CategoryIds["Coffee"], 1, now);
    }

    private async Task AddToCartAsync(int categoryId, int line, DateTime now)
    {
        await using var db = Server.Services.GetRequiredService<SandboxDatabase>().CreateContext();
        var name = DemoLoyalty.CategoryIds.Single(c => c.Value == categoryId).Key;
        var product = db.Products.Where(p => p.Category == name && !p.IsGiftCard).OrderBy(p => p.Id).First();
        db.CartItems.Add(new CartItemFact { Id = 900_000 + line, StoreId = Store.Value, CustomerId = Mia, ProductId = product.Id, Quantity = 1, CreatedOnUtc = now, UpdatedOnUtc = now });
        await db.SaveChangesAsync();
    }

    private static async Task FillRowAsync(IPage page, int row, string id, string name, DateOnly first, DateOnly last, string goal, string target, string categories,
        string reward, string points, bool leaderboard)
    {
        var p = $"Challenges[{row}].";
        await page.FillAsync($"input[name='{p}Id']", id);
        await page.FillAsync($"input[name='{p}Name']", name);
        await page.FillAsync($"input[name='{p}StartDate']", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync($"input[name='{p}EndDate']", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.SelectOptionAsync($"select[name='{p}Goal']", goal);
        await page.FillAsync($"input[name='{p}Target']", target);
        await page.FillAsync($"input[name='{p}CategoryIds']", categories);
        await page.SelectOptionAsync($"select[name='{p}Reward']", reward);
        await page.FillAsync($"input[name='{p}RewardPoints']", points);
        if (leaderboard) await page.CheckAsync($"input[name='{p}Leaderboard']");
    }
}
