using System.Diagnostics;
using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// Computes <see cref="StoreMetrics"/> in the database: every query below is LINQ over <see cref="IStoreData"/> that
/// EF Core (SQLite, PostgreSQL) and linq2db translate to SQL, and each returns aggregated rows whose number does
/// not grow with the number of orders or customers.
/// </summary>
/// <remarks>
/// One request runs these queries:
/// <list type="number">
/// <item>Customer classes (one scan, GROUP BY customer, then GROUP BY class): every customer reduced to four flags
/// (repeat buyer, active at start, active at end, ordered before start) with their orders and revenue, then counted
/// per combination of flags: at most 16 rows, from which orders, revenue, customers, RPR, S, E, N, lost, new and
/// reactivated customers are sums.</item>
/// <item>Cohort grid (one scan, GROUP BY customer joined to the distinct (customer, month) pairs, GROUP BY (cohort
/// month, order month)): at most months² / 2 rows. Months are <c>year * 12 + month</c>, which every provider translates.</item>
/// <item>Median time between purchases: the host's <see cref="IPurchaseGapQuery"/> when given (one window-function
/// pass), otherwise the portable <see cref="LinqPurchaseGapQuery"/> (<see cref="PurchaseGapMedian"/>): one or more
/// counting scans over the orders paired with their successor (a correlated "next order" subquery), each returning
/// one row, then one fetch of at most the fetch limit of pairs, from which the middle gaps are picked in memory.</item>
/// </list>
/// </remarks>
public sealed class StoreMetricsCalculator
{
    #region Fields

    private readonly IStoreData _data;
    private readonly IQueryRunner _runner;
    private readonly int _gapFetchLimit;
    private readonly IPurchaseGapQuery? _gaps;

    #endregion

    #region Ctor

