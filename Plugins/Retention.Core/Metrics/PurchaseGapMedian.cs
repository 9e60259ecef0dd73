using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// The median time between purchases, found in the database without window functions and without loading every
/// gap: a selection search over the distribution of gaps.
/// </summary>
/// <remarks>
/// <para><b>Gaps.</b> Each counted order is paired with the customer's next counted order by a correlated subquery,
/// <c>next = (SELECT MIN(n.created) FROM counted n WHERE n.customer = o.customer AND n comes after o)</c>, ties on
/// the same instant broken by order id (two orders placed at once make one gap of 0). LAG/LEAD would be cheaper,
/// but LINQ has no window function that EF Core and linq2db both translate. Cost: one index probe per order
/// with an index on (CustomerId, CreatedOnUtc), which the hosts should create; with an index on CustomerId alone
/// it reads every order of the customer, Σ k² for customers with k orders. Measured on PostgreSQL 15 (2 cores,
/// default settings) with that index: 930,000 counted orders of 268,000 customers, skewed so that a few customers
/// have hundreds of orders, take about 6 s per counting scan and 18 s for all the store metrics (one counting
/// scan, the fetch, the customer and cohort queries). A self-join on the customer grouped by order was also
/// measured: four times faster for a few orders per customer, but twice as slow on the skewed store above and
/// quadratic in a heavy customer's orders, so the subquery it is.</para>
/// <para><b>Search.</b> Gap lengths cannot be computed portably in SQL (EF Core's SQLite provider does not translate
/// DateTime subtraction), but <c>next &lt;= created.AddSeconds(t)</c> translates everywhere. So one scan counts the
/// gaps at or below 16 thresholds at once (conditional sums, one row back); the thresholds that bracket the middle
/// rank(s) become the new range, which the next scan splits into 16 again. When at most the fetch limit of gaps
/// remain in the range, they are fetched (two dates each) and the middle gaps are picked exactly in memory. A
/// typical store needs one or two counting scans before the fetch, each a full pass over the orders. The database compares dates to the
/// millisecond (SQLite's date functions), so a gap within a millisecond of a threshold may be placed on either
/// side; the median itself is computed from the exact dates.</para>
/// </remarks>
internal sealed class PurchaseGapMedian
{
    /// <summary>
    /// Default most gaps fetched for the last step: two dates and a count each, about ten megabytes at most, which
    /// usually saves a counting scan (a full pass over the orders) on a store with millions of orders.
    /// </summary>
    public const int DefaultFetchLimit = 200_000;

    private const int Slots = 16;
    private const double SecondsPerDay = 86_400;

    /// <summary>First-pass thresholds in seconds, spaced to fit how often shoppers come back.</summary>
    private static readonly double[] Ladder =
    {
        0, 3_600, 21_600, 1 * SecondsPerDay, 2 * SecondsPerDay, 3 * SecondsPerDay, 7 * SecondsPerDay, 14 * SecondsPerDay,
        30 * SecondsPerDay, 45 * SecondsPerDay, 60 * SecondsPerDay, 90 * SecondsPerDay, 180 * SecondsPerDay,
        365 * SecondsPerDay, 730 * SecondsPerDay, 1_825 * SecondsPerDay,
    };

    private readonly IQueryable<PurchaseGapRow> _gaps;
    private readonly IQueryRunner _runner;
    private readonly int _fetchLimit;

    /// <param name="gaps">Every counted order with its successor's date (see <see cref="PurchaseGapRow"/>).</param>
    /// <param name="runner">Executes the scans.</param>
    /// <param name="fetchLimit">Most gaps brought into memory for the last step.</param>
    public PurchaseGapMedian(IQueryable<PurchaseGapRow> gaps, IQueryRunner runner, int fetchLimit)
    {
        _gaps = gaps;
        _runner = runner;
        _fetchLimit = fetchLimit;
    }

    /// <summary>The number of gaps and their median in days (<c>null</c> when there are none).</summary>
    public readonly record struct Result(int Gaps, double? MedianDays);

    /// <summary>Finds the median; <paramref name="longestPossibleGap"/> bounds every gap (as_of − first order).</summary>
    public async Task<Result> FindAsync(TimeSpan longestPossibleGap, CancellationToken cancellationToken)
    {
        var counts = await CountAtOrBelowAsync(Ladder, cancellationToken);
        var total = counts.Total;
        if (total == 0)
            return new Result(0, null);

        // Ranks are 0-based: the median is the mean of the values at ranks (n − 1) / 2 and n / 2.
        var lowRank = (total - 1) / 2;
        var highRank = total / 2;
        var all = new Bracket(-1, 0, Math.Ceiling(longestPossibleGap.TotalSeconds) + 1, total);
        var narrowed = all.Narrow(Ladder, counts.AtOrBelow, lowRank, highRank);
        var (low, high) = await ValuesAtAsync(narrowed, lowRank, highRank, cancellationToken);
        return new Result(total, (low + high) / 2 / TimeSpan.TicksPerDay);
    }

