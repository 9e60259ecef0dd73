using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>
/// Tier standings over the host's standing table, one row per store and customer; the one implementation every host
/// uses. A save is an upsert: one update of the customer's row, and the keyed insert of a first row when there is none.
/// </summary>
/// <remarks>
/// The last writer wins, as the port promises and as both hosts' stores did: a standing is recomputed from the orders on
/// every evaluation, so a save that lost a race is put right by the next one, and a guard on the state read would add a
/// re-read and a retry to every save. Two first saves of one customer meet at the table's unique key: the loser's insert
/// is refused and it updates the winner's row, so its value stands, as if it had come second.
/// </remarks>
public sealed class TierStandingStore(ITable<TierStandingRow> table, IQueryRunner runner, IClock clock) : ITierStandingStore
{
    public async Task<TierStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var row = await runner.FirstOrDefaultAsync(table.Rows
            .Where(r => r.CustomerId == customerId && r.StoreId == storeId)
            .Select(r => new { r.Tier, r.BelowSinceUtc }), cancellationToken);
        return row == null ? new TierStanding(null) : new TierStanding(row.Tier, TableQueries.Utc(row.BelowSinceUtc));
    }

    /// <summary>One query per <see cref="TableQueries.ChunkSize"/> customers; the same standings <see cref="GetAsync"/> reads.</summary>
    public async Task<IReadOnlyDictionary<CustomerId, TierStanding>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var storeId = store.Value;
        var rows = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => table.Rows
            .Where(r => r.StoreId == storeId && ids.Contains(r.CustomerId))
            .Select(r => new StandingRead { CustomerId = r.CustomerId, Tier = r.Tier, BelowSinceUtc = r.BelowSinceUtc }), cancellationToken);
        var found = customers.Distinct().ToDictionary(c => c, _ => new TierStanding(null));
        foreach (var row in rows)
            found[new CustomerId(row.CustomerId)] = new TierStanding(row.Tier, TableQueries.Utc(row.BelowSinceUtc));
        return found;
    }

    private sealed class StandingRead
    {
        public int CustomerId { get; set; }
        public string? Tier { get; set; }
        public DateTime? BelowSinceUtc { get; set; }
    }

    public async Task SaveAsync(StoreId store, CustomerId customer, TierStanding standing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        var (storeId, customerId) = (store.Value, customer.Value);
        var (tier, belowSince, now) = (standing.Tier, standing.BelowSinceUtc, clock.UtcNow);
        if (await UpdateAsync() > 0)
            return;
        var row = new TierStandingRow
        {
            StoreCustomerKey = TierStandingRow.KeyOf(storeId, customerId),
            StoreId = storeId,
            CustomerId = customerId,
            Tier = tier,
            BelowSinceUtc = belowSince,
            UpdatedOnUtc = now,
        };
        if (await table.TryInsertAsync(row, r => r.CustomerId == customerId && r.StoreId == storeId, cancellationToken))
            return;
        // Another writer made the customer's first row between the update and the insert.
        await UpdateAsync();

        Task<int> UpdateAsync() => table.UpdateAsync(r => r.CustomerId == customerId && r.StoreId == storeId,
            r => new TierStandingRow { Tier = tier, BelowSinceUtc = belowSince, UpdatedOnUtc = now }, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default)
    {
        if (take <= 0)
            throw new ArgumentOutOfRangeException(nameof(take), take, "The batch size must be positive.");
        var storeId = store.Value;
        var ids = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.Tier != null && r.CustomerId > afterCustomerId)
            .OrderBy(r => r.CustomerId)
            .Select(r => r.CustomerId)
            .Take(take), cancellationToken);
        return ids.Select(id => new CustomerId(id)).ToList();
    }
}
