using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Stamps;

public sealed class StampProgramTests
{
    private static readonly StoreId Store = new(1);
    private static readonly CustomerId Shopper = new(5);
    private const int Coffee = 10;
    private const int Mug = 20;
    private const int CoffeeCategory = 3;

    private sealed class Catalog : IStampCatalog
    {
        public Task<decimal?> PriceAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
            Task.FromResult<decimal?>(productId == Coffee ? 4.5m : null);
    }

    private sealed class Harness
    {
        public readonly TestClock Clock = new(Build.Epoch);
        public readonly InMemoryTables Tables = new();
        public readonly InMemoryCouponDiscounts Discounts = new();
        public readonly InMemoryLoyaltySettingsStore Settings = new();
        public readonly InMemoryStoreData Data = new();
        public readonly StampProgram Program;

        public Harness(params StampCardDefinition[] cards)
        {
            var runner = new InMemoryQueryRunner();
            Coupons = new CouponStore(Tables.Table<CouponRow>(), Discounts, runner, Clock);
            Stamps = new StampStore(Tables.Table<StampRow>(), runner);
            Program = new StampProgram(Stamps, Coupons, Settings, new Catalog(), Data, runner, Clock);
            Settings.SaveAsync(Store, new LoyaltySettings { StampCards = cards }).GetAwaiter().GetResult();
        }

        public CouponStore Coupons { get; }
        public StampStore Stamps { get; }

        public IReadOnlyList<StampRow> Rows => Tables.Table<StampRow>().Rows.ToList();

        public async Task<StampCardView> CardAsync(int id = 1) => (await Program.CardsAsync(Store, Shopper)).Single(v => v.Card.Id == id);
    }

    private static StampCardDefinition CoffeeCard(int n = 3, StampCounting counting = StampCounting.PerOrder, int expiryDays = 30) => new()
    {
        Id = 1, Name = "Coffee card", Scope = StampScope.Product, TargetId = Coffee, Counting = counting, StampsToFill = n,
        Reward = StampReward.FreeProduct, RewardProductId = Coffee, ExpiryDays = expiryDays, CouponValidDays = 60,
    };

    private static EarnOrder Order(int id, DateTime paid, params EarnLine[] lines) => new(Store, Shopper, id, paid, lines);

    private static EarnLine CoffeeLine(int quantity = 1) => new(Coffee, quantity, 4.5m, CategoryIds: [CoffeeCategory]);

    private static EarnLine MugLine(int quantity = 1) => new(Mug, quantity, 12m, CategoryIds: [5]);

