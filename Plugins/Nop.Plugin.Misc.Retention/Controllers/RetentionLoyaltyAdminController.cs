using System.Text;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The admin's loyalty pages: the settings section of the configure page (with the tier editor), the manual adjustment
/// posted from the customer page's loyalty block, and the points accounting for finance. Every action needs the
/// plugin's permission; the adjustment checks it again in code because it changes a customer's balance.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionLoyaltyAdminController : BasePluginController
{
    public const string SettingsView = RetentionDefaults.ViewsPath + "Admin/LoyaltySettings.cshtml";
    public const string AccountingView = RetentionDefaults.ViewsPath + "Admin/PointsAccounting.cshtml";

    /// <summary>Longest accounting range, in days: Core's own limit, checked here first so the admin gets a field message.</summary>
    public const int MaxAccountingDays = LoyaltyViews.MaxAccountingDays;

    #region Fields

    private readonly LoyaltyAdminModelFactory _modelFactory;
    private readonly LoyaltyEvents _events;
    private readonly LoyaltyViews _views;
    private readonly ILoyaltySettingsStore _settingsStore;
    private readonly ICustomerService _customerService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly IPermissionService _permissionService;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;
    private readonly MechanicsFigures _mechanics;

    #endregion

    #region Ctor

    public RetentionLoyaltyAdminController(LoyaltyAdminModelFactory modelFactory, LoyaltyEvents events, LoyaltyViews views, ILoyaltySettingsStore settingsStore,
        ICustomerService customerService, ILocalizationService localizationService, INotificationService notificationService,
        IPermissionService permissionService, IStoreContext storeContext, IWorkContext workContext, MechanicsFigures mechanics = null)
    {
        // The finance page's loyalty-mechanics lines; null leaves them out (tests that need none).
        _mechanics = mechanics;
        _modelFactory = modelFactory;
        _events = events;
        _views = views;
        _settingsStore = settingsStore;
        _customerService = customerService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _permissionService = permissionService;
        _storeContext = storeContext;
        _workContext = workContext;
    }

    #endregion

    #region Settings

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> LoyaltySettings() => View(SettingsView, await _modelFactory.PrepareSettingsModelAsync());

    /// <summary>
    /// Saves the loyalty settings of the admin's store scope, or — with <paramref name="addTier"/> or
    /// <paramref name="addPromotion"/> — only adds an empty row. Rows ticked "remove" (and promotion rows left empty)
    /// are dropped first. Any field error: nothing is saved and the form comes back with each message on its field
    /// (keys as Core names them, e.g. <c>Tiers[1].Threshold</c>; a category's as its row's <c>Multiplier</c>).
    /// </summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> LoyaltySettings(LoyaltySettingsModel model, bool addTier = false, bool addPromotion = false)
    {
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        model.ActiveStoreScopeConfiguration = scope;
        model.Tiers ??= new();
        model.Promotions ??= new();

        // Row indexes shift when rows go or come: the form is then re-rendered from the model, not from the posted values.
        if (model.Tiers.RemoveAll(t => t.Remove) > 0 || addTier)
            ForgetPostedRows(nameof(LoyaltySettingsModel.Tiers));
        if (model.Promotions.RemoveAll(p => p.Remove || p.IsBlank) > 0 || addPromotion)
            ForgetPostedRows(nameof(LoyaltySettingsModel.Promotions));
        if (addTier || addPromotion)
        {
            if (addTier)
                model.Tiers.Add(new TierModel());
            if (addPromotion)
                model.Promotions.Add(new PromotionModel());
            await _modelFactory.PrepareCategoriesAsync(model);
            return View(SettingsView, model);
        }

        // A row's day that could not be read already has the binder's message; one left empty gets ours.
        for (var i = 0; i < model.Promotions.Count; i++)
            foreach (var (field, value) in new[] { ("StartUtc", model.Promotions[i].StartUtc), ("EndUtc", model.Promotions[i].EndUtc) })
                if (value == null && !(ModelState.TryGetValue($"Promotions[{i}].{field}", out var entry) && entry.Errors.Count > 0))
                    ModelState.AddModelError($"Promotions[{i}].{field}", await _localizationService.GetResourceAsync(RetentionLocales.LoyaltyPromotionDayRequired));

        var store = new StoreId(scope);
        var settings = LoyaltyAdminModelFactory.ToSettings(model, await _settingsStore.LoadAsync(store));
        AddErrors(await _localizationService.LocalizeAsync(settings.Validate()), model);
        if (ModelState.IsValid)
            AddErrors(await _localizationService.LocalizeAsync(await _settingsStore.SaveAsync(store, settings)), model);

        if (!ModelState.IsValid)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.NotSaved));
            await _modelFactory.PrepareCategoriesAsync(model);
            return View(SettingsView, model);
        }

        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(RetentionLocales.LoyaltySaved));
        return RedirectToAction("Configure", "RetentionAdmin");
    }

    private void ForgetPostedRows(string list)
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(list + "[", StringComparison.OrdinalIgnoreCase)).ToList())
            ModelState.Remove(key);
    }

    #endregion

    #region Adjustment

    /// <summary>
    /// A manual adjustment from the customer page: mandatory reason, the acting admin's e-mail as the audited actor, the
    /// form's request id as idempotency key (a double submit adjusts once). Back to the customer page either way; a
    /// rejected attempt travels in TempData so the block shows each field's message.
    /// </summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> AdjustPoints(AdjustPointsModel model)
    {
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Forbid();

        var customer = model == null ? null : await _customerService.GetCustomerByIdAsync(model.CustomerId);
        if (customer == null)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.AdjustUnknownCustomer));
            return RedirectToAction("List", "Customer", new { area = AreaNames.ADMIN });
        }

        var errors = new Dictionary<string, string>();
        if (!(await _modelFactory.StoresInScopeAsync()).Any(s => s.Id == model.StoreId))
            errors[nameof(AdjustPointsModel.StoreId)] = await _localizationService.GetResourceAsync(RetentionLocales.AdjustUnknownStore);
        if (model.Points == 0)
            errors[nameof(AdjustPointsModel.Points)] = await _localizationService.GetResourceAsync(RetentionLocales.AdjustPointsNonZero);
        if (string.IsNullOrWhiteSpace(model.Reason))
            errors[nameof(AdjustPointsModel.Reason)] = await _localizationService.GetResourceAsync(RetentionLocales.AdjustReasonRequired);

        if (errors.Count == 0)
        {
            var actor = (await _workContext.GetCurrentCustomerAsync())?.Email;
            var outcome = await _events.AdjustAsync(new StoreId(model.StoreId), new CustomerId(customer.Id), model.Points, model.Reason.Trim(),
                actor, model.RequestId ?? string.Empty, HttpContext.RequestAborted, model.ConfirmOverdraw);
            foreach (var error in (await _localizationService.LocalizeAsync(outcome.Validation)).Errors)
                errors.TryAdd(error.Field, error.Message);
        }

        if (errors.Count > 0)
        {
            TempData[AdjustmentAttempt.TempDataKey] = new AdjustmentAttempt(customer.Id, model.StoreId, model.Points, model.Reason, errors).ToJson();
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.AdjustRejected));
        }
        else
            _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(RetentionLocales.AdjustDone));

        return RedirectToAction("Edit", "Customer", new { id = customer.Id, area = AreaNames.ADMIN });
    }

    #endregion

    #region Accounting

    /// <summary>The finance page; with a store and a valid range it shows one line per day.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> PointsAccounting(PointsAccountingSearchModel search)
    {
        search ??= new PointsAccountingSearchModel();
        if (search.From == null && search.To == null)
        {
            // First visit: the last 30 days of the store in scope (or the first store), not yet run.
            var today = DateTime.UtcNow.Date;
            search.From = today.AddDays(-29);
            search.To = today;
            if (search.StoreId == 0)
                search.StoreId = (await _modelFactory.StoresInScopeAsync()).FirstOrDefault()?.Id ?? 0;
            return View(AccountingView, await _modelFactory.PrepareAccountingModelAsync(search, null));
        }

        var days = await RunAccountingAsync(search);
        var model = await _modelFactory.PrepareAccountingModelAsync(search, days);
        if (days != null && _mechanics != null)
            model.Mechanics.AddRange((await RunMechanicsAsync(search)).Lines);
        return View(AccountingView, model);
    }

    /// <summary>The loyalty mechanics' lines of the same range as CSV, headers and labels in the admin's language.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> MechanicsAccountingCsv(PointsAccountingSearchModel search)
    {
        search ??= new PointsAccountingSearchModel();
        var days = await RunAccountingAsync(search);
        if (days == null || _mechanics == null)
            return View(AccountingView, await _modelFactory.PrepareAccountingModelAsync(search, days));

        var texts = new Dictionary<string, string>();
        foreach (var key in DashboardTexts.English.Keys.Where(k => k.StartsWith("finance.", StringComparison.Ordinal)))
            texts[key] = await _localizationService.GetResourceAsync(RetentionLocales.DashboardText(key));
        var csv = Factories.PointsAccountingCsv.WriteMechanics(await RunMechanicsAsync(search), key => texts.TryGetValue(key, out var text) ? text : key);
        var name = FormattableString.Invariant($"retention-mechanics-store{search.StoreId}-{search.From:yyyyMMdd}-{search.To:yyyyMMdd}.csv");
        return File(Encoding.UTF8.GetBytes(csv), "text/csv", name);
    }

    /// <summary>The same days as CSV (invariant culture, header row); an invalid range shows the page with its errors.</summary>
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> PointsAccountingCsv(PointsAccountingSearchModel search)
    {
        search ??= new PointsAccountingSearchModel();
        var days = await RunAccountingAsync(search);
        if (days == null)
            return View(AccountingView, await _modelFactory.PrepareAccountingModelAsync(search, null));

        var name = FormattableString.Invariant($"retention-points-store{search.StoreId}-{search.From:yyyyMMdd}-{search.To:yyyyMMdd}.csv");
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in Factories.PointsAccountingCsv.Header)
            header[column] = await _localizationService.GetResourceAsync(RetentionLocales.AccountingColumn(column));
        return File(Encoding.UTF8.GetBytes(Factories.PointsAccountingCsv.Write(days, header)), "text/csv", name);
    }

    #endregion

    #region Utilities

    /// <summary>Validates the range (field errors in ModelState) and runs the report; null when invalid.</summary>
    private async Task<IReadOnlyList<PointsAccountingDay>> RunAccountingAsync(PointsAccountingSearchModel search)
    {
        if (!(await _modelFactory.StoresInScopeAsync()).Any(s => s.Id == search.StoreId))
            ModelState.AddModelError(nameof(search.StoreId), await _localizationService.GetResourceAsync(RetentionLocales.AccountingStoreRequired));
        if (search.From == null)
            ModelState.AddModelError(nameof(search.From), await _localizationService.GetResourceAsync(RetentionLocales.AccountingRangeRequired));
        if (search.To == null)
            ModelState.AddModelError(nameof(search.To), await _localizationService.GetResourceAsync(RetentionLocales.AccountingRangeRequired));
        if (search.From is { } from && search.To is { } to)
        {
            if (from.Date > to.Date)
                ModelState.AddModelError(nameof(search.From), await _localizationService.GetResourceAsync(RetentionLocales.AccountingFromAfterTo));
            else if ((to.Date - from.Date).TotalDays + 1 > MaxAccountingDays)
                ModelState.AddModelError(nameof(search.To), await _localizationService.GetResourceAsync(RetentionLocales.AccountingRangeTooLong));
        }
        if (!ModelState.IsValid)
            return null;

        return await _views.AccountingAsync(new StoreId(search.StoreId), DateOnly.FromDateTime(search.From!.Value), DateOnly.FromDateTime(search.To!.Value));
    }

    /// <summary>The mechanics lines of a range <see cref="RunAccountingAsync"/> accepted.</summary>
    private Task<MechanicsAccounting> RunMechanicsAsync(PointsAccountingSearchModel search) =>
        _mechanics.AccountingAsync(new StoreId(search.StoreId), DateOnly.FromDateTime(search.From!.Value), DateOnly.FromDateTime(search.To!.Value));

    /// <summary>
    /// Field errors onto their form fields; a category's (<c>CategoryMultipliers[7]</c>, keyed by category id) onto its
    /// row's multiplier; errors of settings this page does not show (product multipliers) go to the form's summary with
    /// their name, so no rejection is ever silent.
    /// </summary>
    private void AddErrors(ValidationResult validation, LoyaltySettingsModel model)
    {
        foreach (var error in validation?.Errors ?? Array.Empty<FieldError>())
        {
            var field = error.Field;
            if (field.StartsWith(nameof(LoyaltySettingsModel.CategoryMultipliers) + "[", StringComparison.Ordinal)
                && int.TryParse(field.AsSpan(field.IndexOf('[') + 1, field.Length - field.IndexOf('[') - 2), out var categoryId)
                && model.CategoryMultipliers?.FindIndex(c => c.CategoryId == categoryId) is >= 0 and var row)
            {
                ModelState.AddModelError($"{nameof(LoyaltySettingsModel.CategoryMultipliers)}[{row}].{nameof(CategoryMultiplierModel.Multiplier)}", error.Message);
                continue;
            }
            var onThePage = !field.StartsWith(nameof(LoyaltySettingsModel.CategoryMultipliers), StringComparison.Ordinal)
                && typeof(LoyaltySettingsModel).GetProperty(field.Split('[', '.')[0]) != null;
            ModelState.AddModelError(onThePage ? field : string.Empty, onThePage ? error.Message : $"{field}: {error.Message}");
        }
    }

    #endregion
}
