// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;

namespace Retention.Core.Cashback;

/// <summary>
/// One cashback period: a calendar month or quarter of the store's local calendar. Its bounds are local midnights turned
/// into UTC with the store's time zone, so a period ends when the store's day ends, whatever the daylight-saving rules.
/// </summary>
/// <param name="Number">The month (1–12) or the quarter (1–4).</param>
public readonly record struct CashbackPeriod(CashbackPeriodKind Kind, int Year, int Number)
{
    /// <summary>The period holding the local date <paramref name="day"/>.</summary>
    public static CashbackPeriod Of(CashbackPeriodKind kind, DateOnly day) =>
        kind == CashbackPeriodKind.Quarter ? new(kind, day.Year, (day.Month - 1) / 3 + 1) : new(kind, day.Year, day.Month);

    /// <summary>The first local day of the period.</summary>
    public DateOnly FirstDay => new(Year, Kind == CashbackPeriodKind.Quarter ? (Number - 1) * 3 + 1 : Number, 1);

    /// <summary>The first local day after the period (the day its payout runs).</summary>
    public DateOnly EndDay => FirstDay.AddMonths(Kind == CashbackPeriodKind.Quarter ? 3 : 1);

    public CashbackPeriod Previous => Of(Kind, FirstDay.AddDays(-1));

    public CashbackPeriod Next => Of(Kind, EndDay);

    /// <summary>The period's part of keys: <c>2026-11</c> for a month, <c>2026-q4</c> for a quarter.</summary>
    public string Label => Kind == CashbackPeriodKind.Quarter
        ? string.Create(CultureInfo.InvariantCulture, $"{Year}-q{Number}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year}-{Number:00}");

    /// <summary>The instant the period starts (inclusive).</summary>
    public DateTime StartUtc(TimeZoneInfo zone) => LocalMidnightUtc(FirstDay, zone);

    /// <summary>The instant the period ends (exclusive).</summary>
    public DateTime EndUtc(TimeZoneInfo zone) => LocalMidnightUtc(EndDay, zone);

    /// <summary>Reads a <see cref="Label"/> back; null for anything else.</summary>
    public static CashbackPeriod? Parse(string? label)
    {
        if (label is null || label.Length != 7 || label[4] != '-' || !int.TryParse(label.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year < 2000)
            return null;
        if (label[5] is 'q' or 'Q')
            return label[6] is >= '1' and <= '4' ? new CashbackPeriod(CashbackPeriodKind.Quarter, year, label[6] - '0') : null;
        return int.TryParse(label.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? new CashbackPeriod(CashbackPeriodKind.Month, year, month)
            : null;
    }

    /// <summary>
    /// Local midnight of <paramref name="day"/> in UTC. Where a zone skips midnight (a daylight-saving change at 00:00, as in
    /// Chile or Lebanon), the day starts at the first local minute that exists; an ambiguous midnight takes the earlier instant.
    /// </summary>
    public static DateTime LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var guard = 0;
        while (zone.IsInvalidTime(local) && guard++ < 24 * 60)
            local = local.AddMinutes(1);
        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
