using Retention.Core.Common;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class LoyaltyProgramEventTests
{
    private static readonly TierDefinition Silver = new("Silver", 100m, 2m);
    private static readonly TierDefinition Gold = new("Gold", 500m, 3m);

    [Test]
    public async Task Order_that_reaches_a_tier_earns_with_that_tiers_multiplier_and_announces_the_upgrade_once()
    {
        var h = new ProgramHarness(Plain with { Tiers = [Silver, Gold] });
        h.Clock.UtcNow = T0.AddDays(-30);
        h.PaidOrder(1, 60m);
        h.Clock.UtcNow = T0;
        var order = h.PaidOrder(2, 50m);

        var outcome = await h.Events.OrderPaidAsync(order, null);

        // Rolling measure 60 + 50 = 110 reaches Silver (100), so this order earns 50 × 2.
        Assert.That(outcome.Earned!.Points, Is.EqualTo(100));
        Assert.That(outcome.Tier!.Change, Is.EqualTo(TierChange.Upgraded));
        Assert.That(await h.Standings.GetAsync(Store1, Customer), Is.EqualTo(new TierStanding("Silver")));
        Assert.That(h.Observer.TierChanges, Is.EqualTo(new[] { new TierChanged(Store1, Customer, null, "Silver", TierChange.Upgraded, T0) }));
        Assert.That(h.Observer.Entries, Is.EqualTo(new[] { outcome.Earned }));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(100, 0)));
    }

    [Test]
    public async Task Replayed_order_paid_appends_nothing_calls_no_observer_and_reports_the_recorded_entry()
    {
        var h = new ProgramHarness(Plain with { Tiers = [Silver], ReferralBonus = 40 });
        var order = h.PaidOrder(1, 150m, customer: 8);
        var referral = new ReferralCandidate(Store1, Customer, "a@example.com", "1 Main St", new CustomerId(8), "b@example.com", "2 High St", 1, true, 0);
        var first = await h.Events.OrderPaidAsync(order, referral);
        h.Clock.UtcNow = T0.AddHours(3);

        var replay = await h.Events.OrderPaidAsync(order, referral);

        Assert.That(replay.Earned, Is.EqualTo(first.Earned));
        Assert.That(replay.Referral!.Entry, Is.EqualTo(first.Referral!.Entry));
        Assert.That(replay.Tier!.Change, Is.EqualTo(TierChange.None));
        Assert.That(h.Observer.Entries, Has.Count.EqualTo(2));
        Assert.That(h.Observer.TierChanges, Has.Count.EqualTo(1));
        Assert.That(h.Ledger.AllEntries, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Same_order_paid_event_delivered_twice_at_once_awards_and_announces_once()
    {
        var h = new ProgramHarness(Plain with { Tiers = [Silver] });
        var order = h.PaidOrder(1, 120m);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => h.Events.OrderPaidAsync(order, null))));

        Assert.That(outcomes.Select(o => o.Earned), Is.All.EqualTo(outcomes[0].Earned));
        Assert.That(h.Ledger.AllEntries, Has.Count.EqualTo(1));
        Assert.That(h.Observer.Entries, Has.Count.EqualTo(1));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(240, 0)));
    }

    [Test]
    public async Task Tier_measure_counts_only_this_customers_orders_in_this_store_net_of_refunds()
    {
        var h = new ProgramHarness(Plain with { Tiers = [Silver] });
        h.PaidOrder(1, 900m, customer: 8);
        h.PaidOrder(2, 900m, store: 2);
        h.PaidOrder(3, 90m);
        h.Store.OrderList[^1].RefundedAmount = 40m;
        var order = h.PaidOrder(4, 40m);

        var outcome = await h.Events.OrderPaidAsync(order, null);

        // 90 − 40 refunded + 40 = 90: below Silver's 100, so no tier and the base rate.
        Assert.That(outcome.Tier!.Change, Is.EqualTo(TierChange.None));
        Assert.That(outcome.Earned!.Points, Is.EqualTo(40));
        Assert.That(h.Observer.TierChanges, Is.Empty);
    }

    [Test]
    public async Task Referrer_is_credited_pending_for_a_new_customers_first_paid_order_and_a_self_referral_is_refused()
    {
        var h = new ProgramHarness(Plain with { ReferralBonus = 300, ActivationDelayDays = 14 });
        var order = h.PaidOrder(1, 50m, customer: 8);
        var referral = new ReferralCandidate(Store1, Customer, "a@example.com", null, new CustomerId(8), "b@example.com", null, 1, true, 0);

        var outcome = await h.Events.OrderPaidAsync(order, referral);
        var self = await h.Events.OrderPaidAsync(h.PaidOrder(2, 50m, customer: 9),
            referral with { Referrer = new CustomerId(9), Referred = new CustomerId(9), OrderId = 2 });

        Assert.That(outcome.Referral!.Refusal, Is.EqualTo(ReferralRefusal.None));
        Assert.That(await h.BalanceAsync(customer: 7), Is.EqualTo(new PointsBalance(0, 300)));
        Assert.That(await h.BalanceAsync(customer: 8), Is.EqualTo(new PointsBalance(0, 50)));
        Assert.That(self.Referral, Is.EqualTo(new ReferralDecision(null, ReferralRefusal.SelfReferral)));
        Assert.That(h.Observer.Entries.Select(e => (e.Customer.Value, e.Reason)), Is.EqualTo(new[]
        {
            (8, LedgerReason.Purchase), (7, LedgerReason.ReferralBonus), (9, LedgerReason.Purchase),
        }));
    }

    [Test]
    public void Referral_for_another_customer_or_store_than_the_order_is_refused_with_a_message()
    {
        var h = new ProgramHarness(Plain);
        var order = h.PaidOrder(1, 50m, customer: 8);
        var referral = new ReferralCandidate(Store1, Customer, null, null, new CustomerId(8), null, null, 1, true, 0);

        var otherStore = Assert.ThrowsAsync<ArgumentException>(() => h.Events.OrderPaidAsync(order, referral with { Store = new StoreId(2) }));
        var otherCustomer = Assert.ThrowsAsync<ArgumentException>(() => h.Events.OrderPaidAsync(order, referral with { Referred = new CustomerId(9) }));

        Assert.That(otherStore!.Message, Does.Contain("store 2"));
        Assert.That(otherCustomer!.Message, Does.Contain("customer 9"));
        Assert.That(h.Ledger.AllEntries, Is.Empty);
    }

    [Test]
    public async Task Redemption_is_recorded_once_and_a_non_positive_amount_is_refused()
    {
        var h = new ProgramHarness(Plain);
        await h.Events.AdjustAsync(Store1, Customer, 500, "goodwill", "admin", "r1");

        var spent = await h.Events.RedemptionAsync(Store1, Customer, 12, 200);
        var replay = await h.Events.RedemptionAsync(Store1, Customer, 12, 200);

        Assert.That(spent!.Points, Is.EqualTo(-200));
        Assert.That(replay, Is.EqualTo(spent));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(300, 0)));
        Assert.That(h.Observer.Entries, Has.Count.EqualTo(2));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Events.RedemptionAsync(Store1, Customer, 13, 0));
    }

    [Test]
    public async Task Refund_after_a_tier_and_settings_change_reverses_the_share_of_the_points_recorded()
    {
        var h = new ProgramHarness(Plain with { Tiers = [Silver] });
        var order = h.PaidOrder(1, 150m);
        var earned = (await h.Events.OrderPaidAsync(order, null)).Earned!;
        Assert.That(earned.Points, Is.EqualTo(300));
        // Later the tier is gone and the rate tripled: a recomputation would reverse half of 450.
        h.Use(Plain with { PointsPerCurrencyUnit = 3m });
        h.Clock.UtcNow = T0.AddDays(3);

        var plan = await h.Events.OrderRefundedAsync(new OrderRefund(Store1, Customer, 1, 150m, 75m));

        Assert.That((plan.Requested, plan.Reversed, plan.Outcome), Is.EqualTo((150, 150, OverdraftOutcome.WithinBalance)));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(150, 0)));
    }

    [TestCase(OverdraftPolicy.GoNegative, 100, -80, 80, OverdraftOutcome.WentNegative)]
    [TestCase(OverdraftPolicy.CapAtZero, 20, 0, 80, OverdraftOutcome.Capped)]
    public async Task Reversal_of_points_already_spent_follows_the_overdraft_policy_and_says_so(OverdraftPolicy policy, int reversed, int balance,
        int shortfall, OverdraftOutcome outcome)
    {
        var h = new ProgramHarness(Plain with { Overdraft = policy });
        await h.Events.OrderPaidAsync(h.PaidOrder(1, 100m), null);
        await h.Events.RedemptionAsync(Store1, Customer, 2, 80);
        h.Clock.UtcNow = T0.AddDays(1);

        var plan = await h.Events.OrderRefundedAsync(new OrderRefund(Store1, Customer, 1, 100m, 100m));

        Assert.That((plan.Reversed, plan.Shortfall, plan.Outcome), Is.EqualTo((reversed, shortfall, outcome)));
        Assert.That(plan.Decision, Does.Contain(shortfall.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That((await h.BalanceAsync()).Available, Is.EqualTo(balance));
    }

    [Test]
    public async Task Cancelling_an_unpaid_order_gives_back_the_points_spent_on_it_once()
    {
        var h = new ProgramHarness(Plain);
        await h.Events.AdjustAsync(Store1, Customer, 100, "welcome back", "admin", "r1");
        await h.Events.RedemptionAsync(Store1, Customer, 2, 40);
        h.Clock.UtcNow = T0.AddHours(2);
        var cancel = new OrderRefund(Store1, Customer, 2, 20m, 0m, Cancelled: true);

        var plan = await h.Events.OrderRefundedAsync(cancel);
        var replay = await h.Events.OrderRefundedAsync(cancel);

        Assert.That((plan.Restored, plan.Reversed), Is.EqualTo((40, 0)));
        Assert.That(plan.Entries.Select(e => (e.Reason, e.Points)), Is.EqualTo(new[] { (LedgerReason.RedemptionRefund, 40) }));
        Assert.That(replay.Entries, Is.Empty);
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(100, 0)));
        Assert.That(h.Observer.Entries, Has.Count.EqualTo(3));
    }

    [Test]
    public void Refund_with_negative_amounts_is_refused_with_a_message()
    {
        var h = new ProgramHarness(Plain);

        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Events.OrderRefundedAsync(new OrderRefund(Store1, Customer, 1, 100m, -5m)));

        Assert.That(ex!.Message, Does.Contain("refunded amount cannot be negative"));
    }

    [Test]
    public async Task Each_bonus_is_paid_once_and_a_replay_returns_the_recorded_entry_without_telling_the_observer()
    {
        var h = new ProgramHarness(Plain with { RegistrationBonus = 50, ReviewBonus = 15, SurveyBonus = 5 });
        var events = new Func<Task<LedgerEntry?>>[]
        {
            () => h.Events.RegisteredAsync(Store1, Customer),
            () => h.Events.ReviewApprovedAsync(Store1, Customer, 31),
            () => h.Events.SurveyAnsweredAsync(Store1, Customer, "resp-9"),
        };

        var first = new List<LedgerEntry?>();
        foreach (var e in events) first.Add(await e());
        h.Clock.UtcNow = T0.AddDays(1);
        var again = new List<LedgerEntry?>();
        foreach (var e in events) again.Add(await e());

        Assert.That(first.Select(e => (e!.Reason, e.Points)), Is.EqualTo(new[]
        {
            (LedgerReason.RegistrationBonus, 50), (LedgerReason.ReviewBonus, 15), (LedgerReason.SurveyBonus, 5),
        }));
        Assert.That(again, Is.EqualTo(first));
        Assert.That(h.Observer.Entries, Is.EqualTo(first));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(70, 0)));
    }

    [Test]
    public async Task Admin_adjustment_without_a_reason_is_refused_and_a_double_submitted_form_adjusts_once()
    {
        var h = new ProgramHarness(Plain);

        var refused = await h.Events.AdjustAsync(Store1, Customer, 25, " ", "admin@example.com", "form-1");
        var done = await h.Events.AdjustAsync(Store1, Customer, -25, "duplicate order", "admin@example.com", "form-2", confirmOverdraw: true);
        var resubmitted = await h.Events.AdjustAsync(Store1, Customer, -25, "duplicate order", "admin@example.com", "form-2", confirmOverdraw: true);

        Assert.That(refused.Entry, Is.Null);
        Assert.That(refused.Validation.Errors.Select(e => e.Field), Is.EqualTo(new[] { "Reason" }));
        Assert.That((done.Entry!.Actor, done.Entry.Note, done.Entry.Points), Is.EqualTo(("admin@example.com", "duplicate order", -25)));
        Assert.That(resubmitted.Entry, Is.EqualTo(done.Entry));
        Assert.That(h.Ledger.AllEntries, Has.Count.EqualTo(1));
        Assert.That(h.Observer.Entries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Switched_off_program_awards_nothing_but_still_records_what_happened_to_existing_points()
    {
        var h = new ProgramHarness(Plain with { Enabled = false, RegistrationBonus = 50, ReviewBonus = 15, SurveyBonus = 5, Tiers = [Silver] });
        await h.Events.AdjustAsync(Store1, Customer, 100, "migrated balance", "admin", "r1");

        var paid = await h.Events.OrderPaidAsync(h.PaidOrder(2, 500m), null);
        var registered = await h.Events.RegisteredAsync(Store1, Customer);
        var review = await h.Events.ReviewApprovedAsync(Store1, Customer, 4);
        var survey = await h.Events.SurveyAnsweredAsync(Store1, Customer, "x");
        await h.Events.RedemptionAsync(Store1, Customer, 2, 30);
        var cancelled = await h.Events.OrderRefundedAsync(new OrderRefund(Store1, Customer, 2, 500m, 0m, Cancelled: true));

        Assert.That(paid, Is.EqualTo(new OrderPaidOutcome(null, null, null)));
        Assert.That(new[] { registered, review, survey }, Is.All.Null);
        Assert.That(cancelled.Restored, Is.EqualTo(30));
        Assert.That(await h.Standings.GetAsync(Store1, Customer), Is.EqualTo(new TierStanding(null)));
        Assert.That(h.Observer.Entries.Select(e => e.Reason), Is.EqualTo(new[]
        {
            LedgerReason.AdminAdjustment, LedgerReason.Redemption, LedgerReason.RedemptionRefund,
        }));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(100, 0)));
        Assert.That(await h.Views.QuoteProductAsync(Store1, Customer, Line(10m)), Is.Zero);
    }

    [Test]
    public async Task Each_store_earns_and_pays_bonuses_with_its_own_settings()
    {
        var h = new ProgramHarness(Plain);
        var store2 = new StoreId(2);
        h.Use(Plain with { PointsPerCurrencyUnit = 3m, RegistrationBonus = 50 }, store2);

        await h.Events.OrderPaidAsync(h.PaidOrder(1, 100m), null);
        await h.Events.OrderPaidAsync(h.PaidOrder(1, 100m, store: 2), null);
        await h.Events.RegisteredAsync(Store1, Customer);
        await h.Events.RegisteredAsync(store2, Customer);

        Assert.That(await h.BalanceAsync(store: 1), Is.EqualTo(new PointsBalance(100, 0)));
        Assert.That(await h.BalanceAsync(store: 2), Is.EqualTo(new PointsBalance(350, 0)));
        Assert.That((await h.EntriesAsync(store: 2)).Select(e => e.Key.Value), Is.EqualTo(new[] { "earn:2:1", "bonus:registration:2:7" }));
    }
}

