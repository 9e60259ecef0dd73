using Retention.Core.Loyalty;
using Retention.Core.Loyalty.Cards;

namespace Retention.Core.Tests.Loyalty.Cards;

public class CardRulesTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CardLevel Three = new(10_000m, 3m);
    private static readonly CardLevel Five = new(30_000m, 5m);
    private static readonly CardLevel Seven = new(60_000m, 7m);

    private static CardSettings Card(int windowMonths = 0, int decayDays = 30) =>
        new() { Enabled = true, Levels = [Three, Five, Seven], WindowMonths = windowMonths, DecayDays = decayDays };

    private static TierOrder Paid(DateTime at, decimal amount) => new(at, amount);

    [Test]
    public void All_time_spend_reaches_the_highest_level_whose_threshold_it_meets()
    {
        var status = CardRules.Evaluate(Card(), [Paid(Now.AddYears(-5), 20_000m), Paid(Now.AddDays(-1), 10_000m)], Now);

        Assert.That(status.Measure, Is.EqualTo(30_000m));
        Assert.That(status.Level, Is.EqualTo(Five), "exactly the threshold reaches the level");
        Assert.That(status.Next, Is.EqualTo(Seven));
        Assert.That(status.Missing, Is.EqualTo(30_000m));
    }

    [Test]
    public void Spend_just_below_the_first_threshold_gives_no_discount_and_says_what_is_missing()
    {
        var status = CardRules.Evaluate(Card(), [Paid(Now.AddDays(-1), 9_999.99m)], Now);

        Assert.That(status.Level, Is.Null);
        Assert.That(status.Percent, Is.Zero);
        Assert.That(status.Next, Is.EqualTo(Three));
        Assert.That(status.Missing, Is.EqualTo(0.01m));
        Assert.That(status.DropsOnUtc, Is.Null, "nothing to lose");
    }

    [Test]
    public void Rolling_window_counts_an_order_paid_just_inside_and_not_one_paid_exactly_at_its_start()
    {
        var settings = Card(windowMonths: 12, decayDays: 0);
        var start = Now.AddMonths(-12);

        var inside = CardRules.Evaluate(settings, [Paid(start.AddSeconds(1), 10_000m)], Now);
        var atStart = CardRules.Evaluate(settings, [Paid(start, 10_000m)], Now);

        Assert.That(inside.Level, Is.EqualTo(Three));
        Assert.That(atStart.Level, Is.Null, "the window's start is exclusive, as the tiers' is");
        Assert.That(atStart.Measure, Is.Zero);
    }

    [Test]
    public void The_card_drops_one_level_on_exactly_the_decay_day_and_not_a_moment_before()
    {
        var last = Now.AddDays(-30);
        var orders = new[] { Paid(last, 60_000m) };

        var before = CardRules.Evaluate(Card(), orders, Now.AddTicks(-1));
        var onTheDay = CardRules.Evaluate(Card(), orders, Now);

        Assert.That(before.Level, Is.EqualTo(Seven));
        Assert.That(before.DropsOnUtc, Is.EqualTo(Now));
        Assert.That(before.DropsTo, Is.EqualTo(Five));
        Assert.That(onTheDay.Level, Is.EqualTo(Five));
        Assert.That(onTheDay.Earned, Is.EqualTo(Seven), "the spend still earns the top level: a purchase gives it back");
        Assert.That(onTheDay.DropsOnUtc, Is.EqualTo(Now.AddDays(30)), "the next step after as many days again");
    }

    [Test]
    public void Each_further_period_without_a_purchase_takes_one_more_level_down_to_none()
    {
        var orders = new[] { Paid(Now, 60_000m) };

        Assert.That(CardRules.Evaluate(Card(), orders, Now.AddDays(60)).Level, Is.EqualTo(Three));
        var gone = CardRules.Evaluate(Card(), orders, Now.AddDays(90));
        Assert.That(gone.Level, Is.Null);
        Assert.That(gone.DropsOnUtc, Is.Null);
        Assert.That(CardRules.Evaluate(Card(), orders, Now.AddDays(9_000)).Level, Is.Null);
    }

    [Test]
    public void A_new_purchase_restarts_the_decay_clock_and_restores_the_earned_level()
    {
        var orders = new[] { Paid(Now.AddDays(-65), 60_000m), Paid(Now.AddDays(-1), 10m) };

        var status = CardRules.Evaluate(Card(), orders, Now);

        Assert.That(status.Level, Is.EqualTo(Seven));
        Assert.That(status.DropsOnUtc, Is.EqualTo(Now.AddDays(29)));
    }

    [Test]
    public void Decay_zero_never_drops()
    {
        Assert.That(CardRules.Evaluate(Card(decayDays: 0), [Paid(Now.AddYears(-3), 60_000m)], Now).Level, Is.EqualTo(Seven));
    }

    [Test]
    public void A_refund_that_takes_the_spend_below_a_threshold_lowers_the_level()
    {
        // The counted order's worth is its total less what was refunded (the query's Amount).
        var beforeRefund = CardRules.Evaluate(Card(), [Paid(Now.AddDays(-2), 31_000m)], Now);
        var afterRefund = CardRules.Evaluate(Card(), [Paid(Now.AddDays(-2), 31_000m - 2_000m)], Now);

        Assert.That(beforeRefund.Level, Is.EqualTo(Five));
        Assert.That(afterRefund.Level, Is.EqualTo(Three));
        Assert.That(afterRefund.Missing, Is.EqualTo(1_000m));
    }

    [Test]
    public void A_level_the_admin_deleted_is_not_held_any_more_the_spend_lands_on_what_is_left()
    {
        var orders = new[] { Paid(Now.AddDays(-1), 35_000m) };
        var edited = Card() with { Levels = [Three, Seven] };

        Assert.That(CardRules.Evaluate(edited, orders, Now).Level, Is.EqualTo(Three));
    }

    [Test]
    public void Levels_saved_in_any_order_are_judged_by_threshold()
    {
        var shuffled = new CardSettings { Enabled = true, Levels = [Seven, Three, Five], DecayDays = 30 };

        var status = CardRules.Evaluate(shuffled, [Paid(Now, 61_000m)], Now.AddDays(31));

        Assert.That(status.Level, Is.EqualTo(Five));
    }

    [Test]
    public void The_discount_on_an_order_is_its_percent_rounded_to_the_cent()
    {
        Assert.That(CardRules.DiscountOn(99.99m, 3m), Is.EqualTo(3.00m));
        Assert.That(CardRules.DiscountOn(10.50m, 5m), Is.EqualTo(0.53m));
        Assert.That(CardRules.DiscountOn(0m, 5m), Is.Zero);
        Assert.That(CardRules.DiscountOn(100m, 0m), Is.Zero);
    }

    [Test]
    public void Valid_settings_pass()
    {
        Assert.That(Card().Validate().IsValid, Is.True);
        Assert.That(new LoyaltySettings { Card = Card() }.Validate().IsValid, Is.True);
    }

    [Test]
    public void Each_bad_field_is_named()
    {
        var bad = new CardSettings
        {
            Enabled = true,
            Levels = [new(10_000m, 3m), new(10_000m, 0m), new(-1m, 101m), new(50_000m, 2m)],
            WindowMonths = -1,
            DecayDays = 4_000,
        };

        var fields = new LoyaltySettings { Card = bad }.Validate().Errors.Select(e => e.Field).ToList();

        Assert.That(fields, Is.EquivalentTo(new[]
        {
            "Card.WindowMonths", "Card.DecayDays",
            "Card.Levels[1].Threshold", "Card.Levels[1].Percent",
            "Card.Levels[2].Threshold", "Card.Levels[2].Percent",
            "Card.Levels[3].Percent",
        }));
    }

    [Test]
    public void A_switched_on_card_needs_a_level_and_a_card_has_at_most_ten()
    {
        Assert.That(new CardSettings { Enabled = true }.Validate().Errors.Single().Field, Is.EqualTo("Card.Levels"));
        Assert.That(new CardSettings().Validate().IsValid, Is.True, "off and empty is the default");
        var eleven = Enumerable.Range(1, 11).Select(i => new CardLevel(i * 1_000m, i)).ToList();
        Assert.That(new CardSettings { Levels = eleven }.Validate().Errors.Single().Field, Is.EqualTo("Card.Levels"));
    }
}
