using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox store's side of Core's coupons: one <c>Discounts</c> row per coupon, as nopCommerce keeps a discount
/// (Core's <see cref="Retention.Core.Tables.CouponStore"/> keeps the record in <c>Coupons</c>). A checkout with a code
/// uses it (<see cref="Workflows.SandboxCheckout"/>), and <c>CouponRedemptions</c> records the order that did.
/// </summary>
public sealed class SandboxDiscounts(SandboxDatabase database, IClock clock) : ICouponDiscounts
{
    /// <summary>One insert: the row is usable only once it is written.</summary>
    public async Task<int> CreateAsync(CouponRequest request, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = database.CreateContext();
        var discount = new SandboxDiscountRow
        {
            CouponCode = code,
            StoreId = request.Store.Value,
            KindId = (int)request.Kind,
            Value = request.Value,
            Name = request.Name,
            EndDateUtc = request.ExpiresUtc,
            IsActive = true,
            ProductId = request.ProductId,
        };
        db.Discounts.Add(discount);
        await db.SaveChangesAsync(cancellationToken);
        return discount.Id;
    }

    public async Task WithdrawAsync(int discountId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        await using var db = database.CreateContext();
        await db.Discounts.Where(d => d.Id == discountId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.IsActive, false).SetProperty(d => d.EndDateUtc, now), cancellationToken);
    }

    /// <summary>One query per <see cref="IdChunks.Size"/> discounts, the use found by code as the checkout records it.</summary>
    public async Task<IReadOnlyDictionary<int, bool>> UsageAsync(IReadOnlyCollection<int> discountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(discountIds);
        var usage = new Dictionary<int, bool>();
        await using var db = database.CreateContext();
        foreach (var ids in IdChunks.Of(discountIds))
            foreach (var found in await db.Discounts.AsNoTracking().Where(d => ids.Contains(d.Id))
                         .Select(d => new { d.Id, Used = db.CouponRedemptions.Any(r => r.Code == d.CouponCode) })
                         .ToListAsync(cancellationToken))
                usage[found.Id] = found.Used;
        return usage;
    }

    public async Task<bool> DeleteAsync(int discountId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Discounts.Where(d => d.Id == discountId).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
