using System.Globalization;
using Retention.Core.Common;

namespace Retention.Core.Metrics;

/// <summary>
/// A store's retention figures at one instant, exactly as defined for the dashboard and the <c>metrics</c> CLI.
/// A <em>counted order</em> is one that is not cancelled and was placed before <c>as_of</c>; a <em>customer</em> is a
/// customer id with at least one counted order. Rates are fractions (0.42, not 42).
/// </summary>
/// <remarks>
/// A rate whose denominator is zero is <c>null</c>, never 0: "no customers yet" and "every customer left" must not
/// look alike. So an empty store has <see cref="Aov"/>, <see cref="Ltv"/>, <see cref="Rpr"/>, <see cref="Crr"/>,
/// <see cref="ChurnRate"/> and <see cref="TbpMedianDays"/> all <c>null</c>, counts of 0, revenue 0 and no cohorts;
/// a store whose customers were all inactive at the start of the period (S = 0) has <see cref="Crr"/> and
/// <see cref="ChurnRate"/> <c>null</c>; a store of one-time buyers has <see cref="TbpMedianDays"/> <c>null</c>.
/// </remarks>
public sealed record StoreMetrics
{
    /// <summary>The day the figures are taken (00:00 UTC, exclusive).</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>W, in days.</summary>
    public required int ActiveWindowDays { get; init; }

    /// <summary>P, in days.</summary>
    public required int PeriodDays { get; init; }

    /// <summary>The store the figures are limited to, or <c>null</c> for all stores.</summary>
    public StoreId? Store { get; init; }

    /// <summary><c>start</c> = <c>as_of − P</c> (inclusive).</summary>
    public required DateTime PeriodStartUtc { get; init; }

    /// <summary><c>end</c> = <c>as_of</c> (exclusive).</summary>
    public required DateTime PeriodEndUtc { get; init; }

    /// <summary><c>orders</c>: counted orders.</summary>
    public required int Orders { get; init; }

    /// <summary><c>revenue</c>: sum of the counted orders' totals, in the primary currency.</summary>
    public required decimal Revenue { get; init; }

    /// <summary><c>customers</c>: customer ids with at least one counted order.</summary>
    public required int Customers { get; init; }

    /// <summary>Customers with at least two counted orders (the numerator of <see cref="Rpr"/>).</summary>
    public required int RepeatCustomers { get; init; }

    /// <summary><c>aov</c> = revenue / orders; <c>null</c> without orders.</summary>
    public decimal? Aov => Orders == 0 ? null : Revenue / Orders;

    /// <summary><c>ltv</c> = revenue / customers; <c>null</c> without customers.</summary>
    public decimal? Ltv => Customers == 0 ? null : Revenue / Customers;

    /// <summary><c>rpr</c> = customers with ≥ 2 counted orders / customers; <c>null</c> without customers.</summary>
    public double? Rpr => Customers == 0 ? null : (double)RepeatCustomers / Customers;

    /// <summary>S = |active(start)|: customers with a counted order in <c>[start − W, start)</c>.</summary>
    public required int ActiveAtStart { get; init; }

    /// <summary>E = |active(end)|: customers with a counted order in <c>[end − W, end)</c>.</summary>
    public required int ActiveAtEnd { get; init; }

    /// <summary>N = |active(end) \ active(start)|: customers who came during the period (new plus reactivated).</summary>
    public int CameDuringPeriod => NewCustomers + ReactivatedCustomers;

    /// <summary>|active(start) \ active(end)|: customers active at the start and no longer at the end.</summary>
    public required int Lost { get; init; }

    /// <summary>
    /// <c>new_customers</c>: customers of N whose first counted order lies in <c>[start, end)</c>. (When P ≤ W, as
    /// the settings enforce, every customer whose first counted order is in the period belongs to N.)
    /// </summary>
    public required int NewCustomers { get; init; }

    /// <summary><c>reactivated_customers</c>: the rest of N, lapsed customers (a counted order before start − W, none in
    /// <c>[start − W, start)</c>) who ordered again within the window ending at <c>end</c>.</summary>
    public required int ReactivatedCustomers { get; init; }

    /// <summary><c>crr</c> = (E − N) / S, which is 1 − <see cref="ChurnRate"/>; <c>null</c> when S = 0.</summary>
    public double? Crr => ActiveAtStart == 0 ? null : (double)(ActiveAtEnd - CameDuringPeriod) / ActiveAtStart;

    /// <summary><c>churn_rate</c> = |active(start) \ active(end)| / S; <c>null</c> when S = 0.</summary>
    public double? ChurnRate => ActiveAtStart == 0 ? null : (double)Lost / ActiveAtStart;

    /// <summary>Pairs of consecutive counted orders of the same customer (orders − customers).</summary>
    public required int PurchaseGaps { get; init; }

    /// <summary>
    /// <c>tbp_median_days</c>: median gap, in fractional days, over all pairs of consecutive counted orders of the
    /// same customer (the mean of the two middle gaps when their number is even); <c>null</c> when no customer
    /// ordered twice.
    /// </summary>
    public required double? TbpMedianDays { get; init; }

    /// <summary><c>cohorts</c>, oldest first; only months in which at least one customer made a first counted order.</summary>
    public required IReadOnlyList<CohortRetention> Cohorts { get; init; }
}

/// <summary>
/// The customers whose first counted order fell in one UTC calendar month, and the share of them with a counted
/// order in each month since, up to the last month that starts before <c>as_of</c>.
/// </summary>
public sealed record CohortRetention
{
    /// <summary>The cohort's month.</summary>
    public CohortRetention(int year, int month, int size, IReadOnlyList<double> retention)
    {
        Month = new DateOnly(year, month, 1);
        Size = size;
        Retention = retention;
    }

    /// <summary>The first day of the cohort's month.</summary>
    public DateOnly Month { get; }

    /// <summary>The month as <c>YYYY-MM</c>, as the CLI and the dashboard print it.</summary>
    public string Label => Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Customers in the cohort.</summary>
    public int Size { get; }

    /// <summary><c>retention[k]</c>: share of the cohort with a counted order in month cohort + k (so <c>retention[0]</c> is 1).</summary>
    public IReadOnlyList<double> Retention { get; }

    /// <summary>
    /// True when the last month of <see cref="Retention"/> had not ended at as_of: its share counts only the days so
    /// far and will still rise, so it is not a final (low) retention.
    /// </summary>
    public bool LastMonthIsPartial { get; init; }
}
