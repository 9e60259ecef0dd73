using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// Orders held column by column (row <c>i</c> is <c>CustomerIds[i]</c>, <c>CreatedUtc[i]</c>, …), the first
/// <see cref="Count"/> entries of each array: an export of millions of rows in a few arrays instead of millions of objects.
/// </summary>
public sealed record OrderArrays(int Count, int[] CustomerIds, DateTime[] CreatedUtc, decimal[] Totals, OrderState[] Statuses, int[] StoreIds);

/// <summary>
/// <see cref="StoreMetrics"/> of orders already in memory, by single passes over arrays: the counted orders
/// (<see cref="CountedOrders"/>) grouped by customer with a counting sort, each customer's times sorted, then one pass
/// for the customer classes, the gaps between purchases and the cohort grid. The figures are those of
/// <see cref="StoreMetricsCalculator"/> with <see cref="InMemoryPurchaseGapQuery"/> (the tests compare both on random
/// stores); it exists because LINQ-to-objects over five million order objects took a minute and gigabytes.
/// </summary>
/// <remarks>
/// The revenue is a sum of decimals, exact whatever the order of the additions as long as no intermediate sum needs
/// more than decimal's 96 bits at the totals' largest scale. When that cannot be promised (totals with many decimals
/// near the largest amount), <see cref="TryCalculate"/> returns null and the caller uses the LINQ calculator, whose
/// order of additions the figures then depend on.
/// </remarks>
public static class ColumnarStoreMetrics
{
    /// <summary>The store metrics of <paramref name="orders"/>, or null when the revenue could round (see remarks).</summary>
    public static StoreMetrics? TryCalculate(OrderArrays orders, StoreMetricsRequest request)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(request);
        var scope = CountedOrders.Of(request);
        var n = orders.Count;

        // Pass 1: which rows count, the largest customer id, and the bound on any partial revenue sum.
        var counted = new int[n];
        var m = 0;
        var maxCustomer = 0;
        var maxScale = 0;
        var maxAbsTotal = 0m;
        for (var i = 0; i < n; i++)
        {
            if (!scope.Includes((int)orders.Statuses[i], orders.CreatedUtc[i], orders.StoreIds[i]))
                continue;
            counted[m++] = i;
            var customer = orders.CustomerIds[i];
            if (customer > maxCustomer)
                maxCustomer = customer;
            var total = orders.Totals[i];
            if (total.Scale > maxScale)
                maxScale = total.Scale;
            var abs = Math.Abs(total);
            if (abs > maxAbsTotal)
                maxAbsTotal = abs;
        }
        if (m > 0 && (double)maxAbsTotal * m * Math.Pow(10, maxScale) >= 1e28)
            return null;
        if (orders.CustomerIds.AsSpan(0, n).IndexOfAnyInRange(int.MinValue, -1) >= 0)
            return null; // customer ids are positive in every host; anything else goes the general way

        // Customers to dense numbers in id order: through a table indexed by id when ids are compact, else by
        // searching the sorted distinct ids once per row (customerOf).
        int customers;
        int[] dense;
        int[]? customerOf = null;
        if (maxCustomer <= Math.Max(4L * m, 1 << 20))
        {
            dense = new int[maxCustomer + 1];
            for (var k = 0; k < m; k++)
                dense[orders.CustomerIds[counted[k]]] = 1;
            customers = 0;
            for (var id = 0; id <= maxCustomer; id++)
                dense[id] = dense[id] == 0 ? -1 : customers++;
        }
        else
        {
            var ids = new int[m];
            for (var k = 0; k < m; k++)
                ids[k] = orders.CustomerIds[counted[k]];
            Array.Sort(ids);
            customers = 0;
            for (var k = 0; k < m; k++)
                if (k == 0 || ids[k] != ids[k - 1])
                    ids[customers++] = ids[k];
            customerOf = new int[m];
            for (var k = 0; k < m; k++)
                customerOf[k] = Array.BinarySearch(ids, 0, customers, orders.CustomerIds[counted[k]]);
            dense = [];
        }

        // Counting sort by customer: each customer's order times side by side, revenue summed on the way.
        var start = new int[customers + 1];
        for (var k = 0; k < m; k++)
            start[(customerOf is null ? dense[orders.CustomerIds[counted[k]]] : customerOf[k]) + 1]++;
        for (var c = 0; c < customers; c++)
            start[c + 1] += start[c];
        var next = start.AsSpan(0, customers).ToArray();
        var ticks = new long[m];
        var revenue = new decimal[customers];
        for (var k = 0; k < m; k++)
        {
            var i = counted[k];
            var c = customerOf is null ? dense[orders.CustomerIds[i]] : customerOf[k];
            ticks[next[c]++] = orders.CreatedUtc[i].Ticks;
            revenue[c] += orders.Totals[i];
        }
        counted = null!;
        customerOf = null;
        next = null!;
        dense = null!;

        var requestStart = request.PeriodStartUtc.Ticks;
        var startWindow = request.PeriodStartUtc.AddDays(-request.ActiveWindowDays).Ticks;
        var endWindow = request.AsOfUtc.AddDays(-request.ActiveWindowDays).Ticks;

