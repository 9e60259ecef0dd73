using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The admin's workflow pages: the list with each workflow's switch and figures and the program-wide settings, the edit
/// page of one workflow (validated by Core; invalid input saves nothing), preview and test email, the lift report and
/// the survey results. Every action needs the plugin's permission — checked by nopCommerce's filter and once more here
/// before any action runs.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionWorkflowsAdminController : BasePluginController
{
    public const string ListView = RetentionDefaults.ViewsPath + "Admin/WorkflowList.cshtml";
    public const string EditView = RetentionDefaults.ViewsPath + "Admin/WorkflowEdit.cshtml";
    public const string PreviewView = RetentionDefaults.ViewsPath + "Admin/WorkflowPreview.cshtml";
    public const string LiftView = RetentionDefaults.ViewsPath + "Admin/WorkflowLift.cshtml";
    public const string SurveyView = RetentionDefaults.ViewsPath + "Admin/WorkflowSurveys.cshtml";

    /// <summary>Longest report period, in days.</summary>
    public const int MaxPeriodDays = 366;

    #region Fields

    private readonly WorkflowAdminModelFactory _modelFactory;
    private readonly WorkflowAdminService _workflowAdmin;
    private readonly WorkflowPreviews _previews;
    private readonly IBuiltInReminders _builtInReminders;
    private readonly IClock _clock;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly IPermissionService _permissionService;
    private readonly IWorkContext _workContext;

    #endregion

    #region Ctor

    public RetentionWorkflowsAdminController(WorkflowAdminModelFactory modelFactory, WorkflowAdminService workflowAdmin, WorkflowPreviews previews, IBuiltInReminders builtInReminders,
        IClock clock, ILocalizationService localizationService, INotificationService notificationService, IPermissionService permissionService,
        IWorkContext workContext)
    {
        _modelFactory = modelFactory;
        _workflowAdmin = workflowAdmin;
        _previews = previews;
        _builtInReminders = builtInReminders;
        _clock = clock;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _permissionService = permissionService;
        _workContext = workContext;
    }

    #endregion

    #region Permission

    /// <summary>Without the plugin's permission no action runs: the admin goes to nopCommerce's "access denied" page.</summary>
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

    #endregion

    #region List and program-wide settings

    /// <summary>Every workflow of the admin's store scope, with its figures over the period (the last 30 days by default).</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> List(DateTime? from = null, DateTime? to = null)
    {
        var (start, end) = Period(from, to);
        return View(ListView, await _modelFactory.PrepareListAsync(start, end));
    }

    /// <summary>
    /// Switches one workflow off in the scope (its templates follow); switching on goes to the switch-on page, which asks
    /// about the customers who already qualify before anything is saved.
    /// </summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Toggle(WorkflowKind kind, bool enabled)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction(nameof(List));
        if (enabled)
            return RedirectToAction("SwitchOn", "RetentionFlowsAdmin", new { kind });
        var workflow = (await _modelFactory.LoadAsync()).For(kind) with { Enabled = enabled };
        var result = await _workflowAdmin.SaveWorkflowAsync(workflow);
        await NotifyAsync(result, RetentionLocales.WorkflowSaved);
        return RedirectToAction(nameof(List));
    }

    /// <summary>The settings every workflow shares; nothing is saved when one is out of range.</summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Program(WorkflowProgramModel program)
    {
        program ??= new WorkflowProgramModel();
        var current = await _modelFactory.LoadAsync();
        var updated = WorkflowAdminModelFactory.ToProgram(program, current);
        var validation = await _localizationService.LocalizeAsync(updated.Validate());
        foreach (var error in validation.Errors)
            ModelState.AddModelError(typeof(WorkflowProgramModel).GetProperty(error.Field) != null ? "Program." + error.Field : string.Empty,
                error.Message);
        if (ModelState.IsValid)
        {
            var saved = await _localizationService.LocalizeAsync(await _workflowAdmin.SaveProgramAsync(updated));
            foreach (var error in saved.Errors)
                ModelState.AddModelError(string.Empty, $"{error.Field}: {error.Message}");
        }
        if (!ModelState.IsValid)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.NotSaved));
            var (from, to) = Period(null, null);
            var list = await _modelFactory.PrepareListAsync(from, to);
            list.Program = await _modelFactory.FillProgramListsAsync(program with { ActiveStoreScopeConfiguration = list.ActiveStoreScopeConfiguration });
            return View(ListView, list);
        }

        // The built-in reminders (nopCommerce 5.00) follow the chosen mode at once; both calls are no-ops on 4.90.
        if (updated.BuiltInReminders == BuiltInRemindersMode.TakeOver)
            await _builtInReminders.TakeOverAsync();
        else
            await _builtInReminders.RestoreAsync();
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowSaved));
        return RedirectToAction(nameof(List));
    }

    #endregion

    #region Edit

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Edit(WorkflowKind kind)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction(nameof(List));
        return View(EditView, await _modelFactory.PrepareEditAsync(kind));
    }

    /// <summary>
    /// Saves the workflow of the scope. Core's validation names each wrong field (<c>Steps[1].Delay</c>); its message goes
    /// under that field and nothing is saved.
    /// </summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Edit(WorkflowEditModel model)
    {
        if (model == null || !Enum.IsDefined(model.Kind))
            return RedirectToAction(nameof(List));
        var workflow = WorkflowAdminModelFactory.ToSettings(model, (await _modelFactory.LoadAsync()).For(model.Kind));
        AddErrors(await _localizationService.LocalizeAsync(workflow.Validate()), model.Kind);
        if (ModelState.IsValid)
            AddErrors(await _localizationService.LocalizeAsync(await _workflowAdmin.SaveWorkflowAsync(workflow)), model.Kind);

        if (!ModelState.IsValid)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.NotSaved));
            return View(EditView, await _modelFactory.FillEditAsync(model));
        }
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowSaved));
        return RedirectToAction(nameof(Edit), new { kind = model.Kind });
    }

    #endregion

    #region Preview and test email

    /// <summary>A step rendered with a real customer's data (by id or e-mail); nothing is recorded, issued or sent.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Preview(WorkflowKind kind, int step, string customer)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction(nameof(List));
        return View(PreviewView, await _modelFactory.PreparePreviewAsync(kind, step, customer));
    }

    /// <summary>Sends the step, rendered for a sample customer, to an address of the admin's choosing (their own by default).</summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> SendTest(WorkflowKind kind, int step, string customer, string email)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction(nameof(List));
        var to = string.IsNullOrWhiteSpace(email) ? (await _workContext.GetCurrentCustomerAsync())?.Email : email.Trim();
        var sample = await _modelFactory.FindCustomerAsync(customer);
        var workflow = (await _modelFactory.LoadAsync()).For(kind);
        string error = null;
        if (sample == null)
            error = RetentionLocales.WorkflowNoSuchCustomer;
        else if (step < 0 || step >= workflow.Steps.Count)
            error = RetentionLocales.WorkflowNoSuchStep;
        else if (string.IsNullOrWhiteSpace(to) || !to.Contains('@') || to.Length > 254)
            error = RetentionLocales.WorkflowBadTestAddress;
        else if (!await _previews.SendTestAsync(await _modelFactory.ReportStoreAsync(), kind, step, new CustomerId(sample.Id), to))
            error = RetentionLocales.WorkflowTestNoTemplate;

        if (error != null)
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(error));
        else
            _notificationService.SuccessNotification(string.Format(await _localizationService.GetResourceAsync(RetentionLocales.WorkflowTestSent), to));
        return RedirectToAction(nameof(Edit), new { kind });
    }

    #endregion

    #region Reports

    /// <summary>Sent versus control, with 95 % intervals and a plain note when the groups are too small.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Lift(WorkflowKind kind, DateTime? from = null, DateTime? to = null)
    {
        if (!Enum.IsDefined(kind))
            return RedirectToAction(nameof(List));
        var (start, end) = Period(from, to, defaultDays: 90);
        return View(LiftView, await _modelFactory.PrepareLiftAsync(kind, start, end));
    }

    /// <summary>NPS, CSAT or win-back reasons over the period, with recent comments.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Surveys(SurveyKind kind = SurveyKind.Nps, DateTime? from = null, DateTime? to = null)
    {
        if (!Enum.IsDefined(kind))
            kind = SurveyKind.Nps;
        var (start, end) = Period(from, to, defaultDays: 90);
        return View(SurveyView, await _modelFactory.PrepareSurveyAsync(kind, start, end));
    }

    #endregion

    #region Utilities

    /// <summary>A report period in UTC days: the given one put in order and cut to <see cref="MaxPeriodDays"/>, else the last days up to today.</summary>
    private (DateTime From, DateTime To) Period(DateTime? from, DateTime? to, int defaultDays = 30)
    {
        var end = (to ?? _clock.UtcNow).Date;
        var start = (from ?? end.AddDays(1 - defaultDays)).Date;
        if (start > end)
            (start, end) = (end, start);
        if ((end - start).TotalDays >= MaxPeriodDays)
            start = end.AddDays(1 - MaxPeriodDays);
        return (start, end);
    }

    private void AddErrors(ValidationResult validation, WorkflowKind kind)
    {
        foreach (var error in validation?.Errors ?? [])
        {
            var field = WorkflowAdminModelFactory.EditField(error.Field, kind);
            ModelState.AddModelError(field, field.Length > 0 ? error.Message : $"{error.Field}: {error.Message}");
        }
    }

    private async Task NotifyAsync(ValidationResult result, string savedResource)
    {
        if (result.IsValid)
            _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(savedResource));
        else
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.NotSaved) + " "
                + string.Join(" ", (await _localizationService.LocalizeAsync(result)).Errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    #endregion
}
