using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// One counted order with the date of the same customer's next counted order (<c>null</c> for the customer's last):
/// the row the median search counts and fetches. A host that can pair orders with a window function
/// (<c>LEAD(created) OVER (PARTITION BY customer ORDER BY created, id)</c>) builds these rows itself and hands them to
/// <see cref="LinqPurchaseGapQuery"/>; without one, a correlated subquery builds them portably.
/// </summary>
public sealed class PurchaseGapRow
{
    public int OrderId { get; set; }
    public DateTime Created { get; set; }
    public DateTime? Next { get; set; }
}

/// <summary>
/// The <see cref="IPurchaseGapQuery"/> over <see cref="IStoreData"/>: a selection search over the gaps (see
/// <see cref="PurchaseGapMedian"/>) that any <see cref="IQueryRunner"/> can run. The rows it searches pair each counted
/// order with its successor, by default through a correlated subquery that EF Core and linq2db both translate (several
/// scans of the orders, exact all the same); a host with a window function passes its own pairing instead, which
/// turns each scan into one sorted pass.
/// </summary>
public sealed class LinqPurchaseGapQuery : IPurchaseGapQuery
{
    private readonly IStoreData _data;
    private readonly IQueryRunner _runner;
    private readonly Func<IQueryable<OrderFact>, IQueryable<PurchaseGapRow>> _successors;
    private readonly int _fetchLimit;

    /// <param name="data">The store's facts.</param>
    /// <param name="runner">Executes the queries with the host's provider.</param>
    /// <param name="fetchLimit">Most gaps brought into memory for the search's last step.</param>
    public LinqPurchaseGapQuery(IStoreData data, IQueryRunner runner, int fetchLimit = PurchaseGapMedian.DefaultFetchLimit)
        : this(data, runner, PurchaseGapMedian.CorrelatedSuccessors, fetchLimit)
    {
    }

    /// <param name="data">The store's facts.</param>
    /// <param name="runner">Executes the queries with the host's provider.</param>
    /// <param name="successors">Pairs the counted orders it is given with each customer's next counted order
    /// (ties on the same instant broken by order id, so two orders placed at once make one gap of 0); every counted
    /// order must appear once, the last of each customer with a <c>null</c> <see cref="PurchaseGapRow.Next"/>.</param>
    /// <param name="fetchLimit">Most gaps brought into memory for the search's last step.</param>
    public LinqPurchaseGapQuery(IStoreData data, IQueryRunner runner, Func<IQueryable<OrderFact>, IQueryable<PurchaseGapRow>> successors,
        int fetchLimit = PurchaseGapMedian.DefaultFetchLimit)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _successors = successors ?? throw new ArgumentNullException(nameof(successors));
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
        var result = await new PurchaseGapMedian(_successors(counted), _runner, _fetchLimit).FindAsync(longestPossibleGap, cancellationToken);
        return new PurchaseGapSummary(result.Gaps, result.MedianDays);
    }
}