    /// <summary>The gaps (in ticks) at two ranks, both known to lie in <paramref name="bracket"/>.</summary>
    private async Task<(double Low, double High)> ValuesAtAsync(Bracket bracket, int lowRank, int highRank, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (bracket.Population <= _fetchLimit)
                return await FetchAsync(bracket, lowRank, highRank, cancellationToken);

            // Below the database's resolution: every remaining gap lies within a second of the bracket's top.
            if (bracket.High - bracket.Low <= 1)
                return (bracket.High * TimeSpan.TicksPerSecond, bracket.High * TimeSpan.TicksPerSecond);

            var thresholds = Split(bracket);
            var counts = await CountAtOrBelowAsync(thresholds, cancellationToken);
            var next = bracket.Narrow(thresholds, counts.AtOrBelow, lowRank, highRank);
            if (next == bracket && lowRank == highRank)
                return (bracket.High * TimeSpan.TicksPerSecond, bracket.High * TimeSpan.TicksPerSecond); // cannot happen with consistent counts
            if (next == bracket)
            {
                // The two middle ranks sit in different parts of the range: find each on its own.
                var (low, _) = await ValuesAtAsync(bracket.Narrow(thresholds, counts.AtOrBelow, lowRank, lowRank), lowRank, lowRank, cancellationToken);
                var (high, _) = await ValuesAtAsync(bracket.Narrow(thresholds, counts.AtOrBelow, highRank, highRank), highRank, highRank, cancellationToken);
                return (low, high);
            }
            bracket = next;
        }
    }

    /// <summary>Brings the gaps inside the bracket into memory and picks the ranks exactly.</summary>
    /// <remarks>
    /// The filter is a grouping key tested in HAVING rather than a WHERE, which EF Core would push inside the
    /// DISTINCT, repeating the correlated subquery there. Identical (order date, next date) pairs of different customers come back as one row with
    /// their count.
    /// </remarks>
    private async Task<(double Low, double High)> FetchAsync(Bracket bracket, int lowRank, int highRank, CancellationToken cancellationToken)
    {
        var low = bracket.Low;
        var high = bracket.High;
        var query = _gaps
            .GroupBy(g => new { g.Created, g.Next, Inside = g.Next > g.Created.AddSeconds(low) && g.Next <= g.Created.AddSeconds(high) ? 1 : 0 })
            .Where(same => same.Key.Inside == 1)
            .Select(same => new GapCountRow { Created = same.Key.Created, Next = same.Key.Next, Count = same.Count() });
        var rows = await _runner.ToListAsync(query, cancellationToken);
        var ticks = rows
            .SelectMany(r => Enumerable.Repeat((double)(r.Next!.Value - r.Created).Ticks, r.Count))
            .OrderBy(t => t)
            .ToArray();
        // Orders written between the scans can leave the bracket empty; the bracket's top is then the best answer.
        if (ticks.Length == 0)
            return (high * TimeSpan.TicksPerSecond, high * TimeSpan.TicksPerSecond);
        double At(int rank) => ticks[Math.Clamp(rank - bracket.Below, 0, ticks.Length - 1)];
        return (At(lowRank), At(highRank));
    }

    /// <summary>Up to 16 whole-second thresholds evenly spread strictly inside the bracket.</summary>
    private static double[] Split(Bracket bracket)
    {
        var width = bracket.High - bracket.Low;
        return Enumerable.Range(1, Slots)
            .Select(i => bracket.Low + Math.Floor(width * i / (Slots + 1)))
            .Where(t => t > bracket.Low && t < bracket.High)
            .Distinct()
            .ToArray();
    }

    /// <summary>One scan: all gaps, and the gaps at or below each threshold (in seconds).</summary>
    private async Task<(int Total, int[] AtOrBelow)> CountAtOrBelowAsync(double[] thresholds, CancellationToken cancellationToken)
    {
        // Unused slots repeat the last threshold, so the query always has the same shape.
        var t = Enumerable.Range(0, Slots).Select(i => thresholds[Math.Min(i, thresholds.Length - 1)]).ToArray();
        double t00 = t[0], t01 = t[1], t02 = t[2], t03 = t[3], t04 = t[4], t05 = t[5], t06 = t[6], t07 = t[7];
        double t08 = t[8], t09 = t[9], t10 = t[10], t11 = t[11], t12 = t[12], t13 = t[13], t14 = t[14], t15 = t[15];

        var query = _gaps
            .GroupBy(g => 1)
            .Select(s => new ThresholdCounts
            {
                Total = s.Sum(g => g.Next != null ? 1 : 0),
                C00 = s.Sum(g => g.Next <= g.Created.AddSeconds(t00) ? 1 : 0),
                C01 = s.Sum(g => g.Next <= g.Created.AddSeconds(t01) ? 1 : 0),
                C02 = s.Sum(g => g.Next <= g.Created.AddSeconds(t02) ? 1 : 0),
                C03 = s.Sum(g => g.Next <= g.Created.AddSeconds(t03) ? 1 : 0),
                C04 = s.Sum(g => g.Next <= g.Created.AddSeconds(t04) ? 1 : 0),
                C05 = s.Sum(g => g.Next <= g.Created.AddSeconds(t05) ? 1 : 0),
                C06 = s.Sum(g => g.Next <= g.Created.AddSeconds(t06) ? 1 : 0),
                C07 = s.Sum(g => g.Next <= g.Created.AddSeconds(t07) ? 1 : 0),
                C08 = s.Sum(g => g.Next <= g.Created.AddSeconds(t08) ? 1 : 0),
                C09 = s.Sum(g => g.Next <= g.Created.AddSeconds(t09) ? 1 : 0),
                C10 = s.Sum(g => g.Next <= g.Created.AddSeconds(t10) ? 1 : 0),
                C11 = s.Sum(g => g.Next <= g.Created.AddSeconds(t11) ? 1 : 0),
                C12 = s.Sum(g => g.Next <= g.Created.AddSeconds(t12) ? 1 : 0),
                C13 = s.Sum(g => g.Next <= g.Created.AddSeconds(t13) ? 1 : 0),
                C14 = s.Sum(g => g.Next <= g.Created.AddSeconds(t14) ? 1 : 0),
                C15 = s.Sum(g => g.Next <= g.Created.AddSeconds(t15) ? 1 : 0),
            });
        var row = (await _runner.ToListAsync(query, cancellationToken)).SingleOrDefault();
        if (row is null)
            return (0, new int[thresholds.Length]);
        var all = new[] { row.C00, row.C01, row.C02, row.C03, row.C04, row.C05, row.C06, row.C07, row.C08, row.C09, row.C10, row.C11, row.C12, row.C13, row.C14, row.C15 };
        return (row.Total, all.Take(thresholds.Length).ToArray());
    }

    /// <summary>Every counted order with its successor's date (<c>null</c> for a customer's last order).</summary>
    /// <remarks>
    /// <c>Distinct</c> (a no-op: the order id makes every row unique) makes the providers compute the projection
    /// in a derived table, so the correlated subquery runs once per order; without it EF Core copies the
    /// subquery into every expression that reads <c>Next</c>, seventeen times in a counting scan. For the same
    /// reason the last orders (no successor) are not filtered out here: EF Core would push that filter inside the
    /// DISTINCT and repeat the subquery; a NULL <c>Next</c> simply fails every comparison instead.
    /// </remarks>
    public static IQueryable<PurchaseGapRow> CorrelatedSuccessors(IQueryable<OrderFact> counted) =>
        QueryTemplate.Apply(counted, (all, same) => all
            .Select(o => new PurchaseGapRow
            {
                OrderId = o.Id,
                Created = o.CreatedOnUtc,
                Next = same
                    .Where(n => n.CustomerId == o.CustomerId && n.CreatedOnUtc >= o.CreatedOnUtc && (n.CreatedOnUtc > o.CreatedOnUtc || n.Id > o.Id))
                    .Min(n => (DateTime?)n.CreatedOnUtc),
            })
            .Distinct());

    /// <summary>
    /// The gaps in <c>(Low, High]</c> seconds: <see cref="Below"/> gaps lie at or below <c>Low</c>,
    /// <see cref="Population"/> inside.
    /// </summary>
    private readonly record struct Bracket(double Low, int Below, double High, int AtOrBelowHigh)
    {
        public int Population => AtOrBelowHigh - Below;

        /// <summary>The smallest sub-bracket, cut at <paramref name="thresholds"/>, that still holds both ranks.</summary>
        public Bracket Narrow(double[] thresholds, int[] atOrBelow, int lowRank, int highRank)
        {
            var result = this;
            for (var i = 0; i < thresholds.Length; i++)
            {
                var t = thresholds[i];
                if (t <= Low || t >= High)
                    continue;
                if (atOrBelow[i] <= lowRank && t > result.Low)
                    result = result with { Low = t, Below = atOrBelow[i] };
                if (atOrBelow[i] > highRank && t < result.High)
                    result = result with { High = t, AtOrBelowHigh = atOrBelow[i] };
            }
            return result;
        }
    }

    /// <summary>Gaps between the same two instants, and how many.</summary>
    internal sealed class GapCountRow
    {
        public DateTime Created { get; set; }
        public DateTime? Next { get; set; }
        public int Count { get; set; }
    }

    /// <summary>One counting scan's answer.</summary>
    internal sealed class ThresholdCounts
    {
        public int Total { get; set; }
        public int C00 { get; set; }
        public int C01 { get; set; }
        public int C02 { get; set; }
        public int C03 { get; set; }
        public int C04 { get; set; }
        public int C05 { get; set; }
        public int C06 { get; set; }
        public int C07 { get; set; }
        public int C08 { get; set; }
        public int C09 { get; set; }
        public int C10 { get; set; }
        public int C11 { get; set; }
        public int C12 { get; set; }
        public int C13 { get; set; }
        public int C14 { get; set; }
        public int C15 { get; set; }
    }
}
