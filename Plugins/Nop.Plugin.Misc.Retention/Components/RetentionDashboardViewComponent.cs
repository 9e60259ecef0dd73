using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Web.Framework.Components;
using Retention.Core.Dashboard;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>
/// The admin dashboard widget. One indexed read of the latest stored snapshot (the scheduled task does every
/// computation); the shared script draws it.
/// </summary>
public class RetentionDashboardViewComponent : NopViewComponent
{
    public const string WidgetView = RetentionDefaults.ViewsPath + "Admin/DashboardWidget.cshtml";

    private readonly IPermissionService _permissionService;
    private readonly IRepository<RetentionMetricsSnapshot> _snapshots;
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;
    private readonly IQueryRunner _runner;

    public RetentionDashboardViewComponent(IPermissionService permissionService, IRepository<RetentionMetricsSnapshot> snapshots, IStoreContext storeContext,
        IStoreService storeService, IQueryRunner runner)
    {
        _permissionService = permissionService;
        _snapshots = snapshots;
        _storeContext = storeContext;
        _storeService = storeService;
        _runner = runner;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Content(string.Empty);

        // The store the admin has chosen in the store-scope switcher; "all stores" (0) shows the current one.
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var storeId = scope > 0 ? scope : (await _storeContext.GetCurrentStoreAsync()).Id;
        return View(WidgetView, await PrepareModelAsync(_snapshots, _runner, _storeService, storeId, "widget"));
    }

    /// <summary>The model of the widget and of the report page for <paramref name="storeId"/>.</summary>
    public static async Task<DashboardWidgetModel> PrepareModelAsync(IRepository<RetentionMetricsSnapshot> snapshots, IQueryRunner runner,
        IStoreService storeService, int storeId, string mode)
    {
        var stores = await storeService.GetAllStoresAsync();
        return new DashboardWidgetModel
        {
            Mode = mode,
            StoreId = storeId,
            SnapshotJson = await LatestJsonAsync(snapshots, runner, storeId),
            StoresJson = JsonSerializer.Serialize(stores.Select(s => new { id = s.Id, name = s.Name })),
        };
    }

    /// <summary>
    /// The newest snapshot of the store in the dashboard's shape, or null. Snapshots the plugin stored before the
    /// dashboard had its current shape are passed over, so the widget shows its empty state until the task runs again.
    /// </summary>
    public static async Task<string> LatestJsonAsync(IRepository<RetentionMetricsSnapshot> snapshots, IQueryRunner runner, int storeId)
    {
        var latest = await runner.FirstOrDefaultAsync(snapshots.Table
            .Where(s => s.StoreId == storeId)
            .OrderByDescending(s => s.AsOfUtc));
        return DashboardSnapshot.FromJson(latest?.MetricsJson) is null ? null : latest.MetricsJson;
    }
}
