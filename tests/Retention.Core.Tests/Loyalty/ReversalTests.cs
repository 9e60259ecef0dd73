using System.Globalization;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class ReversalTests
{
    private static readonly DateTime Later = T0.AddDays(20);

    private static OrderRefund Refund(decimal refundedSoFar, decimal total = 100m, int order = 1, bool cancelled = false) =>
        new(Store1, Customer, order, total, refundedSoFar, cancelled);

    private static LedgerEntry Earned(int points, int order = 1, DateTime? at = null, DateTime? activates = null, DateTime? expires = null) =>
        Credit($"earn:1:{order}", points, at ?? T0, expires, LedgerReason.Purchase, order.ToString(System.Globalization.CultureInfo.InvariantCulture), activates);

    private static ReversalPlan Plan(IEnumerable<LedgerEntry> entries, OrderRefund refund, LoyaltySettings? settings = null, DateTime? now = null) =>
        Reversal.Plan(entries.ToList(), refund, settings ?? Plain, new FixedClock(now ?? Later));

    [Test]
    public void Refund_of_half_the_order_reverses_half_the_points_earned()
    {
        var plan = Plan([Earned(100)], Refund(50m));

        var entry = plan.Entries.Single();
        Assert.That(entry.Points, Is.EqualTo(-50));
        Assert.That(entry.Reason, Is.EqualTo(LedgerReason.PurchaseReversal));
        Assert.That(entry.Source, Is.EqualTo(LedgerSource.Order));
        Assert.That(entry.SourceRef, Is.EqualTo("1"));
        Assert.That(entry.Key.Value, Is.EqualTo("earn-reverse:1:1:50.00"));
        Assert.That(plan.Outcome, Is.EqualTo(OverdraftOutcome.WithinBalance));
        Assert.That(plan.Decision, Is.Null);
    }

    [Test]
    public void Cancellation_reverses_everything_earned()
    {
        var plan = Plan([Earned(137)], Refund(0m, cancelled: true));

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-137));
        Assert.That(plan.Entries.Single().Key.Value, Is.EqualTo("earn-reverse:1:1:all"));
    }

    [Test]
    public void Several_partial_refunds_add_up_to_the_original_and_never_exceed_it()
    {
        var entries = new List<LedgerEntry> { Earned(99) };
        foreach (var soFar in new[] { 33.33m, 66.66m, 100m, 100m })
            entries.AddRange(Plan(entries, Refund(soFar)).Entries);

        var reversals = entries.Where(e => e.Reason == LedgerReason.PurchaseReversal).Select(e => e.Points).ToList();
        Assert.That(reversals.Sum(), Is.EqualTo(-99));
        Assert.That(reversals, Has.Count.EqualTo(3));
        Assert.That(Plan(entries, Refund(100m, cancelled: true)).Entries, Is.Empty);
    }

    [Test]
    public void Refund_larger_than_the_order_is_treated_as_full()
    {
        Assert.That(Plan([Earned(80)], Refund(500m)).Entries.Single().Points, Is.EqualTo(-80));
    }

    [Test]
    public void Replayed_refund_produces_the_same_key_so_it_reverses_once()
    {
        var entries = new List<LedgerEntry> { Earned(100) };
        var first = Plan(entries, Refund(40m)).Entries.Single();
        var replayedBeforeAppend = Plan(entries, Refund(40m), now: Later.AddHours(1)).Entries.Single();
        entries.Add(first);

        Assert.That(replayedBeforeAppend.Key, Is.EqualTo(first.Key));
        Assert.That(Plan(entries, Refund(40m)).Entries, Is.Empty);
    }

    [Test]
    public void Recorded_points_are_reversed_not_a_recomputation_with_todays_rate_or_tier()
    {
        // Earned at a tier multiplier of 2 and rate 1; the store now pays 5 points per unit and the customer lost the tier.
        var earnedAtTheTime = Earning.Entry(Order(100m), Plain, new FixedClock(T0), tierMultiplier: 2m)!;
        var today = Plain with { PointsPerCurrencyUnit = 5m };

        var plan = Plan([earnedAtTheTime], Refund(25m), today);

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-50));
    }

    [Test]
    public void Fixed_action_bonuses_are_not_clawed_back()
    {
        var entries = new[]
        {
            Earned(100),
            Credit("bonus:referral:1:9", 500, T0, reason: LedgerReason.ReferralBonus, sourceRef: "1"),
            Credit("bonus:review:1:3", 20, T0, reason: LedgerReason.ReviewBonus, sourceRef: "1"),
        };

        var plan = Plan(entries, Refund(0m, cancelled: true));

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-100));
    }

    [Test]
    public void Order_that_earned_nothing_reverses_nothing()
    {
        Assert.That(Plan([Earned(100, order: 2)], Refund(100m, order: 1)).Entries, Is.Empty);
    }

    [Test]
    public void Points_spent_on_a_refunded_order_come_back_in_the_same_share()
    {
        var entries = new[]
        {
            Credit("old", 300, T0.AddDays(-30), T0.AddMonths(11)),
            Spend("redeem:1:5", 200, T0, order: "5"),
        };

        var half = Plan(entries, Refund(60m, total: 120m, order: 5));
        var back = half.Entries.Single();

        Assert.That(back.Points, Is.EqualTo(100));
        Assert.That(back.Reason, Is.EqualTo(LedgerReason.RedemptionRefund));
        Assert.That(back.Key.Value, Is.EqualTo("redeem-back:1:5:60.00"));
        Assert.That(back.ExpiresUtc, Is.EqualTo(T0.AddMonths(11)), "back to the lot it came from: same expiry");
        Assert.That(half.Restored, Is.EqualTo(100));

        var all = entries.Append(back).ToList();
        Assert.That(Plan(all, Refund(120m, total: 120m, order: 5)).Entries.Single().Points, Is.EqualTo(100));
    }

    [Test]
    public void Points_restored_from_several_lots_keep_the_latest_of_their_expiries()
    {
        var entries = new[]
        {
            Credit("a", 50, T0.AddDays(-60), T0.AddMonths(10)),
            Credit("b", 50, T0.AddDays(-30), T0.AddMonths(11)),
            Spend("redeem:1:5", 80, T0, order: "5"),
        };

        var back = Plan(entries, Refund(0m, order: 5, cancelled: true)).Entries.Single();

        Assert.That(back.Points, Is.EqualTo(80));
        Assert.That(back.ExpiresUtc, Is.EqualTo(T0.AddMonths(11)));
    }

    [Test]
    public void Refund_of_an_order_paid_partly_with_points_returns_spent_points_and_reverses_earned_ones()
    {
        var entries = new[]
        {
            Credit("old", 100, T0.AddDays(-30)),
            Spend("redeem:1:1", 100, T0, order: "1"),
            Earned(90),
        };

        var plan = Plan(entries, Refund(0m, cancelled: true));

        Assert.That(plan.Entries.Select(e => (e.Reason, e.Points)), Is.EqualTo(new[]
        {
            (LedgerReason.RedemptionRefund, 100), (LedgerReason.PurchaseReversal, -90),
        }));
        Assert.That(entries.Concat(plan.Entries).Sum(e => e.Points), Is.EqualTo(100));
    }

    [Test]
    public void Reversal_beyond_the_balance_goes_negative_under_the_default_policy_and_says_so()
    {
        var entries = new[] { Earned(100), Spend("redeem:1:2", 80, T0.AddDays(1), order: "2") };

        var plan = Plan(entries, Refund(0m, cancelled: true));

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-100));
        Assert.That(plan.Outcome, Is.EqualTo(OverdraftOutcome.WentNegative));
        Assert.That(plan.Shortfall, Is.EqualTo(80));
        Assert.That(plan.Decision, Does.Contain("negative"));
        Assert.That(Lots.Replay(entries.Concat(plan.Entries), Later).Available, Is.EqualTo(-80));
    }

    [Test]
    public void Negative_balance_is_recovered_from_future_earnings()
    {
        var entries = new List<LedgerEntry> { Earned(100), Spend("redeem:1:2", 80, T0.AddDays(1), order: "2") };
        entries.AddRange(Plan(entries, Refund(0m, cancelled: true)).Entries);
        entries.Add(Earned(150, order: 3, at: Later.AddDays(1)));

        Assert.That(Lots.Replay(entries, Later.AddDays(2)).Available, Is.EqualTo(70));
    }

    [Test]
    public void Reversal_beyond_the_balance_is_capped_at_zero_when_the_admin_chose_so_and_the_rest_is_forgiven()
    {
        var entries = new[] { Earned(100), Spend("redeem:1:2", 80, T0.AddDays(1), order: "2") };

        var plan = Plan(entries, Refund(0m, cancelled: true), Plain with { Overdraft = OverdraftPolicy.CapAtZero });

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-20));
        Assert.That((plan.Requested, plan.Reversed, plan.Shortfall), Is.EqualTo((100, 20, 80)));
        Assert.That(plan.Outcome, Is.EqualTo(OverdraftOutcome.Capped));
        Assert.That(plan.Decision, Does.Contain("capped"));
        Assert.That(Lots.Replay(entries.Concat(plan.Entries), Later).Available, Is.EqualTo(0));
    }

    [Test]
    public void Capped_with_an_empty_balance_writes_a_zero_line_recording_the_decision()
    {
        var entries = new List<LedgerEntry> { Earned(100), Spend("redeem:1:2", 100, T0.AddDays(1), order: "2") };
        var capped = Plain with { Overdraft = OverdraftPolicy.CapAtZero };

        var plan = Plan(entries, Refund(0m, cancelled: true), capped);

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(0));
        Assert.That(LedgerNotes.Text(plan.Entries.Single().Note, CultureInfo.InvariantCulture), Is.EqualTo("Order #1 refunded; 100 points due, capped at the balance"));
        Assert.That(plan.Outcome, Is.EqualTo(OverdraftOutcome.Capped));
        Assert.That(plan.Shortfall, Is.EqualTo(100));

        // Redelivered after the customer earned again: same key, so the ledger refuses it and nothing is clawed back.
        entries.AddRange(plan.Entries);
        entries.Add(Earned(300, order: 3, at: Later));
        Assert.That(Plan(entries, Refund(0m, cancelled: true), capped, Later.AddDays(1)).Entries.Single().Key, Is.EqualTo(plan.Entries.Single().Key));
    }

    [Test]
    public void Refund_inside_the_return_window_takes_the_points_from_pending()
    {
        var entries = new[] { Credit("bonus", 10, T0, reason: LedgerReason.RegistrationBonus), Earned(100, activates: T0.AddDays(14)) };

        var plan = Plan(entries, Refund(30m), now: T0.AddDays(2));
        var state = Lots.Replay(entries.Concat(plan.Entries), T0.AddDays(2));

        Assert.That(plan.Outcome, Is.EqualTo(OverdraftOutcome.WithinBalance));
        Assert.That(plan.Entries.Single().ActivatesUtc, Is.EqualTo(T0.AddDays(14)));
        Assert.That((state.Available, state.Pending), Is.EqualTo((10, 70)));
    }

    [Test]
    public void Points_of_the_order_that_already_expired_are_not_taken_back_again()
    {
        var settings = Plain with { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12 };
        var entries = new List<LedgerEntry>
        {
            Earned(100, expires: T0.AddMonths(12)),
            Spend("redeem:1:2", 60, T0.AddDays(1), order: "2"),
            Credit("later", 500, T0.AddMonths(6)),
        };
        entries.AddRange(Lots.DueExpiries(entries, settings, T0.AddMonths(13)));

        var plan = Plan(entries, Refund(0m, cancelled: true), settings, now: T0.AddMonths(13));

        Assert.That(plan.Entries.Single().Points, Is.EqualTo(-60));
    }

    [Test]
    public void Other_customers_and_stores_do_not_count()
    {
        var foreign = Earned(100) with { Customer = new(99), Key = new("earn:1:1:other") };

        Assert.That(Plan([foreign], Refund(100m)).Entries, Is.Empty);
    }
}
