using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Services.Security;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>
/// The admin dashboard widget: the latest stored snapshot (<see cref="DashboardModelFactory"/>), drawn by the shared script.
/// </summary>
public class RetentionDashboardViewComponent : NopViewComponent
{
    public const string WidgetView = RetentionDefaults.ViewsPath + "Admin/DashboardWidget.cshtml";

    private readonly IPermissionService _permissionService;
    private readonly DashboardModelFactory _modelFactory;
    private readonly IStoreContext _storeContext;

    public RetentionDashboardViewComponent(IPermissionService permissionService, DashboardModelFactory modelFactory, IStoreContext storeContext)
    {
        _permissionService = permissionService;
        _modelFactory = modelFactory;
        _storeContext = storeContext;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Content(string.Empty);

        // The store the admin has chosen in the store-scope switcher; "all stores" (0) shows the current one.
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var storeId = scope > 0 ? scope : (await _storeContext.GetCurrentStoreAsync()).Id;
        return View(WidgetView, await _modelFactory.PrepareModelAsync(storeId, "widget"));
    }
}
