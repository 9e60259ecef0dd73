using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;
using Retention.Testing.Contracts;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// The email content contract over facts handed over as they are: Core alone renders the markup both hosts show, from the
/// contract's store as a host would read it.
/// </summary>
public sealed class ListedFactsContentContract : WorkflowContentContract
{
    protected override Task<IWorkflowContent> CreateAsync() => Task.FromResult<IWorkflowContent>(new WorkflowEmailContent(new ListedFacts()));

    /// <summary>The contract's store as lists, as a host reads it (pages at /shop/product/{id}, pictures under the store, $0.00).</summary>
    internal sealed class ListedFacts : IEmailFacts
    {
        public List<IReadOnlyList<StepMessage>> Reads { get; } = [];

        private static EmailProduct Product(int id)
        {
            var (_, name, price) = Products.Single(p => p.Id == id);
            return new EmailProduct(id, name, $"/shop/product/{id}", $"{StoreUrl}/img/products/{id}.svg", Money(price));
        }

        public Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
        {
            Reads.Add(messages);
            return Task.FromResult<IReadOnlyList<EmailFacts>>(messages.Select(m => EmailContentRules.Needs(m.Enrollment.Workflow) switch
            {
                EmailNeed.Cart => new EmailFacts(StoreUrl, Cart.Select(l => new EmailLine(Product(l.ProductId), l.Quantity,
                    Money(Products.Single(p => p.Id == l.ProductId).Price * l.Quantity))).ToList(), []),
                EmailNeed.ReorderedProduct when TriggerRules.ReplenishedProductOf(m.Enrollment.Subject) is { } id && Products.Any(p => p.Id == id) =>
                    new EmailFacts(StoreUrl, [], [Product(id)]),
                _ => EmailFacts.Of(StoreUrl),
            }).ToList());
        }

        public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) => Task.FromResult(Money(amount));

        public EmailReader Reader { get; set; } = EmailReader.English;

        public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default) => Task.FromResult(Reader);

        private static string Money(decimal amount) => "$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Which facts each email needs, what it may suggest, and what it says when a host has nothing.</summary>
public sealed class WorkflowEmailContentTests
{
    private static StepMessage Message(WorkflowKind workflow, string subject) => new(
        new Enrollment
        {
            Id = 1, Workflow = workflow, Store = WorkflowContentContract.Store, Customer = WorkflowContentContract.Customer, Subject = subject,
            EnrolledUtc = WorkflowContentContract.Now, AnchorUtc = WorkflowContentContract.Now, IsControl = false,
        },
        WorkflowCatalog.Default(workflow), 0, new ContactFacts("a@example.com", "A", true, false, true, false, TimeZoneInfo.Utc), null,
        new StepLinks("U", "C", null, new Dictionary<int, string>(), null), IsPreview: false);

    private sealed class FixedFacts(EmailFacts facts, EmailReader? reader = null) : IEmailFacts
    {
        public Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EmailFacts>>(messages.Select(_ => facts).ToList());

