using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Configuration;

namespace Retention.Core.Loyalty;

/// <summary>How points lapse.</summary>
public enum ExpiryMode
{
    /// <summary>Points never lapse.</summary>
    Never = 0,
    /// <summary>Each credited lot lapses <see cref="LoyaltySettings.ExpiryMonths"/> after it became spendable.</summary>
    LotAfterActivation = 1,
    /// <summary>The whole balance lapses after <see cref="LoyaltySettings.ExpiryMonths"/> without any ledger activity.</summary>
    WholeBalanceAfterInactivity = 2,
}

/// <summary>What to do when a refund would take back more points than the customer still has.</summary>
public enum OverdraftPolicy
{
    /// <summary>Take it all; the balance goes negative and future earnings pay it back first.</summary>
    GoNegative = 0,
    /// <summary>Take only what is there; the rest is forgiven (and reported).</summary>
    CapAtZero = 1,
}

/// <summary>What a tier's threshold counts over the rolling 12 months.</summary>
public enum TierBasis
{
    Spend = 0,
    OrderCount = 1,
}

/// <summary>A promotion that multiplies earned points between two instants (start inclusive, end exclusive).</summary>
public sealed record PromoMultiplier(string Name, DateTime StartUtc, DateTime EndUtc, decimal Multiplier);

/// <summary>An admin-defined tier: reached when the rolling 12-month measure is at least <see cref="Threshold"/>.</summary>
public sealed record TierDefinition(string Name, decimal Threshold, decimal Multiplier);

/// <summary>
/// The loyalty program's settings for one store. Kept apart from <see cref="RetentionOptions"/> (which hosts already map
/// field by field) so loyalty can grow without touching that mapping; the points figures live here only.
/// Defaults are the "no point farming" ones: no points on shipping, tax, gift cards or the part paid with points.
/// </summary>
public sealed record LoyaltySettings
{
    /// <summary>
    /// The master switch. Off, nothing is awarded (purchase points, bonuses, referral credits) and tiers are not
    /// re-evaluated, while what already happened is still recorded (redemptions, reversals, expiry, admin adjustments),
    /// so balances stay true and switching back on continues from them.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Points per one unit of the primary currency of eligible spend.</summary>
    public decimal PointsPerCurrencyUnit { get; init; } = 1m;

    /// <summary>Days earned points stay pending (the return window).</summary>
    public int ActivationDelayDays { get; init; } = 14;

    public bool EarnOnShipping { get; init; }
    public bool EarnOnTax { get; init; }
    public bool EarnOnGiftCards { get; init; }
    /// <summary>Earning on the part of an order paid with points lets a customer farm points from points: off by default.</summary>
    public bool EarnOnPointsPaidPart { get; init; }

    /// <summary>Earn multiplier per product id; wins over any category multiplier.</summary>
    public IReadOnlyDictionary<int, decimal> ProductMultipliers { get; init; } = new Dictionary<int, decimal>();
    /// <summary>Earn multiplier per category id; a product in several such categories gets the highest.</summary>
    public IReadOnlyDictionary<int, decimal> CategoryMultipliers { get; init; } = new Dictionary<int, decimal>();
    /// <summary>Date-ranged promotions; when several are running, the highest applies (they do not stack).</summary>
    public IReadOnlyList<PromoMultiplier> Promotions { get; init; } = Array.Empty<PromoMultiplier>();

    public ExpiryMode Expiry { get; init; } = ExpiryMode.LotAfterActivation;
    public int ExpiryMonths { get; init; } = 12;
    /// <summary>Days before expiry a reminder is due.</summary>
    public int ExpiryReminderDays { get; init; } = 14;

    public OverdraftPolicy Overdraft { get; init; } = OverdraftPolicy.GoNegative;

    /// <summary>The most points one manual adjustment may add or take (a typo of a few zeros is refused, not booked).</summary>
    public int MaxAdjustmentPoints { get; init; } = LoyaltyLimits.DefaultMaxAdjustmentPoints;
    /// <summary>A customer can spend points only once the available balance reaches this.</summary>
    public int MinimumBalanceToRedeem { get; init; }
    /// <summary>Largest share of an order, in percent, that points may pay for.</summary>
    public int MaxRedeemSharePercent { get; init; } = 50;
    /// <summary>What one point is worth in the primary currency at checkout.</summary>
    public decimal CurrencyPerPoint { get; init; } = 0.01m;

    public TierBasis TierBasis { get; init; } = TierBasis.Spend;
    /// <summary>Tiers in any order; an empty list switches tiers off.</summary>
    public IReadOnlyList<TierDefinition> Tiers { get; init; } = Array.Empty<TierDefinition>();
    /// <summary>Days a customer keeps a tier after falling below its threshold.</summary>
    public int TierDowngradeGraceDays { get; init; } = 30;

