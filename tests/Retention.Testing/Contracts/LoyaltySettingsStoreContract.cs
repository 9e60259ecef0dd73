using Retention.Core.Common;
using Retention.Core.Loyalty;
using Stamps = Retention.Core.Stamps;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="ILoyaltySettingsStore"/> must do.</summary>
public abstract class LoyaltySettingsStoreContract : PortContract<ILoyaltySettingsStore>
{
    private static readonly DateTime PromoStart = new(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Settings with every kind of field changed from the defaults, so a field the host forgets to store shows.</summary>
    protected static LoyaltySettings Custom => new()
    {
        Enabled = false,
        PointsPerCurrencyUnit = 2.5m,
        ActivationDelayDays = 30,
        EarnOnShipping = true,
        EarnOnTax = true,
        EarnOnGiftCards = true,
        EarnOnPointsPaidPart = true,
        ProductMultipliers = new Dictionary<int, decimal> { [101] = 2m, [102] = 0.5m },
        CategoryMultipliers = new Dictionary<int, decimal> { [7] = 1.5m },
        Promotions = [new PromoMultiplier("Black Friday", PromoStart, PromoStart.AddDays(4), 3m)],
        Expiry = ExpiryMode.WholeBalanceAfterInactivity,
        ExpiryMonths = 18,
        ExpiryReminderDays = 21,
        Overdraft = OverdraftPolicy.CapAtZero,
        MinimumBalanceToRedeem = 500,
        MaxRedeemSharePercent = 40,
        CurrencyPerPoint = 0.05m,
        TierBasis = TierBasis.OrderCount,
        Tiers = [new TierDefinition("Silver", 3m, 1.25m), new TierDefinition("Gold", 10m, 1.5m)],
        TierDowngradeGraceDays = 45,
        StampCards =
        [
            new Stamps.StampCardDefinition
            {
                Id = 3, Name = "Coffee card", Enabled = false, Scope = Stamps.StampScope.Category, TargetId = 7, Counting = Stamps.StampCounting.PerItem,
                StampsToFill = 9, Reward = Stamps.StampReward.FreeProduct, RewardProductId = 101, ExpiryDays = 120, CouponValidDays = 30,
            },
            new Stamps.StampCardDefinition
            {
                Id = 4, Name = "Orders", Scope = Stamps.StampScope.Order, MinOrderAmount = 25.5m, StampsToFill = 5, Reward = Stamps.StampReward.AmountOff,
                RewardAmount = 7.25m, ExpiryDays = 0,
            },
        ],
        RegistrationBonus = 100,
        BirthdayBonus = 200,
        ReviewBonus = 25,
        SurveyBonus = 10,
        ReferralBonus = 300,
        Cashback = new Retention.Core.Cashback.CashbackSettings
        {
            Enabled = true,
            Period = Retention.Core.Cashback.CashbackPeriodKind.Quarter,
            Bands = [new(0m, 0.5m), new(1_000m, 1.5m)],
            PayAs = Retention.Core.Cashback.CashbackPayout.GiftCard,
            StartsOn = new DateOnly(2026, 10, 1),
        },
    };

    /// <summary>Field by field, collections by content: a host builds new collections when it loads.</summary>
    protected static void AssertSameSettings(LoyaltySettings actual, LoyaltySettings expected)
    {
        Assert.That(actual.ProductMultipliers, Is.EquivalentTo(expected.ProductMultipliers), nameof(LoyaltySettings.ProductMultipliers));
        Assert.That(actual.CategoryMultipliers, Is.EquivalentTo(expected.CategoryMultipliers), nameof(LoyaltySettings.CategoryMultipliers));
        Assert.That(actual.Promotions, Is.EqualTo(expected.Promotions), nameof(LoyaltySettings.Promotions));
        Assert.That(actual.Tiers, Is.EquivalentTo(expected.Tiers), nameof(LoyaltySettings.Tiers));
        Assert.That(actual.StampCards, Is.EqualTo(expected.StampCards), nameof(LoyaltySettings.StampCards));
        Assert.That(actual.Cashback.Bands, Is.EqualTo(expected.Cashback.Bands), "Cashback.Bands");
        Assert.That(actual.Card.Levels, Is.EqualTo(expected.Card.Levels), "Card.Levels");
        var scalarsOnly = actual with
        {
            StampCards = expected.StampCards,
            Cashback = actual.Cashback with { Bands = expected.Cashback.Bands },
            Card = actual.Card with { Levels = expected.Card.Levels },
            ProductMultipliers = expected.ProductMultipliers,
            CategoryMultipliers = expected.CategoryMultipliers,
            Promotions = expected.Promotions,
            Tiers = expected.Tiers,
        };
        Assert.That(scalarsOnly, Is.EqualTo(expected));
    }

    [Test]
    public async Task Fresh_store_gets_the_defaults()
    {
        var settings = await Port.LoadAsync(new StoreId(1));

        AssertSameSettings(settings, new LoyaltySettings());
    }

    [Test]
    public async Task Saved_settings_come_back_with_every_field_for_that_store_only()
    {
        var result = await Port.SaveAsync(new StoreId(2), Custom);

        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
        AssertSameSettings(await Port.LoadAsync(new StoreId(2)), Custom);
        AssertSameSettings(await Port.LoadAsync(new StoreId(3)), new LoyaltySettings());
    }

    [Test]
    public async Task All_stores_values_apply_to_a_store_without_its_own()
    {
        var shared = new LoyaltySettings { PointsPerCurrencyUnit = 4m, ReviewBonus = 50 };
        var own = new LoyaltySettings { PointsPerCurrencyUnit = 1.5m };

        await Port.SaveAsync(new StoreId(0), shared);
        await Port.SaveAsync(new StoreId(2), own);

        AssertSameSettings(await Port.LoadAsync(new StoreId(5)), shared);
        AssertSameSettings(await Port.LoadAsync(new StoreId(2)), own);
    }

    [Test]
    public async Task Saving_again_replaces_the_previous_values()
    {
        await Port.SaveAsync(new StoreId(1), Custom);
        var second = new LoyaltySettings { Tiers = [new TierDefinition("Bronze", 100m, 1.1m)], ReviewBonus = 5 };

        await Port.SaveAsync(new StoreId(1), second);

        AssertSameSettings(await Port.LoadAsync(new StoreId(1)), second);
    }

    [Test]
    public async Task Invalid_settings_are_rejected_whole_with_field_errors_and_nothing_is_saved()
    {
        await Port.SaveAsync(new StoreId(1), Custom);
        var bad = Custom with
        {
            MaxRedeemSharePercent = 150,
            Tiers = [new TierDefinition("Silver", 100m, 1.2m), new TierDefinition("Gold", 100m, -1m)],
        };

        var result = await Port.SaveAsync(new StoreId(1), bad);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Field),
            Is.EquivalentTo(new[] { nameof(LoyaltySettings.MaxRedeemSharePercent), "Tiers[1].Threshold", "Tiers[1].Multiplier" }));
        AssertSameSettings(await Port.LoadAsync(new StoreId(1)), Custom);
    }
}
