using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>The points ledger in the <c>PointsLedger</c> table; its unique key index refuses duplicates.</summary>
public sealed class EfPointsLedger(SandboxDatabase database) : IPointsLedger
{
    public async Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var row = ToRow(entry);
        db.Ledger.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
        {
            // Another caller (or an earlier run) used this key: the index decided, nothing was written.
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    public async Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.Ledger.AsNoTracking()
            .Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value)
            .OrderBy(r => r.CreatedUtc).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(ToEntry).ToList();
    }

    public async Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var sums = await db.Ledger.AsNoTracking()
            .Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value)
            .GroupBy(r => r.ActivatesUtc <= asOfUtc)
            .Select(g => new { Active = g.Key, Points = g.Sum(r => (long)r.Points) })
            .ToListAsync(cancellationToken);
        return new PointsBalance(
            sums.Where(s => s.Active).Sum(s => s.Points),
            sums.Where(s => !s.Active).Sum(s => s.Points));
    }

    internal static LedgerEntryRow ToRow(LedgerEntry e) => new()
    {
        Key = e.Key.Value,
        StoreId = e.Store.Value,
        CustomerId = e.Customer.Value,
        Points = e.Points,
        ReasonId = (int)e.Reason,
        SourceId = (int)e.Source,
        SourceRef = e.SourceRef,
        CreatedUtc = e.CreatedUtc,
        ActivatesUtc = e.ActivatesUtc,
        ExpiresUtc = e.ExpiresUtc,
        Actor = e.Actor,
        Note = e.Note,
    };

    private static LedgerEntry ToEntry(LedgerEntryRow r) => new()
    {
        Key = new IdempotencyKey(r.Key),
        Store = new StoreId(r.StoreId),
        Customer = new CustomerId(r.CustomerId),
        Points = r.Points,
        Reason = (LedgerReason)r.ReasonId,
        Source = (LedgerSource)r.SourceId,
        SourceRef = r.SourceRef,
        CreatedUtc = r.CreatedUtc,
        ActivatesUtc = r.ActivatesUtc,
        ExpiresUtc = r.ExpiresUtc,
        Actor = r.Actor,
        Note = r.Note,
    };
}
