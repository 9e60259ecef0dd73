using System.Security.Cryptography;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>One issued coupon (Core's record of it; the discount itself is the host's), unique by its key and by its code.</summary>
public sealed class CouponRow : TableRow
{
    /// <summary>The coupon's idempotency key, unique.</summary>
    public string IdempotencyKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The host's discount (<see cref="ICouponDiscounts"/>); <see cref="CouponStore.NoDiscount"/> once the cleanup deleted it.</summary>
    public int DiscountId { get; set; }
    /// <summary>The code the customer types, unique.</summary>
    public string Code { get; set; } = "";
    public DateTime CreatedOnUtc { get; set; }
    public DateTime ExpiresOnUtc { get; set; }
}

/// <summary>
/// Single-use coupons over the host's coupon table and its discounts, the one implementation every host uses. A coupon is
/// issued once per key: the row's keyed insert decides a race, and the loser withdraws the discount it made, so only the
/// recorded code ever works. The row outlives its discount as the record of what was issued, so a key replayed after the
/// cleanup still answers the same code instead of issuing a second coupon.
/// </summary>
public sealed class CouponStore(ITable<CouponRow> table, ICouponDiscounts discounts, IQueryRunner runner, IClock clock) : ICouponIssuer
{
    /// <summary>A row's <see cref="CouponRow.DiscountId"/> once its discount is deleted (discount ids start at 1).</summary>
    public const int NoDiscount = 0;

    /// <summary>Letters and digits nobody misreads off an email (no 0/O, 1/I/L).</summary>
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 10;

    /// <summary>Draws of a code before giving up: a taken code (1 in 31^10 per coupon issued) is drawn again.</summary>
    private const int Attempts = 5;

