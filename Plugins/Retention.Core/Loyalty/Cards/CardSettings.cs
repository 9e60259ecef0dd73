using Retention.Core.Common;
using Retention.Core.Localization;

namespace Retention.Core.Loyalty.Cards;

/// <summary>One level of the discount card: reached when the measured spend is at least <see cref="Threshold"/> (primary currency).</summary>
public sealed record CardLevel(decimal Threshold, decimal Percent);

/// <summary>
/// The cumulative discount card of one store: a percentage off every order that grows with the customer's spend and
/// drops one level after <see cref="DecayDays"/> without a purchase. Kept inside <see cref="LoyaltySettings"/> (property
/// <c>Card</c>) so both hosts persist it with the rest of the program, per store.
/// </summary>
public sealed record CardSettings
{
    /// <summary>The card's own switch; independent of the points program's, a store may run either or both.</summary>
    public bool Enabled { get; init; }

    /// <summary>Levels in ascending order: thresholds and percents both rising.</summary>
    public IReadOnlyList<CardLevel> Levels { get; init; } = Array.Empty<CardLevel>();

    /// <summary>Months of spend counted, ending now; 0 counts all time.</summary>
    public int WindowMonths { get; init; }

    /// <summary>Days without a purchase after which the card drops one level (and again after as many more); 0 never drops.</summary>
    public int DecayDays { get; init; } = 30;

    /// <summary>Equal when the switch, window, decay and the levels in order are: a host loads a new list each time.</summary>
    public bool Equals(CardSettings? other) =>
        other is not null && Enabled == other.Enabled && WindowMonths == other.WindowMonths && DecayDays == other.DecayDays
        && Levels.SequenceEqual(other.Levels);

    public override int GetHashCode() => HashCode.Combine(Enabled, WindowMonths, DecayDays, Levels.Count);

    /// <summary>The most levels a card can have.</summary>
    public const int MaxLevels = 10;

    /// <summary>The longest rolling window, in months (ten years).</summary>
    public const int MaxWindowMonths = 120;

    /// <summary>The longest decay period, in days (ten years).</summary>
    public const int MaxDecayDays = 3650;

    /// <summary>
    /// Checks what the admin typed. Fields are named <c>Card.Levels[i].Threshold</c>, <c>Card.Levels[i].Percent</c>,
    /// <c>Card.WindowMonths</c>, <c>Card.DecayDays</c> and the list's own error <c>Card.Levels</c>: thresholds from 0 up and
    /// strictly rising, percents above 0, at most 100 and strictly rising (a higher level never gives less), and a switched-on
    /// card needs a level.
    /// </summary>
    public ValidationResult Validate(string prefix = "Card.")
    {
        var result = new ValidationResult();
        result.Range(prefix + nameof(WindowMonths), WindowMonths, 0, MaxWindowMonths);
        result.Range(prefix + nameof(DecayDays), DecayDays, 0, MaxDecayDays);
        if (Levels.Count > MaxLevels)
        {
            result.Add(prefix + nameof(Levels), CoreMessages.CardTooManyLevels(MaxLevels));
            return result;
        }
        if (Enabled && Levels.Count == 0)
            result.Add(prefix + nameof(Levels), CoreMessages.CardNoLevels());
        for (var i = 0; i < Levels.Count; i++)
        {
            var level = Levels[i];
            var field = $"{prefix}{nameof(Levels)}[{i}].";
            if (level.Threshold < 0m || level.Threshold > TierRules.MaxThreshold)
                result.Add(field + nameof(CardLevel.Threshold), CoreMessages.Range(0, TierRules.MaxThreshold));
            else if (i > 0 && level.Threshold <= Levels[i - 1].Threshold)
                result.Add(field + nameof(CardLevel.Threshold), CoreMessages.CardThresholdRising());
            if (level.Percent <= 0m || level.Percent > 100m)
                result.Add(field + nameof(CardLevel.Percent), CoreMessages.CardPercentRange());
            else if (i > 0 && level.Percent <= Levels[i - 1].Percent)
                result.Add(field + nameof(CardLevel.Percent), CoreMessages.CardPercentRising());
        }
        return result;
    }
}
