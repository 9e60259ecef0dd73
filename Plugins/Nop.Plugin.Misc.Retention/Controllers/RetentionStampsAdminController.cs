using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Catalog;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The stamp cards of the admin's store scope ("buy N, get one"): Core's rules judge the cards against the store's
/// catalog (<see cref="StampCards.Validate"/>), then the loyalty settings store saves them with the rest of the program's
/// settings. Any error: nothing is saved and each message shows on its field.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionStampsAdminController : RetentionSettingsAdminController
{
    public const string StampCardsView = RetentionDefaults.ViewsPath + "Admin/StampCards.cshtml";

    #region Fields

    private readonly ILoyaltySettingsStore _settingsStore;
    private readonly IProductService _productService;
    private readonly ICategoryService _categoryService;

    #endregion

    #region Ctor

    public RetentionStampsAdminController(ILoyaltySettingsStore settingsStore, IProductService productService, ICategoryService categoryService,
        ILocalizationService localizationService, INotificationService notificationService, IStoreContext storeContext)
        : base(localizationService, notificationService, storeContext)
    {
        _settingsStore = settingsStore;
        _productService = productService;
        _categoryService = categoryService;
    }

    #endregion

    #region Methods

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> StampCards()
    {
        var scope = await ScopeAsync();
        var settings = await _settingsStore.LoadAsync(new StoreId(scope));
        var model = new StampCardsModel { ActiveStoreScopeConfiguration = scope, StampCards = settings.StampCards.Select(StampCardModel.From).ToList() };
        model.StampCards.Add(new StampCardModel());
        return View(StampCardsView, model);
    }

    /// <summary>
    /// Saves the cards typed: rows ticked "remove" and the blank new row are dropped, a new card gets the next free number.
    /// </summary>
    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> StampCards(StampCardsModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var scope = await ScopeAsync();
        model.ActiveStoreScopeConfiguration = scope;
        model.StampCards ??= new();
        var store = new StoreId(scope);

        // A value the binder could not read already has its message on its row: the rows stay as posted so it keeps its place.
        if (ModelState.IsValid)
            model.StampCards = EditableRows.Keep(model.StampCards, ModelState, nameof(StampCardsModel.StampCards));
        return await SaveOrRedisplayAsync(async () =>
        {
            var current = await _settingsStore.LoadAsync(store);
            var number = EditableRows.Numbering(current.StampCards.Select(c => c.Id), model.StampCards);
            var cards = model.StampCards.Select(c => c.ToDefinition(number(c))).ToList();
            var errors = await ValidateAsync(cards, scope);
            return errors.IsValid ? await _settingsStore.SaveAsync(store, current with { StampCards = cards }) : errors;
        }, RetentionLocales.StampsAdminSaved, nameof(StampCards), StampCardsView, model, () => EditableRows.EnsureBlank(model.StampCards));
    }

    #endregion

    #region Utilities

    /// <summary>Core's rules over the store's catalog: the products and categories the cards name must exist.</summary>
    private async Task<ValidationResult> ValidateAsync(IReadOnlyList<StampCardDefinition> cards, int scope)
    {
        var named = cards.Where(c => c.Scope == StampScope.Product).Select(c => c.TargetId)
            .Concat(cards.Where(c => c.Reward == StampReward.FreeProduct).Select(c => c.RewardProductId))
            .Where(id => id > 0).Distinct().ToArray();
        var products = named.Length == 0 ? new HashSet<int>()
            : (await _productService.GetProductsByIdsAsync(named)).Where(p => p != null && !p.Deleted).Select(p => p.Id).ToHashSet();
        var categories = cards.Any(c => c.Scope == StampScope.Category)
            ? (await _categoryService.GetAllCategoriesAsync(scope, showHidden: true)).Select(c => c.Id).ToHashSet()
            : new HashSet<int>();
        return global::Retention.Core.Stamps.StampCards.Validate(cards, products.Contains, categories.Contains);
    }

    #endregion
}
