using Retention.Core.Common;
using Retention.Core.Loyalty.Cards;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>
/// Card standings over the host's table, one row per store and customer; an upsert like <see cref="TierStandingStore"/>
/// (one update, the keyed insert of a first row, and the update again when a racing writer made that row first).
/// </summary>
public sealed class CardStandingStore(ITable<CardStandingRow> table, IQueryRunner runner, IClock clock) : ICardStandingStore
{
    public async Task<CardStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var row = await runner.FirstOrDefaultAsync(table.Rows
            .Where(r => r.CustomerId == customerId && r.StoreId == storeId)
            .Select(r => new { r.Threshold, r.Percent }), cancellationToken);
        return row?.Threshold is { } threshold ? new CardStanding(new CardLevel(threshold, row.Percent)) : CardStanding.None;
    }

    public async Task SaveAsync(StoreId store, CustomerId customer, CardStanding standing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        var (storeId, customerId, now) = (store.Value, customer.Value, clock.UtcNow);
        var (threshold, percent) = (standing.Level?.Threshold, standing.Level?.Percent ?? 0m);
        if (await UpdateAsync() > 0)
            return;
        var row = new CardStandingRow
        {
            StoreCustomerKey = TierStandingRow.KeyOf(storeId, customerId),
            StoreId = storeId,
            CustomerId = customerId,
            Threshold = threshold,
            Percent = percent,
            UpdatedOnUtc = now,
        };
        if (await table.TryInsertAsync(row, r => r.CustomerId == customerId && r.StoreId == storeId, cancellationToken))
            return;
        await UpdateAsync();

        Task<int> UpdateAsync() => table.UpdateAsync(r => r.CustomerId == customerId && r.StoreId == storeId,
            r => new CardStandingRow { Threshold = threshold, Percent = percent, UpdatedOnUtc = now }, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default)
    {
        if (take <= 0)
            throw new ArgumentOutOfRangeException(nameof(take), take, "The batch size must be positive.");
        var storeId = store.Value;
        var ids = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.Threshold != null && r.CustomerId > afterCustomerId)
            .OrderBy(r => r.CustomerId)
            .Select(r => r.CustomerId)
            .Take(take), cancellationToken);
        return ids.Select(id => new CustomerId(id)).ToList();
    }

    /// <summary>
    /// Grouped by the held threshold in the database: a count, never a sum of money, so SQLite's text decimals group as
    /// well as the others' numerics. Equal values a provider returns apart (1000 and 1000.00) are added up here.
    /// </summary>
    public async Task<IReadOnlyDictionary<decimal, int>> HoldersPerLevelAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var storeId = store.Value;
        var groups = await runner.ToListAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.Threshold != null)
            .GroupBy(r => r.Threshold)
            .Select(g => new LevelCount { Threshold = g.Key, Holders = g.Count() }), cancellationToken);
        return groups.Where(g => g.Threshold is not null).GroupBy(g => g.Threshold!.Value).ToDictionary(g => g.Key, g => g.Sum(x => x.Holders));
    }

    private sealed class LevelCount
    {
        public decimal? Threshold { get; set; }
        public int Holders { get; set; }
    }

    public Task<int> EraseAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var customerId = customer.Value;
        return table.DeleteAsync(r => r.CustomerId == customerId, cancellationToken);
    }
}
