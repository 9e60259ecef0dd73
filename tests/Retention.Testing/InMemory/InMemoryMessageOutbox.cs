using Retention.Core.Common;
using Retention.Core.Messaging;

namespace Retention.Testing.InMemory;

/// <summary>An outbox in a list, so tests can read what would have been sent.</summary>
public sealed class InMemoryMessageOutbox : IMessageOutbox
{
    private readonly object _sync = new();
    private readonly Dictionary<string, OutboundMessage> _byKey = new(StringComparer.Ordinal);

    public IReadOnlyList<OutboundMessage> Messages
    {
        get { lock (_sync) return _byKey.Values.ToList(); }
    }

    public Task<bool> TryEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        BeforeEnqueue?.Invoke(message);
        lock (_sync)
            return Task.FromResult(EnqueueLocked(message));
    }

    /// <summary>Called before each enqueue, so a test can fail a chosen email (a crash, a full mail queue).</summary>
    public Action<OutboundMessage>? BeforeEnqueue { get; set; }

    /// <summary>The lock every outbox method takes; <see cref="InMemoryWorkflowStepWriter"/> holds it over a whole commit.</summary>
    internal object Sync => _sync;

    /// <summary>Queues once by key; the caller holds <see cref="Sync"/>.</summary>
    internal bool EnqueueLocked(OutboundMessage message) => _byKey.TryAdd(message.Key.Value, message);

    public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_byKey.Values.Count(m =>
                m.Store == store && m.Customer == customer && m.CreatedUtc >= sinceUtc && (!marketingOnly || m.IsMarketing)));
    }

    public Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var wanted = customers.ToHashSet();
        lock (_sync)
            return Task.FromResult<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>>(_byKey.Values
                .Where(m => m.Store == store && wanted.Contains(m.Customer) && m.CreatedUtc >= sinceUtc && (!marketingOnly || m.IsMarketing))
                .GroupBy(m => m.Customer)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<DateTime>)g.Select(m => m.CreatedUtc).Order().ToList()));
    }
}
