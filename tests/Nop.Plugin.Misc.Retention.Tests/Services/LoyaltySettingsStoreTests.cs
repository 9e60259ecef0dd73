using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>What saving loyalty settings does to nopCommerce's own reward points settings, which checkout enforces.</summary>
public class LoyaltySettingsStoreTests
{
    private FakeSettings _settings;
    private NopLoyaltySettingsStore _store;

    [SetUp]
    public void SetUp()
    {
        _settings = new FakeSettings().Serve<RetentionLoyaltySettings>().Serve<RewardPointsSettings>();
        _store = new NopLoyaltySettingsStore(_settings.Mock.Object);
    }

    [Test]
    public async Task Saving_a_store_hands_its_redemption_limits_to_that_stores_native_settings_only()
    {
        _settings.Values[(0, "RewardPointsSettings.ExchangeRate")] = 1m;
        _settings.Values[(0, "RewardPointsSettings.PointsForRegistration")] = 7;

        var result = await _store.SaveAsync(new StoreId(3), new LoyaltySettings { MinimumBalanceToRedeem = 200, MaxRedeemSharePercent = 25, CurrencyPerPoint = 0.02m });

        Assert.That(result.IsValid, Is.True);
        var native = _settings.Load<RewardPointsSettings>(3);
        Assert.That((native.Enabled, native.MinimumRewardPointsToUse, native.MaximumRedeemedRate, native.ExchangeRate), Is.EqualTo((true, 200, 0.25m, 0.02m)));
        Assert.That(_settings.Own<RewardPointsSettings>(3, nameof(RewardPointsSettings.PointsForRegistration)), Is.Null, "other native keys stay inherited");
        Assert.That(_settings.Load<RewardPointsSettings>(4).ExchangeRate, Is.EqualTo(1m), "another store keeps the all-stores value");
        _settings.Mock.Verify(s => s.ClearCacheAsync(), Times.Once);
    }

    [Test]
    public async Task Invalid_settings_touch_neither_our_settings_nor_nopCommerces()
    {
        var result = await _store.SaveAsync(new StoreId(1), new LoyaltySettings { MaxRedeemSharePercent = 150 });

        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { nameof(LoyaltySettings.MaxRedeemSharePercent) }));
        Assert.That(_settings.Values, Is.Empty);
    }

    [Test]
    public void A_hand_edited_setting_that_is_not_JSON_is_named_in_the_error()
    {
        _settings.Values[(0, "RetentionLoyaltySettings.TiersJson")] = "[{broken";

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => _store.LoadAsync(new StoreId(1)));

        Assert.That(error.Message, Does.Contain("retentionloyaltysettings.tiersjson"));
    }
}