public class LoyaltyProgramReadTests
{
    [Test]
    public async Task Rewards_view_shows_balance_value_pending_expiry_history_and_tier_progress()
    {
        var settings = Plain with
        {
            ActivationDelayDays = 14, Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12, ExpiryReminderDays = 30,
            CurrencyPerPoint = 0.05m, MinimumBalanceToRedeem = 100,
            Tiers = [new TierDefinition("Silver", 100m, 1.5m), new TierDefinition("Gold", 300m, 2m)],
        };
        var h = new ProgramHarness(settings, T0.AddMonths(-12).AddDays(10));
        var adjusted = (await h.Events.AdjustAsync(Store1, Customer, 120, "loyal customer", "admin", "r1")).Entry!;
        h.Clock.UtcNow = T0.AddDays(-1);
        var earned = (await h.Events.OrderPaidAsync(h.PaidOrder(1, 150m), null)).Earned!;
        h.Clock.UtcNow = T0;

        var view = await h.Views.GetRewardsAsync(Store1, Customer);
        var short1 = await h.Views.GetRewardsAsync(Store1, Customer, historyLimit: 1);

        Assert.That((view.Available, view.Pending, view.AvailableValue), Is.EqualTo((120, 225, 6.00m)));
        Assert.That((view.ExpiringSoon.Points, view.ExpiringSoon.FirstExpiryUtc), Is.EqualTo((120, (DateTime?)T0.AddDays(10))));
        Assert.That(view.History.Select(l => (l.Points, l.Reason, l.IsPending)), Is.EqualTo(new[]
        {
            (225, LedgerReason.Purchase, true), (120, LedgerReason.AdminAdjustment, false),
        }));
        Assert.That(view.History[0].ActivatesUtc, Is.EqualTo(earned.ActivatesUtc));
        Assert.That(view.History[1].Actor, Is.EqualTo(adjusted.Actor));
        Assert.That((view.Tier, view.TierMultiplier, view.TierMeasure, view.NextTier, view.NextTierMissing, view.TierProgress),
            Is.EqualTo(("Silver", 1.5m, 150m, "Gold", (decimal?)150m, 0.5m)));
        Assert.That((view.DowngradeAtUtc, view.MinimumBalanceToRedeem, view.CanRedeem), Is.EqualTo(((DateTime?)null, 100, true)));
        Assert.That(short1.History.Select(l => l.Points), Is.EqualTo(new[] { 225 }));
    }

