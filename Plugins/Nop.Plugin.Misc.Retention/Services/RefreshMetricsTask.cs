using Nop.Plugin.Misc.Retention.Data;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Locking;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Computes each store's dashboard (Core's <see cref="DashboardSnapshot"/>: KPI tiles with trends, cohorts, RFM,
/// at-risk customers, predictions) in the database and keeps it as a dated snapshot, so the widget and the report page
/// never run the aggregate queries on a page view. One snapshot per store and day: the day's first run makes it with a
/// full build (the models refitted); the later hourly runs that find orders changed since (the changed-customers feed)
/// refresh it incrementally from the orders this process keeps, carrying the day's models (docs/decisions.md §19). A
/// node without kept orders (restarted, or another node made the day's snapshot) makes them with a full build first.
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
    private readonly ILedgerData _ledger;
    private readonly ILoyaltySettingsStore _loyaltySettings;
    private readonly IPurchaseGapQuery _gaps;
    private readonly IWorkflowData _workflows;
    private readonly MechanicsFigures _mechanics;
    private readonly DashboardRefresher _refresher;
    private readonly ChangedCustomerFeed _feed;

    // ledger and loyaltySettings are sequences so the task still resolves while no ledger read model is registered
    // (points liability then shows "no data"). gaps is the window-function median (NopPurchaseGapQuery).
    public RefreshMetricsTask(IStoreService stores, IStoreData storeData, IQueryRunner runner, IClock clock, IDistributedLock @lock,
        IOptionsStore options, IRepository<RetentionMetricsSnapshot> snapshots, IEnumerable<ILedgerData> ledger, IEnumerable<ILoyaltySettingsStore> loyaltySettings,
        IPurchaseGapQuery gaps, IEnumerable<IWorkflowData> workflows = null, IEnumerable<MechanicsFigures> mechanics = null,
        DashboardRefresher refresher = null, ChangedCustomerFeed feed = null)
    {
        // Without the refresher and its feed (tests of the snapshot alone): one full build a day, no refresh after it.
        _refresher = feed == null ? null : refresher;
        _feed = feed;
        // The loyalty mechanics' sections (membership, cashback, stamp cards, challenges); without them the snapshot has none.
        _mechanics = mechanics?.FirstOrDefault();
        // The workflow tables feed the NPS, CSAT and attributed-revenue tiles; without them those tiles show "no data".
        _workflows = workflows?.FirstOrDefault();
        _gaps = gaps ?? throw new ArgumentNullException(nameof(gaps));
        _ledger = ledger?.FirstOrDefault();
        _loyaltySettings = loyaltySettings?.FirstOrDefault();
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
        var existing = await _runner.FirstOrDefaultAsync(_snapshots.Table.Where(s => s.IdempotencyKey == key));
        if (existing != null && _refresher == null)
            return;
        // Later the same day: only when an order changed since the kept state (one indexed look at the feed).
        if (existing != null && _refresher.StateOf(store) is { } kept && kept.Request.AsOf == asOf
            && !await _feed.AnySinceAsync(store.Value, kept.Watermark))
            return;

        var options = await _options.LoadAsync(store);
        decimal? pointValue = null;
        if (_ledger != null)
            pointValue = _loyaltySettings != null
                ? (await _loyaltySettings.LoadAsync(store)).CurrencyPerPoint
                : new LoyaltySettings().CurrencyPerPoint;
        var builder = new DashboardBuilder(_storeData, _runner, _ledger, _clock, _gaps, _workflows, _mechanics);
        var request = new DashboardRequest(store, asOf)
        {
            ActiveWindowDays = options.ActiveWindowDays,
            DefaultPeriodDays = options.MetricsPeriodDays,
            CurrencyPerPoint = pointValue,
        };
        var dashboard = _refresher == null ? await builder.BuildAsync(request)
            : existing == null ? await _refresher.FullAsync(builder, _feed, request)
            : (await _refresher.RefreshAsync(builder, _feed, request)).Snapshot;
        if (existing != null)
        {
            existing.ComputedOnUtc = _clock.UtcNow;
            existing.MetricsJson = dashboard.ToJson();
            await _snapshots.UpdateAsync(existing, false);
            return;
        }
        var snapshot = new RetentionMetricsSnapshot
        {
            IdempotencyKey = key,
            StoreId = store.Value,
            AsOfUtc = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            ComputedOnUtc = _clock.UtcNow,
            MetricsJson = dashboard.ToJson(),
        };
        await KeyedInsert.TryInsertAsync(_snapshots, _runner, snapshot, table => table.Where(s => s.IdempotencyKey == key));
    }
}
