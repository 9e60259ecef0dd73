using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Coupons;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>Issues coupons into the <c>Coupons</c> table: random unique codes, one coupon per idempotency key.</summary>
public sealed class EfCouponIssuer(SandboxDatabase database) : ICouponIssuer
{
    /// <summary>Letters and digits a person cannot misread (no 0/O, 1/I/L).</summary>
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 10;
    private const int Attempts = 5;

    public async Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var existing = await FindAsync(request.Key.Value, cancellationToken);
            if (existing != null)
                return existing;

            await using var db = database.CreateContext();
            var row = new CouponRow
            {
                Key = request.Key.Value,
                Code = NewCode(),
                StoreId = request.Store.Value,
                CustomerId = request.Customer.Value,
                KindId = (int)request.Kind,
                Value = request.Value,
                Name = request.Name,
                CreatedUtc = DateTime.UtcNow,
                ExpiresUtc = request.ExpiresUtc,
            };
            db.Coupons.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IssuedCoupon(row.Code, row.ExpiresUtc);
            }
            catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
            {
                // Either another caller issued this key first (the next lookup returns theirs) or the random code
                // was taken (the next attempt draws another).
                db.Entry(row).State = EntityState.Detached;
            }
        }
        throw new InvalidOperationException($"Could not issue a coupon for key '{request.Key}' after {Attempts} attempts.");
    }

    private async Task<IssuedCoupon?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var row = await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        return row == null ? null : new IssuedCoupon(row.Code, row.ExpiresUtc);
    }

    private static string NewCode() => "RET-" + RandomNumberGenerator.GetString(Alphabet, CodeLength);

    // Implemented by the workflow helpers in this session (coupon cleanup); the lead's surface commit only declares it.
    public Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
