// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Membership;

/// <summary>The host's catalog as membership needs it: the recurring cycle of the membership product.</summary>
public interface IMembershipProducts
{
    /// <summary>The product's recurring cycle; null when the product is not recurring (then one paid order buys one year).</summary>
    Task<MembershipCycle?> CycleOfAsync(StoreId store, int productId, CancellationToken cancellationToken = default);
}

/// <summary>A customer gained or lost the perks: the host mirrors it (the plugin maps the customer to the member role).</summary>
public sealed record MembershipChanged(StoreId Store, CustomerId Customer, bool IsMember, MemberStatus Status, DateTime AtUtc);

/// <summary>What the host does when a customer gains or loses the perks (plugin: the member customer role; sandbox: nothing).</summary>
public interface IMembershipObserver
{
    Task MembershipChangedAsync(MembershipChanged change, CancellationToken cancellationToken = default);
}

/// <summary>The membership as the points award sees it (<see cref="Loyalty.LoyaltyEvents"/>): the multiplier and the record of what it gave.</summary>
public interface IMemberEarning
{
    /// <summary>The member's earn multiplier in the store now (1 for a non-member or a store without membership).</summary>
    Task<decimal> MultiplierAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>The order earned <paramref name="extraPoints"/> more than it would have without membership; recorded once per order.</summary>
    Task ExtraPointsEarnedAsync(StoreId store, CustomerId customer, int orderId, int extraPoints, decimal currencyPerPoint, CancellationToken cancellationToken = default);
}

/// <summary>An order reached the paid status, with what the member perks gave it at checkout (null: the host does not know).</summary>
/// <param name="ProductIds">The products on the order (renewal orders nopCommerce creates carry the membership product again).</param>
/// <param name="Perks">The member discount and the shipping not charged on this order (extra points are recorded by the award).</param>
public sealed record MembershipOrder(StoreId Store, CustomerId Customer, int OrderId, DateTime PaidUtc, IReadOnlyCollection<int> ProductIds, MemberSaving? Perks = null);

/// <summary>The perks a member gets now.</summary>
public sealed record MemberPerks(decimal DiscountPercent, bool FreeShipping, decimal PointsMultiplier);

/// <summary>Which of the membership's two emails a reminder is.</summary>
public enum MembershipReminderKind
{
    /// <summary>Before a renewing membership's paid-through date: it renews then.</summary>
    Renewal = 0,
    /// <summary>Before a membership in grace (renewal not paid) or cancelled lapses: the last call to pay.</summary>
    Expiry = 1,
}

/// <summary>
/// A reminder the night found due: the workflows enroll the member about <see cref="Subject"/>, which names the kind and
/// the date it is about, so a second sweep or a replay finds the enrollment and sends nothing twice, while a renewal paid
/// in between (a new date) gets its own.
/// </summary>
/// <param name="DateUtc">The renewal (paid-through) date, or the day the perks stop.</param>
public sealed record MembershipReminder(StoreId Store, CustomerId Customer, MembershipReminderKind Kind, DateTime DateUtc, DateTime AtUtc)
{
    private const string RenewalPrefix = "member-renewal:", ExpiryPrefix = "member-expiry:";

    /// <summary><c>member-renewal:{yyyyMMdd}</c> or <c>member-expiry:{yyyyMMdd}</c> (UTC day).</summary>
    public string Subject => (Kind == MembershipReminderKind.Renewal ? RenewalPrefix : ExpiryPrefix)
        + DateUtc.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The kind and UTC day a reminder's subject names; null for another subject.</summary>
    public static (MembershipReminderKind Kind, DateOnly Day)? Parse(string? subject)
    {
        if (subject is null) return null;
        var kind = subject.StartsWith(RenewalPrefix, StringComparison.Ordinal) ? MembershipReminderKind.Renewal
            : subject.StartsWith(ExpiryPrefix, StringComparison.Ordinal) ? MembershipReminderKind.Expiry : (MembershipReminderKind?)null;
        if (kind is null) return null;
        var day = subject[(kind == MembershipReminderKind.Renewal ? RenewalPrefix : ExpiryPrefix).Length..];
        return DateOnly.TryParseExact(day, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? (kind.Value, d) : null;
    }
}

/// <summary>
/// The host's recurring payment of the membership product as it stands (nopCommerce's <c>RecurringPayment</c>, which 4.90
/// changes without an event): the orders it paid (its initial order and each cycle's), whether it is still active, and
/// whether its last payment failed.
/// </summary>
/// <param name="OrderIds">The orders this subscription paid; it speaks for the membership only when the last paid period is one of them.</param>
public sealed record MembershipSubscription(StoreId Store, CustomerId Customer, IReadOnlyCollection<int> OrderIds, bool Active, bool LastPaymentFailed);
