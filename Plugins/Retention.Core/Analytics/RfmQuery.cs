using System.Globalization;
using System.Text;
using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Retention.Core.Analytics;

/// <summary>
/// RFM segments computed in the database, with exactly <see cref="RfmScoring"/>'s rules (mid-rank quintiles of recency
/// and revenue, fixed purchase-count bands for frequency, the R × FM grid): recency = whole days from the last counted order's UTC day to the as_of day, frequency = counted orders,
/// monetary = their revenue.
/// </summary>
/// <remarks>
/// A quintile score depends only on how many customers lie below and tie with a value, so recency and revenue need
/// only their histograms: one GROUP BY each (last-order days are few distinct values; revenue can have as many values
/// as customers, two numbers each). Frequency needs none: its bands are fixed. The histograms give each score's lowest value; a last query
/// scores every customer with CASE on those cut-offs and counts customers and revenue per (R, F, M) cell (at most
/// 125 rows), from which the eleven segments are sums. A segment's customers come back filtered by the same cut-offs.
/// Every query is LINQ over <see cref="IStoreData"/> (no window function), so it runs under EF Core and linq2db.
/// </remarks>
public sealed class RfmQuery
{
    private readonly IStoreData _data;
    private readonly IQueryRunner _runner;

    public RfmQuery(IStoreData data, IQueryRunner runner)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
    }

    /// <summary>The eleven segments (empty ones included, in <see cref="RfmSegment"/> order) with count, share and revenue.</summary>
    public async Task<IReadOnlyList<RfmSegmentSummary>> SegmentsAsync(CountedOrders scope, CancellationToken cancellationToken = default)
    {
        var cuts = await CutsAsync(scope, cancellationToken);
        var cells = cuts is null ? new List<CellRow>() : await _runner.ToListAsync(Cells(Scored(scope, cuts)), cancellationToken);
        var total = cells.Sum(c => c.Customers);
        return Enum.GetValues<RfmSegment>()
            .Select(s =>
            {
                var members = cells.Where(c => RfmScoring.SegmentOf(c.R, c.F, c.M) == s).ToList();
                var count = members.Sum(c => c.Customers);
                return new RfmSegmentSummary(s, s.DisplayName(), count, total == 0 ? 0 : (double)count / total, members.Sum(c => c.Revenue));
            })
            .ToList();
    }

    /// <summary>The customers of one segment with their scores, by customer id.</summary>
    public async Task<IReadOnlyList<RfmScore>> CustomersAsync(CountedOrders scope, RfmSegment segment, CancellationToken cancellationToken = default)
    {
        var cuts = await CutsAsync(scope, cancellationToken);
        if (cuts is null)
            return Array.Empty<RfmScore>();
        // The segment's (R, F, M) cells, as a filter the database evaluates.
        var cells = (from r in Enumerable.Range(1, 5) from f in Enumerable.Range(1, 5) from m in Enumerable.Range(1, 5)
                     where RfmScoring.SegmentOf(r, f, m) == segment select r * 100 + f * 10 + m).ToList();
        var rows = await _runner.ToListAsync(
            Scored(scope, cuts).Where(c => cells.Contains(c.R * 100 + c.F * 10 + c.M)).OrderBy(c => c.CustomerId), cancellationToken);
        return rows.Select(c => new RfmScore(new CustomerId(c.CustomerId), c.R, c.F, c.M, segment, c.Revenue)).ToList();
    }

    /// <summary>
    /// Customers as CSV rows: <c>customer_id,recency,frequency,monetary,rfm,segment,revenue</c>, header first; the segment
    /// named by <paramref name="segmentName"/> (the reader's language), English without it.
    /// </summary>
    public static string ToCsv(IEnumerable<RfmScore> customers, Func<RfmSegment, string?>? segmentName = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var csv = new StringBuilder("customer_id,recency,frequency,monetary,rfm,segment,revenue\n");
        foreach (var c in customers)
        {
            var name = segmentName?.Invoke(c.Segment) is { Length: > 0 } words ? words : c.Segment.DisplayName();
            csv.Append(CultureInfo.InvariantCulture, $"{c.Customer.Value},{c.Recency},{c.Frequency},{c.Monetary},{c.Code},\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{c.Revenue}\n");
        }
        return csv.ToString();
    }

    private IQueryable<CustomerRow> PerCustomer(CountedOrders scope) =>
        scope.Apply(_data.Orders)
            .GroupBy(o => o.CustomerId)
            .Select(g => new CustomerRow { CustomerId = g.Key, Last = g.Max(o => o.CreatedOnUtc), Purchases = g.Count(), Revenue = g.Sum(o => o.OrderTotal) });

    /// <summary>Each score's lowest value per dimension (index 0 for score 2 … index 3 for score 5); null without customers.</summary>
    private async Task<Cuts?> CutsAsync(CountedOrders scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var customers = PerCustomer(scope);
        var lastDays = await _runner.ToListAsync(customers.GroupBy(c => c.Last.Date).Select(g => new HistogramRow<DateTime> { Value = g.Key, Count = g.Count() }), cancellationToken);
        if (lastDays.Count == 0)
            return null;
        var revenue = await _runner.ToListAsync(customers.GroupBy(c => c.Revenue).Select(g => new HistogramRow<decimal> { Value = g.Key, Count = g.Count() }), cancellationToken);
        return new Cuts(LowestPerScore(lastDays), RfmScoring.FrequencyBandStarts.Select(p => (int?)p).ToArray(), LowestPerScore(revenue));
    }

    /// <summary>
    /// From a histogram (higher value scores higher), the lowest value that reaches scores 2, 3, 4 and 5; a score no
    /// value reaches gets <c>null</c> (nobody has it).
    /// </summary>
    private static T?[] LowestPerScore<T>(List<HistogramRow<T>> histogram)
        where T : struct, IComparable<T>
    {
        var ordered = histogram.OrderBy(h => h.Value).ToList();
        var n = ordered.Sum(h => (long)h.Count);
        var lowest = new T?[4];
        long below = 0;
        foreach (var h in ordered)
        {
            var score = 1 + (int)(5L * (2L * below + h.Count) / (2L * n));
            for (var s = 2; s <= score; s++)
                lowest[s - 2] ??= h.Value;
            below += h.Count;
        }
        return lowest;
    }

    private IQueryable<ScoredRow> Scored(CountedOrders scope, Cuts cuts)
    {
        // Unreached scores get a cut-off no value reaches, so the CASE keeps one shape.
        var r = cuts.LastDay.Select(d => d ?? DateTime.MaxValue.Date).ToArray();
        var f = cuts.Purchases.Select(p => p ?? int.MaxValue).ToArray();
        var m = cuts.Revenue.Select(v => v ?? decimal.MaxValue).ToArray();
        DateTime r2 = r[0], r3 = r[1], r4 = r[2], r5 = r[3];
        int f2 = f[0], f3 = f[1], f4 = f[2], f5 = f[3];
        decimal m2 = m[0], m3 = m[1], m4 = m[2], m5 = m[3];
        return PerCustomer(scope).Select(c => new ScoredRow
        {
            CustomerId = c.CustomerId,
            Revenue = c.Revenue,
            R = c.Last >= r5 ? 5 : c.Last >= r4 ? 4 : c.Last >= r3 ? 3 : c.Last >= r2 ? 2 : 1,
            F = c.Purchases >= f5 ? 5 : c.Purchases >= f4 ? 4 : c.Purchases >= f3 ? 3 : c.Purchases >= f2 ? 2 : 1,
            M = c.Revenue >= m5 ? 5 : c.Revenue >= m4 ? 4 : c.Revenue >= m3 ? 3 : c.Revenue >= m2 ? 2 : 1,
        });
    }

    private static IQueryable<CellRow> Cells(IQueryable<ScoredRow> scored) =>
        scored.GroupBy(c => new { c.R, c.F, c.M })
            .Select(g => new CellRow { R = g.Key.R, F = g.Key.F, M = g.Key.M, Customers = g.Count(), Revenue = g.Sum(c => c.Revenue) });

    private sealed record Cuts(DateTime?[] LastDay, int?[] Purchases, decimal?[] Revenue);

    internal sealed class CustomerRow
    {
        public int CustomerId { get; set; }
        public DateTime Last { get; set; }
        public int Purchases { get; set; }
        public decimal Revenue { get; set; }
    }

    internal sealed class HistogramRow<T>
    {
        public T Value { get; set; } = default!;
        public int Count { get; set; }
    }

    internal sealed class ScoredRow
    {
        public int CustomerId { get; set; }
        public decimal Revenue { get; set; }
        public int R { get; set; }
        public int F { get; set; }
        public int M { get; set; }
    }

    internal sealed class CellRow
    {
        public int R { get; set; }
        public int F { get; set; }
        public int M { get; set; }
        public int Customers { get; set; }
        public decimal Revenue { get; set; }
    }
}
