using System.Text.Json.Serialization;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Store;

namespace Retention.Sandbox.Web;

/// <summary>The admin page's headline figures, as served by <c>/api/admin/summary</c>.</summary>
public sealed record StoreSummary
{
    public required int Customers { get; init; }
    /// <summary>Orders that were not cancelled.</summary>
    public required int Orders { get; init; }
    /// <summary>Order totals less refunds, over orders that were not cancelled, in the primary currency.</summary>
    public required decimal Revenue { get; init; }
    /// <summary>Customers with at least one item in their cart.</summary>
    public required int OpenCarts { get; init; }
    /// <summary>Open carts idle for longer than the store's abandoned-cart delay.</summary>
    public required int AbandonedCarts { get; init; }
    public required DateTime AsOfUtc { get; init; }

    [JsonIgnore]
    public decimal AverageOrderValue => Orders == 0 ? 0 : Math.Round(Revenue / Orders, 2);
}

/// <summary>Computes <see cref="StoreSummary"/> in the database through Core's store-data ports.</summary>
public sealed class StoreSummaryQuery(IStoreData store, IQueryRunner runner, IOptionsStore options, IClock clock)
{
    public async Task<StoreSummary> RunAsync(StoreId storeId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var settings = await options.LoadAsync(storeId, cancellationToken);
        var idleSince = now.AddMinutes(-settings.AbandonedCartDelayMinutes);
        var counted = store.Orders.Where(o => o.StoreId == storeId.Value && o.OrderStatusId != (int)OrderState.Cancelled);
        var carts = store.CartItems.Where(c => c.StoreId == storeId.Value).GroupBy(c => c.CustomerId);

        var revenue = await runner.ToListAsync(counted.GroupBy(o => o.StoreId).Select(g => g.Sum(o => o.OrderTotal - o.RefundedAmount)), cancellationToken);
        return new StoreSummary
        {
            Customers = await runner.CountAsync(store.Customers.Where(c => !c.Deleted), cancellationToken),
            Orders = await runner.CountAsync(counted, cancellationToken),
            Revenue = revenue.SingleOrDefault(),
            OpenCarts = await runner.CountAsync(carts.Select(g => g.Key), cancellationToken),
            AbandonedCarts = await runner.CountAsync(carts.Where(g => g.Max(c => c.UpdatedOnUtc) < idleSince).Select(g => g.Key), cancellationToken),
            AsOfUtc = now,
        };
    }
}
