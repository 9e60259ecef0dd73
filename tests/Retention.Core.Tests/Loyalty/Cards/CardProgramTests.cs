using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Loyalty.Cards;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Loyalty.Cards;

public class CardProgramTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly StoreId Store = new(1);
    private static readonly CustomerId Ann = new(7);
    private static readonly CardLevel Three = new(10_000m, 3m);
    private static readonly CardLevel Five = new(30_000m, 5m);

    private sealed class Harness : ICardObserver
    {
        public InMemoryLoyaltySettingsStore Settings { get; } = new();
        public InMemoryStoreData Data { get; } = new();
        public TestClock Clock { get; } = new(Now);
        public CardStandingStore Standings { get; }
        public CardProgram Program { get; }
        public List<CardChanged> Seen { get; } = new();

        public Harness(CardSettings card)
        {
            Standings = new CardStandingStore(new InMemoryTables().Table<CardStandingRow>(), new InMemoryQueryRunner(), Clock);
            Program = new CardProgram(Settings, Standings, Data, new InMemoryQueryRunner(), this, Clock);
            Use(card);
        }

        public void Use(CardSettings card) =>
            Assert.That(Settings.SaveAsync(Store, new LoyaltySettings { Card = card }).GetAwaiter().GetResult().IsValid, Is.True);

        public OrderFact Order(int id, decimal total, DateTime paid, int customer = 7)
        {
            var order = new OrderFact
            {
                Id = id, StoreId = 1, CustomerId = customer, CreatedOnUtc = paid, PaidDateUtc = paid, OrderStatusId = (int)OrderState.Processing,
                PaymentStatusId = (int)PaymentState.Paid, OrderTotal = total,
            };
            Data.OrderList.Add(order);
            return order;
        }

        public Task CardChangedAsync(CardChanged change, CancellationToken cancellationToken = default)
        {
            Seen.Add(change);
            return Task.CompletedTask;
        }
    }

    private static CardSettings Card => new() { Enabled = true, Levels = [Three, Five], DecayDays = 30 };

    [Test]
    public async Task A_paid_order_crossing_a_threshold_raises_the_card_once_and_a_replay_changes_nothing()
    {
        var h = new Harness(Card);
        h.Order(1, 12_000m, Now);

        var change = await h.Program.ReevaluateAsync(Store, Ann);
        var replay = await h.Program.ReevaluateAsync(Store, Ann);

        Assert.That(change, Is.EqualTo(new CardChanged(Store, Ann, null, Three, CardChange.Up, Now, 1)));
        Assert.That(replay, Is.Null);
        Assert.That(h.Seen, Has.Count.EqualTo(1));
        Assert.That(await h.Program.CheckoutPercentAsync(Store, Ann), Is.EqualTo(3m));
    }

    [Test]
    public async Task A_refund_below_the_threshold_lowers_the_card_at_the_reevaluation()
    {
        var h = new Harness(Card);
        var order = h.Order(1, 31_000m, Now);
        await h.Program.ReevaluateAsync(Store, Ann);

        order.RefundedAmount = 2_000m;
        order.PaymentStatusId = (int)PaymentState.PartiallyRefunded;
        var change = await h.Program.ReevaluateAsync(Store, Ann);

        Assert.That(change!.Change, Is.EqualTo(CardChange.Down));
        Assert.That(change.To, Is.EqualTo(Three));
        Assert.That(await h.Program.CheckoutPercentAsync(Store, Ann), Is.EqualTo(3m));
    }

    [Test]
    public async Task A_cancelled_order_no_longer_counts()
    {
        var h = new Harness(Card);
        var order = h.Order(1, 12_000m, Now);
        await h.Program.ReevaluateAsync(Store, Ann);

        order.OrderStatusId = (int)OrderState.Cancelled;
        await h.Program.ReevaluateAsync(Store, Ann);

        Assert.That(await h.Standings.GetAsync(Store, Ann), Is.EqualTo(CardStanding.None));
    }

    [Test]
    public async Task The_night_drops_holders_after_the_decay_days_and_leaves_recent_buyers_alone()
    {
        var h = new Harness(Card);
        h.Order(1, 31_000m, Now);
        h.Order(2, 31_000m, Now.AddDays(20), customer: 8);
        h.Clock.UtcNow = Now.AddDays(20);
        await h.Program.ReevaluateAsync(Store, Ann);
        await h.Program.ReevaluateAsync(Store, new CustomerId(8));

        h.Clock.UtcNow = Now.AddDays(30);
        var announced = new List<CardChanged>();
        var report = await h.Program.RunNightlyAsync(Store, batchSize: 1, (c, _) => { announced.Add(c); return Task.CompletedTask; });

        Assert.That(report, Is.EqualTo(new CardNightReport(2, 1, 0)));
        Assert.That(announced.Single().Customer, Is.EqualTo(Ann));
        Assert.That(announced.Single().To, Is.EqualTo(Three));
        Assert.That((await h.Standings.GetAsync(Store, new CustomerId(8))).Level, Is.EqualTo(Five));
        Assert.That(await h.Program.RunNightlyAsync(Store), Is.EqualTo(new CardNightReport(2, 0, 0)), "a second run the same night changes nothing");
    }

    [Test]
    public async Task A_level_the_admin_deleted_is_left_at_the_next_night_and_checkout_stops_giving_it_at_once()
    {
        var h = new Harness(Card);
        h.Order(1, 31_000m, Now);
        await h.Program.ReevaluateAsync(Store, Ann);

        h.Use(Card with { Levels = [Three] });
        Assert.That(await h.Program.CheckoutPercentAsync(Store, Ann), Is.Zero, "a level no longer in the ladder gives nothing");
        await h.Program.RunNightlyAsync(Store);

        Assert.That((await h.Standings.GetAsync(Store, Ann)).Level, Is.EqualTo(Three));
        Assert.That(h.Seen[^1].Change, Is.EqualTo(CardChange.Down));
    }

    [Test]
    public async Task Switching_the_card_off_takes_every_level_away_and_shows_nothing()
    {
        var h = new Harness(Card);
        h.Order(1, 12_000m, Now);
        await h.Program.ReevaluateAsync(Store, Ann);

        h.Use(Card with { Enabled = false });
        await h.Program.RunNightlyAsync(Store);

        Assert.That(await h.Standings.GetAsync(Store, Ann), Is.EqualTo(CardStanding.None));
        Assert.That(await h.Program.StatusAsync(Store, Ann), Is.Null);
        Assert.That(await h.Program.CheckoutPercentAsync(Store, Ann), Is.Zero);
    }

    [Test]
    public async Task An_erased_customer_gets_no_standing_written()
    {
        var h = new Harness(Card);
        h.Data.CustomerList.Add(new CustomerFact { Id = 7, Deleted = true, Email = "" });
        h.Order(1, 12_000m, Now);

        Assert.That(await h.Program.ReevaluateAsync(Store, Ann), Is.Null);
        Assert.That(await h.Standings.GetAsync(Store, Ann), Is.EqualTo(CardStanding.None));
    }

    [Test]
    public async Task The_dashboard_counts_holders_per_level_of_the_ladder()
    {
        var h = new Harness(Card);
        h.Order(1, 12_000m, Now);
        h.Order(2, 40_000m, Now, customer: 8);
        h.Order(3, 11_000m, Now, customer: 9);
        foreach (var id in new[] { 7, 8, 9 })
            await h.Program.ReevaluateAsync(Store, new CustomerId(id));

        var holders = await h.Program.HoldersPerLevelAsync(Store);

        Assert.That(holders, Is.EqualTo(new[] { new CardLevelHolders(1, Three, 2), new CardLevelHolders(2, Five, 1) }));
    }
}
