using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Workflows;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Browser;

/// <summary>
/// The sandbox's EN/RU switch in Chromium: the dashboard, My rewards and three emails in Russian, with plural forms and
/// no raw keys; screenshots under test-output/screenshots (ru-*.png).
/// </summary>
public sealed class RussianInBrowserTests : BrowserFixture
{
    private int _customer;
    // A customer with a cart, so the checkout widget has an order to price.
    private int _shopper;

    // Wrong in any Russian sentence: "1 баллов", "5 балла", "2 балл".
    private const string WrongPlural = @"(?<![\d\u00a0 ])(1|21|101) баллов|(?<![\d\u00a0 ])(5|11|12|14|25|111) балла\b|(?<![\d\u00a0 ])(2|22) балл\b";

    protected override async Task<SandboxServer> PrepareAsync()
    {
        Server = await SandboxServer.PrepareAsync(customers: 300);
        await using (var db = Server.State.Database.CreateContext())
        {
            var tiers = await db.TierStandings.Where(s => s.Tier == "Silver" || s.Tier == "Gold").Select(s => s.CustomerId).ToListAsync();
            var lines = await db.Ledger.GroupBy(l => l.CustomerId).Select(g => new { Customer = g.Key, Count = g.Count() }).ToListAsync();
            _customer = lines.OrderByDescending(l => tiers.Contains(l.Customer)).ThenByDescending(l => l.Count).ThenBy(l => l.Customer).First().Customer;
            var carts = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
            _shopper = lines.Where(l => carts.Contains(l.Customer)).OrderByDescending(l => l.Count).ThenBy(l => l.Customer).First().Customer;
        }
        var outbox = SandboxStores.Outbox(Server.State.Database);
        var emails = new (WorkflowKind Kind, Dictionary<string, string> Tokens)[]
        {
            (WorkflowKind.AbandonedCart, new()
            {
                [WorkflowTokens.CartItems] = "<p>Чай улун × 2</p>", [WorkflowTokens.CartItemsText] = "Чай улун × 2", [WorkflowTokens.PointsOffer] = "",
                [WorkflowTokens.CartRestoreUrl] = "https://demo.example/cart",
            }),
            (WorkflowKind.Birthday, new() { [WorkflowTokens.CouponCode] = "HB-7Q2X", [WorkflowTokens.CouponValue] = "10 %", [WorkflowTokens.CouponExpires] = "31.12.2026",
                [WorkflowTokens.ShopUrl] = "https://demo.example/" }),
            (WorkflowKind.PointsExpiry, new() { [WorkflowTokens.ExpiringPoints] = "21", [WorkflowTokens.ExpiryDate] = "31.12.2026", [WorkflowTokens.PointsBalance] = "1 250",
                [WorkflowTokens.ExpiryAdvice] = "Потратьте их при следующем заказе.",
                [WorkflowTokens.ShopUrl] = "https://demo.example/" }),
        };
        foreach (var (kind, tokens) in emails)
        {
            // Filled by the engine's content (still English: see the report); here the templates' own words are under test.
            tokens[WorkflowTokens.OpenPixel] = "";
            tokens[WorkflowTokens.Footer] = "";
            await outbox.TryEnqueueAsync(new OutboundMessage
            {
                Key = new IdempotencyKey("test:ru:" + kind), Store = new StoreId(1), Customer = new CustomerId(_customer),
                ToEmail = "anna@example.com", TemplateName = WorkflowCatalog.TemplateName(kind, 0), Tokens = tokens,
                IsMarketing = WorkflowCatalog.Default(kind).IsMarketing, CreatedUtc = Server.State.AsOfUtc,
            });
        }
        return Server;
    }

