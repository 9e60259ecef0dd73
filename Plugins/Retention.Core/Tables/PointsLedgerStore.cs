using System.Linq.Expressions;
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
/// The table's unique index on the key is what refuses a second entry, between racing nodes too.
/// <para>
/// With <c>summaries</c> and <c>transactions</c>, each customer's <see cref="PointsSummary"/> is kept in its own table,
/// written in the transaction of every entry appended here, and the balance reads take it instead of the entries while it
/// holds. Every write of the ledger must then come through this store (a bulk load writes the summaries after, with
/// <see cref="SummariseAsync"/>); a customer without a summary row is read from the entries, as without the table.
/// </para>
/// </remarks>
public sealed class PointsLedgerStore(ITable<PointsEntryRow> table, IQueryRunner runner, ITable<PointsSummaryRow>? summaries = null,
    ITableTransactions? transactions = null) : IPointsLedger, ILedgerData
{
    public async Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (summaries is null || transactions is null)
            return await InsertAsync(entry, cancellationToken);
        var joined = transactions.InTransaction;
        try
        {
            return await transactions.RunAsync(async token =>
            {
                if (!await InsertAsync(entry, token)) return false;
                await AddToSummaryAsync(summaries, entry, token);
                return true;
            }, cancellationToken);
        }
        catch (TableRaceLostException) when (!joined)
        {
            // This call's own transaction: another writer committed the key first, and nothing of this one was kept.
            return false;
        }
    }

    // The batch verb with one row: where the host has an insert that skips a stored key (PostgreSQL's and SQLite's
    // ON CONFLICT DO NOTHING), the append is one statement, with no look first and no savepoint inside a transaction.
    private async Task<bool> InsertAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        (await table.TryInsertManyAsync([ToRow(entry)], r => r.IdempotencyKey, cancellationToken)).Count == 1;

    /// <summary>
    /// The summary after <paramref name="entry"/>: one conditional update adding it in place
    /// (<see cref="PointsSummary.TakesInPlace"/>, <see cref="PointsSummary.With"/>); otherwise the row is locked (made
    /// first if missing) and taken again from every entry, which a concurrent writer's committed entries are part of.
    /// </summary>
    private async Task AddToSummaryAsync(ITable<PointsSummaryRow> rows, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var (storeId, customerId, at) = (entry.Store.Value, entry.Customer.Value, entry.CreatedUtc);
        if (await rows.UpdateAsync(r => r.StoreId == storeId && r.CustomerId == customerId && r.AsOfUtc <= at
                && (r.NextActivationUtc == null || r.NextActivationUtc > at) && (r.NextLotExpiryUtc == null || r.NextLotExpiryUtc > at),
                SummaryUpdate.InPlace(entry), cancellationToken) == 1)
            return;
        await ResummariseAsync(rows, entry.Store, entry.Customer, at, cancellationToken);
    }

    /// <summary>Takes the summary again from the customer's entries, under the row's lock.</summary>
    private async Task ResummariseAsync(ITable<PointsSummaryRow> rows, StoreId store, CustomerId customer, DateTime writtenUtc, CancellationToken cancellationToken)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        // The no-op update takes the row's lock, so no other writer changes it between the read below and the write.
        if (await rows.UpdateAsync(r => r.StoreId == storeId && r.CustomerId == customerId, r => new PointsSummaryRow { AsOfUtc = r.AsOfUtc }, cancellationToken) == 0
            && !await rows.TryInsertAsync(new PointsSummaryRow { StoreCustomerKey = TierStandingRow.KeyOf(storeId, customerId), StoreId = storeId, CustomerId = customerId, AsOfUtc = writtenUtc },
                r => r.StoreId == storeId && r.CustomerId == customerId, cancellationToken))
        {
            // Another writer made the row first (and has committed it): its lock, now.
            await rows.UpdateAsync(r => r.StoreId == storeId && r.CustomerId == customerId, r => new PointsSummaryRow { AsOfUtc = r.AsOfUtc }, cancellationToken);
        }
        var summary = PointsSummary.Of(await GetEntriesAsync(store, customer, cancellationToken), writtenUtc);
        await rows.UpdateAsync(r => r.StoreId == storeId && r.CustomerId == customerId, r => new PointsSummaryRow
        {
            Available = summary.Available,
            Pending = summary.Pending,
            AsOfUtc = summary.AsOfUtc,
            NextActivationUtc = summary.NextActivationUtc,
            NextLotExpiryUtc = summary.NextLotExpiryUtc,
            LastActivityUtc = summary.LastActivityUtc,
        }, cancellationToken);
    }

    /// <summary>
    /// Writes the summaries of <paramref name="customers"/> from their entries (a bulk load that wrote the ledger
    /// directly, a schema upgrade, a migration): one transaction per call, each customer's row locked before it is read.
    /// </summary>
    public async Task SummariseAsync(StoreId store, IReadOnlyCollection<CustomerId> customers, DateTime writtenUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (summaries is null || transactions is null)
            throw new InvalidOperationException("This ledger keeps no summaries.");
        await transactions.RunAsync(async token =>
        {
            foreach (var customer in customers.Distinct())
                await ResummariseAsync(summaries, store, customer, writtenUtc, token);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The summary row of one customer's entries in one store (all of them, none elsewhere), for a host that loads the
    /// ledger in bulk and its summaries beside it.
    /// </summary>
    public static PointsSummaryRow SummaryRow(IReadOnlyList<LedgerEntry> entries, DateTime writtenUtc)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0 || entries.Any(e => e.Store != entries[0].Store || e.Customer != entries[0].Customer))
            throw new ArgumentException("A summary row is of one customer's entries in one store.", nameof(entries));
        var summary = PointsSummary.Of(entries, writtenUtc);
        return new PointsSummaryRow
        {
            StoreCustomerKey = TierStandingRow.KeyOf(entries[0].Store.Value, entries[0].Customer.Value),
            StoreId = entries[0].Store.Value,
            CustomerId = entries[0].Customer.Value,
            Available = summary.Available,
            Pending = summary.Pending,
            AsOfUtc = summary.AsOfUtc,
            NextActivationUtc = summary.NextActivationUtc,
            NextLotExpiryUtc = summary.NextLotExpiryUtc,
            LastActivityUtc = summary.LastActivityUtc,
        };
    }

    /// <summary>The spendable balance from the summary while it holds, otherwise from the entries (<see cref="Lots.Spendable"/>).</summary>
    public async Task<PointsBalance> GetSpendableAsync(StoreId store, CustomerId customer, LoyaltySettings settings, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (await SummaryAsync(store, customer, cancellationToken) is { } summary && summary.SpendableAt(settings, nowUtc) is { } balance)
            return balance;
        return Lots.Spendable(await GetEntriesAsync(store, customer, cancellationToken), settings, nowUtc);
    }

    private async Task<PointsSummary?> SummaryAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken)
    {
        if (summaries is null) return null;
        var (storeId, customerId) = (store.Value, customer.Value);
        var row = await runner.FirstOrDefaultAsync(summaries.Rows.Where(r => r.StoreId == storeId && r.CustomerId == customerId), cancellationToken);
        return row is null ? null : new PointsSummary(row.Available, row.Pending, TableQueries.Utc(row.AsOfUtc), TableQueries.Utc(row.NextActivationUtc),
            TableQueries.Utc(row.NextLotExpiryUtc), TableQueries.Utc(row.LastActivityUtc));
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
        if (await SummaryAsync(store, customer, cancellationToken) is { } summary && summary.SumsAt(asOfUtc) is { } sums)
            return sums;
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

/// <summary>
/// <see cref="PointsSummary.With"/> as the set of one <c>UPDATE</c>, so adding an entry to its summary is one statement
/// that two writers serialise on the row's lock (each adds to what the other committed). The values are members of a
/// captured object, which the hosts' providers send as parameters.
/// </summary>
internal static class SummaryUpdate
{
    private sealed class Values
    {
        public long AvailableDelta { get; init; }
        public long PendingDelta { get; init; }
        public DateTime At { get; init; }
        public DateTime? Activation { get; init; }
        public DateTime? LotExpiry { get; init; }
    }

    public static Expression<Func<PointsSummaryRow, PointsSummaryRow>> InPlace(LedgerEntry entry)
    {
        var at = entry.CreatedUtc;
        var pending = entry.ActivatesUtc > at;
        var values = Expression.Constant(new Values
        {
            AvailableDelta = pending ? 0 : entry.Points,
            PendingDelta = pending ? entry.Points : 0,
            At = at,
            Activation = entry.ActivatesUtc,
            LotExpiry = entry.ExpiresUtc,
        });
        var row = Expression.Parameter(typeof(PointsSummaryRow), "r");
        Expression Column(string name) => Expression.Property(row, name);
        Expression Value(string name) => Expression.Property(values, name);
        var bindings = new List<MemberBinding>
        {
            Bind(nameof(PointsSummaryRow.Available), Expression.Add(Column(nameof(PointsSummaryRow.Available)), Value(nameof(Values.AvailableDelta)))),
            Bind(nameof(PointsSummaryRow.Pending), Expression.Add(Column(nameof(PointsSummaryRow.Pending)), Value(nameof(Values.PendingDelta)))),
            Bind(nameof(PointsSummaryRow.AsOfUtc), Value(nameof(Values.At))),
        };
        if (pending)
            bindings.Add(Bind(nameof(PointsSummaryRow.NextActivationUtc), Earlier(Column(nameof(PointsSummaryRow.NextActivationUtc)), Value(nameof(Values.Activation)))));
        if (entry.Points > 0 && entry.ExpiresUtc is not null)
            bindings.Add(Bind(nameof(PointsSummaryRow.NextLotExpiryUtc), Earlier(Column(nameof(PointsSummaryRow.NextLotExpiryUtc)), Value(nameof(Values.LotExpiry)))));
        if (entry.Reason != LedgerReason.Expiry)
            bindings.Add(Bind(nameof(PointsSummaryRow.LastActivityUtc), Expression.Convert(Value(nameof(Values.At)), typeof(DateTime?))));
        return Expression.Lambda<Func<PointsSummaryRow, PointsSummaryRow>>(Expression.MemberInit(Expression.New(typeof(PointsSummaryRow)), bindings), row);
    }

    private static MemberAssignment Bind(string column, Expression value) => Expression.Bind(typeof(PointsSummaryRow).GetProperty(column)!, value);

    /// <summary><c>column == null || column &gt; value ? value : column</c> (the value is never null here).</summary>
    private static Expression Earlier(Expression column, Expression value) =>
        Expression.Condition(Expression.OrElse(Expression.Equal(column, Expression.Constant(null, typeof(DateTime?))), Expression.GreaterThan(column, value)),
            value, column);
}