        // Months by day number, so a row's month is one lookup (times lie in [first, as_of)).
        var minTicks = long.MaxValue;
        var maxTicks = long.MinValue;
        for (var k = 0; k < m; k++)
        {
            minTicks = Math.Min(minTicks, ticks[k]);
            maxTicks = Math.Max(maxTicks, ticks[k]);
        }
        var firstDay = m == 0 ? 0 : (int)(minTicks / TimeSpan.TicksPerDay);
        var days = m == 0 ? 0 : (int)(maxTicks / TimeSpan.TicksPerDay) - firstDay + 1;
        var monthOfDay = new int[days];
        for (var d = 0; d < days; d++)
        {
            var date = DateOnly.FromDayNumber(firstDay + d);
            monthOfDay[d] = date.Year * 12 + date.Month - 1;
        }
        var firstMonth = days == 0 ? 0 : monthOfDay[0];
        var months = days == 0 ? 0 : monthOfDay[days - 1] - firstMonth + 1;
        var grid = new int[months * months];

        var classCustomers = new int[16];
        var classOrders = new int[16];
        var classRevenue = new decimal[16];
        // The gaps are written over the times already read: customer c's j-th gap lands at start[c] − c + j − 1,
        // never after the time of its earlier order (start[c] + j − 1), which is in hand by then.
        var gaps = ticks;
        var g = 0;
        for (var c = 0; c < customers; c++)
        {
            var run = ticks.AsSpan(start[c], start[c + 1] - start[c]);
            if (!IsSorted(run))
                run.Sort();
            var activeAtStart = 0;
            var activeAtEnd = 0;
            var boughtBeforeStart = 0;
            foreach (var t in run)
            {
                if (t >= startWindow && t < requestStart)
                    activeAtStart = 1;
                if (t >= endWindow)
                    activeAtEnd = 1;
                if (t < requestStart)
                    boughtBeforeStart = 1;
            }
            var repeat = run.Length >= 2 ? 1 : 0;
            var cls = (repeat << 3) | (activeAtStart << 2) | (activeAtEnd << 1) | boughtBeforeStart;
            classCustomers[cls]++;
            classOrders[cls] += run.Length;
            classRevenue[cls] += revenue[c];

            var cohort = monthOfDay[(int)(run[0] / TimeSpan.TicksPerDay) - firstDay] - firstMonth;
            var lastMonth = -1;
            var previous = 0L;
            for (var j = 0; j < run.Length; j++)
            {
                var t = run[j];
                if (j > 0)
                    gaps[g++] = t - previous;
                previous = t;
                var month = monthOfDay[(int)(t / TimeSpan.TicksPerDay) - firstDay] - firstMonth;
                if (month != lastMonth)
                {
                    grid[cohort * months + month]++;
                    lastMonth = month;
                }
            }
        }

        var cells = new List<StoreMetricsCalculator.CohortCellRow>();
        for (var cohort = 0; cohort < months; cohort++)
            for (var month = cohort; month < months; month++)
                if (grid[cohort * months + month] is var size and > 0)
                    cells.Add(new StoreMetricsCalculator.CohortCellRow { Cohort = firstMonth + cohort, Month = firstMonth + month, Customers = size });

        int Sum(Func<int, bool> where, int[] values)
        {
            var sum = 0;
            for (var cls = 0; cls < 16; cls++)
                if (where(cls))
                    sum += values[cls];
            return sum;
        }
        static bool Repeat(int cls) => (cls & 8) != 0;
        static bool AtStart(int cls) => (cls & 4) != 0;
        static bool AtEnd(int cls) => (cls & 2) != 0;
        static bool Before(int cls) => (cls & 1) != 0;

        var revenueTotal = 0m;
        foreach (var r in classRevenue)
            revenueTotal += r;
        var median = InMemoryPurchaseGapQuery.MedianOf(gaps, g);
        return new StoreMetrics
        {
            AsOf = request.AsOf,
            ActiveWindowDays = request.ActiveWindowDays,
            PeriodDays = request.PeriodDays,
            Store = request.Store,
            PeriodStartUtc = request.PeriodStartUtc,
            PeriodEndUtc = request.AsOfUtc,
            Orders = Sum(_ => true, classOrders),
            Revenue = revenueTotal,
            Customers = customers,
            RepeatCustomers = Sum(Repeat, classCustomers),
            ActiveAtStart = Sum(AtStart, classCustomers),
            ActiveAtEnd = Sum(AtEnd, classCustomers),
            Lost = Sum(cls => AtStart(cls) && !AtEnd(cls), classCustomers),
            NewCustomers = Sum(cls => !AtStart(cls) && AtEnd(cls) && !Before(cls), classCustomers),
            ReactivatedCustomers = Sum(cls => !AtStart(cls) && AtEnd(cls) && Before(cls), classCustomers),
            PurchaseGaps = median.Gaps,
            TbpMedianDays = median.MedianDays,
            Cohorts = StoreMetricsCalculator.Cohorts(request.IncludeCohorts ? cells : new(), request.AsOfUtc),
        };
    }

    private static bool IsSorted(ReadOnlySpan<long> run)
    {
        for (var j = 1; j < run.Length; j++)
            if (run[j] < run[j - 1])
                return false;
        return true;
    }
}
