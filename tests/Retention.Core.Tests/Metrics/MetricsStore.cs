using Retention.Core.Metrics;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Metrics;

/// <summary>An in-memory store holding a seed, and the metrics over it.</summary>
internal static class MetricsStore
{
    public static StoreDataHandle From(StoreSeed seed)
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(seed.Customers);
        data.OrderList.AddRange(seed.Orders);
        data.OrderLineList.AddRange(seed.OrderLines);
        data.CartItemList.AddRange(seed.CartItems);
        data.ProductReviewList.AddRange(seed.ProductReviews);
        return new StoreDataHandle(data, new InMemoryQueryRunner());
    }

    public static Task<StoreMetrics> MetricsAsync(this OrderHistory history, StoreMetricsRequest request, int gapFetchLimit = 50_000)
    {
        var store = From(history.ToSeed());
        return new StoreMetricsCalculator(store.Data, store.Runner, gapFetchLimit).CalculateAsync(request);
    }
}
