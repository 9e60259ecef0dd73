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

    private static StampCardDefinition CoffeeCard(int n = 3, int expiryDays = 30) => new()
    {
        Id = 1, Name = "Coffee card", Scope = StampScope.Product, TargetId = Coffee, Counting = StampCounting.PerOrder, StampsToFill = n,
        Reward = StampReward.FreeProduct, RewardProductId = Coffee, ExpiryDays = expiryDays, CouponValidDays = 60,
    };

    private static string English(DateTime day) => day.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));

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
