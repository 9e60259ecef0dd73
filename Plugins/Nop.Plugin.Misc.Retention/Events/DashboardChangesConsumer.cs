using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Services.Events;
using Retention.Core.Common;
using Retention.Core.Events;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// Orders written outside checkout (an admin's new or edited order, an import) and every other update of an order (its
/// status, totals, soft deletion) into the changed-customers feed through Core's door, so the dashboard's hourly
/// refresh re-reads that customer's orders. Checkout, payment, refunds and deletions reach the feed through their own
/// events too; a change listed twice is read once. nopCommerce publishes entity events after its write, outside any
/// transaction of ours.
/// </summary>
public class DashboardChangesConsumer(StoreEvents events) :
    IConsumer<EntityInsertedEvent<Order>>,
    IConsumer<EntityUpdatedEvent<Order>>
{
    public Task HandleEventAsync(EntityInsertedEvent<Order> eventMessage) => ChangedAsync(eventMessage?.Entity);

    public Task HandleEventAsync(EntityUpdatedEvent<Order> eventMessage) => ChangedAsync(eventMessage?.Entity);

    private Task ChangedAsync(Order order) =>
        order == null ? Task.CompletedTask : events.OrderChangedAsync(new StoreId(order.StoreId), new CustomerId(order.CustomerId));
}
