namespace Retention.Core.Store;

/// <summary>
/// The store's facts as queryables. Core writes each query once as LINQ over these; the host's query provider
/// turns it into SQL, so aggregates run in the database and no table is ever loaded whole.
/// </summary>
public interface IStoreData
{
    IQueryable<OrderFact> Orders { get; }
    IQueryable<OrderLineFact> OrderLines { get; }
    IQueryable<CustomerFact> Customers { get; }
    /// <summary>Shopping-cart lines only; wishlist lines are not carts.</summary>
    IQueryable<CartItemFact> CartItems { get; }
    IQueryable<ProductReviewFact> ProductReviews { get; }
}

/// <summary>
/// Runs a query built over <see cref="IStoreData"/>. Each ORM has its own async operators (EF Core's,
/// linq2db's), so execution is a port of its own and Core stays free of both.
/// </summary>
public interface IQueryRunner
{
    Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default);

    Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default);
}
