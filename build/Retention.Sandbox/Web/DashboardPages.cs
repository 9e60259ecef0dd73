using Retention.Core.Localization;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Analytics;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The retention dashboard in the sandbox: the plugin's own script and stylesheet (linked from the plugin's Content
/// folder, served at the same path as in nopCommerce) and the same JSON snapshot, so what is tested here is what the
/// store shows. Chart.js is served at nopCommerce's own path, <c>/lib_npm/chart.js/chart.umd.min.js</c>, from the copy
/// the sandbox's build takes from the npm registry (its project file's FetchChartJs target).
/// </summary>
public static class DashboardPages
{
    public const string ChartJsPath = "/lib_npm/chart.js/chart.umd.min.js";
    public const string ContentPath = "/Plugins/Misc.Retention/Content/";

    /// <summary>Registers the snapshot holder; called from <see cref="SandboxWebApp.AddPorts"/>.</summary>
    public static void AddDashboard(this IServiceCollection services) => services.AddSingleton<DashboardSnapshots>();

    /// <summary>Maps /admin/report, /api/admin/dashboard and its CSV exports.</summary>
    public static void MapDashboard(this WebApplication app)
    {
        // The plugin's task computes snapshots ahead of page views; here the demo store's is started as soon as the app is up.
        app.Lifetime.ApplicationStarted.Register(() => _ = app.Services.GetRequiredService<DashboardSnapshots>()
            .GetAsync(app.Services, new StoreId(1), CancellationToken.None).ContinueWith(t => app.Logger.LogWarning(t.Exception, "The dashboard snapshot could not be built."),
                TaskContinuationOptions.OnlyOnFaulted));
        app.MapGet("/admin/report", (string? store, HttpContext http, IAntiforgery antiforgery) =>
            Page("Retention report", Container("report", StoreOf(store), antiforgery.GetAndStoreTokens(http))));
        app.MapPost("/admin/customers/{id}/win-back", StartWinBackAsync);
        app.MapGet("/api/admin/dashboard", async (string? store, DashboardSnapshots snapshots, IServiceProvider services, CancellationToken ct) =>
        {
            if (!TryStore(store, out var id))
                return Results.BadRequest(new { error = $"'{store}' is not a store id." });
            var snapshot = await snapshots.GetAsync(services, id, ct);
            return Results.Content(snapshot.ToJson(), "application/json; charset=utf-8");
        });
        app.MapGet("/api/admin/dashboard.csv", async (string? name, string? store, DashboardSnapshots snapshots, IServiceProvider services, CancellationToken ct) =>
        {
            if (!TryStore(store, out var id))
                return Results.BadRequest($"'{store}' is not a store id.");
            if (name is null || !DashboardCsv.Names.Contains(name))
                return Results.BadRequest($"There is no '{name}' export; choose one of: {string.Join(", ", DashboardCsv.Names)}.");
            var snapshot = await snapshots.GetAsync(services, id, ct);
            return Results.File(Encoding.UTF8.GetBytes(DashboardCsv.Write(snapshot, name, key => DashboardTexts.ByLanguage[SandboxLanguage.Current].GetValueOrDefault(key))), "text/csv; charset=utf-8",
                $"retention-{name}-{snapshot.AsOf:yyyy-MM-dd}.csv");
        });
        // One segment's customers, scored in the database at the snapshot's date (the plugin's RetentionReport/SegmentCsv).
        app.MapGet("/api/admin/segment.csv", async (string? segment, string? store, DashboardSnapshots snapshots, IServiceProvider services,
            IStoreData data, IQueryRunner runner, CancellationToken ct) =>
        {
            if (!TryStore(store, out var id))
                return Results.BadRequest($"'{store}' is not a store id.");
            if (!RfmScoring.TryParseSegment(segment, out var which))
                return Results.BadRequest($"There is no segment '{segment}'; choose one of: {string.Join(", ", Enum.GetNames<RfmSegment>())}.");
            var snapshot = await snapshots.GetAsync(services, id, ct);
            var asOf = snapshot.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var customers = await new RfmQuery(data, runner).CustomersAsync(new CountedOrders(asOf, id.Value), which, ct);
            return Results.File(Encoding.UTF8.GetBytes(RfmQuery.ToCsv(customers, s => DashboardTexts.ByLanguage[SandboxLanguage.Current].GetValueOrDefault("segment." + s))), "text/csv; charset=utf-8",
                $"retention-segment-{which}-{snapshot.AsOf:yyyy-MM-dd}.csv");
        });
    }

    /// <summary>The widget for the /admin page: the same container the plugin's view renders, filled from the JSON endpoint.</summary>
    public static string Widget(AntiforgeryTokenSet? tokens = null) => Container("widget", 1, tokens);

