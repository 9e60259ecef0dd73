using Nop.Plugin.Misc.Retention.Data;
using System.Text.Json;
using Nop.Core.Configuration;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Core's <see cref="LoyaltySettings"/> as nopCommerce stores settings: one flat key per property, per store with the
/// all-stores values underneath. Lists and maps are JSON strings, because a setting value is one string. Property
/// initialisers are Core's defaults, which is what nopCommerce returns for a key nobody saved.
/// </summary>
public class RetentionLoyaltySettings : ISettings
{
    private static readonly LoyaltySettings Defaults = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public bool Enabled { get; set; } = Defaults.Enabled;
    public decimal PointsPerCurrencyUnit { get; set; } = Defaults.PointsPerCurrencyUnit;
    public int ActivationDelayDays { get; set; } = Defaults.ActivationDelayDays;
    public bool EarnOnShipping { get; set; } = Defaults.EarnOnShipping;
    public bool EarnOnTax { get; set; } = Defaults.EarnOnTax;
    public bool EarnOnGiftCards { get; set; } = Defaults.EarnOnGiftCards;
    public bool EarnOnPointsPaidPart { get; set; } = Defaults.EarnOnPointsPaidPart;
    /// <summary>JSON object: product id → multiplier.</summary>
    public string ProductMultipliersJson { get; set; } = "{}";
    /// <summary>JSON object: category id → multiplier.</summary>
    public string CategoryMultipliersJson { get; set; } = "{}";
    /// <summary>JSON array of promotions (name, start, end, multiplier).</summary>
    public string PromotionsJson { get; set; } = "[]";
    public int ExpiryModeId { get; set; } = (int)Defaults.Expiry;
    public int ExpiryMonths { get; set; } = Defaults.ExpiryMonths;
    public int ExpiryReminderDays { get; set; } = Defaults.ExpiryReminderDays;
    public int OverdraftPolicyId { get; set; } = (int)Defaults.Overdraft;
    public int MinimumBalanceToRedeem { get; set; } = Defaults.MinimumBalanceToRedeem;
    public int MaxAdjustmentPoints { get; set; } = Defaults.MaxAdjustmentPoints;
    public int MaxRedeemSharePercent { get; set; } = Defaults.MaxRedeemSharePercent;
    public decimal CurrencyPerPoint { get; set; } = Defaults.CurrencyPerPoint;
    public int TierBasisId { get; set; } = (int)Defaults.TierBasis;
    /// <summary>JSON array of tiers (name, threshold, multiplier).</summary>
    public string TiersJson { get; set; } = "[]";
    public int TierDowngradeGraceDays { get; set; } = Defaults.TierDowngradeGraceDays;
    public int RegistrationBonus { get; set; } = Defaults.RegistrationBonus;
    public int BirthdayBonus { get; set; } = Defaults.BirthdayBonus;
    public int ReviewBonus { get; set; } = Defaults.ReviewBonus;
    public int SurveyBonus { get; set; } = Defaults.SurveyBonus;
    public int ReferralBonus { get; set; } = Defaults.ReferralBonus;
    /// <summary>JSON object: the discount card (switch, levels, window months, decay days).</summary>
    public string CardJson { get; set; } = JsonSerializer.Serialize(Defaults.Card, Json);
    /// <summary>The stamp cards (Core's <c>StampCardDefinition</c> list) as JSON.</summary>
    public string StampCardsJson { get; set; } = "[]";
    /// <summary>Periodic cashback (issue 18) as JSON (enabled, period, bands, pay as, start day); empty for the defaults (off).</summary>
    public string CashbackJson { get; set; } = "";
    /// <summary>Paid membership (issue 18) as JSON (switch, product, grace, perks, reminders, members-only products); empty for the defaults (off).</summary>
    public string MembershipJson { get; set; } = "";

