using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Loyalty settings per store in the <c>LoyaltySettings</c> table, as JSON. Store 0 holds the all-stores values, which
/// apply to a store without its own row (nopCommerce's "override for store").
/// </summary>
/// <remarks>
/// Every award reads the settings, so they are kept for <see cref="Fresh"/> like nopCommerce keeps its settings in a
/// per-node cache: a save here is seen at once, a save by another node (process) within that time.
/// </remarks>
public sealed class EfLoyaltySettingsStore(SandboxDatabase database) : ILoyaltySettingsStore
{
    public const int AllStores = JsonSettingsRows.AllStores;
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, (LoyaltySettings Settings, long LoadedAt)> _cache = new();

    public async Task<LoyaltySettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(store.Value, out var hit) && Stopwatch.GetElapsedTime(hit.LoadedAt) < Fresh)
            return hit.Settings;
        var loadedAt = Stopwatch.GetTimestamp();
        var settings = await ReadAsync(store, cancellationToken);
        _cache[store.Value] = (settings, loadedAt);
        return settings;
    }

    private async Task<LoyaltySettings> ReadAsync(StoreId store, CancellationToken cancellationToken) =>
        await JsonSettingsRows.LoadAsync<LoyaltySettingsRow>(database, store.Value, cancellationToken) is { } row
            ? JsonSerializer.Deserialize<LoyaltySettings>(row.Json) ?? new LoyaltySettings()
            : new LoyaltySettings();

    public async Task<ValidationResult> SaveAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate();
        if (!result.IsValid)
            return result;
        await JsonSettingsRows.SaveAsync<LoyaltySettingsRow>(database, store.Value, JsonSerializer.Serialize(settings), cancellationToken);
        // The all-stores row is the fallback of every store, so any save forgets everything this node kept.
        _cache.Clear();
        return result;
    }
}

/// <summary>Tier standings in the <c>TierStandings</c> table, one row per store and customer.</summary>
public sealed class EfTierStandingStore(SandboxDatabase database) : ITierStandingStore
{
    public async Task<TierStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var row = await db.TierStandings.AsNoTracking()
            .FirstOrDefaultAsync(r => r.StoreId == store.Value && r.CustomerId == customer.Value, cancellationToken);
        return row == null ? new TierStanding(null) : new TierStanding(row.Tier, row.BelowSinceUtc);
    }

    public async Task SaveAsync(StoreId store, CustomerId customer, TierStanding standing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = database.CreateContext();
            var updated = await db.TierStandings
                .Where(r => r.StoreId == store.Value && r.CustomerId == customer.Value)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Tier, standing.Tier).SetProperty(r => r.BelowSinceUtc, standing.BelowSinceUtc), cancellationToken);
            if (updated > 0)
                return;
            db.TierStandings.Add(new TierStandingRow { StoreId = store.Value, CustomerId = customer.Value, Tier = standing.Tier, BelowSinceUtc = standing.BelowSinceUtc });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt == 0 && SandboxDatabase.IsUniqueViolation(e))
            {
                // Another writer made the row between our update and insert: last writer wins, so update it.
            }
        }
    }

    public async Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default)
    {
        if (take <= 0)
            throw new ArgumentOutOfRangeException(nameof(take), take, "A batch takes at least one customer.");
        await using var db = database.CreateContext();
        var ids = await db.TierStandings.AsNoTracking()
            .Where(r => r.StoreId == store.Value && r.CustomerId > afterCustomerId && r.Tier != null)
            .OrderBy(r => r.CustomerId)
            .Select(r => r.CustomerId)
            .Take(take)
            .ToListAsync(cancellationToken);
        return ids.Select(id => new CustomerId(id)).ToList();
    }
}

/// <summary>The <c>PointsLedger</c> table as Core's read model; EF Core turns Core's aggregate queries into SQL.</summary>
public sealed class EfLedgerData(SandboxDbContext db) : ILedgerData
{
    public IQueryable<LedgerEntryFact> Entries => db.Ledger.AsNoTracking().Select(r => new LedgerEntryFact
    {
        StoreId = r.StoreId,
        CustomerId = r.CustomerId,
        Points = r.Points,
        ReasonId = r.ReasonId,
        CreatedUtc = r.CreatedUtc,
        ActivatesUtc = r.ActivatesUtc,
        ExpiresUtc = r.ExpiresUtc,
    });
}
