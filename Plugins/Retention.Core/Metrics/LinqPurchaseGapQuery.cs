using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// The portable <see cref="IPurchaseGapQuery"/>: LINQ over <see cref="IStoreData"/> that EF Core and linq2db both
/// translate (a correlated "next order" subquery and a selection search over the gaps, see
/// <see cref="PurchaseGapMedian"/>). Use it where the host has no window-function implementation; it is slower
/// (several scans of the orders), and exact all the same.
/// </summary>
public sealed class LinqPurchaseGapQuery : IPurchaseGapQuery
{
    private readonly IStoreData _data;
    private readonly IQueryRunner _runner;
    private readonly int _fetchLimit;

    /// <param name="data">The store's facts.</param>
    /// <param name="runner">Executes the queries with the host's provider.</param>
    /// <param name="fetchLimit">Most gaps brought into memory for the search's last step.</param>
    public LinqPurchaseGapQuery(IStoreData data, IQueryRunner runner, int fetchLimit = PurchaseGapMedian.DefaultFetchLimit)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        if (fetchLimit < 1)
            throw new ArgumentOutOfRangeException(nameof(fetchLimit), fetchLimit, "At least one gap must be fetchable.");
        _fetchLimit = fetchLimit;
    }

    /// <inheritdoc/>
    public async Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var counted = scope.Apply(_data.Orders);
        var earliest = (await _runner.ToListAsync(counted.GroupBy(o => 1).Select(g => g.Min(o => o.CreatedOnUtc)), cancellationToken))
            .Cast<DateTime?>().SingleOrDefault();
        return earliest is null
            ? new PurchaseGapSummary(0, null)
            : await SummarizeAsync(counted, scope.AsOfUtc - earliest.Value, cancellationToken);
    }

    /// <summary>The calculator's path: it already knows the earliest counted order, so no query is spent on it.</summary>
    internal async Task<PurchaseGapSummary> SummarizeAsync(IQueryable<OrderFact> counted, TimeSpan longestPossibleGap, CancellationToken cancellationToken)
    {
        var result = await new PurchaseGapMedian(counted, _runner, _fetchLimit).FindAsync(longestPossibleGap, cancellationToken);
        return new PurchaseGapSummary(result.Gaps, result.MedianDays);
    }
}
