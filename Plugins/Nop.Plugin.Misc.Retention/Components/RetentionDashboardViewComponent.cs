using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Security;
using Nop.Web.Framework.Components;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>The admin dashboard tile. Reads the latest snapshot only; the scheduled task does the computing.</summary>
public class RetentionDashboardViewComponent : NopViewComponent
{
    private readonly IPermissionService _permissionService;
    private readonly IRepository<RetentionMetricsSnapshot> _snapshots;
    private readonly IStoreContext _storeContext;
    private readonly IQueryRunner _runner;

    public RetentionDashboardViewComponent(IPermissionService permissionService, IRepository<RetentionMetricsSnapshot> snapshots, IStoreContext storeContext,
        IQueryRunner runner)
    {
        _runner = runner;
        _permissionService = permissionService;
        _snapshots = snapshots;
        _storeContext = storeContext;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Content(string.Empty);

        var storeId = (await _storeContext.GetCurrentStoreAsync()).Id;
        var latest = await _runner.FirstOrDefaultAsync(_snapshots.Table
            .Where(s => s.StoreId == storeId)
            .OrderByDescending(s => s.AsOfUtc));
        return View(RetentionDefaults.ViewsPath + "Admin/DashboardWidget.cshtml", ToModel(latest));
    }

    /// <summary>Reads the figures the tile shows from a snapshot's JSON.</summary>
    public static DashboardWidgetModel ToModel(RetentionMetricsSnapshot snapshot)
    {
        if (snapshot == null)
            return new DashboardWidgetModel { HasSnapshot = false };
        using var json = JsonDocument.Parse(snapshot.MetricsJson);
        var root = json.RootElement;
        double? Rate(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new DashboardWidgetModel
        {
            HasSnapshot = true,
            AsOfUtc = snapshot.AsOfUtc,
            Customers = root.GetProperty("Customers").GetInt32(),
            Orders = root.GetProperty("Orders").GetInt32(),
            Revenue = root.GetProperty("Revenue").GetDecimal(),
            RepeatPurchaseRate = Rate("Rpr"),
            RetentionRate = Rate("Crr"),
            ChurnRate = Rate("ChurnRate"),
            AverageOrderValue = root.TryGetProperty("Aov", out var aov) && aov.ValueKind == JsonValueKind.Number ? aov.GetDecimal() : null,
        };
    }
}