    /// <summary>
    /// The container the shared script draws into (the plugin's DashboardWidget.cshtml renders the same attributes, with
    /// nopCommerce's URLs). Without embedded JSON the script fetches data-snapshot-url.
    /// </summary>
    public static string Container(string mode, int store, AntiforgeryTokenSet? tokens = null) => new StringBuilder()
        .Append("<link rel=\"stylesheet\" href=\"").Append(ContentPath).Append("retention-dashboard.css\">\n")
        .Append("<div class=\"retention-dashboard\" data-mode=\"").Append(E(mode)).Append('"')
        .Append(" data-store=\"").Append(E(store)).Append('"')
        .Append(" data-stores=\"").Append(E("[{\"id\":1,\"name\":\"Demo store\"}]")).Append('"')
        .Append(" data-snapshot-url=\"/api/admin/dashboard?store={store}\"")
        .Append(" data-report-url=\"/admin/report?store={store}\"")
        .Append(" data-csv-url=\"/api/admin/dashboard.csv?name={name}&amp;store={store}\"")
        .Append(" data-segment-csv-url=\"/api/admin/segment.csv?segment={segment}&amp;store={store}\"")
        .Append(" data-customer-url=\"/admin/customers/{id}\"")
        // The at-risk rows' "Start win-back" posts a form; without a token for it the script shows no action.
        .Append(tokens is { RequestToken: { } token }
            ? " data-winback-url=\"/admin/customers/{id}/win-back?store={store}\" data-antiforgery=\""
              + E(System.Text.Json.JsonSerializer.Serialize(new { name = tokens.FormFieldName, value = token })) + "\""
            : "")
        .Append(" data-chartjs-url=\"").Append(ChartJsPath).Append('"')
        // The plugin hands the script its locale resources; the sandbox has Core's table of the chosen language.
        .Append(" data-culture=\"").Append(SandboxLanguage.Current == "ru" ? "ru-RU" : "en-US").Append('"')
        .Append(" data-texts=\"").Append(E(TextsJson[SandboxLanguage.Current])).Append("\"></div>\n")
        .Append("<script src=\"").Append(ContentPath).Append("retention-dashboard.js\"></script>\n")
        .ToString();

    private static readonly IReadOnlyDictionary<string, string> TextsJson =
        DashboardTexts.ByLanguage.ToDictionary(l => l.Key, l => System.Text.Json.JsonSerializer.Serialize(l.Value));

    private static int StoreOf(string? store) => TryStore(store, out var id) ? id.Value : 1;

    private static bool TryStore(string? text, out StoreId store)
    {
        store = new StoreId(1);
        if (string.IsNullOrEmpty(text))
            return true;
        if (!Ids.TryParse(text, out var id))
            return false;
        store = new StoreId(id);
        return true;
    }

    /// <summary>
    /// The at-risk list's "Start win-back" for one customer: Core's <see cref="WorkflowScans.StartWinBackNowAsync"/> decides
    /// (workflow on, consent, re-entry; the run applies the weekly cap and quiet hours); the page says what happened.
    /// </summary>
    public static async Task<IResult> StartWinBackAsync(string id, string? store, IFormCollection form, WorkflowScans scans, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(id, out var customer))
            return Page("Start win-back", $"<p class=\"error\">{E(F("'{raw}' is not a customer id.", TextArg.Of("raw", id)))}</p>", StatusCodes.Status400BadRequest);
        if (!TryStore(store, out var storeId))
            return Page("Start win-back", $"<p class=\"error\">{E(F("'{raw}' is not a store id.", TextArg.Of("raw", store ?? "")))}</p>", StatusCodes.Status400BadRequest);
        var outcome = await scans.StartWinBackNowAsync(storeId, new CustomerId(customer), cancellationToken);
        var body = new StringBuilder()
            .Append("<p class=\"").Append(outcome.IsStarted ? "notice" : "error").Append("\" id=\"win-back-outcome\" data-status=\"").Append(outcome.Status).Append("\">")
            .Append(E(outcome.Message)).Append("</p>\n<p><a href=\"/admin/customers/").Append(customer).Append(("\">" + E(T("Customer")) + " ")).Append(customer).Append("</a> · ")
            .Append(("<a href=\"/admin\">" + E(T("Dashboard")) + "</a> · <a href=\"/admin/workflows/WinBack?store=")).Append(storeId.Value).Append(("\">" + E(T("Win-back workflow")) + "</a> · "))
            .Append("<a href=\"/outbox?customer=").Append(customer).Append(("\">" + E(T("Their emails")) + "</a></p>\n"));
        return Page("Start win-back", body.ToString(), outcome.IsStarted ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }
}

/// <summary>
/// The sandbox's stand-in for the plugin's dated snapshot table and its daily task: each store's snapshot is built for
/// the sandbox clock's current day, and built again once that day moves on (time passing, or the clock advanced).
/// While the new day's snapshot is being built the last completed one is served, marked with the store's day so the
/// page says it is older; before any snapshot exists the request waits for the first (the page shows its loading state).
/// </summary>
/// <remarks>
/// Within a day, an order placed, paid, cancelled or refunded (the changed-customers feed) makes the next request start
/// an incremental refresh (docs/decisions.md §19): the kept orders with the changed customers' re-read, the day's models
/// carried; the first build of a process, and the first a day after the last full one, refit them.
/// </remarks>
public sealed class DashboardSnapshots(SandboxState state, IClock clock)
{
    private readonly DashboardRefresher _refresher = new(clock);

