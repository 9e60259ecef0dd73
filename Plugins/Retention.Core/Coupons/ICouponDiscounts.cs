namespace Retention.Core.Coupons;

/// <summary>
/// The store's own side of a coupon Core issues: the discount an order can use (a nopCommerce discount in the plugin, the
/// sandbox's discount row). Core's <see cref="Tables.CouponStore"/> keeps the record of what was issued and decides when a
/// discount is made, given up or deleted; a host only makes, withdraws, reports on and deletes discounts.
/// </summary>
public interface ICouponDiscounts
{
    /// <summary>
    /// Makes a discount that takes <paramref name="request"/>'s value off one order, usable once, with
    /// <paramref name="code"/>, only by the request's customer, until the request's expiry; its id (greater than zero). A
    /// discount is usable only once this returns: a crash part-way leaves none anybody can use.
    /// </summary>
    Task<int> CreateAsync(CouponRequest request, string code, CancellationToken cancellationToken = default);

    /// <summary>Makes a discount from <see cref="CreateAsync"/> unusable for good (its coupon lost a race); nothing when it is gone.</summary>
    Task WithdrawAsync(int discountId, CancellationToken cancellationToken = default);

    /// <summary>The discounts of <paramref name="discountIds"/> that still exist, each with whether an order used it.</summary>
    Task<IReadOnlyDictionary<int, bool>> UsageAsync(IReadOnlyCollection<int> discountIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes the discount; false when it was gone already (another node's cleanup, an admin).</summary>
    Task<bool> DeleteAsync(int discountId, CancellationToken cancellationToken = default);
}
