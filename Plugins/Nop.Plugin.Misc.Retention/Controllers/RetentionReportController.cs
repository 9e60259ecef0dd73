using System.Text;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Analytics;
using Retention.Core.Dashboard;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The retention report page (admin menu › Retention report), the snapshot as JSON for the store selector, and the CSV
/// exports. Everything is read from the stored snapshots; nothing is computed on a page view.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionReportController : BasePluginController
{
    public const string ReportView = RetentionDefaults.ViewsPath + "Admin/Report.cshtml";

    /// <summary>The report's admin menu item.</summary>
    public const string MenuSystemName = "Retention.Report";

    private readonly DashboardModelFactory _dashboardModels;
    private readonly IQueryRunner _runner;
    private readonly IStoreService _storeService;
    private readonly IStoreData _storeData;
    private readonly SegmentRoleSync _roleSync;
    private readonly INotificationService _notifications;
    private readonly ILocalizationService _localization;

    public RetentionReportController(DashboardModelFactory dashboardModels, IQueryRunner runner, IStoreService storeService, IStoreData storeData,
        SegmentRoleSync roleSync, INotificationService notifications, ILocalizationService localization)
    {
        _localization = localization;
        _dashboardModels = dashboardModels;
        _runner = runner;
        _storeService = storeService;
        _storeData = storeData;
        _roleSync = roleSync;
        _notifications = notifications;
    }

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Index(int? storeId)
    {
        var store = await StoreOrDefaultAsync(storeId);
        if (store is null)
            return BadRequest($"There is no store {storeId}.");
        return View(ReportView, await _dashboardModels.PrepareModelAsync(store.Value, "report"));
    }

    /// <summary>The store's latest snapshot as JSON; 204 when the task has not produced one yet.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage, CheckPermissionAttribute.CheckPermissionResultType.Json)]
    public async Task<IActionResult> Snapshot(int? storeId)
    {
        var store = await StoreOrDefaultAsync(storeId);
        if (store is null)
            return BadRequest($"There is no store {storeId}.");
        var json = await _dashboardModels.LatestJsonAsync(store.Value);
        return json is null ? NoContent() : Content(json, "application/json", Encoding.UTF8);
    }

    /// <summary>One of <see cref="DashboardCsv.Names"/> for the store's latest snapshot.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage, CheckPermissionAttribute.CheckPermissionResultType.Text)]
    public async Task<IActionResult> Csv(string name, int? storeId)
    {
        if (string.IsNullOrEmpty(name) || !DashboardCsv.Names.Contains(name))
            return BadRequest($"There is no '{name}' export; choose one of: {string.Join(", ", DashboardCsv.Names)}.");
        var store = await StoreOrDefaultAsync(storeId);
        if (store is null)
            return BadRequest($"There is no store {storeId}.");
        var snapshot = DashboardSnapshot.FromJson(await _dashboardModels.LatestJsonAsync(store.Value));
        if (snapshot is null)
            return NotFound("No figures yet: the dashboard fills in after the first run of the \"Retention: refresh dashboard metrics\" task.");
        var words = await SegmentWordsAsync();
        return File(Encoding.UTF8.GetBytes(DashboardCsv.Write(snapshot, name, key => words.GetValueOrDefault(key))), "text/csv", $"retention-{name}-{snapshot.AsOf:yyyy-MM-dd}.csv");
    }

    /// <summary>
    /// The customers of one RFM segment as CSV, for targeting outside the store. Scored in the database at the latest
    /// snapshot's date, so the list matches the segment counts the report shows.
    /// </summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage, CheckPermissionAttribute.CheckPermissionResultType.Text)]
    public async Task<IActionResult> SegmentCsv(string segment, int? storeId)
    {
        if (!RfmScoring.TryParseSegment(segment, out var which))
            return BadRequest($"There is no segment '{segment}'; choose one of: {string.Join(", ", Enum.GetNames<RfmSegment>())}.");
        var store = await StoreOrDefaultAsync(storeId);
        if (store is null)
            return BadRequest($"There is no store {storeId}.");
        var snapshot = DashboardSnapshot.FromJson(await _dashboardModels.LatestJsonAsync(store.Value));
        if (snapshot is null)
            return NotFound("No figures yet: the dashboard fills in after the first run of the \"Retention: refresh dashboard metrics\" task.");
        var asOf = snapshot.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var customers = await new RfmQuery(_storeData, _runner).CustomersAsync(new CountedOrders(asOf, store.Value), which);
        var words = await SegmentWordsAsync();
        return File(Encoding.UTF8.GetBytes(RfmQuery.ToCsv(customers, s => words.GetValueOrDefault("segment." + s))), "text/csv", $"retention-segment-{which}-{snapshot.AsOf:yyyy-MM-dd}.csv");
    }

    /// <summary>
    /// Puts exactly the segment's customers (scored at the latest snapshot's date) into the segment's customer role, for
    /// targeting with nopCommerce's own discounts and ACL; back to the report with what changed.
    /// </summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> SyncSegmentRole(string segment, int? storeId)
    {
        if (!RfmScoring.TryParseSegment(segment, out var which))
            return BadRequest($"There is no segment '{segment}'; choose one of: {string.Join(", ", Enum.GetNames<RfmSegment>())}.");
        var store = await StoreOrDefaultAsync(storeId);
        if (store is null)
            return BadRequest($"There is no store {storeId}.");
        var snapshot = DashboardSnapshot.FromJson(await _dashboardModels.LatestJsonAsync(store.Value));
        if (snapshot is null)
        {
            _notifications.ErrorNotification(await _localization.GetResourceAsync(RetentionLocales.ReportSyncSegmentNoFigures));
            return RedirectToAction(nameof(Index), new { storeId = store.Value });
        }
        var result = await _roleSync.SyncAsync(store.Value, which, snapshot.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        // The segment in the admin's language beside the role's system name, which is the same in every language.
        var segmentName = await _localization.GetResourceAsync(RetentionLocales.DashboardText("segment." + which));
        _notifications.SuccessNotification(global::Retention.Core.Localization.TextFormat.FormatIndexed(
            await _localization.GetResourceAsync(RetentionLocales.ReportSyncSegmentDone), System.Globalization.CultureInfo.CurrentCulture,
            segmentName, result.RoleSystemName, result.Members, result.Added, result.Removed));
        return RedirectToAction(nameof(Index), new { storeId = store.Value });
    }

    /// <summary>The requested store, the first store when none is asked for, or null for an id that is no store.</summary>
    private async Task<int?> StoreOrDefaultAsync(int? storeId)
    {
        var stores = await _storeService.GetAllStoresAsync();
        if (storeId is null or 0)
            return stores.Count > 0 ? stores[0].Id : null;
        return stores.Any(s => s.Id == storeId) ? storeId : null;
    }

    /// <summary>The segments' names in the admin's language (<c>segment.{key}</c>), for the exports a merchant reads.</summary>
    private async Task<Dictionary<string, string>> SegmentWordsAsync()
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in Enum.GetNames<RfmSegment>())
        {
            var name = RetentionLocales.DashboardText("segment." + segment);
            var text = await _localization.GetResourceAsync(name);
            // nopCommerce answers a resource it does not have with the resource's name: the export keeps Core's English then.
            if (!string.IsNullOrEmpty(text) && !string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
                words["segment." + segment] = text;
        }
        return words;
    }
}
