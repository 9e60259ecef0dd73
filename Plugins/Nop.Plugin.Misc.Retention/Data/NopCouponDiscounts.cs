using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// The nopCommerce side of Core's coupons (<see cref="CouponStore"/> keeps the record in <c>RetentionCoupon</c>): each
/// coupon is a discount (order total, coupon code required, usable once) that only the customer it was issued to can
/// use, because it carries a discount requirement naming this plugin (<see cref="NopCouponRequirement"/>).
/// </summary>
public class NopCouponDiscounts : ICouponDiscounts
{
    /// <summary>Name of the requirement group the coupon's rule sits in, as the admin discount page shows it.</summary>
    public const string RequirementGroupName = "Retention: issued to one customer";

    private readonly IRepository<Discount> _discountTable;
    private readonly IRepository<DiscountUsageHistory> _usages;
    private readonly IDiscountService _discounts;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public NopCouponDiscounts(IRepository<Discount> discountTable, IRepository<DiscountUsageHistory> usages, IDiscountService discounts, IQueryRunner runner,
        IClock clock)
    {
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
            DiscountTypeId = (int)DiscountType.AssignedToOrderTotal,
            UsePercentage = request.Kind == CouponKind.Percentage,
            DiscountPercentage = request.Kind == CouponKind.Percentage ? request.Value : 0,
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
