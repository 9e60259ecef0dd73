using System.Globalization;
using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Metrics;

// Hand-computed expectations for every definition of the store metrics. Unless a test says otherwise the figures
// are taken as of 2026-03-01 with W = 365 and P = 30, so the period is [2026-01-30, 2026-03-01), active(start)
// means an order in [2025-01-30, 2026-01-30) and active(end) an order in [2025-03-01, 2026-03-01).
public class StoreMetricsCalculatorTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly DateTime End = Utc(2026, 3, 1);
    private static readonly DateTime Start = Utc(2026, 1, 30);

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) => OrderHistory.Utc(year, month, day, hour, minute);

    private static Task<StoreMetrics> MetricsAsync(OrderHistory history, int gapFetchLimit = 50_000) =>
        history.MetricsAsync(new StoreMetricsRequest(AsOf), gapFetchLimit);

    #region Request and result

    [Test]
    public void Request_defaults_to_a_365_day_window_and_a_30_day_period_ending_at_midnight_utc()
    {
        var request = new StoreMetricsRequest(AsOf);

        Assert.That((request.ActiveWindowDays, request.PeriodDays, request.Store), Is.EqualTo((365, 30, (StoreId?)null)));
        Assert.That(request.AsOfUtc, Is.EqualTo(End));
        Assert.That(request.AsOfUtc.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(request.PeriodStartUtc, Is.EqualTo(Start));
    }

    [TestCase(0)]
    [TestCase(-30)]
    public void Request_rejects_a_window_or_period_shorter_than_a_day(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new StoreMetricsRequest(AsOf) { ActiveWindowDays = days });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new StoreMetricsRequest(AsOf) { PeriodDays = days });
    }

    [Test]
    public void Calculator_needs_room_for_at_least_one_fetched_gap()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new StoreMetricsCalculator(new InMemoryStoreData(), new InMemoryQueryRunner(), gapFetchLimit: 0));
    }

    [Test]
    public async Task Result_states_the_request_it_answers()
    {
        var request = new StoreMetricsRequest(AsOf) { ActiveWindowDays = 90, PeriodDays = 7, Store = new StoreId(3) };

        var metrics = await new OrderHistory().MetricsAsync(request);

        Assert.That((metrics.AsOf, metrics.ActiveWindowDays, metrics.PeriodDays, metrics.Store), Is.EqualTo((AsOf, 90, 7, (StoreId?)new StoreId(3))));
        Assert.That((metrics.PeriodStartUtc, metrics.PeriodEndUtc), Is.EqualTo((Utc(2026, 2, 22), End)));
    }

    #endregion

    #region Totals, AOV, LTV, RPR

    [Test]
    public async Task One_customer_store_has_every_figure_from_that_customer()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2026, 1, 10), 20m)
            .Order(1, Utc(2026, 2, 9), 40m));

        Assert.Multiple(() =>
        {
            Assert.That((metrics.Orders, metrics.Revenue, metrics.Customers, metrics.RepeatCustomers), Is.EqualTo((2, 60m, 1, 1)));
            Assert.That((metrics.Aov, metrics.Ltv, metrics.Rpr), Is.EqualTo((30m, 60m, 1d)));
            Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.Lost, metrics.NewCustomers, metrics.ReactivatedCustomers), Is.EqualTo((1, 1, 0, 0, 0)));
            Assert.That((metrics.Crr, metrics.ChurnRate), Is.EqualTo((1d, 0d)));
            Assert.That(metrics.TbpMedianDays, Is.EqualTo(30d));
            Assert.That(metrics.Cohorts.Select(c => (c.Label, c.Size, Text(c.Retention))), Is.EqualTo(new[] { ("2026-01", 1, "1 1") }));
        });
    }

    [Test]
    public async Task All_one_time_buyers_give_a_repeat_rate_of_zero_and_no_time_between_purchases()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2025, 6, 1), 10m)
            .Order(2, Utc(2025, 9, 1), 20m)
            .Order(3, Utc(2026, 2, 1), 30m));

        Assert.That((metrics.Customers, metrics.RepeatCustomers, metrics.Rpr), Is.EqualTo((3, 0, (double?)0d)));
        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((0, (double?)null)));
        Assert.That((metrics.Aov, metrics.Ltv), Is.EqualTo(((decimal?)20m, (decimal?)20m)));
    }

    [Test]
    public async Task Average_order_value_and_lifetime_value_keep_every_cent()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2026, 1, 1), 10.01m).Order(1, Utc(2026, 1, 2), 0.02m)
            .Order(2, Utc(2026, 1, 3), 0.03m));

        Assert.That(metrics.Revenue, Is.EqualTo(10.06m));
        Assert.That(metrics.Aov, Is.EqualTo(10.06m / 3));
        Assert.That(metrics.Ltv, Is.EqualTo(5.03m));
    }

    [Test]
    public async Task Empty_store_reports_zero_counts_and_null_rates()
    {
        var metrics = await MetricsAsync(new OrderHistory());

        Assert.That((metrics.Orders, metrics.Revenue, metrics.Customers, metrics.PurchaseGaps), Is.EqualTo((0, 0m, 0, 0)));
        Assert.That(new object?[] { metrics.Aov, metrics.Ltv, metrics.Rpr, metrics.Crr, metrics.ChurnRate, metrics.TbpMedianDays }, Is.All.Null);
        Assert.That(metrics.Cohorts, Is.Empty);
    }

    [Test]
    public async Task Store_with_only_cancelled_orders_is_an_empty_store()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2026, 1, 5), 10m, OrderState.Cancelled)
            .Order(1, Utc(2026, 2, 5), 10m, OrderState.Cancelled));

        Assert.That((metrics.Orders, metrics.Customers, metrics.Aov, metrics.TbpMedianDays), Is.EqualTo((0, 0, (decimal?)null, (double?)null)));
        Assert.That(metrics.Cohorts, Is.Empty);
    }

    [Test]
    public async Task Cancelled_orders_are_ignored_by_every_metric()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            // Customer 1: the cancelled order in the period neither makes her active at the end nor splits her gap.
            .Order(1, Utc(2025, 1, 10), 10m).Order(1, Utc(2025, 1, 20), 999m, OrderState.Cancelled).Order(1, Utc(2025, 1, 30), 10m)
            .Order(1, Utc(2026, 2, 10), 999m, OrderState.Cancelled)
            // Customer 2: the cancelled first order does not set the cohort month.
            .Order(2, Utc(2025, 12, 31), 999m, OrderState.Cancelled).Order(2, Utc(2026, 1, 2), 20m));

        Assert.Multiple(() =>
        {
            Assert.That((metrics.Orders, metrics.Revenue, metrics.Customers, metrics.RepeatCustomers), Is.EqualTo((3, 40m, 2, 1)));
            Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.Lost), Is.EqualTo((2, 1, 1)));
            Assert.That(metrics.TbpMedianDays, Is.EqualTo(20d));
            Assert.That(metrics.Cohorts.Select(c => c.Label), Is.EqualTo(new[] { "2025-01", "2026-01" }));
        });
    }

    #endregion

    #region Boundaries

    [Test]
    public async Task Customer_whose_only_order_falls_exactly_on_the_period_start_counts_as_new()
    {
        var metrics = await MetricsAsync(new OrderHistory().Order(1, Start));

        Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.NewCustomers, metrics.ReactivatedCustomers), Is.EqualTo((0, 1, 1, 0)));
    }

    [Test]
    public async Task Customer_whose_only_order_is_one_tick_before_the_period_start_is_active_at_the_start_and_retained()
    {
        var metrics = await MetricsAsync(new OrderHistory().Order(1, Start.AddTicks(-1)));

        Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.NewCustomers, metrics.Crr), Is.EqualTo((1, 1, 0, (double?)1d)));
    }

    [Test]
    public async Task Order_placed_exactly_at_as_of_is_not_counted()
    {
        var metrics = await MetricsAsync(new OrderHistory().Order(1, Utc(2026, 2, 1), 10m).Order(1, End, 50m).Order(2, End, 50m));

        Assert.That((metrics.Orders, metrics.Revenue, metrics.Customers, metrics.NewCustomers, metrics.PurchaseGaps), Is.EqualTo((1, 10m, 1, 1, 0)));
    }

    [Test]
    public async Task Order_one_tick_before_as_of_is_counted_in_the_period()
    {
        var metrics = await MetricsAsync(new OrderHistory().Order(1, End.AddTicks(-1), 50m));

        Assert.That((metrics.Orders, metrics.Customers, metrics.NewCustomers), Is.EqualTo((1, 1, 1)));
        Assert.That(metrics.Cohorts.Single().Label, Is.EqualTo("2026-02"));
    }

    [Test]
    public async Task Order_exactly_one_window_before_the_period_start_makes_a_customer_active_at_the_start()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Start.AddDays(-365))
            .Order(2, Start.AddDays(-365).AddTicks(-1)));

        // Neither has an order in [end − W, end), so customer 1 is lost and customer 2 was never active.
        Assert.That((metrics.Customers, metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.Lost), Is.EqualTo((2, 1, 0, 1)));
        Assert.That((metrics.Crr, metrics.ChurnRate), Is.EqualTo(((double?)0d, (double?)1d)));
    }

    [Test]
    public async Task Customer_whose_last_order_is_exactly_one_window_before_as_of_is_still_active_at_the_end()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, End.AddDays(-365))
            .Order(2, End.AddDays(-365).AddTicks(-1)));

        Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.Lost), Is.EqualTo((2, 1, 1)));
        Assert.That(metrics.ChurnRate, Is.EqualTo(0.5));
    }

    #endregion

    #region Retention and churn

    [Test]
    public async Task Lapsed_customer_returning_in_the_period_counts_as_reactivated_not_new()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2024, 11, 5))     // before start − W: lapsed at the start
            .Order(1, Utc(2026, 2, 14)));   // back in the period

        Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.CameDuringPeriod), Is.EqualTo((0, 1, 1)));
        Assert.That((metrics.NewCustomers, metrics.ReactivatedCustomers), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task Customer_active_at_the_start_who_orders_again_in_the_period_is_retained_not_reactivated()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2025, 8, 1))
            .Order(1, Utc(2026, 2, 14)));

        Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.CameDuringPeriod, metrics.Crr), Is.EqualTo((1, 1, 0, (double?)1d)));
    }

    [Test]
    public async Task Store_where_nobody_was_active_at_the_start_has_no_retention_or_churn_rate()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2026, 2, 1))
            .Order(2, Utc(2026, 2, 2)));

        Assert.That((metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.NewCustomers), Is.EqualTo((0, 2, 2)));
        Assert.That((metrics.Crr, metrics.ChurnRate), Is.EqualTo(((double?)null, (double?)null)));
    }

    [Test]
    public async Task Retention_rate_is_one_minus_churn_rate_and_never_exceeds_one()
    {
        var store = MetricsStore.From(StoreMetricsContract.SmallShop());
        var calculator = new StoreMetricsCalculator(store.Data, store.Runner);

        foreach (var (window, period) in new[] { (30, 30), (60, 30), (90, 7), (365, 30), (365, 180) })
        {
            var metrics = await calculator.CalculateAsync(new StoreMetricsRequest(new DateOnly(2026, 4, 1)) { ActiveWindowDays = window, PeriodDays = period });

            Assert.That(metrics.Crr + metrics.ChurnRate, Is.EqualTo(1d).Within(1e-12), $"W={window}, P={period}");
            Assert.That(metrics.Crr, Is.LessThanOrEqualTo(1d));
            Assert.That(metrics.ActiveAtEnd - metrics.CameDuringPeriod, Is.EqualTo(metrics.ActiveAtStart - metrics.Lost));
        }
    }

    [Test]
    public async Task Only_orders_of_the_requested_store_make_a_customer_active()
    {
        var history = new OrderHistory()
            .Order(1, Utc(2025, 10, 1), store: 1).Order(1, Utc(2026, 2, 10), store: 2)
            .Order(2, Utc(2025, 10, 1), store: 2).Order(2, Utc(2026, 2, 10), store: 2);

        var metrics = await history.MetricsAsync(new StoreMetricsRequest(AsOf) { Store = new StoreId(2) });

        // In store 2, customer 1 is new in the period and customer 2 is retained.
        Assert.That((metrics.Customers, metrics.ActiveAtStart, metrics.ActiveAtEnd, metrics.NewCustomers, metrics.ReactivatedCustomers), Is.EqualTo((2, 1, 2, 1, 0)));
        Assert.That(metrics.TbpMedianDays, Is.EqualTo(132d), "Oct 1 to Feb 10");
    }

    #endregion

    #region Time between purchases

    [Test]
    public async Task Median_of_an_odd_number_of_gaps_is_the_middle_gap()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Orders(1, Utc(2025, 12, 1), Utc(2025, 12, 3), Utc(2026, 1, 2))  // 2 and 30 days
            .Orders(2, Utc(2026, 1, 1), Utc(2026, 1, 8)));                   // 7 days

        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((3, (double?)7d)));
    }

    [Test]
    public async Task Median_of_an_even_number_of_gaps_is_the_mean_of_the_two_middle_gaps()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Orders(1, Utc(2025, 12, 1), Utc(2025, 12, 3), Utc(2026, 1, 2))  // 2 and 30 days
            .Orders(2, Utc(2026, 1, 1), Utc(2026, 1, 8))                     // 7 days
            .Orders(3, Utc(2026, 1, 1), Utc(2026, 1, 11)));                  // 10 days

        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((4, (double?)8.5)));
    }

    [Test]
    public async Task Gaps_are_measured_in_fractional_days()
    {
        var metrics = await MetricsAsync(new OrderHistory().Orders(1, Utc(2026, 1, 1, 9), Utc(2026, 1, 2, 15)));

        Assert.That(metrics.TbpMedianDays, Is.EqualTo(1.25));
    }

    [Test]
    public async Task Gaps_pair_each_order_with_the_same_customers_next_order_only()
    {
        // Interleaved customers: 1 orders on days 0 and 20, 2 on days 5 and 10. Pairs: 20 and 5 days, never 5 or 10 across customers.
        var metrics = await MetricsAsync(new OrderHistory()
            .Order(1, Utc(2026, 1, 1)).Order(2, Utc(2026, 1, 6)).Order(2, Utc(2026, 1, 11)).Order(1, Utc(2026, 1, 21)));

        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((2, (double?)12.5)));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    [TestCase(40)]
    [TestCase(50_000)]
    public async Task Median_search_finds_the_same_median_whatever_it_may_fetch(int gapFetchLimit)
    {
        var (history, gaps) = VariedHistory(customers: 60);

        var metrics = await MetricsAsync(history, gapFetchLimit);

        Assert.That(metrics.PurchaseGaps, Is.EqualTo(gaps.Length));
        Assert.That(metrics.TbpMedianDays, Is.EqualTo(MedianOf(gaps)).Within(1e-9));
    }

    [TestCase(1)]
    [TestCase(3)]
    public async Task Many_equal_gaps_beyond_the_fetch_limit_still_give_the_exact_median(int gapFetchLimit)
    {
        var history = new OrderHistory();
        for (var customer = 1; customer <= 9; customer++)
            history.Orders(customer, Utc(2026, 1, customer), Utc(2026, 1, customer + 7), Utc(2026, 1, customer + 14));
        history.Orders(10, Utc(2026, 1, 1), Utc(2026, 2, 1));

        var metrics = await MetricsAsync(history, gapFetchLimit);

        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((19, (double?)7d)));
    }

    [Test]
    public async Task Orders_placed_at_the_same_instant_give_gaps_of_zero_even_beyond_the_fetch_limit()
    {
        var history = new OrderHistory();
        for (var customer = 1; customer <= 5; customer++)
            history.Orders(customer, Utc(2026, 1, 10), Utc(2026, 1, 10), Utc(2026, 1, 10));

        var metrics = await MetricsAsync(history, gapFetchLimit: 2);

        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((10, (double?)0d)));
    }

    #endregion

    #region Cohorts

    [Test]
    public async Task Cohort_counts_a_customer_once_per_month_however_many_orders()
    {
        var metrics = await MetricsAsync(new OrderHistory()
            .Orders(1, Utc(2026, 1, 3), Utc(2026, 1, 4), Utc(2026, 1, 5), Utc(2026, 2, 1), Utc(2026, 2, 2))
            .Orders(2, Utc(2026, 1, 31, 23, 59)));

        Assert.That(metrics.Cohorts.Select(c => (c.Label, c.Size, Text(c.Retention))), Is.EqualTo(new[] { ("2026-01", 2, "1 0.5") }));
    }

    [Test]
    public async Task A_request_without_cohorts_leaves_them_out_and_every_other_figure_unchanged()
    {
        var history = new OrderHistory()
            .Orders(1, Utc(2026, 1, 3), Utc(2026, 2, 1), Utc(2026, 2, 20))
            .Orders(2, Utc(2025, 12, 31, 23, 59), Utc(2026, 2, 25));

        var full = await history.MetricsAsync(new StoreMetricsRequest(AsOf));
        var lean = await history.MetricsAsync(new StoreMetricsRequest(AsOf) { IncludeCohorts = false });

        Assert.That(full.Cohorts, Is.Not.Empty);
        Assert.That(lean.Cohorts, Is.Empty);
        Assert.That(lean with { Cohorts = full.Cohorts }, Is.EqualTo(full));
    }

    [Test]
    public async Task Cohorts_include_the_month_of_as_of_when_it_has_begun()
    {
        var metrics = await new OrderHistory()
            .Orders(1, Utc(2026, 1, 20), Utc(2026, 3, 14))
            .Orders(2, Utc(2026, 3, 1))
            .MetricsAsync(new StoreMetricsRequest(new DateOnly(2026, 3, 15)));

        Assert.That(metrics.Cohorts.Select(c => (c.Label, c.Size, Text(c.Retention))), Is.EqualTo(new[]
        {
            ("2026-01", 1, "1 0 1"),
            ("2026-03", 1, "1"),
        }));
    }

    [Test]
    public async Task Cohorts_cross_the_year_end_month_by_month()
    {
        var metrics = await new OrderHistory()
            .Orders(1, Utc(2025, 11, 30), Utc(2026, 1, 1))
            .Orders(2, Utc(2025, 11, 1), Utc(2025, 12, 31, 23, 59))
            .MetricsAsync(new StoreMetricsRequest(new DateOnly(2026, 2, 1)));

        Assert.That(metrics.Cohorts.Select(c => (c.Label, c.Size, Text(c.Retention))), Is.EqualTo(new[] { ("2025-11", 2, "1 0.5 0.5") }));
        Assert.That(metrics.Cohorts.Single().Month, Is.EqualTo(new DateOnly(2025, 11, 1)));
    }

    #endregion

    #region In the database

    [Test]
    public async Task No_query_brings_back_a_row_per_order_or_per_customer()
    {
        var (history, _) = VariedHistory(customers: 400);
        var store = MetricsStore.From(history.ToSeed());
        var runner = new RowCountingRunner();

        await new StoreMetricsCalculator(store.Data, runner, gapFetchLimit: 25).CalculateAsync(new StoreMetricsRequest(AsOf));

        // 400 customers, about 1,000 orders over four months: the largest answer is the cohort grid (4 × 5 / 2 cells) or the last gaps fetched.
        Assert.That(runner.Rows, Has.All.LessThanOrEqualTo(25));
        Assert.That(runner.Rows, Has.Count.LessThanOrEqualTo(12), "queries run");
    }

    #endregion

    #region Helpers

    private static string Text(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static double MedianOf(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Customers with 1–4 orders between 2025-11-01 and 2026-03-01 at pseudo-random minutes (fixed seed), some on the
    /// same day, and the gaps between their consecutive orders in days.
    /// </summary>
    private static (OrderHistory History, double[] Gaps) VariedHistory(int customers)
    {
        var random = new Random(20260301);
        var history = new OrderHistory();
        var gaps = new List<double>();
        var first = Utc(2025, 11, 1);
        for (var customer = 1; customer <= customers; customer++)
        {
            var at = first.AddMinutes(random.Next(0, 60 * 24 * 60));
            var orders = random.Next(1, 5);
            for (var i = 0; i < orders && at < End; i++)
            {
                history.Order(customer, at, 10m + random.Next(0, 90));
                var next = at.AddMinutes(random.Next(0, 60 * 24 * 30));
                if (i + 1 < orders && next < End)
                    gaps.Add((next - at).TotalDays);
                at = next;
            }
        }
        return (history, gaps.ToArray());
    }

    /// <summary>Runs queries in memory and records how many rows each one returned.</summary>
    private sealed class RowCountingRunner : IQueryRunner
    {
        private readonly InMemoryQueryRunner _inner = new();

        public List<int> Rows { get; } = new();

        public async Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default)
        {
            var rows = await _inner.ToListAsync(query, cancellationToken);
            Rows.Add(rows.Count);
            return rows;
        }

        public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => _inner.CountAsync(query, cancellationToken);
    }

    #endregion
}
