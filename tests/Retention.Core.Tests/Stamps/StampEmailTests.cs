using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Tests.Workflows;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Stamps;

/// <summary>
/// The stamp card emails through the one door: a card filled by an order starts one "card full" email carrying its coupon,
/// a partial card about to lapse gets one reminder, and each says nothing once the card changed (refunded, filled).
/// </summary>
public sealed class StampEmailTests
{
    private static readonly StoreId Store = TriggersHarness.Store1;
    private static readonly CustomerId Ann = new(7);
    private static readonly DateTime T0 = TriggersHarness.T0;
    private const int Coffee = 10;

    private sealed class Catalog : IStampCatalog
    {
        public Task<decimal?> PriceAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
            Task.FromResult<decimal?>(productId == Coffee ? 4.5m : null);

        public Task<string?> NameAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
            Task.FromResult<string?>(productId == Coffee ? "Coffee" : null);

        /// <summary>The host's translation for a reader: customer 8 reads Russian.</summary>
        public Task<string?> NameAsync(StoreId store, int productId, CustomerId reader, CancellationToken cancellationToken = default) =>
            reader.Value == 8 && productId == Coffee ? Task.FromResult<string?>("Кофе") : NameAsync(store, productId, cancellationToken);
    }

    private sealed class Money : IEmailFacts
    {
        public Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EmailFacts>>(messages.Select(_ => EmailFacts.Of("https://s.example")).ToList());

