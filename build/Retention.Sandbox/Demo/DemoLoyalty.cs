using Retention.Core.Loyalty.Cards;
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
            // The discount card beside the points, as a store running both would: 3 % from $200 spent, 5 % from $500, 7 %
            // from $1,000, all time, one level down after 30 days without an order.
            Card = new CardSettings
            {
                Enabled = true,
                Levels = [new CardLevel(200m, 3m), new CardLevel(500m, 5m), new CardLevel(1_000m, 7m)],
                WindowMonths = 0,
                DecayDays = 30,
            },
            StampCards = StampCards,
            Cashback = DemoCashback.Settings(asOfUtc),
            Membership = DemoMembership.Settings(),
        };
    }

    /// <summary>
    /// The demo's stamp cards: buy eight bags of the house blend, get one free (per bag), and an order card (five orders
    /// from $40 give $10 off). Their history is <see cref="DemoStamps"/>.
    /// </summary>
    public static readonly IReadOnlyList<Retention.Core.Stamps.StampCardDefinition> StampCards =
    [
        new() { Id = 1, Name = "House Blend card", Scope = Retention.Core.Stamps.StampScope.Product, TargetId = 1, Counting = Retention.Core.Stamps.StampCounting.PerItem,
            StampsToFill = 8, Reward = Retention.Core.Stamps.StampReward.FreeProduct, RewardProductId = 1, ExpiryDays = 180, CouponValidDays = 60 },
        new() { Id = 2, Name = "Big order card", Scope = Retention.Core.Stamps.StampScope.Order, MinOrderAmount = 40m, StampsToFill = 5,
            Reward = Retention.Core.Stamps.StampReward.AmountOff, RewardAmount = 10m, ExpiryDays = 365, CouponValidDays = 60 },
    ];

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
