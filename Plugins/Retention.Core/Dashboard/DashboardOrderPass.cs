using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Retention.Core.Dashboard;

/// <summary>One counted order as the dashboard's pass reads it: the four columns every figure is made of.</summary>
public sealed class DashboardOrder
{
    public int CustomerId { get; set; }
    public int Id { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public decimal OrderTotal { get; set; }
}

/// <summary>
/// The figures of a snapshot that need the orders themselves — every trend point's customer classes and median gap,
/// today's cohort grid, the customer rows at as_of and at the holdout's calibration end — from ONE read of the store's
/// counted orders sorted by (customer, created, id), instead of one aggregate query per point and figure (issue 16:
/// 18 class queries and up to 15 window-function medians, each a full scan and sort of the orders).
/// </summary>
/// <remarks>
/// The definitions are those of <see cref="StoreMetricsCalculator"/>'s queries and <see cref="DashboardBuilder.CustomerRowsAsync"/>
/// (written for a database there, for a sorted stream here); <see cref="StoreMetricsCalculator.Compose"/> derives the
/// metrics from the classes either way, and the tests hold the two paths to the same snapshot. The orders are kept in
/// three flat arrays (about 28 bytes an order) so the calibration rows can be taken after the store's first order is known.
/// </remarks>
internal sealed class DashboardOrderPass
{
    #region Fields

    private int[] _customers;
    private long[] _ticks;
    private decimal[] _totals;
    private int _count;

    #endregion

    #region Ctor

    private DashboardOrderPass(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _customers = new int[capacity];
        _ticks = new long[capacity];
        _totals = new decimal[capacity];
    }

    #endregion

    #region Methods

    /// <summary>
    /// The counted orders of <paramref name="store"/> before <paramref name="asOfUtc"/>, in the order the pass reads them
    /// (the id breaks ties between orders placed at the same instant, as the gap query's window does).
    /// </summary>
    public static IQueryable<DashboardOrder> Query(IStoreData data, int store, DateTime asOfUtc) =>
        new CountedOrders(asOfUtc, store).Apply(data.Orders)
            .OrderBy(o => o.CustomerId).ThenBy(o => o.CreatedOnUtc).ThenBy(o => o.Id)
            .Select(o => new DashboardOrder { CustomerId = o.CustomerId, Id = o.Id, CreatedOnUtc = o.CreatedOnUtc, OrderTotal = o.OrderTotal });

    /// <summary>
    /// Every counted order of <paramref name="store"/>, whatever its date (or only <paramref name="customers"/>'), in the
    /// order the pass reads them: the state an incremental refresh keeps, so a day passing needs no read at all (each
    /// figure's fold stops at its own as_of) and a changed customer's orders are re-read by the (StoreId, CustomerId) index.
    /// </summary>
    public static IQueryable<DashboardOrder> AllQuery(IStoreData data, int store, IReadOnlyCollection<int>? customers = null)
    {
        const int cancelled = CountedOrders.CancelledStatusId;
        var counted = data.Orders.Where(o => o.StoreId == store && o.OrderStatusId != cancelled);
        if (customers is not null)
        {
            var ids = customers.ToArray();
            counted = counted.Where(o => ids.Contains(o.CustomerId));
        }
        return counted
            .OrderBy(o => o.CustomerId).ThenBy(o => o.CreatedOnUtc).ThenBy(o => o.Id)
            .Select(o => new DashboardOrder { CustomerId = o.CustomerId, Id = o.Id, CreatedOnUtc = o.CreatedOnUtc, OrderTotal = o.OrderTotal });
    }

    /// <summary>Counted orders held.</summary>
    public int Count => _count;

    /// <summary>
    /// This pass with <paramref name="changed"/> customers' orders replaced by those of <paramref name="fresh"/> (their
    /// counted orders as they are now, read sorted like <see cref="Query"/>; a customer without any left simply drops
    /// out). A new pass: this one stays as it was, so a refresh that fails half-way leaves the kept state whole.
    /// </summary>
    public DashboardOrderPass Splice(IReadOnlyCollection<int> changed, DashboardOrderPass fresh)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(fresh);
        var drop = changed as IReadOnlySet<int> ?? changed.ToHashSet();
        for (var j = 0; j < fresh._count; j++)
            if (!drop.Contains(fresh._customers[j]))
                throw new ArgumentException($"Customer {fresh._customers[j]}'s orders were read but the customer is not among the changed ones.", nameof(fresh));
        var result = new DashboardOrderPass(_count + fresh._count);
        int i = 0, k = 0;
        while (i < _count || k < fresh._count)
        {
            if (i < _count && drop.Contains(_customers[i]))
            {
                i++;
                continue;
            }
            // The fresh customers' old rows are skipped above, so a customer's rows never come from both sides.
            if (k >= fresh._count || (i < _count && _customers[i] < fresh._customers[k]))
            {
                result.Add(_customers[i], _ticks[i], _totals[i]);
                i++;
            }
            else
            {
                result.Add(fresh._customers[k], fresh._ticks[k], fresh._totals[k]);
                k++;
            }
        }
        return result;
    }

