using Retention.Core.Common;
using Retention.Core.Localization;

namespace Retention.Core.Cashback;

/// <summary>How long one cashback period lasts, in the store's time zone.</summary>
public enum CashbackPeriodKind
{
    Month = 0,
    Quarter = 1,
}

/// <summary>What the customer gets the cashback as.</summary>
public enum CashbackPayout
{
    /// <summary>Loyalty points, one ledger entry per period (spendable at once).</summary>
    Points = 0,
    /// <summary>Store credit: a gift card in the customer's name, its code in the statement email.</summary>
    GiftCard = 1,
}

/// <summary>A spend band: from <see cref="From"/> (in the store's primary currency) the whole period's spend earns <see cref="RatePercent"/>.</summary>
public sealed record CashbackBand(decimal From, decimal RatePercent);

/// <summary>
/// Periodic cashback for one store, kept inside <see cref="Loyalty.LoyaltySettings"/> (<c>Cashback</c>) so each host stores it
/// where it stores the loyalty program's settings. Off by default.
/// </summary>
public sealed record CashbackSettings
{
    /// <summary>The most bands a store may define.</summary>
    public const int MaxBands = 10;

    public bool Enabled { get; init; }

    public CashbackPeriodKind Period { get; init; } = CashbackPeriodKind.Month;

    /// <summary>Bands in ascending <see cref="CashbackBand.From"/>; the highest reached applies to the whole spend of the period.</summary>
    public IReadOnlyList<CashbackBand> Bands { get; init; } = [new(0m, 1m), new(5_000m, 2m), new(20_000m, 3m)];

    public CashbackPayout PayAs { get; init; } = CashbackPayout.Points;

    /// <summary>
    /// The store's local date the program counts from: periods that began before the period holding this date are never
    /// paid, so switching cashback on does not pay for the past. A form fills it with today when the admin switches it on.
    /// </summary>
    public DateOnly? StartsOn { get; init; }

    /// <summary>Equal when every setting is, the bands compared in order (a host that loads them builds a new list).</summary>
    public bool Equals(CashbackSettings? other) => other is not null && Enabled == other.Enabled && Period == other.Period && PayAs == other.PayAs
                                                   && StartsOn == other.StartsOn && Bands.SequenceEqual(other.Bands);

    public override int GetHashCode() => HashCode.Combine(Enabled, Period, PayAs, StartsOn, Bands.Count);

    /// <summary>Checks what the admin typed; every error names its field as <c>Cashback.Field</c> (bands as <c>Cashback.Bands[i].From</c>).</summary>
    public ValidationResult Validate()
    {
        var result = new ValidationResult();
        const string prefix = "Cashback.";
        if (!Enum.IsDefined(Period))
            result.Add(prefix + nameof(Period), CoreMessages.CashbackPeriodKind());
        if (!Enum.IsDefined(PayAs))
            result.Add(prefix + nameof(PayAs), CoreMessages.CashbackPayAs());
        if (Enabled && StartsOn is null)
            result.Add(prefix + nameof(StartsOn), CoreMessages.CashbackStartsOn());
        if (Enabled && Bands.Count == 0)
            result.Add(prefix + nameof(Bands), CoreMessages.CashbackNoBands());
        if (Bands.Count > MaxBands)
            result.Add(prefix + nameof(Bands), CoreMessages.CashbackTooManyBands(MaxBands, Bands.Count));
        for (var i = 0; i < Bands.Count; i++)
        {
            var band = Bands[i];
            var field = $"{prefix}{nameof(Bands)}[{i}].";
            result.Range(field + nameof(CashbackBand.RatePercent), band.RatePercent, 0m, 100m);
            if (band.From < 0m)
                result.Add(field + nameof(CashbackBand.From), CoreMessages.ThresholdNegative());
            else if (i > 0 && band.From <= Bands[i - 1].From)
                result.Add(field + nameof(CashbackBand.From), CoreMessages.CashbackBandsAscending());
        }
        return result;
    }
}
