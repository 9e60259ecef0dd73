using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>
/// The loyalty section of the configure page. Property names are those of <see cref="LoyaltySettings"/>, so each field
/// error Core reports (<c>ExpiryMonths</c>, <c>Tiers[1].Threshold</c>…) lands on the form field of the same name.
/// </summary>
public record LoyaltySettingsModel : BaseNopModel
{
    /// <summary>The store the admin edits (0 = all stores); shown, never trusted from the form.</summary>
    public int ActiveStoreScopeConfiguration { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(Enabled))]
    public bool Enabled { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(PointsPerCurrencyUnit))]
    public decimal PointsPerCurrencyUnit { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(ActivationDelayDays))]
    public int ActivationDelayDays { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(EarnOnShipping))]
    public bool EarnOnShipping { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(EarnOnTax))]
    public bool EarnOnTax { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(EarnOnGiftCards))]
    public bool EarnOnGiftCards { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(EarnOnPointsPaidPart))]
    public bool EarnOnPointsPaidPart { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(Expiry))]
    public ExpiryMode Expiry { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(ExpiryMonths))]
    public int ExpiryMonths { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(ExpiryReminderDays))]
    public int ExpiryReminderDays { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(Overdraft))]
    public OverdraftPolicy Overdraft { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(MaxAdjustmentPoints))]
    public int MaxAdjustmentPoints { get; set; } = LoyaltyLimits.DefaultMaxAdjustmentPoints;

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(MinimumBalanceToRedeem))]
    public int MinimumBalanceToRedeem { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(MaxRedeemSharePercent))]
    public int MaxRedeemSharePercent { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(CurrencyPerPoint))]
    public decimal CurrencyPerPoint { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(TierBasis))]
    public TierBasis TierBasis { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(TierDowngradeGraceDays))]
    public int TierDowngradeGraceDays { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(RegistrationBonus))]
    public int RegistrationBonus { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(BirthdayBonus))]
    public int BirthdayBonus { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(ReviewBonus))]
    public int ReviewBonus { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(SurveyBonus))]
    public int SurveyBonus { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + nameof(ReferralBonus))]
    public int ReferralBonus { get; set; }

    /// <summary>The tier editor's rows, in the order the admin sees them.</summary>
    public List<TierModel> Tiers { get; set; } = new();

    /// <summary>One row per catalog category (and per category a saved multiplier names that no longer exists); empty is ×1.</summary>
    public List<CategoryMultiplierModel> CategoryMultipliers { get; set; } = new();

    /// <summary>The promotion editor's rows.</summary>
    public List<PromotionModel> Promotions { get; set; } = new();

    /// <summary>The discount card (issue 18); its fields are named <c>Card.*</c> as Core's errors name them.</summary>
    public CardModel Card { get; set; } = new();
    /// <summary>Periodic cashback (issue 18); its fields are named as Core's (<c>Cashback.Bands[1].From</c>) so its errors land beside them.</summary>
    public CashbackModel Cashback { get; set; } = new();
}

/// <summary>The discount card's section of the loyalty form.</summary>
public record CardModel : BaseNopModel
{
    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Card.Enabled")]
    public bool Enabled { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Card.WindowMonths")]
    public int WindowMonths { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Card.DecayDays")]
    public int DecayDays { get; set; }

    /// <summary>The levels in the order typed; rows left empty (both cells) are dropped on save.</summary>
    public List<CardLevelModel> Levels { get; set; } = new();
}

/// <summary>One level of the card: empty cells are a blank row.</summary>
public record CardLevelModel : BaseNopModel
{
    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Card.Level.Threshold")]
    public decimal? Threshold { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Card.Level.Percent")]
    public decimal? Percent { get; set; }
}

/// <summary>Periodic cashback's settings on the loyalty form.</summary>
public record CashbackModel : BaseNopModel
{
    public bool Enabled { get; set; }
    /// <summary>Core's <c>CashbackPeriodKind</c> as its number.</summary>
    public int Period { get; set; }
    /// <summary>Core's <c>CashbackPayout</c> as its number.</summary>
    public int PayAs { get; set; }
    /// <summary>The store's local day the program counts from.</summary>
    public DateTime? StartsOn { get; set; }
    /// <summary>The bands, and a blank row to add one; blank rows are no bands.</summary>
    public List<CashbackBandModel> Bands { get; set; } = new();
}

/// <summary>One cashback band: from what spend in the period, what rate of it comes back.</summary>
public record CashbackBandModel : BaseNopModel
{
    public decimal? From { get; set; }
    public decimal? RatePercent { get; set; }
}

/// <summary>A category's earn multiplier.</summary>
public record CategoryMultiplierModel : BaseNopModel
{
    public int CategoryId { get; set; }

    /// <summary>The category's breadcrumb, filled on the server (never read from the form).</summary>
    public string Name { get; set; }

    /// <summary>Empty: the category earns like any other (×1).</summary>
    public decimal? Multiplier { get; set; }
}

/// <summary>
/// One row of the promotion editor. Days are whole UTC days and both are included, as merchants say "from Friday to
/// Monday"; Core stores the end as the instant it stops (the midnight after <see cref="EndUtc"/>).
/// </summary>
public record PromotionModel : BaseNopModel
{
    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Promotion.Name")]
    public string Name { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Promotion.StartUtc")]
    public DateTime? StartUtc { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Promotion.EndUtc")]
    public DateTime? EndUtc { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Promotion.Multiplier")]
    public decimal Multiplier { get; set; } = 2m;

    /// <summary>Ticked to drop the row on the next submit.</summary>
    public bool Remove { get; set; }

    /// <summary>A row the admin left empty (the blank row offered for a new promotion).</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && StartUtc == null && EndUtc == null;
}

/// <summary>One row of the tier editor.</summary>
public record TierModel : BaseNopModel
{
    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Tier.Name")]
    public string Name { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Tier.Threshold")]
    public decimal Threshold { get; set; }

    [NopResourceDisplayName(RetentionLocales.LoyaltyFieldPrefix + "Tier.Multiplier")]
    public decimal Multiplier { get; set; } = 1m;

    /// <summary>Ticked to drop the row on the next submit (the editor works without script).</summary>
    public bool Remove { get; set; }
}
