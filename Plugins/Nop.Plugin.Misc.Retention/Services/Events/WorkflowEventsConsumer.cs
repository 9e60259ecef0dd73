using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Core.Events;
using Nop.Data;
using Nop.Services.Events;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services.Events;

/// <summary>
/// nopCommerce's events into the workflows, each in its own store: an order placed (recorded here, taken by the
/// workflow task: exits, attribution, coupon redemptions, order-based workflows), an order delivered (every shipment
/// delivered, or completed without shipping), a registration and a newsletter subscription (welcome), a tier change; a
/// newsletter unsubscribe closes the customer's
/// marketing enrollments in that store, a deleted customer every enrollment. Everything behind these calls is keyed, so a
/// replayed event changes nothing.
/// </summary>
public class WorkflowEventsConsumer :
    IConsumer<OrderPlacedEvent>,
    IConsumer<ShipmentDeliveredEvent>,
    IConsumer<OrderStatusChangedEvent>,
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<EmailSubscribedEvent>,
    IConsumer<EmailUnsubscribedEvent>,
    IConsumer<RetentionTierChangedEvent>,
    IConsumer<EntityDeletedEvent<Customer>>
{
    /// <summary>Why a deleted customer's enrollments were closed.</summary>
    public const string CustomerDeletedExitReason = "customer deleted";

    private readonly WorkflowProgram _program;
    private readonly PendingOrders _pendingOrders;
    private readonly IWorkflowSettingsStore _settings;
    private readonly IEnrollmentStore _enrollments;
    private readonly IRepository<Order> _orders;
    private readonly IRepository<Customer> _customers;
    private readonly IStoreContext _storeContext;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public WorkflowEventsConsumer(WorkflowProgram program, PendingOrders pendingOrders, IWorkflowSettingsStore settings, IEnrollmentStore enrollments,
        IRepository<Order> orders, IRepository<Customer> customers, IStoreContext storeContext, IQueryRunner runner, IClock clock)
    {
        _program = program;
        _pendingOrders = pendingOrders;
        _settings = settings;
        _enrollments = enrollments;
        _orders = orders;
        _customers = customers;
        _storeContext = storeContext;
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
        await _program.OrderDeliveredAsync(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, shipment.DeliveryDateUtc ?? _clock.UtcNow);
    }

    /// <summary>An order that ships nothing (downloads, services) is "delivered" when it completes.</summary>
    public Task HandleEventAsync(OrderStatusChangedEvent eventMessage)
    {
        if (eventMessage?.Order is not { } order || order.OrderStatusId != (int)OrderStatus.Complete || eventMessage.PreviousOrderStatus == OrderStatus.Complete
            || order.ShippingStatusId != (int)ShippingStatus.ShippingNotRequired)
            return Task.CompletedTask;
        return _program.OrderDeliveredAsync(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, _clock.UtcNow);
    }

    public async Task HandleEventAsync(CustomerRegisteredEvent eventMessage)
    {
        if (eventMessage?.Customer is not { } customer)
            return;
        var storeId = customer.RegisteredInStoreId > 0 ? customer.RegisteredInStoreId : (await _storeContext.GetCurrentStoreAsync()).Id;
        await _program.CustomerRegisteredAsync(new StoreId(storeId), new CustomerId(customer.Id), _clock.UtcNow);
    }

    /// <summary>Newsletter subscriptions are kept by email; a subscriber without a customer account has nothing to enroll.</summary>
    public async Task HandleEventAsync(EmailSubscribedEvent eventMessage)
    {
        if (eventMessage?.Subscription is not { } subscription || await CustomerByEmailAsync(subscription.Email) is not { } customerId)
            return;
        await _program.NewsletterSubscribedAsync(new StoreId(subscription.StoreId), customerId, _clock.UtcNow);
    }

    /// <summary>Unsubscribed through nopCommerce (account page, its own link, an admin): marketing stops now, not when the next step falls due.</summary>
    public async Task HandleEventAsync(EmailUnsubscribedEvent eventMessage)
    {
        if (eventMessage?.Subscription is not { } subscription || await CustomerByEmailAsync(subscription.Email) is not { } customerId)
            return;
        var store = new StoreId(subscription.StoreId);
        var settings = await _settings.LoadAsync(store);
        await ExitAsync(store, customerId, enrollment => settings.For(enrollment.Workflow).IsMarketing, WorkflowProgram.UnsubscribedExitReason);
    }

    public Task HandleEventAsync(RetentionTierChangedEvent eventMessage) =>
        eventMessage?.Change is { } change ? _program.TierChangedAsync(change) : Task.CompletedTask;

    public async Task HandleEventAsync(EntityDeletedEvent<Customer> eventMessage)
    {
        if (eventMessage?.Entity is not { } customer)
            return;
        foreach (var store in await _settings.StoresAsync())
            await ExitAsync(store, new CustomerId(customer.Id), _ => true, CustomerDeletedExitReason);
    }

    private async Task ExitAsync(StoreId store, CustomerId customer, Func<Enrollment, bool> applies, string reason)
    {
        var now = _clock.UtcNow;
        foreach (var enrollment in await _enrollments.ActiveForCustomerAsync(store, customer))
            if (applies(enrollment))
                await _enrollments.TryAdvanceAsync(new EnrollmentTransition(enrollment.Id, enrollment.NextStep, enrollment.NextStep, null,
                    EnrollmentState.Exited, reason, now));
    }

    private async Task<CustomerId?> CustomerByEmailAsync(string email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return null;
        var address = email.Trim();
        var id = await _runner.FirstOrDefaultAsync(_customers.Table.Where(c => c.Email == address && !c.Deleted).OrderBy(c => c.Id).Select(c => (int?)c.Id));
        return id is { } value ? new CustomerId(value) : null;
    }
}
