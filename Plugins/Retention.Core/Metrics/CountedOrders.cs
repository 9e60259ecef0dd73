using Retention.Core.Store;

namespace Retention.Core.Metrics;

/// <summary>
/// Which orders count for the metrics and analytics: not cancelled, placed before <see cref="AsOfUtc"/>, and (when
/// given) in one store. The one definition every query path applies — Core's LINQ through <see cref="Apply"/>, a
/// host's own SQL (see <see cref="IPurchaseGapQuery"/>) by the same three conditions.
/// </summary>
/// <param name="AsOfUtc">The exclusive upper bound, in UTC.</param>
/// <param name="StoreId">Only this store's orders; <c>null</c> for all stores.</param>
public sealed record CountedOrders(DateTime AsOfUtc, int? StoreId)
{
    /// <summary>The status a counted order must not have (nopCommerce's "Cancelled", 40).</summary>
    public const int CancelledStatusId = (int)OrderState.Cancelled;

    /// <summary>The scope of <paramref name="request"/>.</summary>
    public static CountedOrders Of(StoreMetricsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CountedOrders(request.AsOfUtc, request.Store?.Value);
    }

    /// <summary>The counted orders among <paramref name="orders"/>, as a query the provider translates.</summary>
    public IQueryable<OrderFact> Apply(IQueryable<OrderFact> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var asOf = AsOfUtc;
        var counted = orders.Where(o => o.OrderStatusId != CancelledStatusId && o.CreatedOnUtc < asOf);
        if (StoreId is { } store)
            counted = counted.Where(o => o.StoreId == store);
        return counted;
    }

    /// <summary>Whether one order counts (the same test as <see cref="Apply"/>, for rows already in memory).</summary>
    public bool Includes(OrderFact order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Includes(order.OrderStatusId, order.CreatedOnUtc, order.StoreId);
    }

    /// <summary>Whether an order with these facts counts (the test of <see cref="Includes(OrderFact)"/>, for rows held column by column).</summary>
    public bool Includes(int statusId, DateTime createdOnUtc, int storeId) =>
        statusId != CancelledStatusId && createdOnUtc < AsOfUtc && (StoreId is not { } store || storeId == store);
}