    [Test]
    public async Task My_rewards_reads_in_Russian_and_the_choice_is_kept_until_switched_back()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        Assert.That((await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_customer}&lang=ru"))!.Status, Is.EqualTo(200));
        var panel = await page.Locator("#rewards-panel").InnerTextAsync();

        Assert.That(panel, Does.Contain("Как получить баллы").And.Contain("Как потратить баллы").And.Contain("Уровни"));
        Assert.That(panel, Does.Not.Match(WrongPlural).And.Not.Contain("Plugins.").And.Not.Contain("points"));
        Assert.That(await page.Locator("html").GetAttributeAsync("lang"), Is.EqualTo("ru"));
        await SandboxBrowser.ScreenshotAsync(page, "ru-my-rewards");

        // The cookie keeps Russian on the next page; the switch's EN link goes back to English on the same page.
        await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_customer}");
        Assert.That(await page.Locator("#rewards-panel").InnerTextAsync(), Does.Contain("Как получить баллы"));
        await page.Locator(".lang-switch a[hreflang=en]").ClickAsync();
        Assert.That(await page.Locator("#rewards-panel").InnerTextAsync(), Does.Contain("Ways to earn"));
        Assert.That(page.Url, Does.Contain($"customer={_customer}"));
        Assert.That(errors, Is.Empty);
    }

    /// <summary>
    /// The frame's English sentences (the sandbox's own table, by its English text): whole texts, and the fixed words
    /// between a template's placeholders, of two words or more.
    /// </summary>
    private static IReadOnlyList<string> FrameEnglish() =>
        Retention.Sandbox.Web.SandboxTexts.Russian.Keys
            .SelectMany(k => System.Text.RegularExpressions.Regex.Split(System.Text.RegularExpressions.Regex.Replace(k, @"\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", "\u0001"), "\u0001"))
            .Select(p => p.Trim(' ', '.', ':', ';', ',', '(', ')', '\''))
            .Where(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2)
            .Distinct().ToList();

    [Test]
    public async Task The_checkout_and_My_rewards_frame_read_in_Russian_with_none_of_the_frames_English_sentences()
    {
        var english = FrameEnglish();
        Assert.That(english, Has.Count.GreaterThan(40), "the frame's sentences were found");
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1400);

        Assert.That((await page.GotoAsync($"{BaseUrl}/shop?customer={_shopper}&lang=ru"))!.Status, Is.EqualTo(200));
        var checkout = await page.Locator("#loyalty-checkout").InnerTextAsync();
        Assert.That(checkout, Does.Contain("Ваши бонусы").And.Contain("Этот заказ принесёт").And.Not.Match(WrongPlural));
        Assert.That(await page.Locator("header nav").InnerTextAsync(), Does.Contain("Магазин").And.Contain("Сценарии"));
        var shop = await page.Locator("body").InnerTextAsync();
        Assert.That(english.Where(e => shop.Contains(e, StringComparison.Ordinal)), Is.Empty, "English left on the Russian shop page");
        await page.Locator("#loyalty-checkout").ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "ru-checkout");

        Assert.That((await page.GotoAsync($"{BaseUrl}/shop/rewards?customer={_customer}"))!.Status, Is.EqualTo(200));
        var rewards = await page.Locator("body").InnerTextAsync();
        Assert.That(rewards, Does.Contain("Доступно баллов").And.Contain("История").And.Contain("Пригласите друга").And.Not.Match(WrongPlural));
        Assert.That(english.Where(e => rewards.Contains(e, StringComparison.Ordinal)), Is.Empty, "English left on the Russian My rewards page");
        // The history's notes come from Core's keyed ledger notes, in Russian too.
        Assert.That(await page.Locator("table.history").InnerTextAsync(), Does.Contain("Заказ №").And.Not.Contain("Order #").And.Not.Contain("@ledger."));
        await page.Locator("table.history").ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "ru-my-rewards-history");

        Assert.That((await page.GotoAsync($"{BaseUrl}/"))!.Status, Is.EqualTo(200));
        var home = await page.Locator("body").InnerTextAsync();
        Assert.That(english.Where(e => home.Contains(e, StringComparison.Ordinal)), Is.Empty, "English left on the Russian home page");
        await page.GotoAsync($"{BaseUrl}/?lang=en");
        Assert.That(await page.Locator("header nav").InnerTextAsync(), Does.Contain("Shop"));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Dashboard_reads_in_Russian()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors);
        await page.GotoAsync($"{BaseUrl}/admin?lang=ru");
        await page.WaitForSelectorAsync(".retention-dashboard[data-rendered]", new PageWaitForSelectorOptions { Timeout = 120_000 });

        Assert.That(await page.Locator(".rd-tile[data-kpi=customers] .rd-tile-label").TextContentAsync(), Is.EqualTo("Покупатели (за всё время)"));
        Assert.That(await page.Locator(".rd-tile[data-kpi=activeCustomers] .rd-tile-label").TextContentAsync(), Does.StartWith("Активные покупатели"));
        var text = await page.Locator(".retention-dashboard").InnerTextAsync();
        Assert.That(text, Does.Contain("Удержание по когортам").And.Not.Contain("Cohort retention").And.Not.Contain("Plugins."));
        await SandboxBrowser.ScreenshotAsync(page, "ru-dashboard");
        await page.GotoAsync($"{BaseUrl}/admin?lang=en");
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Three_emails_read_in_Russian_in_the_outbox()
    {
        var errors = new List<string>();
        var page = await Browser.NewPageAsync(errors, height: 1200);
        Assert.That((await page.GotoAsync($"{BaseUrl}/outbox?customer={_customer}&lang=ru"))!.Status, Is.EqualTo(200));

        var subjects = await page.Locator("article.email td.subject").AllInnerTextsAsync();
        Assert.That(subjects, Has.Some.EndsWith("вы кое-что оставили в корзине"));
        Assert.That(subjects, Has.Some.EndsWith("с днём рождения!"));
        Assert.That(subjects, Has.Some.EndsWith("ваши баллы скоро сгорят"));
        foreach (var frame in await page.Locator("article.email iframe.email-body").AllAsync())
        {
            var body = await frame.ContentFrame.Locator("body").InnerTextAsync();
            Assert.That(body, Does.Contain("Здравствуйте").Or.Contain("С днём рождения"));
            Assert.That(body, Does.Not.Contain("%Retention.").And.Not.Contain("Hello "));
        }
        Assert.That(await page.Locator("article.email").First.InnerTextAsync(), Does.Not.Match(WrongPlural));
        await SandboxBrowser.ScreenshotAsync(page, "ru-outbox-emails");
        // Each email on its own, scrolled into view so its frame is painted.
        foreach (var article in await page.Locator("article.email").AllAsync())
        {
            await article.ScrollIntoViewIfNeededAsync();
            await article.Locator("iframe.email-body").ContentFrame.Locator("h1").WaitForAsync();
            var name = (await article.GetAttributeAsync("data-template"))!.Replace("Retention.", "", StringComparison.Ordinal).Replace('.', '-').ToLowerInvariant();
            await article.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(SandboxBrowser.ScreenshotFolder, "ru-email-" + name + ".png") });
        }
        await page.GotoAsync($"{BaseUrl}/outbox?lang=en");
        Assert.That(errors, Is.Empty);
    }
}
