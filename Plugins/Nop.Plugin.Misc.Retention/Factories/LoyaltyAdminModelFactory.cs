using Retention.Core.Loyalty.Cards;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Catalog;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>Builds the admin's loyalty pages: the settings section, the customer block and the points accounting.</summary>
public class LoyaltyAdminModelFactory
{
    #region Fields

    private readonly LoyaltyViews _views;
    private readonly ILoyaltySettingsStore _settingsStore;
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;
    private readonly RewardsModelFactory _rewardsModelFactory;
    private readonly ICategoryService _categoryService;

    #endregion

    #region Ctor

    public LoyaltyAdminModelFactory(LoyaltyViews views, ILoyaltySettingsStore settingsStore, IStoreContext storeContext,
        IStoreService storeService, RewardsModelFactory rewardsModelFactory, ICategoryService categoryService)
    {
        _views = views;
        _settingsStore = settingsStore;
        _storeContext = storeContext;
        _storeService = storeService;
        _rewardsModelFactory = rewardsModelFactory;
        _categoryService = categoryService;
    }

    #endregion

    #region Methods

    /// <summary>The loyalty settings in force for the store the admin edits.</summary>
    public async Task<LoyaltySettingsModel> PrepareSettingsModelAsync()
    {
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var model = ToModel(await _settingsStore.LoadAsync(new StoreId(scope)));
        model.ActiveStoreScopeConfiguration = scope;
        await PrepareCategoriesAsync(model);
        return model;
    }

