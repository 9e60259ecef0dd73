using Retention.Core.Store;

namespace Retention.Testing.InMemory;

/// <summary>Store facts held in lists; LINQ-to-objects stands in for the database.</summary>
public sealed class InMemoryStoreData : IStoreData
{
    public List<OrderFact> OrderList { get; } = new();
    public List<OrderLineFact> OrderLineList { get; } = new();
    public List<CustomerFact> CustomerList { get; } = new();
    public List<CartItemFact> CartItemList { get; } = new();
    public List<ProductReviewFact> ProductReviewList { get; } = new();

    public IQueryable<OrderFact> Orders => OrderList.AsQueryable();
    public IQueryable<OrderLineFact> OrderLines => OrderLineList.AsQueryable();
    public IQueryable<CustomerFact> Customers => CustomerList.AsQueryable();
    public IQueryable<CartItemFact> CartItems => CartItemList.AsQueryable();
    public IQueryable<ProductReviewFact> ProductReviews => ProductReviewList.AsQueryable();
}

/// <summary>Runs queries synchronously, as LINQ-to-objects has no async operators.</summary>
public sealed class InMemoryQueryRunner : IQueryRunner
{
    public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        Task.FromResult(query.ToList());

    public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        Task.FromResult(query.Count());
}
