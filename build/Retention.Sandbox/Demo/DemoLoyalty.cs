using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Demo;

/// <summary>
/// The demo store's loyalty program: three tiers on rolling 12-month spend, bonuses for what customers do, a double-points
/// week on tea and a Black Friday promotion. Also how the demo's catalog maps onto the earning rule's lines.
/// </summary>
public static class DemoLoyalty
{
    /// <summary>Category ids for the earning rule; the demo catalog names its categories, nopCommerce numbers them.</summary>
    public static readonly IReadOnlyDictionary<string, int> CategoryIds = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Coffee"] = 1, ["Tea"] = 2, ["Supplies"] = 3, ["Brewing"] = 4, ["Accessories"] = 5, ["Gift cards"] = 6,
    };

    /// <summary>The settings the demo starts with; promotions are placed in the history that ends at <paramref name="asOfUtc"/>.</summary>
    public static LoyaltySettings Settings(DateTime asOfUtc)
    {
        var lastNovember = asOfUtc.Month >= 12 ? asOfUtc.Year : asOfUtc.Year - 1;
        var blackFriday = BlackFriday(lastNovember);
        return new LoyaltySettings
        {
            PointsPerCurrencyUnit = 10m,
            CurrencyPerPoint = 0.01m,
            ActivationDelayDays = 14,
            Expiry = ExpiryMode.LotAfterActivation,
            ExpiryMonths = 12,
            ExpiryReminderDays = 30,
            Overdraft = OverdraftPolicy.GoNegative,
            MinimumBalanceToRedeem = 500,
            MaxRedeemSharePercent = 50,
            TierBasis = TierBasis.Spend,
            TierDowngradeGraceDays = 30,
            Tiers = new[]
            {
                new TierDefinition("Bronze", 0m, 1m),
                new TierDefinition("Silver", 150m, 1.25m),
                new TierDefinition("Gold", 400m, 1.5m),
            },
            CategoryMultipliers = new Dictionary<int, decimal> { [CategoryIds["Tea"]] = 2m },
            Promotions = new[] { new PromoMultiplier("Black Friday weekend", blackFriday, blackFriday.AddDays(4), 2m) },
            RegistrationBonus = 200,
            BirthdayBonus = 300,
            ReviewBonus = 100,
            SurveyBonus = 50,
            ReferralBonus = 500,
            Cashback = DemoCashback.Settings(asOfUtc),
        };
    }

    /// <summary>The line the earning rule sees for <paramref name="quantity"/> of <paramref name="product"/>.</summary>
    public static EarnLine Line(ProductRow product, int quantity) =>
        new(product.Id, quantity, product.Price, 0m, product.IsGiftCard, CategoryOf(product.Category));

    /// <summary>A stored order line as the earning rule sees it (the demo stores line totals).</summary>
    public static EarnLine Line(OrderLineFact line, string? category) =>
        new(line.ProductId, line.Quantity, line.Quantity == 0 ? 0m : line.PriceExclTax / line.Quantity, line.DiscountAmountExclTax, line.IsGiftCard, CategoryOf(category));

    private static IReadOnlyList<int>? CategoryOf(string? category) =>
        category != null && CategoryIds.TryGetValue(category, out var id) ? new[] { id } : null;

    /// <summary>The day after the fourth Thursday of November, 00:00 UTC.</summary>
    private static DateTime BlackFriday(int year)
    {
        var first = new DateTime(year, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var firstThursday = first.AddDays(((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7);
        return firstThursday.AddDays(22);
    }
}