    public int RegistrationBonus { get; init; }
    public int BirthdayBonus { get; init; }
    public int ReviewBonus { get; init; }
    public int SurveyBonus { get; init; }
    public int ReferralBonus { get; init; }

    /// <summary>The cumulative discount card (<see cref="Cards.CardSettings"/>); off by default.</summary>
    public Cards.CardSettings Card { get; init; } = new();
    /// <summary>
    /// The store's stamp cards ("buy N, get one"; <see cref="Stamps.StampProgram"/>); none by default. They run whether or not
    /// points are <see cref="Enabled"/>; each card has its own switch. Checked by <see cref="Stamps.StampCards.Validate"/>,
    /// which needs the store's catalog, so not by <see cref="Validate"/>.
    /// </summary>
    public IReadOnlyList<Stamps.StampCardDefinition> StampCards { get; init; } = Array.Empty<Stamps.StampCardDefinition>();
    /// <summary>Periodic cashback (issue 18): off by default.</summary>
    public Cashback.CashbackSettings Cashback { get; init; } = new();
    /// <summary>Paid membership (issue 18 §3): off by default.</summary>
    public Membership.MembershipSettings Membership { get; init; } = new();

    /// <summary>The longest promotion name: it is shown to shoppers beside the points it earns.</summary>
    public const int MaxPromotionNameLength = 100;

    /// <summary>Checks what the admin typed; every error names its field (tiers as <c>Tiers[i].Field</c>).</summary>
    public ValidationResult Validate()
    {
        var result = new ValidationResult();
        result.Range(nameof(PointsPerCurrencyUnit), PointsPerCurrencyUnit, 0m, 1000m);
        result.Range(nameof(ActivationDelayDays), ActivationDelayDays, 0, 365);
        result.Range(nameof(ExpiryMonths), ExpiryMonths, Expiry == ExpiryMode.Never ? 0 : 1, 120);
        result.Range(nameof(ExpiryReminderDays), ExpiryReminderDays, 0, 365);
        result.Range(nameof(MinimumBalanceToRedeem), MinimumBalanceToRedeem, 0, 10_000_000);
        result.Range(nameof(MaxAdjustmentPoints), MaxAdjustmentPoints, 1, LoyaltyLimits.MaxBalance);
        result.Range(nameof(MaxRedeemSharePercent), MaxRedeemSharePercent, 0, 100);
        result.Range(nameof(CurrencyPerPoint), CurrencyPerPoint, 0m, 1000m);
        result.Range(nameof(TierDowngradeGraceDays), TierDowngradeGraceDays, 0, 3650);
        foreach (var (field, value) in new[]
                 {
                     (nameof(RegistrationBonus), RegistrationBonus), (nameof(BirthdayBonus), BirthdayBonus),
                     (nameof(ReviewBonus), ReviewBonus), (nameof(SurveyBonus), SurveyBonus), (nameof(ReferralBonus), ReferralBonus),
                 })
            result.Range(field, value, 0, 1_000_000);
        foreach (var (id, m) in ProductMultipliers)
            result.Range($"{nameof(ProductMultipliers)}[{id}]", m, 0m, 100m);
        foreach (var (id, m) in CategoryMultipliers)
            result.Range($"{nameof(CategoryMultipliers)}[{id}]", m, 0m, 100m);
        for (var i = 0; i < Promotions.Count; i++)
        {
            var p = Promotions[i];
            var name = $"{nameof(Promotions)}[{i}].{nameof(PromoMultiplier.Name)}";
            if (string.IsNullOrWhiteSpace(p.Name))
                result.Add(name, CoreMessages.PromotionNameRequired());
            else if (p.Name.Trim().Length > MaxPromotionNameLength)
                result.Add(name, CoreMessages.NameTooLong(MaxPromotionNameLength, p.Name.Trim().Length));
            else if (DisplayNames.Problem(p.Name, "promotionName") is { } problem)
                result.Add(name, problem);
            result.Range($"{nameof(Promotions)}[{i}].{nameof(PromoMultiplier.Multiplier)}", p.Multiplier, 0m, 100m);
            if (p.EndUtc <= p.StartUtc)
                result.Add($"{nameof(Promotions)}[{i}].{nameof(PromoMultiplier.EndUtc)}", CoreMessages.PromotionEnd());
        }
        foreach (var error in TierRules.Validate(Tiers).Errors)
            result.Add(error.Field, error);
        foreach (var error in (Card ?? new Cards.CardSettings()).Validate().Errors)
            result.Add(error.Field, error);
        foreach (var error in (Cashback ?? new()).Validate().Errors)
            result.Add(error.Field, error);
        foreach (var error in (Membership ?? new()).Validate().Errors)
            result.Add(error.Field, error);
        return result;
    }
}
