using Nop.Plugin.Misc.Retention.Services;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>Tier standings in the plugin's own table, one row per store and customer.</summary>
public class NopTierStandingStore : ITierStandingStore
{
    private readonly IRepository<RetentionTierStanding> _standings;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public NopTierStandingStore(IRepository<RetentionTierStanding> standings, IQueryRunner runner, IClock clock)
    {
        _standings = standings;
        _runner = runner;
        _clock = clock;
    }

    public async Task<TierStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(store, customer);
        return row == null
            ? new TierStanding(null)
            : new TierStanding(row.Tier, row.BelowSinceUtc is { } since ? DateTime.SpecifyKind(since, DateTimeKind.Utc) : null);
    }

    public async Task SaveAsync(StoreId store, CustomerId customer, TierStanding standing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        var row = await FindAsync(store, customer);
        if (row == null)
        {
            var key = RetentionTierStanding.KeyOf(store.Value, customer.Value);
            row = new RetentionTierStanding { StoreCustomerKey = key, StoreId = store.Value, CustomerId = customer.Value };
            Fill(row, standing);
            // Another node may insert the same customer's first standing at the same moment; the standing is
            // recomputable, so the loser simply writes its value over the winner's (last writer wins).
            if (await KeyedInsert.TryInsertAsync(_standings, _runner, row, table => table.Where(s => s.StoreCustomerKey == key)))
                return;
            row = await FindAsync(store, customer);
        }
        Fill(row, standing);
        await _standings.UpdateAsync(row, publishEvent: false);
    }

    public async Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default)
    {
        if (take <= 0)
            throw new ArgumentOutOfRangeException(nameof(take), take, "The batch size must be positive.");
        var ids = await _runner.ToListAsync(_standings.Table
            .Where(s => s.StoreId == store.Value && s.Tier != null && s.CustomerId > afterCustomerId)
            .OrderBy(s => s.CustomerId)
            .Select(s => s.CustomerId)
            .Take(take));
        return ids.Select(id => new CustomerId(id)).ToList();
    }

    private Task<RetentionTierStanding> FindAsync(StoreId store, CustomerId customer)
    {
        var key = RetentionTierStanding.KeyOf(store.Value, customer.Value);
        return _runner.FirstOrDefaultAsync(_standings.Table.Where(s => s.StoreCustomerKey == key));
    }

    private void Fill(RetentionTierStanding row, TierStanding standing)
    {
        row.Tier = standing.Tier;
        row.BelowSinceUtc = standing.BelowSinceUtc;
        row.UpdatedOnUtc = _clock.UtcNow;
    }
}
