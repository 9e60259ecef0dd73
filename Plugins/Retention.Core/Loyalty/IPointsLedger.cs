using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>The points ledger: append-only, keyed for idempotency.</summary>
public interface IPointsLedger
{
    /// <summary>
    /// Appends <paramref name="entry"/> unless an entry with the same key exists. Returns false (and changes
    /// nothing) for a duplicate, including when two callers race on the same key.
    /// </summary>
    Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A customer's entries in one store, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="GetEntriesAsync"/> for each of <paramref name="customers"/> (an empty list for one without entries), so the
    /// nightly run reads a batch of customers at once. The default asks per customer; the table store reads with one query.
    /// </summary>
    async Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<LedgerEntry>>> GetEntriesManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<CustomerId, IReadOnlyList<LedgerEntry>>();
        foreach (var customer in customers.Distinct())
            found[customer] = await GetEntriesAsync(store, customer, cancellationToken);
        return found;
    }

    /// <summary>
    /// The balance the customer may use at <paramref name="nowUtc"/> (<see cref="Lots.Spendable"/>: lapsed points off before
    /// the sweep writes them). The default reads the entries; the table store reads its summary row while it holds.
    /// </summary>
    async Task<PointsBalance> GetSpendableAsync(StoreId store, CustomerId customer, LoyaltySettings settings, DateTime nowUtc,
        CancellationToken cancellationToken = default) =>
        Lots.Spendable(await GetEntriesAsync(store, customer, cancellationToken), settings, nowUtc);

    /// <summary>Sum of entries active at <paramref name="asOfUtc"/>, and of those still pending.</summary>
    Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default);
}
