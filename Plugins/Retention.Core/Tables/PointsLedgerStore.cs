using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>
/// The points ledger over the host's ledger table, the one implementation every host uses: appending is a keyed insert
/// on the entry's idempotency key, and the reads (a customer's lines, the balance, the queryable that Core's aggregate
/// queries run over) are queries the host's provider turns into SQL.
/// </summary>
/// <remarks>
/// The table's unique index on the key is what refuses a second entry, between racing nodes too; the look before the
/// insert (<see cref="ITable{TRow}.TryInsertAsync"/>) only spares a replayed event the failed insert.
/// </remarks>
public sealed class PointsLedgerStore(ITable<PointsEntryRow> table, IQueryRunner runner) : IPointsLedger, ILedgerData
{
    public Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var row = ToRow(entry);
        var key = row.IdempotencyKey;
        return table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value)
            .OrderBy(r => r.CreatedOnUtc).ThenBy(r => r.Id), cancellationToken);
        return rows.Select(FromRow).ToList();
    }

    /// <summary>One query per <see cref="TableQueries.ChunkSize"/> customers; each customer's entries in <see cref="GetEntriesAsync"/>'s order.</summary>
    public async Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<LedgerEntry>>> GetEntriesManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var storeId = store.Value;
        var rows = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => table.Rows
            .Where(r => r.StoreId == storeId && ids.Contains(r.CustomerId)), cancellationToken);
        var byCustomer = rows.OrderBy(r => r.CreatedOnUtc).ThenBy(r => r.Id).ToLookup(r => r.CustomerId);
        return customers.Distinct().ToDictionary(c => c, c => (IReadOnlyList<LedgerEntry>)byCustomer[c.Value].Select(FromRow).ToList());
    }

    public async Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        // One row of two conditional sums over the customer's lines, which the (store, customer, activation) index serves.
        var totals = await runner.FirstOrDefaultAsync(table.Rows
            .Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value)
            .GroupBy(r => r.CustomerId)
            .Select(g => new
            {
                // 64-bit sums: a customer's balance is bounded, but a sum is never where an overflow should surface.
                Available = g.Sum(r => r.ActivatesOnUtc <= asOfUtc ? (long)r.Points : 0L),
                Pending = g.Sum(r => r.ActivatesOnUtc > asOfUtc ? (long)r.Points : 0L),
            }), cancellationToken);
        return totals == null ? new PointsBalance(0, 0) : new PointsBalance(totals.Available, totals.Pending);
    }

    public IQueryable<LedgerEntryFact> Entries => table.Rows.Select(r => new LedgerEntryFact
    {
        StoreId = r.StoreId,
        CustomerId = r.CustomerId,
        Points = r.Points,
        ReasonId = r.ReasonId,
        CreatedUtc = r.CreatedOnUtc,
        ActivatesUtc = r.ActivatesOnUtc,
        ExpiresUtc = r.ExpiresOnUtc,
    });

    public static PointsEntryRow ToRow(LedgerEntry e) => new()
    {
        IdempotencyKey = e.Key.Value,
        StoreId = e.Store.Value,
        CustomerId = e.Customer.Value,
        Points = e.Points,
        ReasonId = (int)e.Reason,
        SourceId = (int)e.Source,
        SourceRef = e.SourceRef,
        CreatedOnUtc = e.CreatedUtc,
        ActivatesOnUtc = e.ActivatesUtc,
        ExpiresOnUtc = e.ExpiresUtc,
        Actor = e.Actor,
        Note = e.Note,
    };

    public static LedgerEntry FromRow(PointsEntryRow r) => new()
    {
        Key = new IdempotencyKey(r.IdempotencyKey),
        Store = new StoreId(r.StoreId),
        Customer = new CustomerId(r.CustomerId),
        Points = r.Points,
        Reason = (LedgerReason)r.ReasonId,
        Source = (LedgerSource)r.SourceId,
        SourceRef = r.SourceRef,
        CreatedUtc = TableQueries.Utc(r.CreatedOnUtc),
        ActivatesUtc = TableQueries.Utc(r.ActivatesOnUtc),
        ExpiresUtc = TableQueries.Utc(r.ExpiresOnUtc),
        Actor = r.Actor,
        Note = r.Note,
    };
}