    /// <summary>
    /// One multiplier row per catalog category, named by its breadcrumb and ordered by it, keeping what the model holds
    /// (a re-shown form keeps what was typed); a multiplier of a category that no longer exists stays listed by its id.
    /// </summary>
    public async Task PrepareCategoriesAsync(LoyaltySettingsModel model)
    {
        var typed = (model.CategoryMultipliers ?? new()).GroupBy(c => c.CategoryId).ToDictionary(g => g.Key, g => g.First().Multiplier);
        var categories = await _categoryService.GetAllCategoriesAsync(showHidden: true);
        var rows = new List<CategoryMultiplierModel>();
        foreach (var category in categories)
            rows.Add(new CategoryMultiplierModel
            {
                CategoryId = category.Id,
                Name = await _categoryService.GetFormattedBreadCrumbAsync(category, categories),
                Multiplier = typed.GetValueOrDefault(category.Id),
            });
        rows.AddRange(typed.Where(t => t.Value != null && categories.All(c => c.Id != t.Key))
            .Select(t => new CategoryMultiplierModel { CategoryId = t.Key, Name = "#" + t.Key, Multiplier = t.Value }));
        model.CategoryMultipliers = rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public static LoyaltySettingsModel ToModel(LoyaltySettings s) => new()
    {
        Enabled = s.Enabled,
        PointsPerCurrencyUnit = s.PointsPerCurrencyUnit,
        ActivationDelayDays = s.ActivationDelayDays,
        EarnOnShipping = s.EarnOnShipping,
        EarnOnTax = s.EarnOnTax,
        EarnOnGiftCards = s.EarnOnGiftCards,
        EarnOnPointsPaidPart = s.EarnOnPointsPaidPart,
        Expiry = s.Expiry,
        ExpiryMonths = s.ExpiryMonths,
        ExpiryReminderDays = s.ExpiryReminderDays,
        Overdraft = s.Overdraft,
        MinimumBalanceToRedeem = s.MinimumBalanceToRedeem,
        MaxAdjustmentPoints = s.MaxAdjustmentPoints,
        MaxRedeemSharePercent = s.MaxRedeemSharePercent,
        CurrencyPerPoint = s.CurrencyPerPoint,
        TierBasis = s.TierBasis,
        TierDowngradeGraceDays = s.TierDowngradeGraceDays,
        RegistrationBonus = s.RegistrationBonus,
        BirthdayBonus = s.BirthdayBonus,
        ReviewBonus = s.ReviewBonus,
        SurveyBonus = s.SurveyBonus,
        ReferralBonus = s.ReferralBonus,
        Tiers = s.Tiers.Select(t => new TierModel { Name = t.Name, Threshold = t.Threshold, Multiplier = t.Multiplier }).ToList(),
        CategoryMultipliers = s.CategoryMultipliers.OrderBy(c => c.Key)
            .Select(c => new CategoryMultiplierModel { CategoryId = c.Key, Multiplier = c.Value }).ToList(),
        Promotions = s.Promotions.Select(p => new PromotionModel
        {
            Name = p.Name,
            StartUtc = p.StartUtc.Date,
            // Stored is the instant it stops; the form shows the last day it runs.
            EndUtc = p.EndUtc.AddTicks(-1).Date,
            Multiplier = p.Multiplier,
        }).ToList(),
        Card = new CardModel
        {
            Enabled = s.Card.Enabled,
            WindowMonths = s.Card.WindowMonths,
            DecayDays = s.Card.DecayDays,
            // Two blank rows to add levels, within the card's limit.
            Levels = s.Card.Levels.Select(l => new CardLevelModel { Threshold = l.Threshold, Percent = l.Percent })
                .Concat(Enumerable.Range(0, 2).Select(_ => new CardLevelModel())).Take(CardSettings.MaxLevels).ToList(),
        },
        Cashback = new CashbackModel
        {
            Enabled = s.Cashback.Enabled,
            Period = (int)s.Cashback.Period,
            PayAs = (int)s.Cashback.PayAs,
            StartsOn = s.Cashback.StartsOn?.ToDateTime(TimeOnly.MinValue),
            Bands = s.Cashback.Bands.Select(b => new CashbackBandModel { From = b.From, RatePercent = b.RatePercent })
                .Append(new CashbackBandModel()).ToList(),
        },
    };

    /// <summary>
    /// The form over the settings in force: what the page does not edit (product multipliers, and multipliers of
    /// categories the form did not list) is kept as it was. Blank promotion rows are no promotions.
    /// </summary>
    public static LoyaltySettings ToSettings(LoyaltySettingsModel m, LoyaltySettings current) => current with
    {
        Enabled = m.Enabled,
        PointsPerCurrencyUnit = m.PointsPerCurrencyUnit,
        ActivationDelayDays = m.ActivationDelayDays,
        EarnOnShipping = m.EarnOnShipping,
        EarnOnTax = m.EarnOnTax,
        EarnOnGiftCards = m.EarnOnGiftCards,
        EarnOnPointsPaidPart = m.EarnOnPointsPaidPart,
        Expiry = m.Expiry,
        ExpiryMonths = m.ExpiryMonths,
        ExpiryReminderDays = m.ExpiryReminderDays,
        Overdraft = m.Overdraft,
        MinimumBalanceToRedeem = m.MinimumBalanceToRedeem,
        MaxAdjustmentPoints = m.MaxAdjustmentPoints,
        MaxRedeemSharePercent = m.MaxRedeemSharePercent,
        CurrencyPerPoint = m.CurrencyPerPoint,
        TierBasis = m.TierBasis,
        TierDowngradeGraceDays = m.TierDowngradeGraceDays,
        RegistrationBonus = m.RegistrationBonus,
        BirthdayBonus = m.BirthdayBonus,
        ReviewBonus = m.ReviewBonus,
        SurveyBonus = m.SurveyBonus,
        ReferralBonus = m.ReferralBonus,
        Tiers = (m.Tiers ?? new()).Select(t => new TierDefinition(t.Name?.Trim(), t.Threshold, t.Multiplier)).ToList(),
        CategoryMultipliers = CategoryMultipliersOf(m, current),
        Promotions = (m.Promotions ?? new()).Where(p => !p.IsBlank).Select(p => new PromoMultiplier(p.Name?.Trim(),
            DateTime.SpecifyKind((p.StartUtc ?? default).Date, DateTimeKind.Utc),
            DateTime.SpecifyKind((p.EndUtc ?? default).Date.AddDays(1), DateTimeKind.Utc), p.Multiplier)).ToList(),
        Card = CardOf(m.Card),
        Cashback = new global::Retention.Core.Cashback.CashbackSettings
        {
            Enabled = m.Cashback?.Enabled ?? false,
            Period = (global::Retention.Core.Cashback.CashbackPeriodKind)(m.Cashback?.Period ?? 0),
            PayAs = (global::Retention.Core.Cashback.CashbackPayout)(m.Cashback?.PayAs ?? 0),
            StartsOn = m.Cashback?.StartsOn is { } starts ? DateOnly.FromDateTime(starts) : null,
            // A row with one of its two values typed is a band (Core says what is missing); a blank row is none.
            Bands = (m.Cashback?.Bands ?? new()).Where(b => b.From != null || b.RatePercent != null)
                .Select(b => new global::Retention.Core.Cashback.CashbackBand(b.From ?? -1m, b.RatePercent ?? -1m)).ToList(),
        },
    };

    /// <summary>
    /// The card as typed. A blank row (both cells empty) is dropped only at the end of the list, so the rows the admin sees
    /// keep the indexes Core's errors name (<c>Card.Levels[i].Percent</c>); a half-filled row is a level with a 0 in it,
    /// which Core refuses at its field.
    /// </summary>
    private static CardSettings CardOf(CardModel card)
    {
        card ??= new CardModel();
        var levels = (card.Levels ?? new()).ToList();
        while (levels.Count > 0 && levels[^1].Threshold == null && levels[^1].Percent == null)
            levels.RemoveAt(levels.Count - 1);
        return new CardSettings
        {
            Enabled = card.Enabled,
            WindowMonths = card.WindowMonths,
            DecayDays = card.DecayDays,
            Levels = levels.Select(l => new CardLevel(l.Threshold ?? 0m, l.Percent ?? 0m)).ToList(),
        };
    }

    /// <summary>The rows as typed (an empty one: ×1, no entry), over the saved multipliers of categories the form did not list.</summary>
    private static Dictionary<int, decimal> CategoryMultipliersOf(LoyaltySettingsModel m, LoyaltySettings current)
    {
        var rows = m.CategoryMultipliers ?? new();
        var result = current.CategoryMultipliers.Where(c => rows.All(r => r.CategoryId != c.Key)).ToDictionary(c => c.Key, c => c.Value);
        foreach (var row in rows.Where(r => r.Multiplier != null))
            result[row.CategoryId] = row.Multiplier!.Value;
        return result;
    }

    /// <summary>The stores an admin works on: the one chosen in the store scope switcher, or all of them.</summary>
    public async Task<IList<Store>> StoresInScopeAsync()
    {
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var stores = await _storeService.GetAllStoresAsync();
        return scope > 0 ? stores.Where(s => s.Id == scope).ToList() : stores;
    }

    /// <summary>The customer block: per store balance, pending, tier and history, and the adjustment form.</summary>
    public async Task<CustomerLoyaltyModel> PrepareCustomerBlockAsync(int customerId, AdjustPointsModel lastAttempt = null,
        IDictionary<string, string> errors = null)
    {
        var model = new CustomerLoyaltyModel
        {
            CustomerId = customerId,
            Adjustment = lastAttempt ?? new AdjustPointsModel { CustomerId = customerId },
            AdjustmentErrors = errors == null ? new() : new Dictionary<string, string>(errors),
        };
        foreach (var store in await StoresInScopeAsync())
        {
            var view = await _views.GetRewardsAsync(new StoreId(store.Id), new CustomerId(customerId));
            var section = new CustomerLoyaltyStoreModel
            {
                StoreId = store.Id,
                StoreName = store.Name,
                Available = view.Available,
                Pending = view.Pending,
                Tier = view.Tier,
                NewRequestId = Guid.NewGuid().ToString("N"),
            };
            foreach (var line in view.History)
                section.History.Add(await _rewardsModelFactory.HistoryLineAsync(line, includeActor: true));
            model.Stores.Add(section);
        }
        return model;
    }

    /// <summary>The accounting page with its store list and, when given, the days to show.</summary>
    public async Task<PointsAccountingModel> PrepareAccountingModelAsync(PointsAccountingSearchModel search, IReadOnlyList<PointsAccountingDay> days)
    {
        var model = new PointsAccountingModel { Search = search ?? new PointsAccountingSearchModel(), HasResult = days != null };
        foreach (var store in await _storeService.GetAllStoresAsync())
            model.AvailableStores.Add(new SelectListItem(store.Name, store.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                store.Id == model.Search.StoreId));
        foreach (var d in days ?? Array.Empty<PointsAccountingDay>())
            model.Days.Add(new PointsAccountingDayModel
            {
                Day = d.Day, Opening = d.Opening, Earned = d.Earned, Bonuses = d.Bonuses, Adjusted = d.Adjusted, Reversed = d.Reversed,
                Redeemed = d.Redeemed, Reimbursed = d.Reimbursed, Expired = d.Expired, Closing = d.Closing, PendingAtClose = d.PendingAtClose,
                OpeningValue = d.OpeningValue, ClosingValue = d.ClosingValue, Challenges = d.Challenges,
            });
        return model;
    }

    #endregion
}
