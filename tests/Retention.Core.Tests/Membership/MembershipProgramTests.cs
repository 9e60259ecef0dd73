using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using static Retention.Core.Tests.Membership.MembershipHarness;

namespace Retention.Core.Tests.Membership;

public sealed class MembershipProgramTests
{
    [Test]
    public async Task First_paid_order_of_the_membership_product_grants_it_for_one_cycle_and_tells_the_host()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);

        var status = await h.StatusAsync();
        Assert.That((status.State, status.PaidThroughUtc, status.EndsUtc), Is.EqualTo((MemberState.Active, T0.AddMonths(1), T0.AddMonths(1).AddDays(7))));
        Assert.That(h.Changes.Select(c => (c.Customer.Value, c.IsMember)), Is.EqualTo(new[] { (7, true) }));
    }

    [Test]
    public async Task An_order_without_the_membership_product_grants_nothing()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1, membership: false);

        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.None));
        Assert.That(h.Changes, Is.Empty);
        Assert.That(h.Table.Rows, Is.Empty, "a non-member's order writes no row");
    }

    [Test]
    public async Task Membership_switched_off_grants_nothing()
    {
        var h = new MembershipHarness(On() with { Enabled = false });
        await h.PayAsync(1);

        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.None));
    }

    [Test]
    public async Task Each_paid_renewal_extends_paid_through_by_one_cycle_from_the_last_paid_through()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddMonths(1).AddDays(-1));
        await h.PayAsync(2);
        h.At(T0.AddMonths(2).AddDays(3));
        await h.PayAsync(3);

        var status = await h.StatusAsync();
        Assert.That(status.PaidThroughUtc, Is.EqualTo(T0.AddMonths(3)), "a renewal paid early or in the grace continues from paid-through");
        Assert.That(status.Periods.Select(p => p.Renewal), Is.EqualTo(new[] { false, true, true }));
        Assert.That(h.Changes, Has.Count.EqualTo(1), "renewals keep the member; nothing to mirror");
    }

    [Test]
    public async Task Yearly_cycle_comes_from_the_product()
    {
        var h = new MembershipHarness { Cycle = MembershipCycle.Yearly };
        await h.PayAsync(1);

        Assert.That((await h.StatusAsync()).PaidThroughUtc, Is.EqualTo(T0.AddYears(1)));
    }

    [Test]
    public async Task A_missed_renewal_keeps_the_perks_through_the_grace_then_the_night_lapses_it()
    {
        var h = new MembershipHarness(On(graceDays: 5));
        await h.PayAsync(1);
        var through = T0.AddMonths(1);

        h.At(through.AddDays(4));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.Grace));
        Assert.That(await h.Program.PerksAsync(Store1, new CustomerId(7)), Is.Not.Null, "perks stay in the grace");

        h.At(through.AddDays(5));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.Lapsed), "exactly the grace's end lapses it");
        Assert.That(await h.Program.PerksAsync(Store1, new CustomerId(7)), Is.Null);
        Assert.That(h.Changes.Select(c => c.IsMember), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public async Task A_failed_renewal_is_recorded_once_and_starts_the_grace_at_paid_through()
    {
        var h = new MembershipHarness(On(graceDays: 5));
        await h.PayAsync(1);
        h.At(T0.AddMonths(1).AddHours(1));
        await h.Door.MembershipRenewalFailedAsync(Store1, new CustomerId(7));
        await h.Door.MembershipRenewalFailedAsync(Store1, new CustomerId(7));

        var status = await h.StatusAsync();
        Assert.That((status.State, status.LastRenewalFailed, status.EndsUtc), Is.EqualTo((MemberState.Grace, true, T0.AddMonths(1).AddDays(5))));
        Assert.That(h.Table.Rows.Count(r => r.Kind == (int)Retention.Core.Tables.MembershipRowKind.RenewalFailed), Is.EqualTo(1));
    }

    [Test]
    public async Task A_renewal_paid_after_the_grace_starts_a_new_membership_on_its_day()
    {
        var h = new MembershipHarness(On(graceDays: 5));
        await h.PayAsync(1);
        var late = T0.AddMonths(1).AddDays(20);
        h.At(late);
        await h.Program.RunNightlyAsync(Store1);
        await h.PayAsync(2);

        var status = await h.StatusAsync();
        Assert.That((status.State, status.MemberSinceUtc, status.PaidThroughUtc), Is.EqualTo((MemberState.Active, late, late.AddMonths(1))));
        Assert.That(h.Changes.Select(c => c.IsMember), Is.EqualTo(new[] { true, false, true }));
    }

    [Test]
    public async Task Cancelling_keeps_the_perks_to_paid_through_and_then_ends_without_grace()
    {
        var h = new MembershipHarness(On(graceDays: 5));
        await h.PayAsync(1);
        h.At(T0.AddDays(10));
        await h.Door.MembershipCancelledAsync(Store1, new CustomerId(7));
        await h.Door.MembershipCancelledAsync(Store1, new CustomerId(7));

        var status = await h.StatusAsync();
        Assert.That((status.State, status.EndsUtc), Is.EqualTo((MemberState.Ending, T0.AddMonths(1))));
        h.At(T0.AddMonths(1));
        await h.Program.RunNightlyAsync(Store1);
        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.Lapsed));
        Assert.That(h.Changes.Select(c => c.IsMember), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public async Task Paying_again_after_cancelling_is_a_new_subscription_the_old_cancellation_does_not_end()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddDays(10));
        await h.Door.MembershipCancelledAsync(Store1, new CustomerId(7));
        h.At(T0.AddDays(20));
        await h.PayAsync(2);

        var status = await h.StatusAsync();
        Assert.That((status.State, status.Cancelled, status.PaidThroughUtc), Is.EqualTo((MemberState.Active, false, T0.AddMonths(2))));
    }

    [Test]
    public async Task Refund_of_the_granting_order_takes_the_membership_back_and_the_host_removes_the_role()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddDays(3));
        await h.RefundAllAsync(1);

        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.None));
        Assert.That(h.Changes.Select(c => c.IsMember), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public async Task Refund_of_a_renewal_takes_that_period_back_and_later_ones_move_up()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddDays(20));
        await h.PayAsync(2);
        h.At(T0.AddDays(25));
        await h.PayAsync(3);
        Assert.That((await h.StatusAsync()).PaidThroughUtc, Is.EqualTo(T0.AddMonths(3)), "paid ahead: three periods");
        await h.RefundAllAsync(2);

        var status = await h.StatusAsync();
        Assert.That(status.PaidThroughUtc, Is.EqualTo(T0.AddMonths(2)), "two periods paid, not three");
        Assert.That(status.Periods.Select(p => (p.OrderId, p.StartUtc)), Is.EqualTo(new[] { (1, T0), (3, T0.AddMonths(1)) }));
    }

    [Test]
    public async Task A_payment_after_the_grace_following_a_refunded_renewal_buys_its_own_cycle_from_its_day()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddMonths(1).AddDays(-2));
        await h.PayAsync(2);
        var third = T0.AddMonths(2).AddDays(-2);
        h.At(third);
        await h.PayAsync(3);
        await h.RefundAllAsync(2);

        var status = await h.StatusAsync();
        Assert.That((status.PaidThroughUtc, status.MemberSinceUtc), Is.EqualTo((third.AddMonths(1), third)),
            "without the refunded month the membership had lapsed before order 3 was paid");
    }

    [Test]
    public async Task A_partial_refund_keeps_the_period()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        await h.Door.OrderRefundedAsync(new OrderRefund(Store1, new CustomerId(7), 1, 10m, 4m));

        Assert.That((await h.StatusAsync()).State, Is.EqualTo(MemberState.Active));
    }

    [Test]
    public async Task Replayed_events_change_nothing()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1, perks: new MemberSaving(3m, 5m, 0, 0m));
        await h.Door.OrderPaidAsync(h.Paid(1), null, default, new MemberSaving(3m, 5m, 0, 0m));
        h.At(T0.AddMonths(1).AddDays(-1));
        await h.PayAsync(2);
        await h.Door.OrderPaidAsync(h.Paid(2), null);
        await h.RefundAllAsync(2);
        await h.RefundAllAsync(2);
        await h.Program.RunNightlyAsync(Store1);
        await h.Program.RunNightlyAsync(Store1);

        var status = await h.StatusAsync();
        Assert.That((status.PaidThroughUtc, status.Periods.Count), Is.EqualTo((T0.AddMonths(1), 1)));
        Assert.That(h.Table.Rows.Count(r => r.Kind == (int)Retention.Core.Tables.MembershipRowKind.Period), Is.EqualTo(2));
        Assert.That((await h.Program.SavedThisYearAsync(Store1, new CustomerId(7))).Total, Is.EqualTo(8m));
        Assert.That(h.Changes, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Member_multiplier_multiplies_the_tier_multiplier_and_rounds_once()
    {
        var h = new MembershipHarness(On(multiplier: 2m), [new TierDefinition("Gold", 0m, 1.5m)]);
        await h.PayAsync(1);
        await h.PayAsync(2, membership: false, amount: 33.3m);

        var entries = await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7));
        var purchase = entries.Single(e => e.Reason == LedgerReason.Purchase && e.SourceRef == "2");
        Assert.That(purchase.Points, Is.EqualTo(99), "33.3 × 1.5 × 2 = 99.9, rounded down once");
        var saved = await h.Program.SavedThisYearAsync(Store1, new CustomerId(7));
        Assert.That((saved.ExtraPoints, saved.PointsValue), Is.EqualTo((99 - 49, 0.50m)), "without membership: 33.3 × 1.5 = 49");
    }

    [Test]
    public async Task A_members_checkout_quote_is_what_the_award_then_earns_tier_and_member_multipliers_combined()
    {
        var h = new MembershipHarness(On(multiplier: 2m), [new TierDefinition("Gold", 0m, 1.5m)]);
        await h.PayAsync(1);
        var cart = h.Paid(2, membership: false, amount: 33.3m);

        var quote = await h.Views.QuoteOrderAsync(cart);
        var checkout = await h.Views.CheckoutAsync(cart, 33.3m);
        await h.Door.OrderPaidAsync(cart, null);

        var earned = (await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7))).Single(e => e.Reason == LedgerReason.Purchase && e.SourceRef == "2").Points;
        Assert.That((quote.Points, checkout.Quote.Points), Is.EqualTo((earned, earned)), "the checkout line says what the order earns");
        Assert.That(earned, Is.EqualTo(99));
    }

    [Test]
    public async Task The_order_that_buys_the_membership_earns_at_the_rate_before_it()
    {
        var h = new MembershipHarness(On(multiplier: 3m));
        await h.PayAsync(1, amount: 20m);

        var entries = await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7));
        Assert.That(entries.Single(e => e.Reason == LedgerReason.Purchase).Points, Is.EqualTo(20));
    }

    [Test]
    public void Combined_multiplier_is_the_product()
    {
        Assert.That(MembershipRules.CombinedMultiplier(1.5m, 2m), Is.EqualTo(3m));
        Assert.That(MembershipRules.CombinedMultiplier(1m, 1m), Is.EqualTo(1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => MembershipRules.CombinedMultiplier(-1m, 2m));
    }

    [Test]
    public async Task Savings_sum_what_each_order_recorded_this_year_and_a_refunded_order_leaves_the_sum()
    {
        var h = new MembershipHarness(On(multiplier: 2m));
        await h.PayAsync(1);
        h.At(T0.AddDays(1));
        await h.PayAsync(2, membership: false, amount: 100m, perks: new MemberSaving(5m, 4.99m, 0, 0m));
        h.At(T0.AddDays(2));
        await h.PayAsync(3, membership: false, amount: 50m, perks: new MemberSaving(2.5m, 0m, 0, 0m));

        var saved = await h.Program.SavedThisYearAsync(Store1, new CustomerId(7));
        Assert.That((saved.Discount, saved.Shipping, saved.ExtraPoints, saved.PointsValue, saved.Total), Is.EqualTo((7.5m, 4.99m, 150, 1.50m, 13.99m)));

        await h.RefundAllAsync(3, amount: 50m);
        saved = await h.Program.SavedThisYearAsync(Store1, new CustomerId(7));
        Assert.That(saved.Total, Is.EqualTo(5m + 4.99m + 1.00m));

        h.At(new DateTime(2027, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        Assert.That((await h.Program.SavedThisYearAsync(Store1, new CustomerId(7))).Total, Is.Zero, "a new year starts from zero");
    }

    [Test]
    public async Task Dashboard_counts_members_starts_renewals_churn_and_the_renewal_rate()
    {
        var h = new MembershipHarness(On(graceDays: 0));
        await h.PayAsync(1, customer: 1);
        await h.PayAsync(2, customer: 2);
        await h.PayAsync(3, customer: 3);
        h.At(T0.AddMonths(1).AddDays(-1));
        await h.PayAsync(4, customer: 1);
        await h.PayAsync(5, customer: 2);
        h.At(T0.AddMonths(1).AddDays(1));
        await h.Program.RunNightlyAsync(Store1);

        var figures = await h.Program.DashboardAsync(Store1, T0.AddDays(1), h.Clock.UtcNow);
        Assert.That((figures.Members, figures.Churned, figures.Renewals, figures.Starts, figures.RenewalRate), Is.EqualTo((2, 1, 2, 0, (decimal?)0.6667m)));
    }

    [Test]
    public async Task Erasure_deletes_the_customers_rows_and_an_erased_customer_gets_nothing_written()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        await h.PayAsync(2, customer: 8);
        Assert.That(await h.Program.EraseAsync(new CustomerId(7)), Is.GreaterThan(0));
        Assert.That(h.Table.Rows.All(r => r.CustomerId == 8), Is.True);
    }

    [Test]
    public void Settings_errors_name_their_fields()
    {
        var errors = new MembershipSettings
        {
            Enabled = true, ProductId = 0, GraceDays = 91, DiscountPercent = 101m, PointsMultiplier = 0.5m, RenewalReminderDays = -1,
            ExpiryReminderDays = 61, MemberOnlyProductIds = [0],
        }.Validate().Errors.Select(e => e.Field);
        Assert.That(errors, Is.EquivalentTo(new[]
        {
            "Membership.ProductId", "Membership.GraceDays", "Membership.DiscountPercent", "Membership.PointsMultiplier", "Membership.RenewalReminderDays",
            "Membership.ExpiryReminderDays", "Membership.MemberOnlyProductIds",
        }));
        Assert.That(new MembershipSettings { Enabled = true, ProductId = 5, MemberOnlyProductIds = [5] }.Validate().Errors.Select(e => e.Field),
            Is.EqualTo(new[] { "Membership.MemberOnlyProductIds" }));
        Assert.That(new MembershipSettings().Validate().IsValid, Is.True, "switched off needs no product");
    }
}
