using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
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

/// <summary>
/// Core's loyalty table stores over the sandbox database: the points ledger (also the read model of Core's aggregate
/// queries) in the <c>PointsLedger</c> table and the tier standings in <c>TierStandings</c>.
/// </summary>
public static class SandboxLoyaltyStores
{
    /// <summary>The ledger with each customer's summary in <c>PointsSummaries</c>, written in the transaction of every entry.</summary>
    public static PointsLedgerStore Ledger(SandboxDatabase database) =>
        new(new EfTable<PointsEntryRow>(database), new EfQueryRunner(), new EfTable<PointsSummaryRow>(database), new EfTables(database));

    /// <summary>
    /// The ledger writing no summaries, for the demo's seeding, which writes history dated before the summaries' instant
    /// (each such entry would take the summary again from every entry of its customer) and takes them all at its end
    /// (<see cref="Demo.DemoSummaries"/>).
    /// </summary>
    public static PointsLedgerStore SeedingLedger(SandboxDatabase database) =>
        new(new EfTable<PointsEntryRow>(database), new EfQueryRunner());

    public static TierStandingStore TierStandings(SandboxDatabase database, IClock clock) =>
        new(new EfTable<TierStandingRow>(database), new EfQueryRunner(), clock);

    public static CardStandingStore CardStandings(SandboxDatabase database, IClock clock) =>
        new(new EfTable<CardStandingRow>(database), new EfQueryRunner(), clock);
}