    public async Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Key.Value;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await FindAsync(key, cancellationToken) is { } issued)
                return issued;
            var code = NewCode();
            var discountId = await discounts.CreateAsync(request, code, cancellationToken);
            var row = new CouponRow
            {
                IdempotencyKey = key,
                StoreId = request.Store.Value,
                CustomerId = request.Customer.Value,
                DiscountId = discountId,
                Code = code,
                CreatedOnUtc = clock.UtcNow,
                ExpiresOnUtc = request.ExpiresUtc,
            };
            bool inserted;
            try
            {
                inserted = await table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken);
            }
            catch
            {
                // No row records this discount's code, so nobody may use it.
                await discounts.WithdrawAsync(discountId, CancellationToken.None);
                throw;
            }
            if (inserted)
                return new IssuedCoupon(code, request.ExpiresUtc);
            // Another writer issued this key first (the next look returns its coupon), or the code was taken (the next
            // attempt draws another): either way only a recorded code may work.
            await discounts.WithdrawAsync(discountId, cancellationToken);
        }
        throw new InvalidOperationException($"Could not issue a coupon for key '{key}' after {Attempts} attempts.");
    }

    /// <summary>
    /// Deletes the discounts of up to <paramref name="limit"/> coupons that expired before <paramref name="expiredBeforeUtc"/>
    /// and were never used, oldest expiry first; the rows stay, marked <see cref="NoDiscount"/>, so no later call counts
    /// them again. Coupons are read a page at a time and the host asked about each page's discounts at once.
    /// </summary>
    public async Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Cleanup needs room for at least one coupon.");
        var removed = 0;
        CouponRow? last = null;
        while (removed < limit)
        {
            var page = await runner.ToListAsync(After(last, table.Rows.Where(r => r.ExpiresOnUtc < expiredBeforeUtc && r.DiscountId != NoDiscount))
                .OrderBy(r => r.ExpiresOnUtc).ThenBy(r => r.Id)
                .Take(TableQueries.ChunkSize), cancellationToken);
            if (page.Count == 0)
                break;
            var usage = await discounts.UsageAsync(page.Select(r => r.DiscountId).Distinct().ToList(), cancellationToken);
            var done = new List<long>();
            foreach (var coupon in page)
            {
                if (removed == limit)
                    break;
                if (!usage.TryGetValue(coupon.DiscountId, out var used))
                    done.Add(coupon.Id); // deleted meanwhile, or by a run that stopped before marking it
                else if (!used)
                {
                    // Another node's cleanup may have deleted it since the look: only this call's deletions count.
                    if (await discounts.DeleteAsync(coupon.DiscountId, cancellationToken))
                        removed++;
                    done.Add(coupon.Id);
                }
            }
            if (done.Count > 0)
                await table.UpdateAsync(r => done.Contains(r.Id), r => new CouponRow { DiscountId = NoDiscount }, cancellationToken);
            if (page.Count < TableQueries.ChunkSize)
                break;
            last = page[^1];
        }
        return removed;
    }

    /// <summary>
    /// The redemption guard (nopCommerce's discount requirement, the sandbox's checkout): whether the coupon of
    /// <paramref name="discountId"/> was issued to <paramref name="customer"/>. A discount no coupon records passes nobody.
    /// </summary>
    public async Task<bool> IsIssuedToAsync(int discountId, CustomerId customer, CancellationToken cancellationToken = default)
    {
        if (discountId == NoDiscount)
            return false;
        var customerId = customer.Value;
        return await runner.CountAsync(table.Rows.Where(r => r.DiscountId == discountId && r.CustomerId == customerId).Take(1), cancellationToken) > 0;
    }

    /// <summary>
    /// Takes back the coupon issued under <paramref name="key"/> unless an order used it (a stamp card that lost a stamp):
    /// its discount is deleted and the row kept, marked <see cref="NoDiscount"/>, so the key never issues another code.
    /// </summary>
    public async Task<CouponWithdrawal> WithdrawUnusedAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        var value = key.Value;
        var row = await runner.FirstOrDefaultAsync(table.Rows.Where(r => r.IdempotencyKey == value), cancellationToken);
        if (row == null || row.DiscountId == NoDiscount)
            return CouponWithdrawal.Gone;
        var usage = await discounts.UsageAsync([row.DiscountId], cancellationToken);
        if (!usage.TryGetValue(row.DiscountId, out var used))
            return CouponWithdrawal.Gone;
        if (used)
            return CouponWithdrawal.Used;
        await discounts.WithdrawAsync(row.DiscountId, cancellationToken);
        await discounts.DeleteAsync(row.DiscountId, cancellationToken);
        var id = row.Id;
        await table.UpdateAsync(r => r.Id == id, r => new CouponRow { DiscountId = NoDiscount }, cancellationToken);
        return CouponWithdrawal.Withdrawn;
    }

    /// <summary>Which of the coupons issued under <paramref name="keys"/> an order used (a coupon whose discount is gone was not).</summary>
    public async Task<IReadOnlySet<string>> UsedAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = await runner.ByChunksAsync(keys, chunk => table.Rows.Where(r => chunk.Contains(r.IdempotencyKey) && r.DiscountId != NoDiscount)
            .Select(r => new { r.IdempotencyKey, r.DiscountId }), cancellationToken);
        if (rows.Count == 0)
            return new HashSet<string>();
        var usage = await discounts.UsageAsync(rows.Select(r => r.DiscountId).Distinct().ToList(), cancellationToken);
        return rows.Where(r => usage.GetValueOrDefault(r.DiscountId)).Select(r => r.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<IssuedCoupon?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var row = await runner.FirstOrDefaultAsync(table.Rows.Where(r => r.IdempotencyKey == key), cancellationToken);
        return row == null ? null : new IssuedCoupon(row.Code, TableQueries.Utc(row.ExpiresOnUtc));
    }

    /// <summary>The coupons after <paramref name="last"/> in (expiry, id) order: the next page.</summary>
    private static IQueryable<CouponRow> After(CouponRow? last, IQueryable<CouponRow> rows)
    {
        if (last == null)
            return rows;
        var (expires, id) = (last.ExpiresOnUtc, last.Id);
        return rows.Where(r => r.ExpiresOnUtc > expires || (r.ExpiresOnUtc == expires && r.Id > id));
    }

    private static string NewCode() => "RET-" + RandomNumberGenerator.GetString(Alphabet, CodeLength);
}

/// <summary>What <see cref="CouponStore.WithdrawUnusedAsync"/> found.</summary>
public enum CouponWithdrawal
{
    /// <summary>No usable coupon under the key (never issued, expired and cleaned up, or withdrawn already).</summary>
    Gone = 0,
    /// <summary>It was unused; it no longer works.</summary>
    Withdrawn = 1,
    /// <summary>An order used it; it stays.</summary>
    Used = 2,
}
