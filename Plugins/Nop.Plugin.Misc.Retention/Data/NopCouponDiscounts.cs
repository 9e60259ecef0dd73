using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Catalog;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// The nopCommerce side of Core's coupons (<see cref="CouponStore"/> keeps the record in <c>RetentionCoupon</c>): each
/// coupon is a discount (order total, coupon code required, usable once) that only the customer it was issued to can
/// use, because it carries a discount requirement naming this plugin (<see cref="NopCouponRequirement"/>). A stamp card's
/// free product (<see cref="CouponKind.FreeProduct"/>) is a discount assigned to that product (<c>AssignedToSkus</c>),
/// 100 % off one unit (<c>MaximumDiscountedQuantity</c> 1), still usable once and by its customer only.
/// </summary>
public class NopCouponDiscounts : ICouponDiscounts
{
    /// <summary>Name of the requirement group the coupon's rule sits in, as the admin discount page shows it.</summary>
    public const string RequirementGroupName = "Retention: issued to one customer";

    private readonly IRepository<Discount> _discountTable;
    private readonly IRepository<DiscountUsageHistory> _usages;
    private readonly IDiscountService _discounts;
    private readonly IProductService _products;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public NopCouponDiscounts(IRepository<Discount> discountTable, IRepository<DiscountUsageHistory> usages, IDiscountService discounts, IProductService products,
        IQueryRunner runner, IClock clock)
    {
        _products = products;
        _discountTable = discountTable;
        _usages = usages;
        _discounts = discounts;
        _runner = runner;
        _clock = clock;
    }

    public async Task<int> CreateAsync(CouponRequest request, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Created inactive and switched on only once its requirement is attached: a crash in between leaves a discount
        // nobody can use, never one anybody can.
        var discount = new Discount
        {
            Name = request.Name,
            AdminComment = $"Single-use coupon issued by the Retention plugin to customer {request.Customer} ({request.Key}).",
            DiscountTypeId = (int)(request.Kind == CouponKind.FreeProduct ? DiscountType.AssignedToSkus : DiscountType.AssignedToOrderTotal),
            UsePercentage = request.Kind is CouponKind.Percentage or CouponKind.FreeProduct,
            DiscountPercentage = request.Kind is CouponKind.Percentage or CouponKind.FreeProduct ? request.Value : 0,
            MaximumDiscountedQuantity = request.Kind == CouponKind.FreeProduct ? 1 : null,
            DiscountAmount = request.Kind == CouponKind.Amount ? request.Value : 0,
            StartDateUtc = null,
            EndDateUtc = request.ExpiresUtc,
            RequiresCouponCode = true,
            CouponCode = code,
            IsCumulative = false,
            DiscountLimitationId = (int)DiscountLimitationType.NTimesOnly,
            LimitationTimes = 1,
            IsActive = false,
        };
        await _discounts.InsertDiscountAsync(discount);
        if (request.Kind == CouponKind.FreeProduct)
            await AssignToProductAsync(discount.Id, request.ProductId);
        await AttachRequirementAsync(discount.Id);
        discount.IsActive = true;
        await _discounts.UpdateDiscountAsync(discount);
        return discount.Id;
    }

    /// <summary>Switched off and ended now, not deleted: the admin sees what happened to it.</summary>
    public async Task WithdrawAsync(int discountId, CancellationToken cancellationToken = default)
    {
        if (await _discounts.GetDiscountByIdAsync(discountId) is not { } discount)
            return;
        discount.IsActive = false;
        discount.EndDateUtc = _clock.UtcNow;
        await _discounts.UpdateDiscountAsync(discount);
    }

    /// <summary>Two queries per 1,000 discounts: those that still exist, and those of them with a usage history row.</summary>
    public async Task<IReadOnlyDictionary<int, bool>> UsageAsync(IReadOnlyCollection<int> discountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(discountIds);
        var existing = await _runner.ByChunksAsync(discountIds, ids => _discountTable.Table.Where(d => ids.Contains(d.Id)).Select(d => d.Id), cancellationToken);
        var used = (await _runner.ByChunksAsync(existing, ids => _usages.Table.Where(u => ids.Contains(u.DiscountId)).Select(u => u.DiscountId).Distinct(),
            cancellationToken)).ToHashSet();
        return existing.Distinct().ToDictionary(id => id, used.Contains);
    }

    public async Task<bool> DeleteAsync(int discountId, CancellationToken cancellationToken = default)
    {
        if (await _discounts.GetDiscountByIdAsync(discountId) is not { } discount)
            return false;
        await _discounts.DeleteDiscountAsync(discount);
        return true;
    }

    /// <summary>
    /// Maps the discount to the product, and marks the product as having discounts: nopCommerce's price calculation looks
    /// for a product's discounts only when that flag is set (as its admin page sets it when a discount is added).
    /// </summary>
    private async Task AssignToProductAsync(int discountId, int productId)
    {
        if (await _products.GetProductByIdAsync(productId) is not { } product)
            throw new InvalidOperationException($"The free product {productId} of a stamp card's coupon does not exist.");
        await _products.InsertDiscountProductMappingAsync(new DiscountProductMapping { DiscountId = discountId, EntityId = productId });
        if (!product.HasDiscountsApplied)
        {
            product.HasDiscountsApplied = true;
            await _products.UpdateProductAsync(product);
        }
    }

    /// <summary>nopCommerce checks a discount's requirements from a top-level group (And); the plugin's rule is its one child.</summary>
    private async Task AttachRequirementAsync(int discountId)
    {
        var group = new DiscountRequirement
        {
            DiscountId = discountId,
            IsGroup = true,
            InteractionTypeId = (int)RequirementGroupInteractionType.And,
            DiscountRequirementRuleSystemName = RequirementGroupName,
        };
        await _discounts.InsertDiscountRequirementAsync(group);
        await _discounts.InsertDiscountRequirementAsync(new DiscountRequirement
        {
            DiscountId = discountId,
            ParentId = group.Id,
            IsGroup = false,
            DiscountRequirementRuleSystemName = RetentionDefaults.SystemName,
        });
    }
}
