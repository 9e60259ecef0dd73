using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Loyalty;

namespace Retention.Core.Workflows;

// The triggers: store events and scheduled scans that enroll customers, exits on purchase, and attribution.
public sealed partial class WorkflowProgram
{
    /// <summary>
    /// An order was placed: exit enrollments whose goal was a purchase, attribute the order to the last step that reached
    /// the customer (click or send within the attribution window), count coupon redemptions, and enroll the order-based
    /// workflows (NPS after the Nth order, cross-sell, replenishment).
    /// </summary>
    public Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The order's shipment was delivered (or the order completed where shipping is not tracked): review request and CSAT.</summary>
    public Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A customer registered: the welcome series.</summary>
    public Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A customer subscribed to the newsletter: the welcome series (once per customer, whichever came first).</summary>
    public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A tier changed: the congratulation when it went up.</summary>
    public Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The store's median time between purchases and the win-back thresholds it yields with the current settings.</summary>
    public Task<DormancyDefaults> DormancyDefaultsAsync(StoreId store, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// The scans of one store, each bounded and index-backed: abandoned carts (idle past the store's delay, not enrolled
    /// since), dormant customers, today's birthdays (store time zone), points expiring soon. Returns how many it enrolled.
    /// </summary>
    internal Task<int> ScanStoreAsync(StoreId store, WorkflowProgramSettings settings, RetentionOptions options, int batchSize,
        CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