    /// <summary>Reads the orders of <see cref="Query"/>; throws when they do not come sorted (a host whose runner reorders them).</summary>
    public static async Task<DashboardOrderPass> ReadAsync(IAsyncEnumerable<DashboardOrder> orders, CancellationToken cancellationToken)
    {
        var pass = new DashboardOrderPass();
        var last = (Customer: int.MinValue, Ticks: long.MinValue, Id: int.MinValue);
        await foreach (var o in orders.WithCancellation(cancellationToken))
            last = pass.AddSorted(o, last);
        return pass;
    }

    /// <summary><see cref="ReadAsync"/> for rows already listed.</summary>
    public static DashboardOrderPass Read(IEnumerable<DashboardOrder> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var pass = new DashboardOrderPass();
        var last = (Customer: int.MinValue, Ticks: long.MinValue, Id: int.MinValue);
        foreach (var o in orders)
            last = pass.AddSorted(o, last);
        return pass;
    }

    private (int Customer, long Ticks, int Id) AddSorted(DashboardOrder o, (int Customer, long Ticks, int Id) last)
    {
        var ticks = o.CreatedOnUtc.Ticks;
        if (o.CustomerId < last.Customer || (o.CustomerId == last.Customer && (ticks < last.Ticks || (ticks == last.Ticks && o.Id < last.Id))))
            throw new InvalidOperationException("The dashboard's orders must arrive sorted by customer, creation time and id.");
        Add(o.CustomerId, ticks, o.OrderTotal);
        return (o.CustomerId, ticks, o.Id);
    }

    /// <summary>
    /// Each request's customer classes (<see cref="StoreMetricsCalculator"/>'s CustomerClasses: every customer with a
    /// counted order before as_of reduced to four flags, then counted per combination).
    /// </summary>
    public List<StoreMetricsCalculator.CustomerClassRow>[] Classes(IReadOnlyList<StoreMetricsRequest> requests)
    {
        var bounds = requests.Select(r => (End: r.AsOfUtc.Ticks, Start: r.PeriodStartUtc.Ticks,
            StartWindow: r.PeriodStartUtc.AddDays(-r.ActiveWindowDays).Ticks, EndWindow: r.AsOfUtc.AddDays(-r.ActiveWindowDays).Ticks)).ToArray();
        var cells = new StoreMetricsCalculator.CustomerClassRow?[requests.Count, 16];
        foreach (var (from, to) in CustomerRanges())
        {
            for (var k = 0; k < bounds.Length; k++)
            {
                var (end, start, startWindow, endWindow) = bounds[k];
                int orders = 0, activeAtStart = 0, activeAtEnd = 0, boughtBeforeStart = 0;
                decimal revenue = 0;
                for (var i = from; i < to && _ticks[i] < end; i++)
                {
                    var t = _ticks[i];
                    orders++;
                    revenue += _totals[i];
                    if (t >= startWindow && t < start)
                        activeAtStart = 1;
                    if (t >= endWindow)
                        activeAtEnd = 1;
                    if (t < start)
                        boughtBeforeStart = 1;
                }
                if (orders == 0)
                    continue;
                var repeat = orders >= 2 ? 1 : 0;
                var cell = cells[k, repeat * 8 + activeAtStart * 4 + activeAtEnd * 2 + boughtBeforeStart] ??= new StoreMetricsCalculator.CustomerClassRow
                {
                    Repeat = repeat, ActiveAtStart = activeAtStart, ActiveAtEnd = activeAtEnd, BoughtBeforeStart = boughtBeforeStart,
                    FirstOrderUtc = DateTime.MaxValue,
                };
                cell.Customers++;
                cell.Orders += orders;
                cell.Revenue += revenue;
                var first = new DateTime(_ticks[from], DateTimeKind.Utc);
                if (first < cell.FirstOrderUtc)
                    cell.FirstOrderUtc = first;
            }
        }
        var result = new List<StoreMetricsCalculator.CustomerClassRow>[requests.Count];
        for (var k = 0; k < requests.Count; k++)
        {
            result[k] = new List<StoreMetricsCalculator.CustomerClassRow>();
            for (var c = 0; c < 16; c++)
                if (cells[k, c] is { } cell)
                    result[k].Add(cell);
        }
        return result;
    }

