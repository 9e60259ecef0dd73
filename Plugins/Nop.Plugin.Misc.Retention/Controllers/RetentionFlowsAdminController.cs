using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// What the merchant does to whole flows of customers: switching a workflow on with Core's backlog count and the choice
/// "only from now on" or "include the backlog" (<see cref="WorkflowScans.SwitchOnAsync"/>), and the dashboard's at-risk
/// actions — start win-back now (Core decides) and add to one of the store's own customer roles (<see cref="AtRiskRoles"/>).
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionFlowsAdminController : BasePluginController
{
    public const string SwitchOnView = RetentionDefaults.ViewsPath + "Admin/WorkflowSwitchOn.cshtml";

    #region Fields

    private readonly WorkflowScans _scans;
    private readonly WorkflowAdminService _workflowAdmin;
    private readonly AtRiskRoles _roles;
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly IPermissionService _permissionService;
    private readonly ISettingService _settingService;

    #endregion

    #region Ctor

    public RetentionFlowsAdminController(WorkflowScans scans, WorkflowAdminService workflowAdmin, AtRiskRoles roles, IStoreContext storeContext,
        IStoreService storeService, ILocalizationService localizationService, INotificationService notificationService, IPermissionService permissionService,
        ISettingService settingService)
    {
        _settingService = settingService;
        _scans = scans;
        _workflowAdmin = workflowAdmin;
        _roles = roles;
        _storeContext = storeContext;
        _storeService = storeService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _permissionService = permissionService;
    }

    #endregion

    /// <summary>Without the plugin's permission no action runs, as on the workflow pages.</summary>
    [NonAction]
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
        {
            context.Result = new RedirectToActionResult("AccessDenied", "Security",
                new { area = AreaNames.ADMIN, pageUrl = $"{context.HttpContext.Request.Path}{context.HttpContext.Request.QueryString}" });
            return;
        }
        await next();
    }

    #region Switch on

    /// <summary>The confirmation: how many customers already qualify in the scope, and the choice for them.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> SwitchOn(WorkflowKind kind, int? perDay = null)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction("List", "RetentionWorkflowsAdmin");
        return View(SwitchOnView, await PrepareAsync(kind, BacklogChoice.FromNowOn, perDay is >= 1 ? perDay.Value : SwitchOnPlan.DefaultPerDay, null));
    }

    /// <summary>Switches on with the merchant's choice; its templates follow. A bad pace comes back on the page, nothing switched.</summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> SwitchOn(WorkflowKind kind, BacklogChoice choice, int? perDay)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction("List", "RetentionWorkflowsAdmin");
        var (scope, customersOf) = await ScopeAsync();
        var result = await _scans.SwitchOnAsync(scope, kind, choice, perDay ?? 0, customersOf);
        if (!result.IsValid)
            return View(SwitchOnView, await PrepareAsync(kind, choice, perDay ?? SwitchOnPlan.DefaultPerDay,
                await _localizationService.GetResourceAsync(RetentionLocales.SwitchOnBadPerDay)));
        await _workflowAdmin.SyncTemplatesAsync(kind);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowSaved));
        return RedirectToAction("List", "RetentionWorkflowsAdmin");
    }

    #endregion

    #region At-risk actions

    /// <summary>"Start win-back" on an at-risk row: Core decides (workflow on, consent, re-entry; cap and quiet hours at send).</summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> StartWinBack(int id, int storeId)
    {
        var outcome = await _scans.StartWinBackNowAsync(new StoreId(storeId), new CustomerId(id));
        var text = string.Format(await _localizationService.GetResourceAsync(RetentionLocales.AtRiskStart(outcome.Status)), id);
        if (outcome.IsStarted)
            _notificationService.SuccessNotification(text);
        else
            _notificationService.ErrorNotification(text);
        return RedirectToAction("Index", "Home", new { area = AreaNames.ADMIN });
    }

    /// <summary>"Add to role" on an at-risk row: one of the store owner's own active roles, never a system role.</summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> AddToRole(int id, int roleId)
    {
        var (outcome, role) = await _roles.AddAsync(id, roleId);
        switch (outcome)
        {
            case RoleAddOutcome.Added:
                _notificationService.SuccessNotification(string.Format(await _localizationService.GetResourceAsync(RetentionLocales.AtRiskRoleAdded), id, role.Name));
                break;
            case RoleAddOutcome.AlreadyInRole:
                _notificationService.ErrorNotification(string.Format(await _localizationService.GetResourceAsync(RetentionLocales.AtRiskRoleAlready), id, role.Name));
                break;
            case RoleAddOutcome.NoSuchCustomer:
                _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.AtRiskNoCustomer));
                break;
            case RoleAddOutcome.NotPermitted:
                return RedirectToAction("AccessDenied", "Security", new { area = AreaNames.ADMIN, pageUrl = $"{Request.Path}{Request.QueryString}" });
            default:
                _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.AtRiskRoleRefused));
                break;
        }
        return RedirectToAction("Index", "Home", new { area = AreaNames.ADMIN });
    }

    #endregion

    #region Utilities

    /// <summary>
    /// The settings scope switched, and the stores whose customers make the backlog: the store itself, or with "all stores"
    /// every store that takes the all-stores workflow settings (a store with settings of its own is not switched by them).
    /// </summary>
    private async Task<(StoreId Scope, IReadOnlyCollection<StoreId> CustomersOf)> ScopeAsync()
    {
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        if (scope > 0)
            return (new StoreId(scope), [new StoreId(scope)]);
        var inheriting = new List<StoreId>();
        foreach (var store in await _storeService.GetAllStoresAsync())
            if (!await _settingService.SettingExistsAsync(new RetentionWorkflowSettings(), s => s.ProgramJson, store.Id))
                inheriting.Add(new StoreId(store.Id));
        return (new StoreId(0), inheriting);
    }

    private async Task<WorkflowSwitchOnModel> PrepareAsync(WorkflowKind kind, BacklogChoice choice, int perDay, string error)
    {
        var (scope, customersOf) = await ScopeAsync();
        var model = new WorkflowSwitchOnModel
        {
            Kind = kind,
            Name = await _localizationService.GetResourceAsync(RetentionLocales.WorkflowName(kind)),
            Choice = Enum.IsDefined(choice) ? choice : BacklogChoice.FromNowOn,
            PerDay = perDay,
            Error = error,
        };
        if ((await _workflowAdmin.LoadScopeAsync(scope)).For(kind).Enabled)
            return model with { AlreadyOn = true };
        var preview = await _scans.SwitchOnPreviewAsync(scope, kind, perDay >= 1 ? perDay : SwitchOnPlan.DefaultPerDay, customersOf);
        return model with { HasBacklog = preview.HasBacklog, BacklogCount = preview.BacklogCount, Days = preview.Days };
    }

    #endregion
}
