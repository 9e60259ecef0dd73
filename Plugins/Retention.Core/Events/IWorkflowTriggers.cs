using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;

namespace Retention.Core.Events;

/// <summary>
/// The workflow steps a store event starts, as <see cref="StoreEvents"/> calls them. <see cref="WorkflowTriggers"/> is the
/// one implementation hosts use (the workflow program's event methods and the exits); a port so that a replay of old
/// history (the sandbox's demo) can run the loyalty side of the same door without starting workflows for the past.
/// </summary>
public interface IWorkflowTriggers
{
    /// <summary>Exits on purchase, attribution, coupon redemptions, the order-based workflows.</summary>
    Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default);

    /// <summary>Review request and CSAT.</summary>
    Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default);

    /// <summary>The welcome series.</summary>
    Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default);

    /// <summary>The welcome series (once per customer, whichever of registration and subscription came first).</summary>
    Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default);

    /// <summary>Closes the customer's marketing enrollments in the store.</summary>
    Task NewsletterUnsubscribedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>Closes every enrollment of the customer, in every store.</summary>
    Task CustomerDeletedAsync(CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>The tier-up step: the congratulation when the tier went up, the only way a tier email is made.</summary>
    Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default);

    /// <summary>The discount card went up a level: the card's congratulation. A host without the card's email has nothing to do.</summary>
    Task CardRaisedAsync(Loyalty.Cards.CardChanged change, CancellationToken cancellationToken = default) => Task.CompletedTask;
    /// <summary>A cashback period was paid to the customer: the statement email, once per store, customer and period.</summary>
    Task CashbackPaidAsync(Cashback.CashbackPaid paid, CancellationToken cancellationToken = default);

    /// <summary>A membership's renewal or expiry reminder fell due: its email, once per subject. A host without them has nothing to do.</summary>
    Task MembershipReminderAsync(Membership.MembershipReminder reminder, CancellationToken cancellationToken = default) => Task.CompletedTask;

    // The stamp card and challenge emails; a host that replays the past (the demo) has nothing to do for them.
    /// <summary>A stamp card filled: the email with its coupon, once per card.</summary>
    Task StampCardFilledAsync(Stamps.StampCardFilled filled, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>A partial stamp card lapses soon: the reminder, once per card.</summary>
    Task StampCardExpiringAsync(Stamps.StampCardExpiring expiring, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>A challenge completed (or its held reward paid): the email with the reward, once per attempt.</summary>
    Task ChallengeCompletedAsync(Challenges.ChallengeCompleted completed, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>A badge earned: its email, once per badge.</summary>
    Task BadgeEarnedAsync(Challenges.BadgeEarned earned, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