    /// <summary>Core's view of these settings.</summary>
    public LoyaltySettings ToLoyaltySettings() => new()
    {
        Enabled = Enabled,
        PointsPerCurrencyUnit = PointsPerCurrencyUnit,
        ActivationDelayDays = ActivationDelayDays,
        EarnOnShipping = EarnOnShipping,
        EarnOnTax = EarnOnTax,
        EarnOnGiftCards = EarnOnGiftCards,
        EarnOnPointsPaidPart = EarnOnPointsPaidPart,
        ProductMultipliers = Read<Dictionary<int, decimal>>(ProductMultipliersJson, nameof(ProductMultipliersJson)),
        CategoryMultipliers = Read<Dictionary<int, decimal>>(CategoryMultipliersJson, nameof(CategoryMultipliersJson)),
        Promotions = Read<List<PromoMultiplier>>(PromotionsJson, nameof(PromotionsJson))
            .Select(p => p with { StartUtc = Utc(p.StartUtc), EndUtc = Utc(p.EndUtc) }).ToList(),
        Expiry = (ExpiryMode)ExpiryModeId,
        ExpiryMonths = ExpiryMonths,
        ExpiryReminderDays = ExpiryReminderDays,
        Overdraft = (OverdraftPolicy)OverdraftPolicyId,
        MinimumBalanceToRedeem = MinimumBalanceToRedeem,
        MaxAdjustmentPoints = MaxAdjustmentPoints,
        MaxRedeemSharePercent = MaxRedeemSharePercent,
        CurrencyPerPoint = CurrencyPerPoint,
        TierBasis = (TierBasis)TierBasisId,
        Tiers = Read<List<TierDefinition>>(TiersJson, nameof(TiersJson)),
        TierDowngradeGraceDays = TierDowngradeGraceDays,
        RegistrationBonus = RegistrationBonus,
        BirthdayBonus = BirthdayBonus,
        ReviewBonus = ReviewBonus,
        SurveyBonus = SurveyBonus,
        ReferralBonus = ReferralBonus,
        Card = Read<global::Retention.Core.Loyalty.Cards.CardSettings>(CardJson, nameof(CardJson)),
        StampCards = Read<List<global::Retention.Core.Stamps.StampCardDefinition>>(StampCardsJson, nameof(StampCardsJson)),
        Cashback = Read<global::Retention.Core.Cashback.CashbackSettings>(CashbackJson, nameof(CashbackJson)),
        Membership = Read<global::Retention.Core.Membership.MembershipSettings>(MembershipJson, nameof(MembershipJson)),
    };

    /// <summary>Settings holding <paramref name="settings"/>.</summary>
    public static RetentionLoyaltySettings From(LoyaltySettings settings) => new()
    {
        Enabled = settings.Enabled,
        PointsPerCurrencyUnit = settings.PointsPerCurrencyUnit,
        ActivationDelayDays = settings.ActivationDelayDays,
        EarnOnShipping = settings.EarnOnShipping,
        EarnOnTax = settings.EarnOnTax,
        EarnOnGiftCards = settings.EarnOnGiftCards,
        EarnOnPointsPaidPart = settings.EarnOnPointsPaidPart,
        ProductMultipliersJson = JsonSerializer.Serialize(settings.ProductMultipliers, Json),
        CategoryMultipliersJson = JsonSerializer.Serialize(settings.CategoryMultipliers, Json),
        PromotionsJson = JsonSerializer.Serialize(settings.Promotions, Json),
        ExpiryModeId = (int)settings.Expiry,
        ExpiryMonths = settings.ExpiryMonths,
        ExpiryReminderDays = settings.ExpiryReminderDays,
        OverdraftPolicyId = (int)settings.Overdraft,
        MinimumBalanceToRedeem = settings.MinimumBalanceToRedeem,
        MaxAdjustmentPoints = settings.MaxAdjustmentPoints,
        MaxRedeemSharePercent = settings.MaxRedeemSharePercent,
        CurrencyPerPoint = settings.CurrencyPerPoint,
        TierBasisId = (int)settings.TierBasis,
        TiersJson = JsonSerializer.Serialize(settings.Tiers, Json),
        TierDowngradeGraceDays = settings.TierDowngradeGraceDays,
        RegistrationBonus = settings.RegistrationBonus,
        BirthdayBonus = settings.BirthdayBonus,
        ReviewBonus = settings.ReviewBonus,
        SurveyBonus = settings.SurveyBonus,
        ReferralBonus = settings.ReferralBonus,
        CardJson = JsonSerializer.Serialize(settings.Card, Json),
        StampCardsJson = JsonSerializer.Serialize(settings.StampCards, Json),
        CashbackJson = JsonSerializer.Serialize(settings.Cashback, Json),
        MembershipJson = JsonSerializer.Serialize(settings.Membership, Json),
    };

    // A value nopCommerce hands back comes from its settings table, which an admin can edit by hand in
    // "All settings": a broken value must say which key it is, not fail somewhere in the earning rule.
    private static T Read<T>(string json, string key) where T : new()
    {
        if (string.IsNullOrWhiteSpace(json))
            return new T();
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? new T();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The setting retentionloyaltysettings.{key.ToLowerInvariant()} is not valid JSON: {e.Message}", e);
        }
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
}