    /// <param name="data">The store's facts.</param>
    /// <param name="runner">Executes the queries with the host's provider.</param>
    /// <param name="gapFetchLimit">Most purchase gaps the median search brings into memory for its last step; the
    /// search narrows the range of gaps in the database until at most this many remain.</param>
    public StoreMetricsCalculator(IStoreData data, IQueryRunner runner, int gapFetchLimit = PurchaseGapMedian.DefaultFetchLimit)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        if (gapFetchLimit < 1)
            throw new ArgumentOutOfRangeException(nameof(gapFetchLimit), gapFetchLimit, "At least one gap must be fetchable.");
        _gapFetchLimit = gapFetchLimit;
    }

    /// <param name="data">The store's facts.</param>
    /// <param name="runner">Executes the queries with the host's provider.</param>
    /// <param name="gaps">The host's median time between purchases (a window-function query); the other figures stay
    /// Core's LINQ.</param>
    public StoreMetricsCalculator(IStoreData data, IQueryRunner runner, IPurchaseGapQuery gaps)
        : this(data, runner)
    {
        _gaps = gaps ?? throw new ArgumentNullException(nameof(gaps));
    }

    #endregion

    #region Properties

    /// <summary>Called after each query with its name ("customer classes", "cohort grid", "median gap") and wall time; <c>null</c> times nothing.</summary>
    public Action<string, TimeSpan>? OnPhase { get; init; }

    #endregion

    #region Methods

    /// <summary>Computes every store metric for <paramref name="request"/>.</summary>
    public async Task<StoreMetrics> CalculateAsync(StoreMetricsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var counted = CountedOrders(request);

        var clock = Stopwatch.StartNew();
        var classes = await _runner.ToListAsync(CustomerClasses(counted, request), cancellationToken);
        Phase("customer classes", clock);
        var grid = request.IncludeCohorts ? await _runner.ToListAsync(CohortGrid(counted), cancellationToken) : new List<CohortCellRow>();
        if (request.IncludeCohorts)
            Phase("cohort grid", clock);
        else
            clock.Restart();

        var earliest = classes.Count == 0 ? (DateTime?)null : classes.Min(c => c.FirstOrderUtc);
        var median = earliest is null
            ? new PurchaseGapSummary(0, null)
            : _gaps is not null
                ? await _gaps.SummarizeAsync(Metrics.CountedOrders.Of(request), cancellationToken)
                : await new LinqPurchaseGapQuery(_data, _runner, _gapFetchLimit)
                    .SummarizeAsync(counted, request.AsOfUtc - earliest.Value, cancellationToken);
        Phase("median gap", clock);
        return Compose(request, classes, median, grid);
    }

    #endregion

    #region Utilities

    /// <summary>
    /// The figures from the customer classes, the median gap and the cohort grid, however these were obtained (this
    /// calculator's queries, or the dashboard's one pass over the orders): the one place the store metrics are derived.
    /// </summary>
    internal static StoreMetrics Compose(StoreMetricsRequest request, IReadOnlyCollection<CustomerClassRow> classes, PurchaseGapSummary median,
        IReadOnlyCollection<CohortCellRow> grid)
    {
        var orders = classes.Sum(c => c.Orders);
        var customers = classes.Sum(c => c.Customers);
        return new StoreMetrics
        {
            AsOf = request.AsOf,
            ActiveWindowDays = request.ActiveWindowDays,
            PeriodDays = request.PeriodDays,
            Store = request.Store,
            PeriodStartUtc = request.PeriodStartUtc,
            PeriodEndUtc = request.AsOfUtc,
            Orders = orders,
            Revenue = classes.Sum(c => c.Revenue),
            Customers = customers,
            RepeatCustomers = classes.Where(c => c.Repeat == 1).Sum(c => c.Customers),
            ActiveAtStart = classes.Where(c => c.ActiveAtStart == 1).Sum(c => c.Customers),
            ActiveAtEnd = classes.Where(c => c.ActiveAtEnd == 1).Sum(c => c.Customers),
            Lost = classes.Where(c => c.ActiveAtStart == 1 && c.ActiveAtEnd == 0).Sum(c => c.Customers),
            NewCustomers = classes.Where(c => c.ActiveAtStart == 0 && c.ActiveAtEnd == 1 && c.BoughtBeforeStart == 0).Sum(c => c.Customers),
            ReactivatedCustomers = classes.Where(c => c.ActiveAtStart == 0 && c.ActiveAtEnd == 1 && c.BoughtBeforeStart == 1).Sum(c => c.Customers),
            PurchaseGaps = median.Gaps,
            TbpMedianDays = median.MedianDays,
            Cohorts = Cohorts(grid, request.AsOfUtc),
        };
    }

    private void Phase(string name, Stopwatch clock)
    {
        OnPhase?.Invoke(name, clock.Elapsed);
        clock.Restart();
    }

    /// <summary>Orders that count: not cancelled, placed before as_of, in the requested store.</summary>
    private IQueryable<OrderFact> CountedOrders(StoreMetricsRequest request) => Metrics.CountedOrders.Of(request).Apply(_data.Orders);

    /// <summary>
    /// Each customer reduced to flags, then customers counted per combination of flags. The flags are 0/1 integers
    /// built with MAX(CASE …) because a boolean aggregate does not translate everywhere.
    /// </summary>
    private static IQueryable<CustomerClassRow> CustomerClasses(IQueryable<OrderFact> counted, StoreMetricsRequest request)
    {
        var start = request.PeriodStartUtc;
        var startWindow = start.AddDays(-request.ActiveWindowDays);
        var endWindow = request.AsOfUtc.AddDays(-request.ActiveWindowDays);

        return counted
            .GroupBy(o => o.CustomerId)
            .Select(g => new
            {
                Orders = g.Count(),
                Revenue = g.Sum(o => o.OrderTotal),
                First = g.Min(o => o.CreatedOnUtc),
                ActiveAtStart = g.Max(o => o.CreatedOnUtc >= startWindow && o.CreatedOnUtc < start ? 1 : 0),
                ActiveAtEnd = g.Max(o => o.CreatedOnUtc >= endWindow ? 1 : 0),
                BoughtBeforeStart = g.Max(o => o.CreatedOnUtc < start ? 1 : 0),
            })
            .GroupBy(c => new { Repeat = c.Orders >= 2 ? 1 : 0, c.ActiveAtStart, c.ActiveAtEnd, c.BoughtBeforeStart })
            .Select(g => new CustomerClassRow
            {
                Repeat = g.Key.Repeat,
                ActiveAtStart = g.Key.ActiveAtStart,
                ActiveAtEnd = g.Key.ActiveAtEnd,
                BoughtBeforeStart = g.Key.BoughtBeforeStart,
                Customers = g.Count(),
                Orders = g.Sum(c => c.Orders),
                Revenue = g.Sum(c => c.Revenue),
                FirstOrderUtc = g.Min(c => c.First),
            });
    }

    /// <summary>
    /// Customers per (cohort month, order month), months numbered <c>year * 12 + month − 1</c>. A customer is
    /// counted once per month however many orders they placed in it.
    /// </summary>
    /// <remarks>
    /// The orders themselves are joined to the customers' first months and made distinct afterwards. Joining two
    /// derived tables instead (distinct order months ⋈ first months) gives SQLite two materialised subqueries without
    /// an index, which it joined by scanning one for every row of the other: 30–90 s per run on the 20,000-customer demo
    /// store against under a second this way, where it searches the orders by their (store, customer) index. PostgreSQL
    /// hash-joins either shape.
    /// </remarks>
    private static IQueryable<CohortCellRow> CohortGrid(IQueryable<OrderFact> counted)
    {
        var firstMonths = counted
            .GroupBy(o => o.CustomerId)
            .Select(g => new { CustomerId = g.Key, Cohort = g.Min(o => o.CreatedOnUtc.Year * 12 + o.CreatedOnUtc.Month - 1) });

        return (
                from o in counted
                join f in firstMonths on o.CustomerId equals f.CustomerId
                select new { o.CustomerId, f.Cohort, Month = o.CreatedOnUtc.Year * 12 + o.CreatedOnUtc.Month - 1 })
            .Distinct()
            .GroupBy(m => new { m.Cohort, m.Month })
            .Select(cell => new CohortCellRow { Cohort = cell.Key.Cohort, Month = cell.Key.Month, Customers = cell.Count() });
    }

    /// <summary>Turns the grid into one row per cohort with a retention share for every month that starts before as_of.</summary>
    internal static IReadOnlyList<CohortRetention> Cohorts(IReadOnlyCollection<CohortCellRow> grid, DateTime asOfUtc)
    {
        var lastInstant = asOfUtc.AddTicks(-1);
        var lastMonth = lastInstant.Year * 12 + lastInstant.Month - 1;
        var cells = grid.ToDictionary(c => (c.Cohort, c.Month), c => c.Customers);
        // as_of is exclusive: only when it is a month's first instant is the month before it over.
        var lastMonthIsPartial = asOfUtc != new DateTime(asOfUtc.Year, asOfUtc.Month, 1, 0, 0, 0, asOfUtc.Kind);

        return grid
            .Where(c => c.Month == c.Cohort)
            .OrderBy(c => c.Cohort)
            .Select(c =>
            {
                var retention = new double[lastMonth - c.Cohort + 1];
                for (var k = 0; k < retention.Length; k++)
                    retention[k] = cells.TryGetValue((c.Cohort, c.Cohort + k), out var active) ? (double)active / c.Customers : 0d;
                return new CohortRetention(c.Cohort / 12, c.Cohort % 12 + 1, c.Customers, Array.AsReadOnly(retention)) { LastMonthIsPartial = lastMonthIsPartial };
            })
            .ToList()
            .AsReadOnly();
    }

    #endregion

    #region Nested types

    /// <summary>A combination of customer flags (each 0 or 1) and the customers, orders and revenue it holds.</summary>
    internal sealed class CustomerClassRow
    {
        public int Repeat { get; set; }
        public int ActiveAtStart { get; set; }
        public int ActiveAtEnd { get; set; }
        public int BoughtBeforeStart { get; set; }
        public int Customers { get; set; }
        public int Orders { get; set; }
        public decimal Revenue { get; set; }
        public DateTime FirstOrderUtc { get; set; }
    }

    /// <summary>Customers of one cohort with a counted order in one month.</summary>
    internal sealed class CohortCellRow
    {
        public int Cohort { get; set; }
        public int Month { get; set; }
        public int Customers { get; set; }
    }

    #endregion
}
