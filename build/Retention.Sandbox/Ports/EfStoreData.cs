using Microsoft.EntityFrameworkCore;
using Retention.Core.Store;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>The simulated store's tables as Core's read models; EF Core turns Core's LINQ into SQL.</summary>
public sealed class EfStoreData(SandboxDbContext db) : IStoreData
{
    public IQueryable<OrderFact> Orders => db.Orders.AsNoTracking();
    public IQueryable<OrderLineFact> OrderLines => db.OrderLines.AsNoTracking();
    public IQueryable<CustomerFact> Customers => db.Customers.AsNoTracking();
    public IQueryable<CartItemFact> CartItems => db.CartItems.AsNoTracking();
    public IQueryable<ProductReviewFact> ProductReviews => db.ProductReviews.AsNoTracking();
}

/// <summary>Runs Core's queries with EF Core's async operators.</summary>
public sealed class EfQueryRunner : IQueryRunner, IQueryStreamer
{
    // The consumer's WithCancellation carries the token into the enumeration.
    public IAsyncEnumerable<T> StreamAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        EntityFrameworkQueryableExtensions.AsAsyncEnumerable(query);


    public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        EntityFrameworkQueryableExtensions.ToListAsync(query, cancellationToken);

    public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
        EntityFrameworkQueryableExtensions.CountAsync(query, cancellationToken);
}
