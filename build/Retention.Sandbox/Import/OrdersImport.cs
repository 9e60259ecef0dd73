using Retention.Core.Store;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Import;

/// <summary>
/// Turns a parsed orders export into a store: the orders as given, one customer per distinct customer id. A refund or
/// credit row becomes what nopCommerce keeps for a refunded order (cancelled, payment refunded, its amount as both the
/// total and the refunded amount, never paid), so no figure and no loyalty replay counts it as a purchase.
/// </summary>
public static class OrdersImport
{
    public static StoreContent ToStore(IReadOnlyList<CsvOrder> orders)
    {
        var content = new StoreContent();
        foreach (var o in orders.OrderBy(o => o.CreatedUtc).ThenBy(o => o.OrderId))
        {
            var paid = o.Status is OrderState.Processing or OrderState.Complete;
            // A credit note's total is negative in the export; nopCommerce's totals are amounts, with the sign in the status.
            var amount = Math.Abs(o.Total);
            content.Orders.Add(new OrderFact
            {
                Id = o.OrderId,
                OrderGuid = new Guid(o.OrderId, 0, 0, new byte[8]),
                StoreId = o.StoreId,
                CustomerId = o.CustomerId,
                CreatedOnUtc = o.CreatedUtc,
                PaidDateUtc = paid ? o.CreatedUtc : null,
                OrderStatusId = (int)o.Status,
                PaymentStatusId = (int)(paid ? PaymentState.Paid
                    : o.Refund ? PaymentState.Refunded
                    : o.Status == OrderState.Cancelled ? PaymentState.Voided : PaymentState.Pending),
                OrderSubtotalExclTax = amount,
                OrderTotal = amount,
                RefundedAmount = o.Refund ? amount : 0,
            });
        }
        // An export has no customer records: each customer is known from their orders only (no email, no name).
        foreach (var group in orders.GroupBy(o => o.CustomerId).OrderBy(g => g.Key))
        {
            var first = group.MinBy(o => o.CreatedUtc)!;
            content.Customers.Add(new CustomerFact
            {
                Id = group.Key,
                CustomerGuid = new Guid(group.Key, 1, 0, new byte[8]),
                RegisteredInStoreId = first.StoreId,
                Active = true,
                CreatedOnUtc = first.CreatedUtc,
                LastActivityDateUtc = group.Max(o => o.CreatedUtc),
            });
        }
        return content;
    }
}
