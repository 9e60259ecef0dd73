using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty;

namespace Retention.Core.Stamps;

/// <summary>What a stamp card counts.</summary>
public enum StampScope
{
    /// <summary>Any order of at least <see cref="StampCardDefinition.MinOrderAmount"/>.</summary>
    Order = 0,
    /// <summary>One product (<see cref="StampCardDefinition.TargetId"/>).</summary>
    Product = 1,
    /// <summary>Products of one category (<see cref="StampCardDefinition.TargetId"/>).</summary>
    Category = 2,
}

/// <summary>How many stamps a qualifying order gives.</summary>
public enum StampCounting
{
    /// <summary>One stamp per qualifying order.</summary>
    PerOrder = 0,
    /// <summary>One stamp per unit of the qualifying products (for an order card: per unit in the order).</summary>
    PerItem = 1,
}

/// <summary>What a full card gives.</summary>
public enum StampReward
{
    /// <summary>A fixed amount off one order.</summary>
    AmountOff = 0,
    /// <summary>One unit of <see cref="StampCardDefinition.RewardProductId"/> free.</summary>
    FreeProduct = 1,
}

/// <summary>
/// One stamp card a store runs ("buy N, get one"). Its <see cref="Id"/> is the card's identity in every stamp's key, so it
/// never changes once stamps are given; renaming or changing N later keeps the stamps already given.
/// </summary>
public sealed record StampCardDefinition
{
    /// <summary>The card's number in the store, unique, from 1.</summary>
    public int Id { get; init; }
    /// <summary>What shoppers call it ("Coffee card").</summary>
    public string Name { get; init; } = "";
    /// <summary>Off: no new stamps; the stamps and coupons given stay.</summary>
    public bool Enabled { get; init; } = true;
    public StampScope Scope { get; init; }
    /// <summary>The product or category counted; 0 for an order card.</summary>
    public int TargetId { get; init; }
    /// <summary>An order card's minimum order amount (after discounts, before shipping and tax), in the primary currency.</summary>
    public decimal MinOrderAmount { get; init; }
    public StampCounting Counting { get; init; }
    /// <summary>Stamps that fill the card (N).</summary>
    public int StampsToFill { get; init; } = 10;
    public StampReward Reward { get; init; }
    /// <summary>The amount off of an <see cref="StampReward.AmountOff"/> coupon, in the primary currency.</summary>
    public decimal RewardAmount { get; init; }
    /// <summary>The free product of a <see cref="StampReward.FreeProduct"/> coupon.</summary>
    public int RewardProductId { get; init; }
    /// <summary>Days a partial card lasts after its first stamp; the stamps on it lapse then. 0: never.</summary>
    public int ExpiryDays { get; init; } = 180;
    /// <summary>Days the coupon of a full card can be used.</summary>
    public int CouponValidDays { get; init; } = 90;
    /// <summary>Days before a partial card lapses that the reminder email goes out; 0: no reminder. At most half the card's life.</summary>
    public int ReminderDays { get; init; } = StampCards.DefaultReminderDays;
}

/// <summary>The rules of stamp cards that need nothing stored: validation, and how many stamps an order gives.</summary>
public static class StampCards
{
    public const int MinStamps = 2;
    public const int MaxStamps = 50;
    public const int MaxCards = 20;
    public const int MaxNameLength = 100;
    public const int MaxExpiryDays = 3650;
    public const int MaxCouponValidDays = 3650;
    public const decimal MaxAmount = 1_000_000m;
    public const int DefaultReminderDays = 7;
    public const int MaxReminderDays = 365;

