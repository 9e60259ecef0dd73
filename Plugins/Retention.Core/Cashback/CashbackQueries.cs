using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Retention.Core.Cashback;

/// <summary>
/// The cashback's queries over <see cref="IStoreData"/>, public so each host's contract suite runs exactly these shapes.
/// An order counts as the tiers count it (<see cref="LoyaltyQueries.CountedOrders(IStoreData,int,int,DateTime)"/>): paid,
/// not cancelled, not refunded or voided, worth its total less what was refunded; it belongs to the period its payment
/// falls in. Money is summed in memory, one batch of customers at a time.
/// </summary>
public static class CashbackQueries
{
    /// <summary>Customers (ascending id after <paramref name="afterCustomerId"/>) with a counted order paid in [from, to).</summary>
    public static IQueryable<int> CustomersWithOrders(IStoreData store, int storeId, DateTime fromUtc, DateTime toUtc, int afterCustomerId, int take) =>
        Counted(store, storeId, fromUtc, toUtc)
            .Where(o => o.CustomerId > afterCustomerId)
            .Select(o => o.CustomerId)
            .Distinct()
            .OrderBy(id => id)
            .Take(take);

    /// <summary>The counted orders paid in [from, to) of the customers named, each with its customer.</summary>
    public static IQueryable<CustomerCountedOrder> OrdersOf(IStoreData store, int storeId, IReadOnlyCollection<int> customerIds, DateTime fromUtc, DateTime toUtc) =>
        Counted(store, storeId, fromUtc, toUtc)
            .Where(o => customerIds.Contains(o.CustomerId))
            .Select(o => new CustomerCountedOrder { CustomerId = o.CustomerId, PaidUtc = o.PaidDateUtc!.Value, Amount = o.OrderTotal - o.RefundedAmount });

    /// <summary>Of the customers named, those the store erased (deleted with a blank address).</summary>
    public static IQueryable<int> Erased(IStoreData store, IReadOnlyCollection<int> customerIds) =>
        store.Customers.Where(c => customerIds.Contains(c.Id) && c.Deleted && (c.Email == null || c.Email == "")).Select(c => c.Id);

    private static IQueryable<OrderFact> Counted(IStoreData store, int storeId, DateTime fromUtc, DateTime toUtc) =>
        store.Orders.Where(o => o.StoreId == storeId && o.PaidDateUtc != null && o.PaidDateUtc >= fromUtc && o.PaidDateUtc < toUtc
                                && o.OrderStatusId != (int)OrderState.Cancelled
                                && o.PaymentStatusId != (int)PaymentState.Refunded && o.PaymentStatusId != (int)PaymentState.Voided);
}
