using Nop.Plugin.Misc.Retention.Services;
using System.Security.Cryptography;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Discounts;
using Retention.Core.Coupons;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Issues single-use coupons as nopCommerce discounts (order total, coupon code required, usable once) that only the
/// customer they were issued to can use: each carries a discount requirement naming this plugin, and the plugin, as
/// nopCommerce's requirement rule, passes it only for the customer recorded in <see cref="RetentionCoupon"/>.
/// </summary>
public class NopCouponIssuer : ICouponIssuer
{
    // No 0/O or 1/I: codes are read off emails and typed by hand.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Name of the requirement group the coupon's rule sits in, as the admin discount page shows it.</summary>
    public const string RequirementGroupName = "Retention: issued to one customer";

    private readonly IRepository<RetentionCoupon> _coupons;
    private readonly IRepository<Discount> _discountTable;
    private readonly IRepository<DiscountUsageHistory> _usages;
    private readonly IDiscountService _discounts;
    private readonly IQueryRunner _runner;

    public NopCouponIssuer(IRepository<RetentionCoupon> coupons, IRepository<Discount> discountTable, IRepository<DiscountUsageHistory> usages,
        IDiscountService discounts, IQueryRunner runner)
    {
        _coupons = coupons;
        _discountTable = discountTable;
        _usages = usages;
        _discounts = discounts;
        _runner = runner;
    }

    public async Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Key.Value;
        var existing = await FindAsync(key);
        if (existing != null)
            return new IssuedCoupon(existing.Code, existing.ExpiresOnUtc);

        var code = NewCode();
        // Created inactive and switched on only once its requirement is attached: a crash in between leaves a discount
        // nobody can use, never one anybody can.
        var discount = new Discount
        {
            Name = request.Name,
            AdminComment = $"Single-use coupon issued by the Retention plugin to customer {request.Customer} ({key}).",
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

        var row = new RetentionCoupon
        {
            IdempotencyKey = key,
            StoreId = request.Store.Value,
            CustomerId = request.Customer.Value,
            DiscountId = discount.Id,
            Code = code,
            CreatedOnUtc = DateTime.UtcNow,
            ExpiresOnUtc = request.ExpiresUtc,
        };
        if (await KeyedInsert.TryInsertAsync(_coupons, _runner, row, table => table.Where(c => c.IdempotencyKey == key)))
            return new IssuedCoupon(code, request.ExpiresUtc);

        // Another node issued this coupon first: deactivate our discount so only the recorded code works.
        discount.IsActive = false;
        discount.EndDateUtc = DateTime.UtcNow;
        await _discounts.UpdateDiscountAsync(discount);
        var winner = await FindAsync(key);
        return new IssuedCoupon(winner.Code, winner.ExpiresOnUtc);
    }

    /// <summary>
    /// Deletes the discounts of coupons that expired before the cut-off and were never used (no discount usage history),
    /// oldest first; the coupon rows stay as the record of what was issued.
    /// </summary>
    public async Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Cleanup needs room for at least one coupon.");
        var discountIds = await _runner.ToListAsync(
            (from coupon in _coupons.Table
             join discount in _discountTable.Table on coupon.DiscountId equals discount.Id
             where coupon.ExpiresOnUtc < expiredBeforeUtc && !_usages.Table.Any(u => u.DiscountId == coupon.DiscountId)
             orderby coupon.ExpiresOnUtc, coupon.Id
             select coupon.DiscountId).Take(limit), cancellationToken);

        var removed = 0;
        foreach (var id in discountIds)
        {
            // Another node's cleanup may have deleted it meanwhile.
            if (await _discounts.GetDiscountByIdAsync(id) is not { } discount)
                continue;
            await _discounts.DeleteDiscountAsync(discount);
            removed++;
        }
        return removed;
    }

    /// <summary>
    /// The requirement rule: whether the requirement belongs to a coupon issued to <paramref name="customerId"/>. A
    /// requirement the plugin did not attach (an admin picked the rule by hand) names no coupon, so nobody passes it.
    /// </summary>
    public async Task<bool> IsIssuedToAsync(int discountRequirementId, int customerId)
    {
        var requirement = await _discounts.GetDiscountRequirementByIdAsync(discountRequirementId);
        if (requirement == null)
            return false;
        var coupon = await _runner.FirstOrDefaultAsync(_coupons.Table.Where(c => c.DiscountId == requirement.DiscountId));
        return coupon != null && coupon.CustomerId == customerId;
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

    private Task<RetentionCoupon> FindAsync(string key) =>
        _runner.FirstOrDefaultAsync(_coupons.Table.Where(c => c.IdempotencyKey == key));

    private static string NewCode() =>
        "RET-" + RandomNumberGenerator.GetString(CodeAlphabet, 10);
}
