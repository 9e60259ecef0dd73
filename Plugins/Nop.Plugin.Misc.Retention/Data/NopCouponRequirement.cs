using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// The plugin as nopCommerce's discount requirement rule on the coupons it issues (<see cref="NopCouponDiscounts"/>): the
/// requirement names a discount, and Core's coupon store answers whether that coupon was issued to the customer.
/// </summary>
public class NopCouponRequirement
{
    private readonly IDiscountService _discounts;
    private readonly CouponStore _coupons;

    public NopCouponRequirement(IDiscountService discounts, CouponStore coupons)
    {
        _discounts = discounts;
        _coupons = coupons;
    }

    /// <summary>
    /// Whether the requirement belongs to a coupon issued to <paramref name="customerId"/>. A requirement the plugin did not
    /// attach (an admin picked the rule by hand) names no coupon, so nobody passes it.
    /// </summary>
    public async Task<bool> IsIssuedToAsync(int discountRequirementId, int customerId)
    {
        var requirement = await _discounts.GetDiscountRequirementByIdAsync(discountRequirementId);
        return requirement != null && await _coupons.IsIssuedToAsync(requirement.DiscountId, new CustomerId(customerId));
    }
}