    [Test]
    public async Task Rewards_view_in_grace_shows_the_tier_held_and_when_it_will_be_lost()
    {
        var settings = Plain with { TierDowngradeGraceDays = 30, Tiers = [new TierDefinition("Silver", 100m, 1.5m), new TierDefinition("Gold", 300m, 2m)] };
        var h = new ProgramHarness(settings);
        var since = T0.AddDays(-5);
        await h.Standings.SaveAsync(Store1, Customer, new TierStanding("Gold", since));
        h.PaidOrder(1, 150m);

        var view = await h.Views.GetRewardsAsync(Store1, Customer);

        Assert.That((view.Tier, view.TierMeasure, view.NextTier, view.TierProgress, view.DowngradeAtUtc),
            Is.EqualTo(("Gold", 150m, (string?)null, 1m, (DateTime?)since.AddDays(30))));
        Assert.That(view.CanRedeem, Is.False);
    }

    [Test]
    public async Task Quotes_use_the_customers_tier_and_a_guest_gets_none()
    {
        var h = new ProgramHarness(Plain with { Tiers = [new TierDefinition("Gold", 100m, 2m)] });
        await h.Standings.SaveAsync(Store1, Customer, new TierStanding("Gold"));

        var order = await h.Views.QuoteOrderAsync(Order(40m, id: 99));
        var member = await h.Views.QuoteProductAsync(Store1, Customer, Line(10m, quantity: 2));
        var guest = await h.Views.QuoteProductAsync(Store1, null, Line(10m, quantity: 2));

        Assert.That((order.Points, order.TierMultiplier), Is.EqualTo((80, 2m)));
        Assert.That((member, guest), Is.EqualTo((40, 20)));
        Assert.That(h.Ledger.AllEntries, Is.Empty);
    }

    [Test]
    public async Task Allowance_is_the_balance_capped_by_the_share_of_the_order_points_may_pay()
    {
        var h = new ProgramHarness(Plain with { CurrencyPerPoint = 0.01m, MaxRedeemSharePercent = 50, MinimumBalanceToRedeem = 200 });
        await h.Events.AdjustAsync(Store1, Customer, 10_000, "migrated", "admin", "r1");
        await h.Events.AdjustAsync(Store1, new CustomerId(8), 150, "migrated", "admin", "r2");

        var big = await h.Views.AllowanceAsync(Store1, Customer, 30m);
        var small = await h.Views.AllowanceAsync(Store1, new CustomerId(8), 30m);

        Assert.That(big, Is.EqualTo(new RedemptionAllowance(1500, 15m, RedemptionLimit.MaxShareOfOrder)));
        Assert.That(small, Is.EqualTo(new RedemptionAllowance(0, 0m, RedemptionLimit.BelowMinimumBalance)));
    }
}