    /// <summary>
    /// The gaps between consecutive counted orders before each day, and their median (<see cref="InMemoryPurchaseGapQuery.MedianOf(IReadOnlyCollection{long})"/>'s
    /// definition): the orders before a day are a prefix of each customer's sorted orders, so a gap belongs to every
    /// day after its later order. The gaps are sorted once; each day's middle ones are found by one walk.
    /// </summary>
    public Dictionary<DateTime, PurchaseGapSummary> Gaps(IEnumerable<DateTime> days)
    {
        var gaps = new List<long>();
        var closes = new List<long>();
        for (var i = 1; i < _count; i++)
            if (_customers[i] == _customers[i - 1])
            {
                gaps.Add(_ticks[i] - _ticks[i - 1]);
                closes.Add(_ticks[i]);
            }
        var gapArray = gaps.ToArray();
        var closeArray = closes.ToArray();
        Array.Sort(gapArray, closeArray);

        var result = new Dictionary<DateTime, PurchaseGapSummary>();
        foreach (var day in days.Distinct())
        {
            var end = day.Ticks;
            var n = 0;
            foreach (var close in closeArray)
                if (close < end)
                    n++;
            if (n == 0)
            {
                result[day] = new PurchaseGapSummary(0, null);
                continue;
            }
            int lower = (n - 1) / 2, upper = n / 2, seen = 0;
            long low = 0, high = 0;
            for (var i = 0; i < gapArray.Length; i++)
            {
                if (closeArray[i] >= end)
                    continue;
                if (seen == lower)
                    low = gapArray[i];
                if (seen == upper)
                {
                    high = gapArray[i];
                    break;
                }
                seen++;
            }
            result[day] = new PurchaseGapSummary(n, ((double)low + high) / 2 / TimeSpan.TicksPerDay);
        }
        return result;
    }

    /// <summary>
    /// Customers per (cohort month, order month) before <paramref name="asOfUtc"/> (<see cref="StoreMetricsCalculator"/>'s
    /// CohortGrid: months <c>year * 12 + month − 1</c>, a customer counted once per month).
    /// </summary>
    public List<StoreMetricsCalculator.CohortCellRow> CohortGrid(DateTime asOfUtc)
    {
        var end = asOfUtc.Ticks;
        var cells = new Dictionary<(int Cohort, int Month), int>();
        foreach (var (from, to) in CustomerRanges())
        {
            if (_ticks[from] >= end)
                continue;
            var cohort = Month(_ticks[from]);
            var last = -1;
            for (var i = from; i < to && _ticks[i] < end; i++)
            {
                var month = Month(_ticks[i]);
                if (month == last)
                    continue;
                last = month;
                cells[(cohort, month)] = cells.GetValueOrDefault((cohort, month)) + 1;
            }
        }
        return cells.Select(c => new StoreMetricsCalculator.CohortCellRow { Cohort = c.Key.Cohort, Month = c.Key.Month, Customers = c.Value }).ToList();
    }

    /// <summary>The rows of <see cref="DashboardBuilder.CustomerRowsAsync"/> at <paramref name="asOf"/>, by customer.</summary>
    public List<DashboardCustomerRow> CustomerRows(DateOnly asOf)
    {
        var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;
        var rows = new List<DashboardCustomerRow>();
        foreach (var (from, to) in CustomerRanges())
        {
            if (_ticks[from] >= end)
                continue;
            int orders = 0, days = 0;
            decimal revenue = 0, firstDayRevenue = 0;
            long firstDay = _ticks[from] / TimeSpan.TicksPerDay, lastDay = -1, lastTicks = 0;
            for (var i = from; i < to && _ticks[i] < end; i++)
            {
                var day = _ticks[i] / TimeSpan.TicksPerDay;
                if (day != lastDay)
                {
                    days++;
                    lastDay = day;
                }
                orders++;
                revenue += _totals[i];
                if (day == firstDay)
                    firstDayRevenue += _totals[i];
                lastTicks = _ticks[i];
            }
            rows.Add(new DashboardCustomerRow
            {
                CustomerId = _customers[from],
                Orders = orders,
                PurchaseDays = days,
                Revenue = revenue,
                FirstDayRevenue = firstDayRevenue,
                FirstOrderUtc = new DateTime(_ticks[from], DateTimeKind.Utc),
                LastOrderUtc = new DateTime(lastTicks, DateTimeKind.Utc),
            });
        }
        return rows;
    }

    #endregion

    #region Utilities

    private void Add(int customer, long ticks, decimal total)
    {
        if (_count == _customers.Length)
        {
            Array.Resize(ref _customers, _count * 2);
            Array.Resize(ref _ticks, _count * 2);
            Array.Resize(ref _totals, _count * 2);
        }
        _customers[_count] = customer;
        _ticks[_count] = ticks;
        _totals[_count] = total;
        _count++;
    }

    /// <summary>Each customer's orders as the index range [from, to).</summary>
    private IEnumerable<(int From, int To)> CustomerRanges()
    {
        var from = 0;
        for (var i = 1; i <= _count; i++)
            if (i == _count || _customers[i] != _customers[from])
            {
                yield return (from, i);
                from = i;
            }
    }

    private static int Month(long ticks)
    {
        var at = new DateTime(ticks, DateTimeKind.Utc);
        return at.Year * 12 + at.Month - 1;
    }

    #endregion
}
