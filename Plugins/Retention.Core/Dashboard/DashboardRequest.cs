using Retention.Core.Analytics;
using Retention.Core.Common;

namespace Retention.Core.Dashboard;

/// <summary>What <see cref="DashboardBuilder"/> computes: one store, one day, the periods the selector offers.</summary>
public sealed record DashboardRequest
{
    public DashboardRequest(StoreId store, DateOnly asOf)
    {
        Store = store;
        AsOf = asOf;
    }

    public StoreId Store { get; }

    /// <summary>Figures as of 00:00 UTC on this day (exclusive).</summary>
    public DateOnly AsOf { get; }

    /// <summary>W, as in <see cref="Metrics.StoreMetricsRequest"/>.</summary>
    public int ActiveWindowDays { get; init; } = 365;

    /// <summary>The store's own period; always offered and opened first.</summary>
    public int DefaultPeriodDays { get; init; } = 30;

    /// <summary>Further period lengths the selector offers (those longer than W are left out).</summary>
    public IReadOnlyList<int> OtherPeriodDays { get; init; } = new[] { 7, 30, 90 };

    /// <summary>Points per sparkline, the current period included.</summary>
    public int TrendPoints { get; init; } = 6;

    /// <summary>Most customers on the at-risk list.</summary>
    public int AtRiskLimit { get; init; } = 20;

    /// <summary>Money one point is worth; <c>null</c> when the store has no loyalty program (liability shows "no data").</summary>
    public decimal? CurrencyPerPoint { get; init; }

    public int ClvMonths { get; init; } = 12;

    public double MonthlyDiscountRate { get; init; } = 0.01;

    public PredictionThresholds Thresholds { get; init; } = new();

    /// <summary>Below this P(alive) a customer counts as at risk.</summary>
    public double AtRiskProbabilityAlive { get; init; } = 0.5;

    /// <summary>The periods the snapshot carries: the default first, then the others up to W, each once.</summary>
    public IReadOnlyList<int> PeriodDays() =>
        new[] { DefaultPeriodDays }.Concat(OtherPeriodDays.Where(p => p != DefaultPeriodDays && p <= ActiveWindowDays).OrderBy(p => p)).ToList();

    /// <summary>Rejects what cannot be computed, naming the field.</summary>
    public void Validate()
    {
        if (ActiveWindowDays < 1)
            throw new ArgumentOutOfRangeException(nameof(ActiveWindowDays), ActiveWindowDays, "The active window must be at least one day.");
        if (DefaultPeriodDays < 1 || DefaultPeriodDays > ActiveWindowDays)
            throw new ArgumentOutOfRangeException(nameof(DefaultPeriodDays), DefaultPeriodDays, "The period must be between one day and the active window.");
        if (OtherPeriodDays.Any(p => p < 1))
            throw new ArgumentOutOfRangeException(nameof(OtherPeriodDays), "Every period must be at least one day.");
        if (TrendPoints is < 2 or > 36)
            throw new ArgumentOutOfRangeException(nameof(TrendPoints), TrendPoints, "A trend needs 2 to 36 points.");
        if (AtRiskLimit is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(AtRiskLimit), AtRiskLimit, "The at-risk list holds 1 to 1000 customers.");
        if (CurrencyPerPoint is < 0)
            throw new ArgumentOutOfRangeException(nameof(CurrencyPerPoint), CurrencyPerPoint, "A point cannot be worth less than nothing.");
        if (ClvMonths is < 1 or > 120)
            throw new ArgumentOutOfRangeException(nameof(ClvMonths), ClvMonths, "CLV is predicted 1 to 120 months ahead.");
        if (MonthlyDiscountRate is < 0 or >= 1 || double.IsNaN(MonthlyDiscountRate))
            throw new ArgumentOutOfRangeException(nameof(MonthlyDiscountRate), MonthlyDiscountRate, "The monthly discount rate is a fraction in [0, 1).");
        if (AtRiskProbabilityAlive is <= 0 or > 1 || double.IsNaN(AtRiskProbabilityAlive))
            throw new ArgumentOutOfRangeException(nameof(AtRiskProbabilityAlive), AtRiskProbabilityAlive, "The P(alive) threshold is a fraction in (0, 1].");
    }
}