        public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) =>
            Task.FromResult("$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

        public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default) => Task.FromResult(reader ?? EmailReader.English);
    }

    private static EmailProduct P(int id, bool listed = true, bool giftCard = false) => new(id, "P" + id, "/p" + id, null, "$1", giftCard, listed);

    [Test]
    public void Suggestions_skip_unlisted_products_and_gift_cards_and_stop_at_three()
    {
        var shown = EmailContentRules.Suggestable([P(1, listed: false), P(2, giftCard: true), P(3), P(3), P(4), P(5), P(6)]);

        Assert.That(shown.Select(p => p.Id), Is.EqualTo(new[] { 3, 4, 5 }));
    }

    [TestCase(70, "Points can be spent from a balance of 100: earn 60 more with an order placed by")]
    [TestCase(50, null)]
    public async Task A_points_expiry_email_below_the_minimum_says_how_to_reach_it_or_is_not_sent(int largestOrder, string? advice)
    {
        var now = WorkflowContentContract.Now;
        var loyalty = new Loyalty.ProgramHarness(Loyalty.L.Plain with
        {
            Expiry = Core.Loyalty.ExpiryMode.LotAfterActivation, ExpiryMonths = 12, ExpiryReminderDays = 14, MinimumBalanceToRedeem = 100,
        }, now);
        var customer = WorkflowContentContract.Customer.Value;
        await loyalty.LotAsync(customer, 40, now.AddMonths(-12), expires: now.AddDays(4), store: WorkflowContentContract.Store.Value);
        await loyalty.Ledger.TryAppendAsync(new Core.Loyalty.LedgerEntry
        {
            Key = new Core.Common.IdempotencyKey("purchase"), Store = WorkflowContentContract.Store, Customer = WorkflowContentContract.Customer,
            Points = largestOrder, Reason = Core.Loyalty.LedgerReason.Purchase, Source = Core.Loyalty.LedgerSource.Order, CreatedUtc = now, ActivatesUtc = now.AddDays(10),
        });
        var content = new WorkflowEmailContent(new FixedFacts(EmailFacts.Of("https://s.example")), loyalty.Views);

        var rendered = await content.RenderAsync(Message(WorkflowKind.PointsExpiry, TriggerRules.ExpirySubject(now.AddDays(4))));

        if (advice is null)
            Assert.That(rendered.NothingToSay, Does.Contain("below the redemption minimum of 100 points"));
        else
            Assert.That(rendered.Tokens[WorkflowTokens.ExpiryAdvice], Does.StartWith(advice).And.EndWith("to use them."));
    }

    [TestCase(WorkflowKind.AbandonedCart, "cart:1", true, 600, "You have 600 points, worth $6.00 off this order.")]
    [TestCase(WorkflowKind.WinBack, "2026-03", true, 600, "You have 600 points, worth $6.00 off your next order.")]
    [TestCase(WorkflowKind.WinBack, "2026-03", true, 300, "You have 300 points, worth $3.00 once your balance reaches 500 points.")]
    [TestCase(WorkflowKind.WinBack, "2026-03", true, 0, "")]
    [TestCase(WorkflowKind.WinBack, "2026-03", false, 600, "")]
    [TestCase(WorkflowKind.Welcome, "welcome", true, 600, "")]
    public async Task Cart_and_win_back_emails_say_what_the_points_are_worth_when_the_program_is_on_and_there_are_some(WorkflowKind workflow,
        string subject, bool programOn, int points, string sentence)
    {
        var now = WorkflowContentContract.Now;
        var loyalty = new Loyalty.ProgramHarness(Loyalty.L.Plain with { Enabled = programOn, CurrencyPerPoint = 0.01m, MinimumBalanceToRedeem = 500 }, now);
        if (points > 0)
            await loyalty.LotAsync(WorkflowContentContract.Customer.Value, points, now.AddDays(-3), expires: null);
        var facts = new FixedFacts(new EmailFacts("https://s.example", [new EmailLine(P(1), 1, "$1")], []));
        var content = new WorkflowEmailContent(facts, loyalty.Views, loyalty.Settings);

        var rendered = await content.RenderAsync(Message(workflow, subject));

        Assert.That(rendered.Tokens[WorkflowTokens.PointsOfferText], Is.EqualTo(sentence));
        Assert.That(rendered.Tokens[WorkflowTokens.PointsOffer], sentence == "" ? Is.Empty : Does.StartWith("<p ").And.Contain(sentence));
    }

    [TestCase(WorkflowKind.WinBack, "2026-03")]
    [TestCase(WorkflowKind.Birthday, "2026")]
    [TestCase(WorkflowKind.PointsExpiry, "2026-03-06")]
    public async Task The_visit_the_store_button_goes_through_the_click_route_to_the_home_page(WorkflowKind workflow, string subject)
    {
        var content = new WorkflowEmailContent(new FixedFacts(EmailFacts.Of("https://s.example")));

        var rendered = await content.RenderAsync(Message(workflow, subject));

        var url = rendered.Tokens[WorkflowTokens.ShopUrl];
        Assert.That(url, Is.EqualTo("https://s.example/retention/c/C?to=%2F"));
        Assert.That(ClickTarget.Location(Uri.UnescapeDataString(url[(url.IndexOf("?to=", StringComparison.Ordinal) + 4)..])), Is.EqualTo("/"));
    }

    [Test]
    public async Task A_welcome_email_goes_out_without_best_sellers_but_a_cross_sell_does_not()
    {
        var content = new WorkflowEmailContent(new FixedFacts(EmailFacts.Of("https://s.example")));

        var welcome = await content.RenderAsync(Message(WorkflowKind.Welcome, TriggerRules.WelcomeSubject));
        var crossSell = await content.RenderAsync(Message(WorkflowKind.CrossSell, TriggerRules.OrderSubject(1)));

        Assert.That(welcome.HasContent, Is.True);
        Assert.That(welcome.Tokens[WorkflowTokens.Products], Is.Empty);
        Assert.That(crossSell.NothingToSay, Is.EqualTo("There is no product to show."));
    }

    [Test]
    public async Task What_the_host_says_is_missing_is_why_there_is_nothing_to_say()
    {
        var content = new WorkflowEmailContent(new FixedFacts(new EmailFacts("https://s.example", [new EmailLine(P(1), 1, "$1")], [], "The customer no longer exists.")));

        var rendered = await content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        Assert.That(rendered.NothingToSay, Is.EqualTo("The customer no longer exists."));
    }

    [Test]
    public async Task A_cart_of_products_all_gone_has_nothing_to_say()
    {
        var content = new WorkflowEmailContent(new FixedFacts(new EmailFacts("https://s.example", [new EmailLine(null, 1, "")], [])));

        var rendered = await content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        Assert.That(rendered.NothingToSay, Is.EqualTo("No product in the cart is still sold."));
    }

    [Test]
    public async Task A_review_request_lists_each_product_once_by_id_without_gift_cards()
    {
        var content = new WorkflowEmailContent(new FixedFacts(new EmailFacts("https://s.example", [], [P(4), P(2, giftCard: true), P(3), P(4)])));

        var rendered = await content.RenderAsync(Message(WorkflowKind.ReviewRequest, TriggerRules.OrderSubject(9)));

        Assert.That(rendered.Tokens[WorkflowTokens.ReviewLinksText],
            Is.EqualTo("- Review P3: https://s.example/retention/c/C?to=%2Fp3\n- Review P4: https://s.example/retention/c/C?to=%2Fp4"));
        Assert.That((await content.RenderAsync(Message(WorkflowKind.ReviewRequest, "nps"))).NothingToSay, Is.EqualTo("The subject 'nps' names no order."));
    }

    [Test]
    public async Task A_batch_reads_its_facts_once_and_renders_each_message_as_alone()
    {
        var facts = new ListedFactsContentContract.ListedFacts();
        var content = new WorkflowEmailContent(facts);
        var batch = new[] { Message(WorkflowKind.AbandonedCart, "cart:1"), Message(WorkflowKind.Replenishment, TriggerRules.ReplenishmentSubject(1, 2)),
            Message(WorkflowKind.NpsSurvey, "nps") };

        var many = await content.RenderManyAsync(batch);

        Assert.That(facts.Reads, Has.Count.EqualTo(1));
        for (var i = 0; i < batch.Length; i++)
            Assert.That(many[i].Tokens, Is.EquivalentTo((await content.RenderAsync(batch[i])).Tokens));
    }

    private static readonly EmailReader Russian = new(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"));

    [TestCase(1, "У вас 1 балл — это скидка $0.01 на этот заказ.")]
    [TestCase(22, "У вас 22 балла — это скидка $0.22 на этот заказ.")]
    [TestCase(1250, "У вас 1\u00a0250 баллов — это скидка $12.50 на этот заказ.")]
    public async Task A_russian_customer_reads_the_points_offer_in_russian_with_the_plural_the_number_takes(int points, string sentence)
    {
        var now = WorkflowContentContract.Now;
        var loyalty = new Loyalty.ProgramHarness(Loyalty.L.Plain with { CurrencyPerPoint = 0.01m }, now);
        await loyalty.LotAsync(WorkflowContentContract.Customer.Value, points, now.AddDays(-3), expires: null);
        var facts = new FixedFacts(new EmailFacts("https://s.example", [new EmailLine(P(1), 1, "$1")], []), Russian);

        var rendered = await new WorkflowEmailContent(facts, loyalty.Views, loyalty.Settings).RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        Assert.That(rendered.Tokens[WorkflowTokens.PointsOfferText], Is.EqualTo(sentence));
    }

    [Test]
    public async Task A_russian_customer_reads_the_footer_review_links_and_coupon_date_in_russian_with_the_links_intact()
    {
        var facts = new FixedFacts(new EmailFacts("https://s.example", [], [P(3)]), Russian);
        var content = new WorkflowEmailContent(facts);

        var review = await content.RenderAsync(Message(WorkflowKind.ReviewRequest, "order:7"));

        Assert.That(review.Tokens[WorkflowTokens.Footer], Is.EqualTo(
            "Вы получили это письмо, потому что подписались на наши новости. <a href=\"https://s.example/retention/u/U\" style=\"color:#718096;\">Отписаться</a> можно в любой момент."));
        Assert.That(review.Tokens[WorkflowTokens.ReviewLinksText], Is.EqualTo("- Оставить отзыв: P3: https://s.example/retention/c/C?to=%2Fp3"));
        Assert.That(new EmailReader(System.Globalization.CultureInfo.GetCultureInfo("ru-RU")).Date(new DateTime(2026, 3, 5, 12, 0, 0, DateTimeKind.Utc), null),
            Is.EqualTo("5 марта 2026"));
    }

    [Test]
    public void A_merchants_translation_of_a_sentence_wins_and_a_missing_one_falls_back_to_cores_text_in_the_language()
    {
        var reader = new EmailReader(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), new Dictionary<string, string>
        {
            ["email.expiry.spend"] = "Успейте потратить их до этой даты!",
            ["email.tierPerks"] = "",
        });

        Assert.That(reader.Say(Core.Localization.CoreMessages.EmailExpirySpend()), Is.EqualTo("Успейте потратить их до этой даты!"));
        Assert.That(reader.Say(Core.Localization.CoreMessages.EmailTierPerks(1.5m)), Is.EqualTo("Теперь за каждый заказ вы получаете в 1,5 раза больше баллов."));
        Assert.That(EmailReader.English.Say(Core.Localization.CoreMessages.EmailTierPerks(2m)), Is.EqualTo("You now earn 2× points on every order."));
        var broken = new EmailReader(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), new Dictionary<string, string> { ["email.datePattern"] = "d 'MMMM" });
        Assert.That(broken.Date(new DateTime(2026, 3, 5, 0, 0, 0, DateTimeKind.Utc), null), Is.EqualTo("5 марта 2026"), "a broken pattern gives way to Core's");
    }
}