        public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) =>
            Task.FromResult("$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

        public EmailReader Reader { get; set; } = EmailReader.English;

        public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default) => Task.FromResult(Reader);
    }

    private sealed class Harness
    {
        public ProgramHarness Loyalty { get; }
        public TriggersHarness Workflows { get; }
        public StampProgram Stamps { get; }
        public StoreEvents Door { get; }
        public InMemoryTables Tables { get; } = new();

        private Harness(ProgramHarness loyalty, TriggersHarness workflows, StampProgram stamps, StoreEvents door) =>
            (Loyalty, Workflows, Stamps, Door) = (loyalty, workflows, stamps, door);

        public static async Task<Harness> CreateAsync(StampCardDefinition card)
        {
            var loyalty = new ProgramHarness(L.Plain with { StampCards = [card] }, T0);
            var workflows = new TriggersHarness(loyalty);
            await workflows.Engine.EnableAsync(WorkflowKind.StampCardFull);
            await workflows.Engine.EnableAsync(WorkflowKind.StampCardExpiring);
            var tables = new InMemoryTables();
            var runner = new InMemoryQueryRunner();
            var stamps = new StampProgram(new StampStore(tables.Table<StampRow>(), runner),
                new CouponStore(tables.Table<CouponRow>(), new InMemoryCouponDiscounts(), runner, loyalty.Clock), loyalty.Settings, new Catalog(), loyalty.Store,
                runner, loyalty.Clock);
            var triggers = new WorkflowTriggers(workflows.Workflows.Program, workflows.Engine.Settings, workflows.Stores, workflows.Clock);
            return new Harness(loyalty, workflows, stamps, new StoreEvents(loyalty.Events, loyalty.Nightly, triggers, stamps: stamps));
        }

        public EarnOrder Coffees(int id, int quantity = 1)
        {
            Loyalty.PaidOrder(id, 4.5m * quantity);
            return new EarnOrder(Store, Ann, id, Loyalty.Clock.UtcNow, [new EarnLine(Coffee, quantity, 4.5m)]);
        }

        public List<Enrollment> Enrolled(WorkflowKind kind) => Workflows.Stores.AllEnrollments.Where(e => e.Workflow == kind).ToList();

        public async Task<StepContent> RenderAsync(Enrollment enrollment, EmailReader? reader = null) =>
            await new WorkflowEmailContent(new Money { Reader = reader ?? EmailReader.English }, Loyalty.Views, Loyalty.Settings, stamps: Stamps)
                .RenderAsync(Message(enrollment));
    }

    private static StampCardDefinition CoffeeCard(int n = 3, int expiryDays = 30, int reminderDays = StampCards.DefaultReminderDays) => new()
    {
        Id = 1, Name = "Coffee card", Scope = StampScope.Product, TargetId = Coffee, Counting = StampCounting.PerOrder, StampsToFill = n,
        Reward = StampReward.FreeProduct, RewardProductId = Coffee, ExpiryDays = expiryDays, CouponValidDays = 60, ReminderDays = reminderDays,
    };

    private static string English(DateTime day) => day.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));

    [Test]
    public async Task A_card_filled_again_by_the_stamps_left_after_a_refund_withdrew_its_coupon_sends_a_card_full_email_for_the_new_coupon()
    {
        var h = await Harness.CreateAsync(CoffeeCard(n: 3));
        for (var i = 1; i <= 4; i++)
            await h.Door.OrderPaidAsync(h.Coffees(i), null);
        Assert.That(h.Enrolled(WorkflowKind.StampCardFull).Select(e => e.Subject), Is.EqualTo(new[] { StampNotice.FullSubject(1, 1) }));

        // Order 2 is refunded: card 1's unused coupon is withdrawn; orders 1, 3 and 4 still count, and fill card 2.
        var refund = new OrderRefund(Store, Ann, 2, 4.5m, 4.5m);
        await h.Door.OrderRefundedAsync(refund);
        await h.Door.OrderRefundedAsync(refund);

        var enrolled = h.Enrolled(WorkflowKind.StampCardFull);
        Assert.That(enrolled.Select(e => e.Subject), Is.EqualTo(new[] { StampNotice.FullSubject(1, 1), StampNotice.FullSubject(1, 2) }),
            "the refilled card has its email, once (the replayed refund adds none)");
        var content = await h.RenderAsync(enrolled[1]);
        Assert.That(content.NothingToSay, Is.Null);
        var coupons = (await h.Stamps.CardsAsync(Store, Ann)).Single().Coupons;
        Assert.That(content.Tokens[WorkflowTokens.CouponCode], Is.EqualTo(coupons.Single(c => c.Number == 2).Code));
        Assert.That((await h.RenderAsync(enrolled[0])).NothingToSay, Does.Contain("withdrawn"), "the first card's email has nothing to send any more");
    }

    [Test]
    public async Task The_reminder_comes_the_cards_own_lead_before_it_lapses_and_a_lead_of_zero_sends_none()
    {
        var h = await Harness.CreateAsync(CoffeeCard(n: 3, expiryDays: 30, reminderDays: 12));
        await h.Door.OrderPaidAsync(h.Coffees(1), null);

        h.Loyalty.Clock.UtcNow = T0.AddDays(17);
        await h.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(h.Loyalty.Clock.UtcNow));
        Assert.That(h.Enrolled(WorkflowKind.StampCardExpiring), Is.Empty, "thirteen days before it lapses: before the twelve-day lead");
        h.Loyalty.Clock.UtcNow = T0.AddDays(19);
        await h.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(h.Loyalty.Clock.UtcNow));
        Assert.That(h.Enrolled(WorkflowKind.StampCardExpiring), Has.Count.EqualTo(1), "eleven days before: within the lead (the default seven would wait)");

        var silent = await Harness.CreateAsync(CoffeeCard(n: 3, expiryDays: 30, reminderDays: 0));
        await silent.Door.OrderPaidAsync(silent.Coffees(1), null);
        for (var day = 1; day < 30; day++)
        {
            silent.Loyalty.Clock.UtcNow = T0.AddDays(day);
            await silent.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(silent.Loyalty.Clock.UtcNow));
        }
        Assert.That(silent.Enrolled(WorkflowKind.StampCardExpiring), Is.Empty, "no lead: no reminder");
    }

    [TestCase(7, 30, true)]
    [TestCase(0, 30, true)]
    [TestCase(14, 30, true)]
    [TestCase(15, 30, false)]
    [TestCase(-1, 30, false)]
    [TestCase(366, 1000, false)]
    [TestCase(7, 0, true)]
    public void The_reminder_lead_is_validated_at_its_field_between_none_and_half_the_cards_life(int reminderDays, int expiryDays, bool valid)
    {
        var result = StampCards.Validate([CoffeeCard(expiryDays: expiryDays, reminderDays: reminderDays)], id => id == Coffee, _ => false);

        Assert.That(result.IsValid, Is.EqualTo(valid));
        if (!valid)
            Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { "StampCards[0].ReminderDays" }));
    }

    [Test]
    public async Task The_free_products_name_in_the_card_full_email_is_the_hosts_translation_for_the_customer()
    {
        var h = await Harness.CreateAsync(CoffeeCard(n: 2));
        var card = CoffeeCard(n: 2);

        Assert.That(await h.Stamps.RewardProductNameAsync(Store, card, new CustomerId(8)), Is.EqualTo("Кофе"));
        Assert.That(await h.Stamps.RewardProductNameAsync(Store, card, Ann), Is.EqualTo("Coffee"));
        Assert.That(await h.Stamps.RewardProductNameAsync(Store, card with { Reward = StampReward.AmountOff, RewardAmount = 5m }, new CustomerId(8)), Is.Null);
    }

    private static StepMessage Message(Enrollment enrollment) => new(enrollment, WorkflowCatalog.Default(enrollment.Workflow), 0,
        new ContactFacts("a@example.com", "Ann", true, false, true, false, TimeZoneInfo.Utc), null,
        new StepLinks("U", "C", null, new Dictionary<int, string>(), null), IsPreview: false);

    [Test]
    public async Task The_order_that_fills_a_card_starts_one_card_full_email_whose_tokens_carry_the_coupon_and_what_it_gives()
    {
        var h = await Harness.CreateAsync(CoffeeCard());
        await h.Door.OrderPaidAsync(h.Coffees(1), null);
        await h.Door.OrderPaidAsync(h.Coffees(2), null);
        Assert.That(h.Enrolled(WorkflowKind.StampCardFull), Is.Empty, "two stamps of three: no email yet");

        var third = h.Coffees(3);
        await h.Door.OrderPaidAsync(third, null);
        await h.Door.OrderPaidAsync(third, null);

        var enrolled = h.Enrolled(WorkflowKind.StampCardFull);
        Assert.That(enrolled.Select(e => e.Subject), Is.EqualTo(new[] { StampNotice.FullSubject(1, 1) }), "one email, the replay adds none");
        var content = await h.RenderAsync(enrolled[0]);
        Assert.That(content.NothingToSay, Is.Null);
        var code = (await h.Stamps.CardsAsync(Store, Ann)).Single().Coupons.Single().Code;
        Assert.That(content.Tokens[WorkflowTokens.CouponCode], Is.EqualTo(code).And.Not.Empty);
        Assert.That(content.Tokens[WorkflowTokens.StampCardName], Is.EqualTo("Coffee card"));
        Assert.That(content.Tokens[WorkflowTokens.StampReward], Is.EqualTo("one Coffee free"));
        Assert.That(content.Tokens[WorkflowTokens.CouponValue], Is.EqualTo("$4.50"));
        Assert.That(content.Tokens[WorkflowTokens.CouponExpires], Is.EqualTo(English(T0.AddDays(60))), "60 days after the card filled");

        await h.Workflows.Engine.RunUntilAsync(T0.AddHours(1));
        Assert.That(h.Workflows.Engine.MessagesTo(7).Select(m => m.TemplateName), Does.Contain(WorkflowCatalog.TemplateName(WorkflowKind.StampCardFull, 0)));
    }

    [Test]
    public async Task A_refund_that_withdraws_the_unused_coupon_leaves_the_card_full_email_nothing_to_send()
    {
        var h = await Harness.CreateAsync(CoffeeCard(n: 2));
        await h.Door.OrderPaidAsync(h.Coffees(1), null);
        await h.Door.OrderPaidAsync(h.Coffees(2), null);
        var order = h.Loyalty.Store.OrderList.Single(o => o.Id == 2);
        order.RefundedAmount = order.OrderTotal;
        order.PaymentStatusId = (int)PaymentState.Refunded;

        await h.Door.OrderRefundedAsync(new OrderRefund(Store, Ann, 2, 4.5m, 4.5m));

        var content = await h.RenderAsync(h.Enrolled(WorkflowKind.StampCardFull).Single());
        Assert.That(content.NothingToSay, Does.Contain("withdrawn"));
    }

    [Test]
    public async Task A_partial_card_lapsing_within_the_reminder_days_gets_one_reminder_a_night_and_none_after_it_fills()
    {
        var h = await Harness.CreateAsync(CoffeeCard(n: 3, expiryDays: 30));
        await h.Door.OrderPaidAsync(h.Coffees(1), null);

        h.Loyalty.Clock.UtcNow = T0.AddDays(22);
        await h.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(h.Loyalty.Clock.UtcNow));
        Assert.That(h.Enrolled(WorkflowKind.StampCardExpiring), Is.Empty, "eight days before it lapses: too early");

        h.Loyalty.Clock.UtcNow = T0.AddDays(24);
        await h.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(h.Loyalty.Clock.UtcNow));
        h.Loyalty.Clock.UtcNow = T0.AddDays(25);
        await h.Door.LoyaltyNightAsync(Store, DateOnly.FromDateTime(h.Loyalty.Clock.UtcNow));

        var reminder = h.Enrolled(WorkflowKind.StampCardExpiring).Single();
        Assert.That(reminder.Subject, Is.EqualTo(StampNotice.ExpiringSubject(1, 1)));
        var content = await h.RenderAsync(reminder);
        Assert.That(content.Tokens[WorkflowTokens.StampsToGo], Is.EqualTo("2"));
        Assert.That(content.Tokens[WorkflowTokens.StampCardExpires], Is.EqualTo(English(T0.AddDays(30))), "30 days after the first stamp");
        var russian = await h.RenderAsync(reminder, new EmailReader(System.Globalization.CultureInfo.GetCultureInfo("ru-RU")));
        Assert.That(russian.Tokens[WorkflowTokens.StampReward], Is.EqualTo("товар «Coffee» в подарок"));

        await h.Door.OrderPaidAsync(h.Coffees(2, quantity: 1), null);
        await h.Door.OrderPaidAsync(h.Coffees(3, quantity: 1), null);
        Assert.That((await h.RenderAsync(reminder)).NothingToSay, Is.Not.Null, "the card filled before the reminder went: it has nothing to say");
    }

    [Test]
    public void Subjects_name_the_card_and_its_number_and_nothing_else_parses_as_one()
    {
        Assert.That(StampNotice.FullOf(StampNotice.FullSubject(12, 3)), Is.EqualTo((12, 3)));
        Assert.That(StampNotice.ExpiringOf(StampNotice.ExpiringSubject(4, 1)), Is.EqualTo((4, 1)));
        Assert.That(StampNotice.FullOf(StampNotice.ExpiringSubject(4, 1)), Is.Null);
        Assert.That(StampNotice.ExpiringOf("stamp-expiring:x:1"), Is.Null);
    }
}
