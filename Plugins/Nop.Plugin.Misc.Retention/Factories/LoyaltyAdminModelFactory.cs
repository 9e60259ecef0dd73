using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Models.Admin;
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

    #endregion

    #region Ctor

    public LoyaltyAdminModelFactory(LoyaltyViews views, ILoyaltySettingsStore settingsStore, IStoreContext storeContext,
        IStoreService storeService, RewardsModelFactory rewardsModelFactory)
    {
        _views = views;
        _settingsStore = settingsStore;
        _storeContext = storeContext;
        _storeService = storeService;
        _rewardsModelFactory = rewardsModelFactory;
    }

    #endregion

    #region Methods

    /// <summary>The loyalty settings in force for the store the admin edits.</summary>
    public async Task<LoyaltySettingsModel> PrepareSettingsModelAsync()
    {
        var scope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var model = ToModel(await _settingsStore.LoadAsync(new StoreId(scope)));
        model.ActiveStoreScopeConfiguration = scope;
        return model;
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
    };

    /// <summary>
    /// The form over the settings in force: what the page does not edit (product, category and promotion multipliers)
    /// is kept as it was.
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
    };

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
                OpeningValue = d.OpeningValue, ClosingValue = d.ClosingValue,
            });
        return model;
    }

    #endregion
}
