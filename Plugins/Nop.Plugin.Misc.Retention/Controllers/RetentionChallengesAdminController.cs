using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Challenges;
using Retention.Core.Common;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The challenges and badges of the admin's store scope: the switches and the challenges, judged by Core
/// (<see cref="ChallengeSettings.Validate"/> against the store's categories, in the settings store's save). Any error:
/// nothing is saved and each message shows on its field.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionChallengesAdminController : RetentionSettingsAdminController
{
    public const string ChallengesView = RetentionDefaults.ViewsPath + "Admin/Challenges.cshtml";

    #region Fields

    private readonly IChallengeSettingsStore _settingsStore;

    #endregion

    #region Ctor

    public RetentionChallengesAdminController(IChallengeSettingsStore settingsStore, ILocalizationService localizationService,
        INotificationService notificationService, IStoreContext storeContext)
        : base(localizationService, notificationService, storeContext) => _settingsStore = settingsStore;

    #endregion

    #region Methods

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Challenges()
    {
        var scope = await ScopeAsync();
        var settings = await _settingsStore.LoadAsync(new StoreId(scope));
        var model = new ChallengesModel
        {
            ActiveStoreScopeConfiguration = scope,
            Enabled = settings.Enabled,
            BadgesEnabled = settings.BadgesEnabled,
            Challenges = settings.Challenges.Select(ChallengeModel.From).ToList(),
        };
        model.Challenges.Add(new ChallengeModel());
        return View(ChallengesView, model);
    }

    /// <summary>Saves the switches and the challenges typed: rows ticked "remove" and the blank new row are dropped, a new challenge gets the next free number.</summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Challenges(ChallengesModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var scope = await ScopeAsync();
        model.ActiveStoreScopeConfiguration = scope;
        model.Challenges ??= new();
        var store = new StoreId(scope);

        // A value the binder could not read already has its message on its row: the rows stay as posted so it keeps its place.
        if (ModelState.IsValid)
        {
            model.Challenges = EditableRows.Keep(model.Challenges, ModelState, nameof(ChallengesModel.Challenges));
            await ReadRowsAsync(model);
        }

        return await SaveOrRedisplayAsync(async () =>
        {
            var current = await _settingsStore.LoadAsync(store);
            var number = EditableRows.Numbering(current.Challenges.Select(c => c.Id), model.Challenges);
            var challenges = model.Challenges.Select(c =>
            {
                c.TryCategoryIds(out var categories);
                return c.ToDefinition(number(c), categories);
            }).ToList();
            return await _settingsStore.SaveAsync(store, current with { Enabled = model.Enabled, BadgesEnabled = model.BadgesEnabled, Challenges = challenges });
        }, RetentionLocales.ChallengesAdminSaved, nameof(Challenges), ChallengesView, model, () => EditableRows.EnsureBlank(model.Challenges));
    }

    #endregion

    #region Utilities

    /// <summary>The days and category lists Core cannot judge until they are read: each refusal on its field.</summary>
    private async Task ReadRowsAsync(ChallengesModel model)
    {
        for (var i = 0; i < model.Challenges.Count; i++)
        {
            var row = model.Challenges[i];
            string F(string field) => $"{nameof(ChallengesModel.Challenges)}[{i}].{field}";
            if (row.StartDate == null)
                ModelState.AddModelError(F(nameof(ChallengeModel.StartDate)), await Localization.GetResourceAsync(RetentionLocales.LoyaltyPromotionDayRequired));
            if (row.EndDate == null)
                ModelState.AddModelError(F(nameof(ChallengeModel.EndDate)), await Localization.GetResourceAsync(RetentionLocales.LoyaltyPromotionDayRequired));
            if (!row.TryCategoryIds(out _))
                ModelState.AddModelError(F(nameof(ChallengeModel.CategoryIds)), await Localization.GetResourceAsync(RetentionLocales.ChallengesAdminCategoryIds));
        }
    }

    #endregion
}