    /// <summary>
    /// Checks the store's cards; each error names its field as <c>StampCards[i].Field</c>. <paramref name="productExists"/>
    /// and <paramref name="categoryExists"/> are the host's catalog (the store's products and categories).
    /// </summary>
    public static ValidationResult Validate(IReadOnlyList<StampCardDefinition> cards, Func<int, bool> productExists, Func<int, bool> categoryExists)
    {
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(productExists);
        ArgumentNullException.ThrowIfNull(categoryExists);
        var result = new ValidationResult();
        if (cards.Count > MaxCards)
            result.Add(nameof(LoyaltySettings.StampCards), CoreMessages.TooManyStampCards(MaxCards, cards.Count));
        var ids = new HashSet<int>();
        for (var i = 0; i < cards.Count; i++)
        {
            var card = cards[i];
            string F(string field) => $"{nameof(LoyaltySettings.StampCards)}[{i}].{field}";
            if (card.Id <= 0 || !ids.Add(card.Id))
                result.Add(F(nameof(card.Id)), CoreMessages.StampCardIdTaken());
            var name = card.Name.Trim();
            if (name.Length == 0)
                result.Add(F(nameof(card.Name)), CoreMessages.StampCardNameRequired());
            else if (name.Length > MaxNameLength)
                result.Add(F(nameof(card.Name)), CoreMessages.NameTooLong(MaxNameLength, name.Length));
            else if (DisplayNames.Problem(name, "stampCardName") is { } problem)
                result.Add(F(nameof(card.Name)), problem);
            if (!Enum.IsDefined(card.Scope))
                result.Add(F(nameof(card.Scope)), CoreMessages.StampUnknownChoice());
            else if (card.Scope == StampScope.Product && !productExists(card.TargetId))
                result.Add(F(nameof(card.TargetId)), CoreMessages.StampNoSuchProduct(card.TargetId));
            else if (card.Scope == StampScope.Category && !categoryExists(card.TargetId))
                result.Add(F(nameof(card.TargetId)), CoreMessages.StampNoSuchCategory(card.TargetId));
            if (card.Scope == StampScope.Order)
                result.Range(F(nameof(card.MinOrderAmount)), card.MinOrderAmount, 0m, MaxAmount);
            if (!Enum.IsDefined(card.Counting))
                result.Add(F(nameof(card.Counting)), CoreMessages.StampUnknownChoice());
            result.Range(F(nameof(card.StampsToFill)), card.StampsToFill, MinStamps, MaxStamps);
            if (!Enum.IsDefined(card.Reward))
                result.Add(F(nameof(card.Reward)), CoreMessages.StampUnknownChoice());
            else if (card.Reward == StampReward.AmountOff && (card.RewardAmount <= 0m || card.RewardAmount > MaxAmount))
                result.Add(F(nameof(card.RewardAmount)), CoreMessages.StampAmountPositive(MaxAmount));
            else if (card.Reward == StampReward.FreeProduct && !productExists(card.RewardProductId))
                result.Add(F(nameof(card.RewardProductId)), CoreMessages.StampNoSuchProduct(card.RewardProductId));
            result.Range(F(nameof(card.ExpiryDays)), card.ExpiryDays, 0, MaxExpiryDays);
            result.Range(F(nameof(card.CouponValidDays)), card.CouponValidDays, 1, MaxCouponValidDays);
            // A reminder in the card's first half would come almost with the first stamp; a card that never lapses is never reminded.
            if (card.ReminderDays < 0 || card.ReminderDays > MaxReminderDays)
                result.Range(F(nameof(card.ReminderDays)), card.ReminderDays, 0, MaxReminderDays);
            else if (card.ReminderDays > 0 && card.ExpiryDays is > 0 and <= MaxExpiryDays && card.ReminderDays * 2 >= card.ExpiryDays)
                result.Add(F(nameof(card.ReminderDays)), CoreMessages.StampReminderInSecondHalf((card.ExpiryDays - 1) / 2));
        }
        return result;
    }

    /// <summary>
    /// The stamps <paramref name="order"/> gives on <paramref name="card"/>: 0 when it does not qualify. Gift cards never
    /// count (they are money, not purchases); an order card measures the lines after discounts, before shipping and tax.
    /// </summary>
    public static int StampsFor(StampCardDefinition card, EarnOrder order)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(order);
        var lines = order.Lines.Where(l => !l.IsGiftCard && l.Quantity > 0).ToList();
        var counted = card.Scope switch
        {
            StampScope.Product => lines.Where(l => l.ProductId == card.TargetId).ToList(),
            StampScope.Category => lines.Where(l => l.CategoryIds?.Contains(card.TargetId) == true).ToList(),
            _ => lines,
        };
        if (counted.Count == 0)
            return 0;
        if (card.Scope == StampScope.Order && lines.Sum(l => l.Amount) - order.OrderDiscount < card.MinOrderAmount)
            return 0;
        return card.Counting == StampCounting.PerItem ? counted.Sum(l => l.Quantity) : 1;
    }

    /// <summary>Whether the night reminds holders of a partial <paramref name="card"/>: a lead is set and the card lapses, later than twice the lead.</summary>
    public static bool Reminds(StampCardDefinition card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.ReminderDays > 0 && card.ExpiryDays > 2 * card.ReminderDays;
    }

    /// <summary>When a partial card whose first stamp is <paramref name="firstStampUtc"/> lapses; null when cards never lapse.</summary>
    public static DateTime? ExpiresUtc(StampCardDefinition card, DateTime firstStampUtc) =>
        card.ExpiryDays == 0 ? null : firstStampUtc.AddDays(card.ExpiryDays);
}