    [Test]
    public async Task Each_paid_order_with_the_product_gives_one_stamp_and_the_third_fills_the_card_with_a_keyed_coupon()
    {
        var h = new Harness(CoffeeCard());

        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine(2)));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch.AddDays(1), CoffeeLine(), MugLine()));
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(2));

        var third = await h.Program.OrderPaidAsync(Order(102, Build.Epoch.AddDays(2), CoffeeLine()));

        Assert.That(third.Filled, Has.Count.EqualTo(1));
        Assert.That(third.Filled[0].Number, Is.EqualTo(1));
        Assert.That(third.Filled[0].RewardValue, Is.EqualTo(4.5m), "a free coffee is worth its price when the card filled");
        var coupon = h.Tables.Table<CouponRow>().Rows.Single();
        Assert.That(coupon.IdempotencyKey, Is.EqualTo("stamp-card:1:1:5:1"));
        Assert.That(coupon.Code, Is.EqualTo(third.Filled[0].CouponCode));
        Assert.That(coupon.ExpiresOnUtc, Is.EqualTo(Build.Epoch.AddDays(62)));
        var view = await h.CardAsync();
        Assert.That((view.Stamps, view.Coupons.Count), Is.EqualTo((0, 1)), "the next card starts empty");
    }

    [Test]
    public async Task Per_item_counts_every_unit_and_spills_onto_the_next_card()
    {
        var h = new Harness(CoffeeCard(counting: StampCounting.PerItem));

        var outcome = await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine(4), MugLine(3)));

        Assert.That((outcome.StampsGiven, outcome.Filled.Count), Is.EqualTo((4, 1)));
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(1));
        Assert.That(h.Rows.Where(r => r.KindId == (int)StampRowKind.Stamp).Select(r => r.CardNumber), Is.EqualTo(new[] { 1, 1, 1, 2 }));
    }

    [Test]
    public async Task A_replayed_order_stamps_nothing_twice_and_issues_no_second_coupon()
    {
        var h = new Harness(CoffeeCard(n: 2, counting: StampCounting.PerItem));
        var order = Order(100, Build.Epoch, CoffeeLine(3));

        await h.Program.OrderPaidAsync(order);
        var replay = await h.Program.OrderPaidAsync(order);

        Assert.That((replay.StampsGiven, replay.Filled.Count), Is.EqualTo((0, 0)));
        Assert.That(h.Rows.Count(r => r.KindId == (int)StampRowKind.Stamp), Is.EqualTo(3));
        Assert.That(h.Discounts.Discounts, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_order_card_counts_orders_from_the_minimum_amount_after_discounts()
    {
        var h = new Harness(new StampCardDefinition
        {
            Id = 1, Name = "Order card", Scope = StampScope.Order, MinOrderAmount = 20m, StampsToFill = 5, Reward = StampReward.AmountOff, RewardAmount = 10m,
        });

        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, MugLine(2)) with { OrderDiscount = 4.01m }); // 19.99 after discount
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(0));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch, MugLine(2)) with { OrderDiscount = 4m, Shipping = 100m });

        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(1), "20.00 after discount qualifies; shipping never counts");
    }

    [Test]
    public async Task A_category_card_counts_only_its_category_and_never_gift_cards()
    {
        var h = new Harness(new StampCardDefinition
        {
            Id = 1, Name = "Any coffee", Scope = StampScope.Category, TargetId = CoffeeCategory, Counting = StampCounting.PerItem, StampsToFill = 10,
            Reward = StampReward.AmountOff, RewardAmount = 5m,
        });

        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine(2), MugLine(5),
            new EarnLine(99, 3, 25m, IsGiftCard: true, CategoryIds: [CoffeeCategory])));

        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(2));
    }

    [Test]
    public async Task A_partial_card_lapses_exactly_its_expiry_days_after_the_first_stamp()
    {
        var h = new Harness(CoffeeCard(n: 5, expiryDays: 30));
        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch.AddDays(30).AddSeconds(-1), CoffeeLine()));
        h.Clock.UtcNow = Build.Epoch.AddDays(30).AddSeconds(-1);
        var before = await h.CardAsync();
        Assert.That((before.Stamps, before.ExpiresUtc), Is.EqualTo((2, (DateTime?)Build.Epoch.AddDays(30))));

        h.Clock.UtcNow = Build.Epoch.AddDays(30);
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(0), "at the expiry instant the stamps no longer count");

        await h.Program.OrderPaidAsync(Order(102, Build.Epoch.AddDays(30), CoffeeLine()));
        var after = await h.CardAsync();
        Assert.That((after.Stamps, after.ExpiresUtc), Is.EqualTo((1, (DateTime?)Build.Epoch.AddDays(60))));
        Assert.That(h.Rows.Count(r => r.StateId == (int)StampState.Expired), Is.EqualTo(2));
    }

    [Test]
    public async Task A_card_with_no_expiry_keeps_its_stamps()
    {
        var h = new Harness(CoffeeCard(n: 5, expiryDays: 0));
        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch.AddDays(3000), CoffeeLine()));

        h.Clock.UtcNow = Build.Epoch.AddDays(3000);
        var view = await h.CardAsync();
        Assert.That((view.Stamps, view.ExpiresUtc), Is.EqualTo((2, (DateTime?)null)));
    }

    [Test]
    public async Task A_cancelled_order_takes_its_stamp_away_once_and_a_partial_refund_keeps_it()
    {
        var h = new Harness(CoffeeCard(n: 5));
        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch, CoffeeLine()));

        var partial = await h.Program.OrderRefundedAsync(new OrderRefund(Store, Shopper, 100, 10m, 4m));
        Assert.That(partial.StampsRemoved, Is.EqualTo(0));

        var cancel = new OrderRefund(Store, Shopper, 100, 10m, 0m, Cancelled: true);
        var first = await h.Program.OrderRefundedAsync(cancel);
        var again = await h.Program.OrderRefundedAsync(cancel);

        Assert.That((first.StampsRemoved, again.StampsRemoved), Is.EqualTo((1, 0)));
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refund_on_a_full_card_whose_coupon_is_unused_withdraws_it_and_the_other_stamps_stay_earned()
    {
        var h = new Harness(CoffeeCard(n: 3));
        for (var i = 0; i < 4; i++)
            await h.Program.OrderPaidAsync(Order(100 + i, Build.Epoch.AddDays(i), CoffeeLine()));
        var code = (await h.CardAsync()).Coupons.Single().Code;

        var removal = await h.Program.OrderRefundedAsync(new OrderRefund(Store, Shopper, 101, 4.5m, 4.5m));

        Assert.That((removal.StampsRemoved, removal.CouponsWithdrawn, removal.Overdrawn), Is.EqualTo((1, 1, 0)));
        Assert.That(h.Discounts.Discounts.Any(d => d.Code == code), Is.False, "the coupon no longer works");
        var view = await h.CardAsync();
        Assert.That(view.Stamps, Is.EqualTo(0), "the two stamps left and the fourth order's refill the next card at three");
        Assert.That(view.Coupons.Select(c => (c.Number, c.State)), Is.EqualTo(new[] { (1, StampState.Withdrawn), (2, StampState.Filled) }));
        Assert.That(h.Discounts.Discounts, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_refund_on_a_full_card_whose_coupon_was_used_keeps_the_coupon_and_records_the_overdraft()
    {
        var h = new Harness(CoffeeCard(n: 2));
        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch, CoffeeLine()));
        h.Discounts.MarkUsed((await h.CardAsync()).Coupons.Single().Code);

        var removal = await h.Program.OrderRefundedAsync(new OrderRefund(Store, Shopper, 101, 4.5m, 0m, Cancelled: true));

        Assert.That((removal.StampsRemoved, removal.CouponsWithdrawn, removal.Overdrawn), Is.EqualTo((1, 0, 1)));
        Assert.That((await h.CardAsync()).Coupons.Single().State, Is.EqualTo(StampState.Overdrawn));
        var accounting = await h.Program.AccountingAsync(Store, Build.Epoch, Build.Epoch.AddDays(1));
        Assert.That((accounting.CouponsIssued, accounting.CouponsRedeemed, accounting.Overdrawn), Is.EqualTo((1, 1, 1)));
    }

    [Test]
    public async Task A_fully_refunded_order_reaching_paid_late_gives_no_stamp()
    {
        var h = new Harness(CoffeeCard());

        var outcome = await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()) with
        {
            Refunds = new OrderRefund(Store, Shopper, 100, 4.5m, 4.5m),
        });

        Assert.That(outcome.StampsGiven, Is.EqualTo(0));
    }

    [Test]
    public async Task An_erased_customer_gets_no_stamp_and_a_switched_off_card_none_either()
    {
        var h = new Harness(CoffeeCard(), CoffeeCard() with { Id = 2, Enabled = false });
        h.Data.CustomerList.Add(new CustomerFact { Id = Shopper.Value, Deleted = true, Email = "" });

        Assert.That((await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()))).StampsGiven, Is.EqualTo(0));
        h.Data.CustomerList.Clear();
        Assert.That((await h.Program.OrderPaidAsync(Order(101, Build.Epoch, CoffeeLine()))).StampsGiven, Is.EqualTo(1));
        Assert.That(h.Rows.All(r => r.CardId == 1), Is.True);
    }

    [Test]
    public async Task The_cart_preview_says_what_the_order_adds_and_how_many_are_still_missing()
    {
        var h = new Harness(CoffeeCard(n: 5, counting: StampCounting.PerItem));
        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine(2)));

        var preview = (await h.Program.PreviewAsync(Order(0, Build.Epoch, CoffeeLine()))).Single();
        var filling = (await h.Program.PreviewAsync(Order(0, Build.Epoch, CoffeeLine(3)))).Single();

        Assert.That((preview.Current.Stamps, preview.Adds, preview.ToGoAfter, preview.Fills), Is.EqualTo((2, 1, 2, 0)));
        Assert.That((filling.Adds, filling.ToGoAfter, filling.Fills), Is.EqualTo((3, 0, 1)));
    }

    [Test]
    public async Task The_door_stamps_a_paid_order_and_a_cancellation_takes_it_back_without_a_loyalty_program()
    {
        var h = new Harness(CoffeeCard(n: 5));
        var door = new StoreEvents(null, null, new RecordingWorkflowTriggers(), stamps: h.Program);

        await door.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()), null);
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(1));
        await door.OrderRefundedAsync(new OrderRefund(Store, Shopper, 100, 4.5m, 0m, Cancelled: true));
        Assert.That((await h.CardAsync()).Stamps, Is.EqualTo(0));
    }

    [Test]
    public void Validation_names_each_field_of_each_card()
    {
        var cards = new[]
        {
            CoffeeCard(n: 1),
            CoffeeCard(n: 51) with { Id = 1, Name = " ", TargetId = 404 },
            new StampCardDefinition { Id = 3, Name = "Orders", Scope = StampScope.Order, StampsToFill = 5, Reward = StampReward.AmountOff, RewardAmount = 0m, ExpiryDays = -1 },
            new StampCardDefinition { Id = 4, Name = "Tea", Scope = StampScope.Category, TargetId = 77, StampsToFill = 50, Reward = StampReward.FreeProduct, RewardProductId = 404 },
        };

        var result = StampCards.Validate(cards, id => id == Coffee || id == Mug, id => id == CoffeeCategory);

        Assert.That(result.Errors.Select(e => e.Field), Is.EquivalentTo(new[]
        {
            "StampCards[0].StampsToFill",
            "StampCards[1].Id", "StampCards[1].Name", "StampCards[1].TargetId", "StampCards[1].StampsToFill",
            "StampCards[2].RewardAmount", "StampCards[2].ExpiryDays",
            "StampCards[3].TargetId", "StampCards[3].RewardProductId",
        }));
        Assert.That(StampCards.Validate([CoffeeCard(n: 2), CoffeeCard(n: 50) with { Id = 2 }], id => id == Coffee, _ => false).IsValid, Is.True);
    }
    [Test]
    public async Task Outstanding_reward_coupons_are_the_filled_cards_coupons_not_used_not_withdrawn_and_not_expired_at_the_instant()
    {
        var h = new Harness(CoffeeCard(n: 1));
        await h.Program.OrderPaidAsync(Order(100, Build.Epoch, CoffeeLine()));
        await h.Program.OrderPaidAsync(Order(101, Build.Epoch.AddDays(1), CoffeeLine()));
        await h.Program.OrderPaidAsync(Order(102, Build.Epoch.AddDays(2), CoffeeLine()));
        h.Discounts.MarkUsed((await h.CardAsync()).Coupons.Single(c => c.Number == 2).Code);
        await h.Program.OrderRefundedAsync(new OrderRefund(Store, Shopper, 102, 4.5m, 4.5m));

        var dayAfter = await h.Program.OutstandingAsync(Store, Build.Epoch.AddDays(3));
        Assert.That((dayAfter.Coupons, dayAfter.Value), Is.EqualTo((1, 4.5m)), "card 1 stands; card 2's coupon was used; card 3's was withdrawn by the refund");
        Assert.That((await h.Program.OutstandingAsync(Store, Build.Epoch.AddHours(1))).Coupons, Is.EqualTo(1), "only card 1 had filled an hour in");
        Assert.That((await h.Program.OutstandingAsync(Store, Build.Epoch.AddDays(60))).Coupons, Is.Zero, "a coupon 60 days old has expired (CouponValidDays = 60)");

        var dashboard = await h.Program.DashboardAsync(Store, Build.Epoch, Build.Epoch.AddDays(3));
        Assert.That((dashboard.CompletedInPeriod, dashboard.CouponsIssued, dashboard.CouponsRedeemed), Is.EqualTo((3, 2, 1)),
            "three cards filled in the window, one coupon withdrawn since, one used");
    }
}
