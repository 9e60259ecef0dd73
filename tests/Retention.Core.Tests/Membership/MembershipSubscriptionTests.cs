using Retention.Core.Common;
using Retention.Core.Membership;
using static Retention.Core.Tests.Membership.MembershipHarness;

namespace Retention.Core.Tests.Membership;

/// <summary>The host's recurring payment state (read nightly where 4.90 publishes no event) mapped to the membership's facts.</summary>
public sealed class MembershipSubscriptionTests
{
    private static readonly CustomerId Ann = new(7);

    [Test]
    public async Task A_failed_last_payment_of_the_running_subscription_is_the_failed_renewal_once()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddMonths(1).AddDays(1));
        var failed = new MembershipSubscription(Store1, Ann, [1], Active: true, LastPaymentFailed: true);

        await h.Door.MembershipSubscriptionAsync(failed);
        var status = await h.Program.SubscriptionAsync(failed);

        Assert.That((status.State, status.LastRenewalFailed), Is.EqualTo((MemberState.Grace, true)));
        Assert.That(h.Table.Rows.Count(r => r.IdempotencyKey.StartsWith("member-failed:", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task An_inactive_subscription_without_a_failure_is_a_cancellation_and_with_one_a_failure_with_its_grace()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddDays(10));
        var cancelled = await h.Program.SubscriptionAsync(new MembershipSubscription(Store1, Ann, [1], Active: false, LastPaymentFailed: false));
        Assert.That((cancelled.State, cancelled.EndsUtc), Is.EqualTo((MemberState.Ending, T0.AddMonths(1))));

        var other = new MembershipHarness();
        await other.PayAsync(1);
        other.At(T0.AddMonths(1).AddDays(1));
        var failedThenCancelled = await other.Program.SubscriptionAsync(new MembershipSubscription(Store1, Ann, [1], Active: false, LastPaymentFailed: true));
        Assert.That((failedThenCancelled.State, failedThenCancelled.Cancelled), Is.EqualTo((MemberState.Grace, false)),
            "the store cancelled after the failure: the customer did not leave, the grace applies");
    }

    [Test]
    public async Task An_old_subscription_that_did_not_pay_the_running_membership_changes_nothing()
    {
        var h = new MembershipHarness();
        await h.PayAsync(1);
        h.At(T0.AddMonths(3));
        await h.PayAsync(2);

        var status = await h.Program.SubscriptionAsync(new MembershipSubscription(Store1, Ann, [1], Active: false, LastPaymentFailed: true));

        Assert.That((status.State, status.Cancelled, status.LastRenewalFailed), Is.EqualTo((MemberState.Active, false, false)));
        Assert.That(h.Table.Rows.Count(r => r.IdempotencyKey.StartsWith("member-failed:", StringComparison.Ordinal) || r.IdempotencyKey.StartsWith("member-cancel:", StringComparison.Ordinal)),
            Is.Zero);
    }
}