    /// <summary>The command timeout of the snapshot's queries (every store query of the build runs on one scoped context).</summary>
    public static readonly TimeSpan BuildCommandTimeout = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<StoreId, PerStore> _stores = new();

    /// <summary>The newest snapshot to show now: today's when built, else the last completed one (see the class remarks).</summary>
    public async Task<DashboardSnapshot> GetAsync(IServiceProvider services, StoreId store, CancellationToken cancellationToken)
    {
        var today = Today();
        var entry = _stores.GetOrAdd(store, _ => new PerStore());
        Task<DashboardSnapshot> building;
        DashboardSnapshot? latest;
        // Orders changed since the kept state: refresh (incrementally) once the build under way is done. The feed is looked
        // at once a second at most, so a page or widget polled by many keeps answering from memory.
        var changed = entry.Building is { IsCompletedSuccessfully: true } && _refresher.StateOf(store) is { } kept && entry.TakeFeedLook()
            && await SandboxStores.ChangedCustomers(state.Database, clock).AnySinceAsync(store.Value, kept.Watermark, cancellationToken);
        lock (entry)
        {
            // A failed build is not kept: the next request tries again.
            if (entry.Building is null || entry.BuildingDay != today || entry.Building.IsFaulted || (changed && entry.Building.IsCompleted))
            {
                entry.BuildingDay = today;
                entry.Building = BuildAsync(services, store, today).ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully)
                        lock (entry)
                            if (entry.Latest is null || entry.Latest.AsOf <= t.Result.AsOf)
                                entry.Latest = t.Result;
                    return t;
                }, TaskScheduler.Default).Unwrap();
            }
            building = entry.Building;
            latest = entry.Latest;
        }
        if (!building.IsCompletedSuccessfully && latest is not null)
            return latest.ServedOn(clock);
        return (await building.WaitAsync(cancellationToken)).ServedOn(clock);
    }

    /// <summary>The day a snapshot built now is as of: the sandbox clock's (never before the data's own as-of day).</summary>
    private DateOnly Today()
    {
        var now = DateOnly.FromDateTime(clock.UtcNow);
        var loaded = DateOnly.FromDateTime(state.AsOfUtc);
        return now < loaded ? loaded : now;
    }

    private sealed class PerStore
    {
        private long _nextFeedLook;

        /// <summary>Whether this request looks at the feed (true at most once a second, real time, whatever the sandbox clock).</summary>
        public bool TakeFeedLook()
        {
            var now = Environment.TickCount64;
            var next = Interlocked.Read(ref _nextFeedLook);
            return now >= next && Interlocked.CompareExchange(ref _nextFeedLook, now + 1000, next) == next;
        }

        public DateOnly BuildingDay { get; set; }
        public Task<DashboardSnapshot>? Building { get; set; }
        public DashboardSnapshot? Latest { get; set; }
    }

    private async Task<DashboardSnapshot> BuildAsync(IServiceProvider root, StoreId store, DateOnly asOf)
    {
        // Its own scope: the snapshot outlives the request that asked first.
        await using var scope = root.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var services = scope.ServiceProvider;
        // A background job like the plugin's nightly task, not a page query: on a store of a million customers one metrics
        // query runs past the provider's default 30 s command timeout, and the build failed instead of finishing.
        services.GetRequiredService<SandboxDbContext>().Database.SetCommandTimeout(BuildCommandTimeout);
        var options = await services.GetRequiredService<IOptionsStore>().LoadAsync(store);
        var ledger = services.GetService<ILedgerData>();
        decimal? pointValue = null;
        if (ledger != null)
            pointValue = services.GetService<ILoyaltySettingsStore>() is { } loyalty
                ? (await loyalty.LoadAsync(store)).CurrencyPerPoint
                : new LoyaltySettings().CurrencyPerPoint;
        // The loyalty mechanics the sandbox runs (each optional, as the plugin's): their sections show while switched on.
        var mechanics = MechanicsReportPages.Figures(services);
        var builder = new DashboardBuilder(services.GetRequiredService<IStoreData>(), services.GetRequiredService<IQueryRunner>(), ledger, clock,
            services.GetService<IPurchaseGapQuery>(), new EfWorkflowData(services.GetRequiredService<SandboxDbContext>()), mechanics);
        var (snapshot, _) = await _refresher.RefreshAsync(builder, SandboxStores.ChangedCustomers(state.Database, clock), new DashboardRequest(store, asOf)
        {
            ActiveWindowDays = options.ActiveWindowDays,
            DefaultPeriodDays = options.MetricsPeriodDays,
            CurrencyPerPoint = pointValue,
            // Fewer trend points and periods than the plugin's nightly task: the sandbox builds its snapshot while the
            // user waits, on SQLite (each point is a full metrics run).
            TrendPoints = 4,
            OtherPeriodDays = new[] { 90 },
        });
        return snapshot;
    }

}
