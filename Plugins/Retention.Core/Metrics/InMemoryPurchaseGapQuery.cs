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
        var sorted = gapTicks.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var middle = ((double)sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
        return new PurchaseGapSummary(n, middle / TimeSpan.TicksPerDay);
    }
}
