using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;

namespace Retention.Testing.InMemory;

/// <summary>
/// An <see cref="IWorkflowTriggers"/> that only writes down what the door asked of the workflows, in order (a name and
/// the customer), and can run a check at each call (what loyalty had written by then, say).
/// </summary>
public sealed class RecordingWorkflowTriggers : IWorkflowTriggers
{
    private readonly object _sync = new();
    private readonly List<(string Name, int Customer)> _calls = new();
    private readonly List<TierChanged> _tierChanges = new();

    /// <summary>Runs at every call, before it is recorded: the call's name and customer.</summary>
    public Func<string, int, Task>? OnCall { get; set; }

    public IReadOnlyList<(string Name, int Customer)> Calls
    {
        get { lock (_sync) return _calls.ToList(); }
    }

    public IReadOnlyList<TierChanged> TierChanges
    {
        get { lock (_sync) return _tierChanges.ToList(); }
    }

    public Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default) => RecordAsync(nameof(OrderPlacedAsync), order.Order.CustomerId);

    public Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(OrderDeliveredAsync), customer.Value);

    public Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(CustomerRegisteredAsync), customer.Value);

    public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(NewsletterSubscribedAsync), customer.Value);

    public Task NewsletterUnsubscribedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(NewsletterUnsubscribedAsync), customer.Value);

    public Task CustomerDeletedAsync(CustomerId customer, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(CustomerDeletedAsync), customer.Value);

    public async Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        await RecordAsync(nameof(TierChangedAsync), change.Customer.Value);
        lock (_sync) _tierChanges.Add(change);
    }

    public Task CashbackPaidAsync(Retention.Core.Cashback.CashbackPaid paid, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(CashbackPaidAsync) + ":" + paid.Period.Label, paid.Customer.Value);

    public Task MembershipReminderAsync(Retention.Core.Membership.MembershipReminder reminder, CancellationToken cancellationToken = default) =>
        RecordAsync(nameof(MembershipReminderAsync) + ":" + reminder.Subject, reminder.Customer.Value);

    private async Task RecordAsync(string name, int customer)
    {
        if (OnCall is { } check)
            await check(name, customer);
        lock (_sync) _calls.Add((name, customer));
    }
}
