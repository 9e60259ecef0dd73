using Retention.Core.Store;

namespace Retention.Sandbox.Cli;

/// <summary>
/// An orders export as Core's <see cref="IStoreData"/> over LINQ-to-objects, so <c>retention metrics</c> runs the very
/// LINQ queries the dashboard runs as SQL (one definition of every figure), without a database load. Only orders are
/// present; the other facts are empty.
/// </summary>
internal sealed class OrderRowsStore : IStoreData
{
    public OrderRowsStore(OrderRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var orders = new OrderFact[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            orders[i] = new OrderFact
            {
                Id = i + 1, // the row's position, as OrderRows.OrderIds gives it
                CustomerId = rows.CustomerIds[i],
                CreatedOnUtc = rows.Created[i],
                OrderTotal = rows.Totals[i],
                OrderStatusId = (int)rows.Statuses[i],
                StoreId = rows.StoreIds[i],
            };
        OrderList = orders;
    }

    /// <summary>The orders, in file order.</summary>
    public IReadOnlyList<OrderFact> OrderList { get; }

    public IQueryable<OrderFact> Orders => OrderList.AsQueryable();
    public IQueryable<OrderLineFact> OrderLines => Enumerable.Empty<OrderLineFact>().AsQueryable();
    public IQueryable<CustomerFact> Customers => Enumerable.Empty<CustomerFact>().AsQueryable();
    public IQueryable<CartItemFact> CartItems => Enumerable.Empty<CartItemFact>().AsQueryable();
    public IQueryable<ProductReviewFact> ProductReviews => Enumerable.Empty<ProductReviewFact>().AsQueryable();
}

/// <summary>Runs LINQ-to-objects queries (synchronously: there is nothing to wait for), timing each when asked.</summary>
internal sealed class InMemoryQueryRunner(TextWriter? timing) : IQueryRunner
{
    public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = query.ToList();
        timing?.WriteLine($"retention: timing: query of {result.Count} row(s) ({typeof(T).Name}) in {clock.Elapsed.TotalSeconds:0.00} s");
        return Task.FromResult(result);
    }

    public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => Task.FromResult(query.Count());
}
