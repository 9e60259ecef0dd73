using Nop.Services.Stores;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Customers;
using Nop.Services.Configuration;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Core's loyalty settings over nopCommerce settings (store 0 is "all stores", a store's own keys override them).
/// Saving does everything the admin form needs: validate, store, and hand the redemption limits to nopCommerce's own
/// reward points settings of that store, because checkout enforces those.
/// </summary>
public class NopLoyaltySettingsStore : ILoyaltySettingsStore
{
    private readonly ISettingService _settings;
    private readonly NopCardDiscounts _cards;
    private readonly IStoreService _stores;
    private readonly NopMembershipPerks _membership;

    /// <param name="settings">nopCommerce's settings.</param>
    /// <param name="cards">The discount card's discounts and roles, brought in line with every save; null leaves them alone (install).</param>
    /// <param name="stores">The stores an all-stores save applies the card to.</param>
    /// <param name="membership">Paid membership's role, discounts and ACL, brought in line with every save like the card's; null leaves them alone.</param>
    public NopLoyaltySettingsStore(ISettingService settings, NopCardDiscounts cards = null, IStoreService stores = null, NopMembershipPerks membership = null)
    {
        _membership = membership;
        _settings = settings;
        _cards = cards;
        _stores = stores;
    }

    public async Task<LoyaltySettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default) =>
        (await _settings.LoadSettingAsync<RetentionLoyaltySettings>(store.Value)).ToLoyaltySettings();

    public async Task<ValidationResult> SaveAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate();
        if (!result.IsValid)
            return result;

        await _settings.SaveSettingAsync(RetentionLoyaltySettings.From(settings), store.Value);
        await ApplyRedemptionLimitsAsync(store.Value, settings);
        await _settings.ClearCacheAsync();
        await SyncCardAsync(store, settings, cancellationToken);
        return result;
    }

    /// <summary>
    /// Each store's card discounts and roles follow the card in force there: a store's own save changes that store; an
    /// all-stores save changes every store, each with the settings it now reads (its own override, or these).
    /// </summary>
    private async Task SyncCardAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken)
    {
        if (_cards == null && _membership == null)
            return;
        if (store.Value != 0 || _stores == null)
        {
            await SyncStoreAsync(store, settings, cancellationToken);
            return;
        }
        foreach (var each in await _stores.GetAllStoresAsync())
            await SyncStoreAsync(new StoreId(each.Id), await LoadAsync(new StoreId(each.Id), cancellationToken), cancellationToken);
    }

    private async Task SyncStoreAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken)
    {
        if (_cards != null)
            await _cards.SyncAsync(store, settings.Card, cancellationToken);
        if (_membership != null)
            await _membership.SyncAsync(store, settings.Membership ?? new(), cancellationToken);
    }

    /// <summary>
    /// Checkout spends points by nopCommerce's rules, so ours are written into them for the same store scope: only the
    /// four keys we own, each as an override of that store, leaving the merchant's other reward point settings alone.
    /// </summary>
    private async Task ApplyRedemptionLimitsAsync(int storeId, LoyaltySettings settings)
    {
        var native = await _settings.LoadSettingAsync<RewardPointsSettings>(storeId);
        native.Enabled = true;
        native.MinimumRewardPointsToUse = settings.MinimumBalanceToRedeem;
        native.MaximumRedeemedRate = settings.MaxRedeemSharePercent / 100m;
        native.ExchangeRate = settings.CurrencyPerPoint;
        await _settings.SaveSettingOverridablePerStoreAsync(native, s => s.Enabled, true, storeId, false);
        await _settings.SaveSettingOverridablePerStoreAsync(native, s => s.MinimumRewardPointsToUse, true, storeId, false);
        await _settings.SaveSettingOverridablePerStoreAsync(native, s => s.MaximumRedeemedRate, true, storeId, false);
        await _settings.SaveSettingOverridablePerStoreAsync(native, s => s.ExchangeRate, true, storeId, false);
    }
}
