using System.Security.Cryptography;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Discounts;
using Retention.Core.Coupons;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>Issues single-use coupons as nopCommerce discounts (order total, coupon code required, usable once).</summary>
public class NopCouponIssuer : ICouponIssuer
{
    // No 0/O or 1/I: codes are read off emails and typed by hand.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly IRepository<RetentionCoupon> _coupons;
    private readonly IDiscountService _discounts;
    private readonly IQueryRunner _runner;

    public NopCouponIssuer(IRepository<RetentionCoupon> coupons, IDiscountService discounts, IQueryRunner runner)
    {
        _runner = runner;
        _coupons = coupons;
        _discounts = discounts;
    }

    public async Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default)
    {
        var key = request.Key.Value;
        var existing = await _runner.FirstOrDefaultAsync(_coupons.Table.Where(c => c.IdempotencyKey == key));
        if (existing != null)
            return new IssuedCoupon(existing.Code, existing.ExpiresOnUtc);

        var code = NewCode();
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
            IsActive = true,
        };
        await _discounts.InsertDiscountAsync(discount);

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
        var winner = await _runner.FirstOrDefaultAsync(_coupons.Table.Where(c => c.IdempotencyKey == key));
        return new IssuedCoupon(winner.Code, winner.ExpiresOnUtc);
    }

    private static string NewCode() =>
        "RET-" + RandomNumberGenerator.GetString(CodeAlphabet, 10);

    // Implemented by the workflow helpers in this session (coupon cleanup); the lead's surface commit only declares it.
    public Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
