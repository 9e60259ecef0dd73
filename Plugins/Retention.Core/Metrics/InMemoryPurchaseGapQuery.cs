using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// <see cref="IPurchaseGapQuery"/> over orders already in memory (the CLI's parsed export, tests): one sort by
/// (customer, created, id), one pass for the gaps, one selection for the middle. O(n log n), no quadratic subquery.
/// </summary>
public sealed class InMemoryPurchaseGapQuery : IPurchaseGapQuery
{
    private readonly IEnumerable<OrderFact> _orders;

    /// <param name="orders">Every order of the store; the scope picks the counted ones.</param>
    public InMemoryPurchaseGapQuery(IEnumerable<OrderFact> orders) =>
        _orders = orders ?? throw new ArgumentNullException(nameof(orders));

    /// <inheritdoc/>
    public Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var counted = _orders.Where(scope.Includes).ToArray();
        Array.Sort(counted, static (x, y) =>
        {
            var c = x.CustomerId.CompareTo(y.CustomerId);
            if (c == 0)
                c = x.CreatedOnUtc.CompareTo(y.CreatedOnUtc);
            return c != 0 ? c : x.Id.CompareTo(y.Id);
        });
        var gaps = new List<long>(Math.Max(0, counted.Length - 1));
        for (var i = 1; i < counted.Length; i++)
            if (counted[i].CustomerId == counted[i - 1].CustomerId)
                gaps.Add(counted[i].CreatedOnUtc.Ticks - counted[i - 1].CreatedOnUtc.Ticks);
        return Task.FromResult(MedianOf(gaps));
    }

    /// <summary>The count and median (in days) of gaps given in ticks; the mean of the two middle ones for an even count.</summary>
    public static PurchaseGapSummary MedianOf(IReadOnlyCollection<long> gapTicks)
    {
        ArgumentNullException.ThrowIfNull(gapTicks);
        if (gapTicks.Count == 0)
            return new PurchaseGapSummary(0, null);
        var gaps = gapTicks.ToArray();
        return MedianOf(gaps, gaps.Length);
    }

    /// <summary>
    /// <see cref="MedianOf(IReadOnlyCollection{long})"/> of the first <paramref name="count"/> gaps of
    /// <paramref name="gapTicks"/>, which it reorders: the middle values are selected in linear time, not sorted for.
    /// </summary>
    public static PurchaseGapSummary MedianOf(long[] gapTicks, int count)
    {
        ArgumentNullException.ThrowIfNull(gapTicks);
        if (count == 0)
            return new PurchaseGapSummary(0, null);
        var gaps = gapTicks.AsSpan(0, count);
        var high = Select(gaps, count / 2);
        // Everything left of the selected rank is at most it, so the lower middle is the largest of that part.
        var low = count % 2 == 1 ? high : Max(gaps[..(count / 2)]);
        var middle = ((double)low + high) / 2;
        return new PurchaseGapSummary(count, middle / TimeSpan.TicksPerDay);
    }

    /// <summary>The value of rank <paramref name="rank"/> (0-based) in <paramref name="values"/>, which are partitioned around it.</summary>
    private static long Select(Span<long> values, int rank)
    {
        var left = 0;
        var right = values.Length - 1;
        var random = new Random(16);
        while (left < right)
        {
            // Three-way partition around a random pivot: equal runs (many gaps of the same length) cost nothing extra.
            var pivot = values[random.Next(left, right + 1)];
            int lt = left, i = left, gt = right;
            while (i <= gt)
            {
                var v = values[i];
                if (v < pivot)
                {
                    values[i++] = values[lt];
                    values[lt++] = v;
                }
                else if (v > pivot)
                {
                    values[i] = values[gt];
                    values[gt--] = v;
                }
                else
                    i++;
            }
            if (rank < lt)
                right = lt - 1;
            else if (rank > gt)
                left = gt + 1;
            else
                return pivot;
        }
        return values[rank];
    }

    private static long Max(ReadOnlySpan<long> values)
    {
        var max = long.MinValue;
        foreach (var v in values)
            if (v > max)
                max = v;
        return max;
    }
}
