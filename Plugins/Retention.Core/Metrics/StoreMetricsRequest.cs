using Retention.Core.Common;

namespace Retention.Core.Metrics;

/// <summary>
/// Which figures to compute: the store's state at the start of <see cref="AsOf"/> (00:00 UTC, exclusive), the
/// active window W and the comparison period P. The period is <c>[start, end)</c> with <c>end = as_of</c> and
/// <c>start = as_of − P</c>.
/// </summary>
public sealed record StoreMetricsRequest
{
    /// <summary>Figures as of 00:00 UTC on <paramref name="asOf"/>, with the default window (365 days) and period (30 days).</summary>
    public StoreMetricsRequest(DateOnly asOf)
    {
        AsOf = asOf;
    }

    /// <summary>The day the figures are taken; only orders placed before its first instant (UTC) count.</summary>
    public DateOnly AsOf { get; }

    /// <summary>W: a customer is active at <c>t</c> when they have a counted order in <c>[t − W, t)</c>.</summary>
    public int ActiveWindowDays
    {
        get => _activeWindowDays;
        init => _activeWindowDays = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(ActiveWindowDays), value, "The active window must be at least one day.");
    }

    /// <summary>P: the length of the period <c>[as_of − P, as_of)</c> the retention figures compare.</summary>
    public int PeriodDays
    {
        get => _periodDays;
        init => _periodDays = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(PeriodDays), value, "The period must be at least one day.");
    }

    /// <summary>Only orders placed in this store; <c>null</c> for all stores together.</summary>
    public StoreId? Store { get; init; }

    /// <summary>
    /// <c>false</c> skips the cohort grid (one query over every counted order; <see cref="StoreMetrics.Cohorts"/> is then
    /// empty): a trend series needs the cohorts of its latest point only.
    /// </summary>
    public bool IncludeCohorts { get; init; } = true;

    /// <summary><c>end</c>: 00:00 UTC on <see cref="AsOf"/>, the exclusive upper bound of everything counted.</summary>
    public DateTime AsOfUtc => AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary><c>start</c> = <c>as_of − P</c>, the inclusive lower bound of the period.</summary>
    public DateTime PeriodStartUtc => AsOfUtc.AddDays(-PeriodDays);

    private readonly int _activeWindowDays = 365;
    private readonly int _periodDays = 30;
}
