namespace Retention.Core.Metrics;

/// <summary>The gaps between consecutive counted orders of the same customer: how many, and their median.</summary>
/// <param name="Gaps">Pairs of consecutive counted orders of the same customer (counted orders − customers).</param>
/// <param name="MedianDays">The median gap in fractional days (the mean of the two middle gaps when their number is
/// even); <c>null</c> when there is no gap.</param>
public readonly record struct PurchaseGapSummary(int Gaps, double? MedianDays);

/// <summary>
/// Port: the median time between purchases, computed by the host with its database's own means. A window function
/// (<c>LAG(created) OVER (PARTITION BY customer ORDER BY created, id)</c>) finds every gap in one sorted pass, but
/// LINQ has no window function that EF Core and linq2db both translate, so each host implements this port with its
/// provider's SQL; <see cref="LinqPurchaseGapQuery"/> is the portable fallback that any <see cref="Store.IQueryRunner"/>
/// can run, <see cref="InMemoryPurchaseGapQuery"/> the one for rows already in memory.
/// </summary>
/// <remarks>
/// An implementation must count exactly the orders of <see cref="CountedOrders"/> (status ≠
/// <see cref="CountedOrders.CancelledStatusId"/>, created before <see cref="CountedOrders.AsOfUtc"/>, in
/// <see cref="CountedOrders.StoreId"/> when given), order each customer's orders by (created, order id) so two orders
/// at the same instant make one gap of 0, and measure gaps to the millisecond or better. Hosts: the sandbox's
/// <c>EfPurchaseGapQuery</c> (SQLite and PostgreSQL); under nopCommerce, the plugin's <c>NopPurchaseGapQuery</c>
/// (linq2db's <c>Sql.Ext.Lead</c> pairing fed to <see cref="LinqPurchaseGapQuery"/>'s search).
/// </remarks>
public interface IPurchaseGapQuery
{
    /// <summary>The number and median of the gaps between consecutive counted orders of <paramref name="scope"/>.</summary>
    Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default);
}
