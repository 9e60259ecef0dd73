using System.Text.Json;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Stores;
using Retention.Core.Dashboard;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// The dashboard's model for the admin widget and the report page: one indexed read of the store's latest stored
/// snapshot (the scheduled task does every computation) and the stores for the selector.
/// </summary>
public class DashboardModelFactory
{
    #region Fields

    private readonly IRepository<RetentionMetricsSnapshot> _snapshots;
    private readonly IQueryRunner _runner;
    private readonly IStoreService _storeService;
    private readonly global::Retention.Core.Common.IClock _clock;

    #endregion

    #region Ctor

    public DashboardModelFactory(IRepository<RetentionMetricsSnapshot> snapshots, IQueryRunner runner, IStoreService storeService,
        global::Retention.Core.Common.IClock clock = null)
    {
        // The clock says which day a snapshot is served on; the system clock unless a test fixes it.
        _clock = clock ?? new global::Retention.Core.Common.SystemClock();
        _snapshots = snapshots;
        _runner = runner;
        _storeService = storeService;
    }

    #endregion

    #region Methods

    /// <summary>The model of the widget (<paramref name="mode"/> "widget") or of the report page ("report") for <paramref name="storeId"/>.</summary>
    public async Task<DashboardWidgetModel> PrepareModelAsync(int storeId, string mode)
    {
        var stores = await _storeService.GetAllStoresAsync();
        return new DashboardWidgetModel
        {
            Mode = mode,
            StoreId = storeId,
            SnapshotJson = await LatestJsonAsync(storeId),
            StoresJson = JsonSerializer.Serialize(stores.Select(s => new { id = s.Id, name = s.Name })),
        };
    }

    /// <summary>
    /// The newest snapshot of the store in the dashboard's shape, served on today's date (<see cref="DashboardSnapshot.StoreToday"/>,
    /// so a snapshot older than today says so), or null. Snapshots the plugin stored before the dashboard had its
    /// current shape are passed over, so the widget shows its empty state until the task runs again.
    /// </summary>
    public async Task<string> LatestJsonAsync(int storeId)
    {
        var latest = await _runner.FirstOrDefaultAsync(_snapshots.Table
            .Where(s => s.StoreId == storeId)
            .OrderByDescending(s => s.AsOfUtc));
        return DashboardSnapshot.FromJson(latest?.MetricsJson)?.ServedOn(_clock).ToJson();
    }

    #endregion
}
