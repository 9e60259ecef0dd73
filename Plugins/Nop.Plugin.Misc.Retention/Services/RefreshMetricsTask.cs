using System.Text.Json;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Locking;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Computes each store's retention metrics in the database and keeps them as a dated snapshot, so the
/// dashboard widget never runs the aggregate queries on a page view. One snapshot per store and day: a
/// second node, or a second run the same day, finds it and does nothing.
/// </summary>
public class RefreshMetricsTask : IScheduleTask
{
    private static readonly TimeSpan LockExpiry = TimeSpan.FromMinutes(30);

    private readonly IStoreService _stores;
    private readonly IStoreData _storeData;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;
    private readonly IDistributedLock _lock;
    private readonly IOptionsStore _options;
    private readonly IRepository<RetentionMetricsSnapshot> _snapshots;

    public RefreshMetricsTask(IStoreService stores, IStoreData storeData, IQueryRunner runner, IClock clock, IDistributedLock @lock,
        IOptionsStore options, IRepository<RetentionMetricsSnapshot> snapshots)
    {
        _stores = stores;
        _storeData = storeData;
        _runner = runner;
        _clock = clock;
        _lock = @lock;
        _options = options;
        _snapshots = snapshots;
    }

    public async Task ExecuteAsync()
    {
        // The scheduler runs a task under the current store of whatever request triggered it: walk them all.
        foreach (var store in await _stores.GetAllStoresAsync())
            await _lock.TryRunExclusiveAsync($"metrics:{store.Id}", LockExpiry, _ => RefreshStoreAsync(new StoreId(store.Id)));
    }

    private async Task RefreshStoreAsync(StoreId store)
    {
        var asOf = DateOnly.FromDateTime(_clock.UtcNow);
        var key = IdempotencyKey.For("metrics", store, asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Value;
        if (await _runner.FirstOrDefaultAsync(_snapshots.Table.Where(s => s.IdempotencyKey == key)) != null)
            return;

        var options = await _options.LoadAsync(store);
        var request = new StoreMetricsRequest(asOf)
        {
            ActiveWindowDays = options.ActiveWindowDays,
            PeriodDays = options.MetricsPeriodDays,
            Store = store,
        };
        var metrics = await new StoreMetricsCalculator(_storeData, _runner).CalculateAsync(request);
        var snapshot = new RetentionMetricsSnapshot
        {
            IdempotencyKey = key,
            StoreId = store.Value,
            AsOfUtc = request.AsOfUtc,
            ComputedOnUtc = _clock.UtcNow,
            MetricsJson = JsonSerializer.Serialize(metrics),
        };
        await KeyedInsert.TryInsertAsync(_snapshots, _runner, snapshot, table => table.Where(s => s.IdempotencyKey == key));
    }
}
