using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Core.Events;
using Nop.Data;
using Nop.Services.Events;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// nopCommerce's events for the workflows into Core's door (<see cref="StoreEvents"/>), each in its own store: an order
/// placed (recorded here, taken through the door by the workflow task: exits, attribution, coupon redemptions,
/// order-based workflows), an order delivered (every shipment delivered, or completed without shipping), a newsletter
/// subscription (welcome) and unsubscribe (marketing enrollments close), a deleted customer (every enrollment closes).
/// A registration enters through <see cref="CustomerLoyaltyConsumer"/>, and a tier change never leaves Core (the door
/// hands loyalty's change to the tier-up step). Everything behind these calls is keyed, so a replayed event changes nothing.
/// </summary>
public class WorkflowEventsConsumer :
    IConsumer<OrderPlacedEvent>,
    IConsumer<ShipmentDeliveredEvent>,
    IConsumer<OrderStatusChangedEvent>,
    IConsumer<EmailSubscribedEvent>,
    IConsumer<EmailUnsubscribedEvent>,
    IConsumer<EntityDeletedEvent<Customer>>
{
    /// <summary>Why a deleted customer's enrollments were closed.</summary>
    public const string CustomerDeletedExitReason = WorkflowTriggers.CustomerDeletedExitReason;

    private readonly StoreEvents _events;
    private readonly PendingOrders _pendingOrders;
    private readonly IRepository<Order> _orders;
    private readonly IRepository<Customer> _customers;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public WorkflowEventsConsumer(StoreEvents events, PendingOrders pendingOrders, IRepository<Order> orders, IRepository<Customer> customers,
        IQueryRunner runner, IClock clock)
    {
        _events = events;
        _pendingOrders = pendingOrders;
        _orders = orders;
        _customers = customers;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>
    /// Only records the order: checkout does not wait for the workflows. The workflow task hands it to them on its next
    /// run, before any due step (<see cref="PendingOrders"/>).
    /// </summary>
    public Task HandleEventAsync(OrderPlacedEvent eventMessage) =>
        eventMessage?.Order is { Id: > 0 } order ? _pendingOrders.RecordAsync(order.Id) : Task.CompletedTask;

    /// <summary>nopCommerce marks the order delivered (all its items delivered) before it publishes the shipment's event.</summary>
    public async Task HandleEventAsync(ShipmentDeliveredEvent eventMessage)
    {
        if (eventMessage?.Shipment is not { } shipment)
            return;
        var orderId = shipment.OrderId;
        var order = await _runner.FirstOrDefaultAsync(_orders.Table.Where(o => o.Id == orderId));
        if (order == null || order.Deleted || order.ShippingStatusId != (int)ShippingStatus.Delivered)
            return;
        await _events.OrderDeliveredAsync(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, shipment.DeliveryDateUtc ?? _clock.UtcNow);
    }

    /// <summary>An order that ships nothing (downloads, services) is "delivered" when it completes.</summary>
    public Task HandleEventAsync(OrderStatusChangedEvent eventMessage)
    {
        if (eventMessage?.Order is not { } order || order.OrderStatusId != (int)OrderStatus.Complete || eventMessage.PreviousOrderStatus == OrderStatus.Complete
            || order.ShippingStatusId != (int)ShippingStatus.ShippingNotRequired)
            return Task.CompletedTask;
        return _events.OrderDeliveredAsync(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, _clock.UtcNow);
    }

    /// <summary>Newsletter subscriptions are kept by email; a subscriber without a customer account has nothing to enroll.</summary>
    public async Task HandleEventAsync(EmailSubscribedEvent eventMessage)
    {
        if (eventMessage?.Subscription is not { } subscription || await CustomerByEmailAsync(subscription.Email) is not { } customerId)
            return;
        await _events.NewsletterSubscribedAsync(new StoreId(subscription.StoreId), customerId, _clock.UtcNow);
    }

    /// <summary>Unsubscribed through nopCommerce (account page, its own link, an admin): marketing stops now, not when the next step falls due.</summary>
    public async Task HandleEventAsync(EmailUnsubscribedEvent eventMessage)
    {
        if (eventMessage?.Subscription is not { } subscription || await CustomerByEmailAsync(subscription.Email) is not { } customerId)
            return;
        await _events.NewsletterUnsubscribedAsync(new StoreId(subscription.StoreId), customerId);
    }

    public Task HandleEventAsync(EntityDeletedEvent<Customer> eventMessage) =>
        eventMessage?.Entity is { } customer ? _events.CustomerDeletedAsync(new CustomerId(customer.Id)) : Task.CompletedTask;

    private async Task<CustomerId?> CustomerByEmailAsync(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return null;
        var address = email.Trim();
        var id = await _runner.FirstOrDefaultAsync(_customers.Table.Where(c => c.Email == address && !c.Deleted).OrderBy(c => c.Id).Select(c => (int?)c.Id));
        return id is { } value ? new CustomerId(value) : null;
    }
}
