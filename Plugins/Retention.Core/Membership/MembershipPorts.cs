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
