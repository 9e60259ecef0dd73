using Retention.Core.Common;

namespace Retention.Core.Coupons;

/// <summary>How a coupon takes money off.</summary>
public enum CouponKind
{
    Percentage = 1,
    Amount = 2,
    /// <summary>One unit of <see cref="CouponRequest.ProductId"/> free (a stamp card's reward); the value is 100 (percent of one unit).</summary>
    FreeProduct = 3,
}

/// <summary>A single-use coupon for one customer.</summary>
public sealed record CouponRequest
{
    public required IdempotencyKey Key { get; init; }
    public required StoreId Store { get; init; }
    public required CustomerId Customer { get; init; }
    public required CouponKind Kind { get; init; }
    /// <summary>Percent (0–100] or an amount in the primary currency, by <see cref="Kind"/>.</summary>
    public required decimal Value { get; init; }
    public required DateTime ExpiresUtc { get; init; }
    /// <summary>Shown to the merchant in the discount list, e.g. "Retention: win-back step 2".</summary>
    public required string Name { get; init; }
    /// <summary>The product a <see cref="CouponKind.FreeProduct"/> coupon gives; 0 for the other kinds.</summary>
    public int ProductId { get; init; }
}

/// <summary>A coupon that exists in the store.</summary>
public sealed record IssuedCoupon(string Code, DateTime ExpiresUtc);

/// <summary>Creates single-use coupons: nopCommerce discounts in the plugin, a table in the sandbox.</summary>
public interface ICouponIssuer
{
    /// <summary>Issues the coupon, or returns the one already issued under the same key.</summary>
    Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes up to <paramref name="limit"/> coupons that expired before <paramref name="expiredBeforeUtc"/> and were never
    /// used (in nopCommerce: their discounts); used ones stay for the order history. Returns how many it removed.
    /// </summary>
    Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default);
}
