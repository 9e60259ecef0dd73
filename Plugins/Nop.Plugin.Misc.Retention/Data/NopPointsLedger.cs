using Nop.Plugin.Misc.Retention.Services;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>The points ledger in the plugin's own table.</summary>
public class NopPointsLedger : IPointsLedger
{
    private readonly IRepository<RetentionLedgerEntry> _entries;
    private readonly IQueryRunner _runner;

    public NopPointsLedger(IRepository<RetentionLedgerEntry> entries, IQueryRunner runner)
    {
        _entries = entries;
        _runner = runner;
    }

    public Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        var key = entry.Key.Value;
        var row = new RetentionLedgerEntry
        {
            IdempotencyKey = key,
            StoreId = entry.Store.Value,
            CustomerId = entry.Customer.Value,
            Points = entry.Points,
            ReasonId = (int)entry.Reason,
            SourceId = (int)entry.Source,
            SourceRef = entry.SourceRef,
            CreatedOnUtc = entry.CreatedUtc,
            ActivatesOnUtc = entry.ActivatesUtc,
            ExpiresOnUtc = entry.ExpiresUtc,
            Actor = entry.Actor,
            Note = entry.Note,
        };
        return KeyedInsert.TryInsertAsync(_entries, _runner, row, table => table.Where(e => e.IdempotencyKey == key));
    }

    public async Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var rows = await _runner.ToListAsync(_entries.Table
            .Where(e => e.StoreId == store.Value && e.CustomerId == customer.Value)
            .OrderBy(e => e.CreatedOnUtc).ThenBy(e => e.Id));
        return rows.Select(ToEntry).ToList();
    }

    public async Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var totals = await _runner.FirstOrDefaultAsync(_entries.Table
            .Where(e => e.StoreId == store.Value && e.CustomerId == customer.Value)
            .GroupBy(e => e.CustomerId)
            .Select(g => new
            {
                // 64-bit sums: a customer's balance is bounded, but a sum is never where an overflow should surface.
                Available = g.Sum(e => e.ActivatesOnUtc <= asOfUtc ? (long)e.Points : 0L),
                Pending = g.Sum(e => e.ActivatesOnUtc > asOfUtc ? (long)e.Points : 0L),
            }));
        return totals == null ? new PointsBalance(0, 0) : new PointsBalance(totals.Available, totals.Pending);
    }

    private static LedgerEntry ToEntry(RetentionLedgerEntry row) => new()
    {
        Key = new IdempotencyKey(row.IdempotencyKey),
        Store = new StoreId(row.StoreId),
        Customer = new CustomerId(row.CustomerId),
        Points = row.Points,
        Reason = (LedgerReason)row.ReasonId,
        Source = (LedgerSource)row.SourceId,
        SourceRef = row.SourceRef,
        CreatedUtc = DateTime.SpecifyKind(row.CreatedOnUtc, DateTimeKind.Utc),
        ActivatesUtc = DateTime.SpecifyKind(row.ActivatesOnUtc, DateTimeKind.Utc),
        ExpiresUtc = row.ExpiresOnUtc is { } expires ? DateTime.SpecifyKind(expires, DateTimeKind.Utc) : null,
        Actor = row.Actor,
        Note = row.Note,
    };
}
