// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
namespace Retention.Core.Loyalty;

/// <summary>One way to earn points, as a rewards panel lists it.</summary>
public enum EarnWayKind
{
    /// <summary>Points for every unit of money spent.</summary>
    Spend = 1,
    /// <summary>A category earns a multiple of the base rate (the host names the category).</summary>
    Category = 2,
    /// <summary>A product earns a multiple of the base rate (the host names the product).</summary>
    Product = 3,
    /// <summary>A promotion multiplies everything bought while it runs.</summary>
    Promotion = 4,
    Registration = 5,
    Birthday = 6,
    Review = 7,
    Survey = 8,
    Referral = 9,
}

/// <summary>A way to earn.</summary>
/// <param name="Value">Points for a bonus; the multiplier for a category, product or promotion; points per unit of money for <see cref="EarnWayKind.Spend"/>.</param>
/// <param name="RefId">The category or product id, for the host to name.</param>
/// <param name="Name">The promotion's name.</param>
public sealed record EarnWay(EarnWayKind Kind, decimal Value, int? RefId = null, string? Name = null, DateTime? StartUtc = null, DateTime? EndUtc = null);

/// <summary>
/// The program as a rewards panel explains it to shoppers (Smile.io's and LoyaltyLion's "ways to earn / ways to redeem"):
/// every figure is the store's setting, so what the panel promises is what the rules award.
/// </summary>
/// <param name="WaysToEarn">The spend rate first, then multipliers, running or coming promotions, and each bonus that is switched on.</param>
/// <param name="PointsPerCurrencyUnitOfValue">Points that make one unit of money at checkout (0 when points have no value).</param>
public sealed record ProgramView(bool Enabled, IReadOnlyList<EarnWay> WaysToEarn, decimal CurrencyPerPoint, decimal PointsPerCurrencyUnitOfValue,
    int MinimumBalanceToRedeem, int MaxRedeemSharePercent, TierBasis TierBasis, IReadOnlyList<TierDefinition> Tiers, int ActivationDelayDays,
    ExpiryMode Expiry, int ExpiryMonths);

/// <summary>How "Earn N points" on a product page comes about, so the numbers shown add up to the points.</summary>
/// <param name="BasePoints">Price × quantity × the spend rate, before any multiplier (unrounded).</param>
/// <param name="LineMultiplier">The product's own multiplier, or its best category's; 1 when neither has one.</param>
/// <param name="MultiplierCategoryId">The category whose multiplier applies (null for a product multiplier or none).</param>
/// <param name="PromotionName">The running promotion with the highest multiplier, if any.</param>
public sealed record ProductEarnView(int Points, decimal BasePoints, decimal LineMultiplier, int? MultiplierCategoryId, decimal PromotionMultiplier,
    string? PromotionName, decimal TierMultiplier, string? Tier);

/// <summary>The program's rules in the words of a rewards panel: pure functions of the settings and the clock.</summary>
public static class ProgramRules
{
    /// <summary>What the panel shows at <paramref name="nowUtc"/>: promotions that ended are left out.</summary>
    public static ProgramView Of(LoyaltySettings settings, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ways = new List<EarnWay>();
        if (settings.Enabled)
        {
            if (settings.PointsPerCurrencyUnit > 0m)
                ways.Add(new EarnWay(EarnWayKind.Spend, settings.PointsPerCurrencyUnit));
            ways.AddRange(settings.CategoryMultipliers.Where(c => c.Value != 1m).OrderByDescending(c => c.Value).ThenBy(c => c.Key)
                .Select(c => new EarnWay(EarnWayKind.Category, c.Value, c.Key)));
            ways.AddRange(settings.ProductMultipliers.Where(p => p.Value != 1m).OrderByDescending(p => p.Value).ThenBy(p => p.Key)
                .Select(p => new EarnWay(EarnWayKind.Product, p.Value, p.Key)));
            ways.AddRange(settings.Promotions.Where(p => p.EndUtc > nowUtc && p.Multiplier != 1m).OrderBy(p => p.StartUtc)
                .Select(p => new EarnWay(EarnWayKind.Promotion, p.Multiplier, Name: p.Name, StartUtc: p.StartUtc, EndUtc: p.EndUtc)));
            foreach (var (kind, points) in new[]
                     {
                         (EarnWayKind.Registration, settings.RegistrationBonus), (EarnWayKind.Birthday, settings.BirthdayBonus),
                         (EarnWayKind.Review, settings.ReviewBonus), (EarnWayKind.Survey, settings.SurveyBonus), (EarnWayKind.Referral, settings.ReferralBonus),
                     })
                if (points > 0)
                    ways.Add(new EarnWay(kind, points));
        }
        return new ProgramView(settings.Enabled, ways, settings.CurrencyPerPoint, settings.CurrencyPerPoint > 0m ? 1m / settings.CurrencyPerPoint : 0m,
            settings.MinimumBalanceToRedeem, settings.MaxRedeemSharePercent, settings.TierBasis, settings.Tiers.OrderBy(t => t.Threshold).ToList(),
            settings.ActivationDelayDays, settings.Expiry, settings.ExpiryMonths);
    }

    /// <summary>The parts of <see cref="Earning.ForProduct"/>'s answer, which it equals.</summary>
    public static ProductEarnView ExplainProduct(EarnLine line, LoyaltySettings settings, DateTime nowUtc, decimal tierMultiplier, string? tier)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(settings);
        var points = settings.Enabled ? Earning.ForProduct(line, settings, nowUtc, tierMultiplier) : 0;
        var earns = settings.Enabled && (!line.IsGiftCard || settings.EarnOnGiftCards);
        var multiplier = earns ? Earning.LineMultiplier(line, settings) : 1m;
        int? category = null;
        if (earns && !settings.ProductMultipliers.ContainsKey(line.ProductId) && multiplier != 1m)
            category = (line.CategoryIds ?? Array.Empty<int>()).Where(c => settings.CategoryMultipliers.TryGetValue(c, out var m) && m == multiplier)
                .Select(c => (int?)c).FirstOrDefault();
        var promotion = settings.Promotions.Where(p => p.StartUtc <= nowUtc && nowUtc < p.EndUtc).OrderByDescending(p => p.Multiplier).FirstOrDefault();
        return new ProductEarnView(points, earns ? line.Amount * settings.PointsPerCurrencyUnit : 0m, multiplier, category,
            earns ? Earning.PromoMultiplierAt(settings, nowUtc) : 1m, earns ? promotion?.Name : null, earns ? tierMultiplier : 1m, tier);
    }
}
