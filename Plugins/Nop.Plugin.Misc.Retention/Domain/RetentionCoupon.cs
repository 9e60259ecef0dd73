using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// A single-use coupon the plugin created as a nopCommerce discount, unique on its key and its code: Core's
/// <c>CouponRow</c>, written by Core's <c>CouponStore</c>. <see cref="DiscountId"/> is 0 once the cleanup deleted the discount.
/// </summary>
public class RetentionCoupon : BaseEntity
{
    public string IdempotencyKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int DiscountId { get; set; }
    public string Code { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime ExpiresOnUtc { get; set; }
}
