namespace Retention.Core.Loyalty.Cards;

/// <summary>
/// Where a customer's card stands at an instant. <see cref="Level"/> is what checkout gives (null: no discount);
/// <see cref="Earned"/> is what the measured spend reaches before any drop for inactivity.
/// </summary>
/// <param name="Measure">Spend counted: all time, or the rolling window ending now.</param>
/// <param name="Level">The level held now, after the drops for inactivity.</param>
/// <param name="Earned">The level the spend reaches; a purchase gives it back in full.</param>
/// <param name="LastPurchaseUtc">The last counted order, null for none.</param>
/// <param name="DropsOnUtc">When the held level drops one step if the customer does not buy before; null when it cannot drop.</param>
/// <param name="Next">The next level above the spend, null at the top.</param>
/// <param name="Missing">How much more spend reaches <see cref="Next"/> (0 at the top).</param>
public sealed record CardStatus(decimal Measure, CardLevel? Level, CardLevel? Earned, DateTime? LastPurchaseUtc, DateTime? DropsOnUtc, CardLevel? Next,
    decimal Missing)
{
    /// <summary>The percent off an order now (0 without a level).</summary>
    public decimal Percent => Level?.Percent ?? 0m;

    /// <summary>The level one step below the held one (what the card drops to on <see cref="DropsOnUtc"/>), null for none.</summary>
    public CardLevel? DropsTo { get; init; }
}

/// <summary>
/// The discount card's rules, pure functions of the counted orders, the settings and an instant: the measure (all-time or a
/// rolling window of months over the tier engine's counted orders), the level it reaches, and the decay: after
/// <see cref="CardSettings.DecayDays"/> days without a purchase the card is one level lower, after twice as many two levels,
/// and so on down to none. A purchase restarts the clock, so the card is back at the level the spend earns; a refund or
/// cancellation lowers the spend and with it the level. Because nothing but the orders decides, an admin's edit of the
/// levels, a refund, or a missed nightly run all land on the same answer at the next evaluation.
/// </summary>
public static class CardRules
{
    /// <summary>The start (exclusive) of the window ending at <paramref name="nowUtc"/>; null for all time.</summary>
    public static DateTime? WindowStart(CardSettings settings, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.WindowMonths <= 0 ? null : nowUtc.AddMonths(-settings.WindowMonths);
    }

    /// <summary>The spend counted at <paramref name="nowUtc"/>: orders paid in the window (start exclusive, now inclusive).</summary>
    public static decimal Measure(CardSettings settings, IEnumerable<TierOrder> orders, DateTime nowUtc)
    {
        var from = WindowStart(settings, nowUtc);
        return orders.Where(o => o.PaidUtc <= nowUtc && (from is null || o.PaidUtc > from)).Sum(o => o.Amount);
    }

    /// <summary>The levels ordered by threshold, whatever order they were saved in.</summary>
    public static IReadOnlyList<CardLevel> Ladder(CardSettings settings) => settings.Levels.OrderBy(l => l.Threshold).ToList();

    /// <summary>
    /// How many steps the card has dropped since <paramref name="lastPurchaseUtc"/>: one on the day <c>DecayDays</c> have
    /// passed (exactly that many days counts), two after twice as many, and so on.
    /// </summary>
    public static int DropSteps(CardSettings settings, DateTime? lastPurchaseUtc, DateTime nowUtc)
    {
        if (settings.DecayDays <= 0 || lastPurchaseUtc is not { } last || nowUtc < last) return 0;
        var steps = (nowUtc - last).Ticks / TimeSpan.FromDays(settings.DecayDays).Ticks;
        return steps > int.MaxValue ? int.MaxValue : (int)steps;
    }

    /// <summary>The card at <paramref name="nowUtc"/> for the customer's counted orders (any order, any window: filtered here).</summary>
    public static CardStatus Evaluate(CardSettings settings, IEnumerable<TierOrder> orders, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var from = WindowStart(settings, nowUtc);
        var counted = orders.Where(o => o.PaidUtc <= nowUtc && (from is null || o.PaidUtc > from)).ToList();
        var measure = counted.Sum(o => o.Amount);
        DateTime? last = counted.Count == 0 ? null : counted.Max(o => o.PaidUtc);
        var ladder = Ladder(settings);
        var earnedIndex = -1;
        for (var i = 0; i < ladder.Count; i++)
            if (measure >= ladder[i].Threshold)
                earnedIndex = i;
        var steps = DropSteps(settings, last, nowUtc);
        var heldIndex = earnedIndex < 0 ? -1 : (int)Math.Max(-1L, (long)earnedIndex - steps);
        var held = heldIndex >= 0 ? ladder[heldIndex] : null;
        DateTime? dropsOn = held is not null && settings.DecayDays > 0 && last is { } lastPaid
            ? lastPaid.AddDays((double)settings.DecayDays * (steps + 1L))
            : null;
        var nextIndex = earnedIndex + 1;
        var next = nextIndex < ladder.Count ? ladder[nextIndex] : null;
        return new CardStatus(measure, held, earnedIndex >= 0 ? ladder[earnedIndex] : null, last, dropsOn, next,
            next is null ? 0m : next.Threshold - measure)
        {
            DropsTo = heldIndex >= 1 ? ladder[heldIndex - 1] : null,
        };
    }

    /// <summary>The card's discount on an order total: the percent of it, rounded to the cent (never negative).</summary>
    public static decimal DiscountOn(decimal orderTotal, decimal percent) =>
        orderTotal <= 0m || percent <= 0m ? 0m : Math.Round(orderTotal * Math.Min(percent, 100m) / 100m, 2, MidpointRounding.AwayFromZero);
}
