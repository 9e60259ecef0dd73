using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class EarningTests
{
    [Test]
    public void One_point_per_currency_unit_on_the_subtotal_rounded_down()
    {
        Assert.That(Earning.Quote(Order(99.99m), Plain).Points, Is.EqualTo(99));
    }

    [Test]
    public void Rate_is_applied_to_the_spend()
    {
        Assert.That(Earning.Quote(Order(40m), Plain with { PointsPerCurrencyUnit = 2.5m }).Points, Is.EqualTo(100));
    }

    [Test]
    public void Fractions_are_rounded_down_once_for_the_whole_order_not_per_line()
    {
        var order = Order(1, Line(10.6m, product: 1), Line(10.6m, product: 2));

        Assert.That(Earning.Quote(order, Plain).Points, Is.EqualTo(21));
    }

    [Test]
    public void Line_and_order_discounts_are_taken_off_before_earning()
    {
        var order = Order(1, Line(50m, quantity: 2, discount: 10m), Line(10m, product: 2)) with { OrderDiscount = 20m };

        Assert.That(Earning.Quote(order, Plain).Points, Is.EqualTo(80));
    }

    [Test]
    public void Discount_larger_than_the_order_earns_nothing()
    {
        var order = Order(20m) with { OrderDiscount = 50m };

        Assert.That(Earning.Quote(order, Plain).Points, Is.EqualTo(0));
        Assert.That(Earning.Entry(order, Plain, new FixedClock(T0)), Is.Null);
    }

    [Test]
    public void Shipping_and_tax_earn_nothing_by_default()
    {
        var order = Order(100m) with { Shipping = 10m, Tax = 21m };

        Assert.That(Earning.Quote(order, Plain).Points, Is.EqualTo(100));
    }

    [Test]
    public void Shipping_and_tax_earn_when_switched_on()
    {
        var order = Order(100m) with { Shipping = 10m, Tax = 21m };

        Assert.That(Earning.Quote(order, Plain with { EarnOnShipping = true }).Points, Is.EqualTo(110));
        Assert.That(Earning.Quote(order, Plain with { EarnOnTax = true }).Points, Is.EqualTo(121));
        Assert.That(Earning.Quote(order, Plain with { EarnOnShipping = true, EarnOnTax = true }).Points, Is.EqualTo(131));
    }

    [Test]
    public void Gift_card_lines_earn_nothing_by_default()
    {
        var order = Order(1, Line(30m), Line(50m, product: 9, giftCard: true));

        Assert.That(Earning.Quote(order, Plain).Points, Is.EqualTo(30));
        Assert.That(Earning.Quote(order, Plain with { EarnOnGiftCards = true }).Points, Is.EqualTo(80));
    }

    [Test]
    public void Part_paid_with_points_earns_nothing_by_default()
    {
        var order = Order(100m) with { PaidWithPoints = 25m };

        Assert.That(Earning.Quote(order, Plain).Points, Is.EqualTo(75));
        Assert.That(Earning.Quote(order, Plain with { EarnOnPointsPaidPart = true }).Points, Is.EqualTo(100));
    }

    [Test]
    public void Order_paid_entirely_with_points_earns_nothing()
    {
        Assert.That(Earning.Quote(Order(40m) with { PaidWithPoints = 40m }, Plain).Points, Is.EqualTo(0));
    }

    [Test]
    public void Points_paid_share_is_taken_from_shipping_too_when_shipping_earns()
    {
        // Total 110, a tenth paid with points: 90% of the 110 eligible.
        var order = Order(100m) with { Shipping = 10m, PaidWithPoints = 11m };

        Assert.That(Earning.Quote(order, Plain with { EarnOnShipping = true }).Points, Is.EqualTo(99));
    }

    [Test]
    public void Product_multiplier_applies_to_its_line_only()
    {
        var settings = Plain with { ProductMultipliers = new Dictionary<int, decimal> { [5] = 3m } };
        var order = Order(1, Line(10m, product: 5), Line(10m, product: 6));

        Assert.That(Earning.Quote(order, settings).Points, Is.EqualTo(40));
    }

    [Test]
    public void Highest_category_multiplier_applies_and_a_product_multiplier_wins_over_categories()
    {
        var settings = Plain with
        {
            CategoryMultipliers = new Dictionary<int, decimal> { [1] = 2m, [2] = 1.5m },
            ProductMultipliers = new Dictionary<int, decimal> { [7] = 0.5m },
        };

        Assert.That(Earning.Quote(Order(1, Line(10m, product: 6, categories: [1, 2])), settings).Points, Is.EqualTo(20));
        Assert.That(Earning.Quote(Order(1, Line(10m, product: 7, categories: [1])), settings).Points, Is.EqualTo(5));
    }

    [Test]
    public void Promotion_applies_only_between_its_start_inclusive_and_end_exclusive()
    {
        var settings = Plain with { Promotions = [new PromoMultiplier("Double week", T0, T0.AddDays(7), 2m)] };

        Assert.That(Earning.Quote(Order(10m) with { PaidUtc = T0.AddTicks(-1) }, settings).Points, Is.EqualTo(10));
        Assert.That(Earning.Quote(Order(10m) with { PaidUtc = T0 }, settings).Points, Is.EqualTo(20));
        Assert.That(Earning.Quote(Order(10m) with { PaidUtc = T0.AddDays(7) }, settings).Points, Is.EqualTo(10));
    }

    [Test]
    public void Overlapping_promotions_do_not_stack_the_highest_applies()
    {
        var settings = Plain with
        {
            Promotions = [new PromoMultiplier("a", T0, T0.AddDays(1), 2m), new PromoMultiplier("b", T0, T0.AddDays(1), 3m)],
        };

        Assert.That(Earning.Quote(Order(10m), settings).Points, Is.EqualTo(30));
    }

    [Test]
    public void Tier_multiplier_applies_on_top_of_product_and_promotion_multipliers()
    {
        var settings = Plain with
        {
            ProductMultipliers = new Dictionary<int, decimal> { [100] = 2m },
            Promotions = [new PromoMultiplier("p", T0, T0.AddDays(1), 1.5m)],
        };

        var quote = Earning.Quote(Order(10m), settings, tierMultiplier: 1.25m);

        Assert.That(quote.Points, Is.EqualTo(37)); // 10 × 2 × 1.5 × 1.25 = 37.5
        Assert.That(quote.PromoMultiplier, Is.EqualTo(1.5m));
        Assert.That(quote.TierMultiplier, Is.EqualTo(1.25m));
    }

    [Test]
    public void Negative_tier_multiplier_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Earning.Quote(Order(10m), Plain, -1m));
    }

    [Test]
    public void Entry_is_pending_for_the_return_window_and_keyed_by_store_and_order()
    {
        var settings = Plain with { ActivationDelayDays = 14 };

        var entry = Earning.Entry(Order(120m, id: 1042), settings, new FixedClock(T0))!;

        Assert.That(entry.Key.Value, Is.EqualTo("earn:1:1042"));
        Assert.That(entry.Points, Is.EqualTo(120));
        Assert.That(entry.Reason, Is.EqualTo(LedgerReason.Purchase));
        Assert.That(entry.Source, Is.EqualTo(LedgerSource.Order));
        Assert.That(entry.SourceRef, Is.EqualTo("1042"));
        Assert.That(entry.Store, Is.EqualTo(Store1));
        Assert.That(entry.Customer, Is.EqualTo(Customer));
        Assert.That(entry.CreatedUtc, Is.EqualTo(T0));
        Assert.That(entry.ActivatesUtc, Is.EqualTo(T0.AddDays(14)));
        Assert.That(entry.ExpiresUtc, Is.Null);
    }

    [Test]
    public void Entry_carries_its_lot_expiry_counted_from_activation()
    {
        var settings = Plain with { ActivationDelayDays = 14, Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12 };

        var entry = Earning.Entry(Order(10m), settings, new FixedClock(T0))!;

        Assert.That(entry.ExpiresUtc, Is.EqualTo(T0.AddDays(14).AddMonths(12)));
    }

    [Test]
    public void Same_order_always_produces_the_same_entry_key_so_a_replayed_event_awards_once()
    {
        var clock = new FixedClock(T0);
        var first = Earning.Entry(Order(50m, id: 3), Plain, clock)!;
        clock.UtcNow = T0.AddHours(5);
        var replay = Earning.Entry(Order(50m, id: 3), Plain, clock)!;

        Assert.That(replay.Key, Is.EqualTo(first.Key));
    }

    [Test]
    public async Task Replayed_order_paid_event_leaves_one_entry_on_the_ledger()
    {
        var ledger = new Retention.Testing.InMemory.InMemoryPointsLedger();
        var entry = Earning.Entry(Order(50m, id: 3), Plain, new FixedClock(T0))!;

        Assert.That(await ledger.TryAppendAsync(entry), Is.True);
        Assert.That(await ledger.TryAppendAsync(entry), Is.False);
        Assert.That((await ledger.GetBalanceAsync(Store1, Customer, T0)).Available, Is.EqualTo(50));
    }

    [Test]
    public void Same_order_id_in_another_store_has_its_own_key()
    {
        Assert.That(Earning.KeyFor(new(1), 5), Is.Not.EqualTo(Earning.KeyFor(new(2), 5)));
    }

    [Test]
    public void Product_page_shows_points_for_the_current_price_and_tier()
    {
        var settings = Plain with { ProductMultipliers = new Dictionary<int, decimal> { [3] = 2m } };

        Assert.That(Earning.ForProduct(Line(24.99m, product: 3), settings, T0, tierMultiplier: 1.5m), Is.EqualTo(74));
    }
}
