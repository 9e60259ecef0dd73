using Retention.Core.Common;

namespace Retention.Core.Messaging;

/// <summary>An email the engine wants sent: a template plus its token values, to one customer.</summary>
public sealed record OutboundMessage
{
    public required IdempotencyKey Key { get; init; }
    public required StoreId Store { get; init; }
    public required CustomerId Customer { get; init; }
    public required string ToEmail { get; init; }
    public string? ToName { get; init; }
    /// <summary>The message template's system name, e.g. <c>Retention.AbandonedCart.Step1</c>.</summary>
    public required string TemplateName { get; init; }
    /// <summary>Values for the template's <c>%Retention.*%</c> tokens.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; init; } = new Dictionary<string, string>();
    /// <summary>Marketing messages obey consent and frequency caps; transactional ones do not.</summary>
    public required bool IsMarketing { get; init; }
    public required DateTime CreatedUtc { get; init; }
    /// <summary>Do not deliver before this instant (quiet hours), or null for now.</summary>
    public DateTime? NotBeforeUtc { get; init; }
}

/// <summary>Where emails are queued: nopCommerce's queued-email pipeline, or the sandbox's visible outbox.</summary>
public interface IMessageOutbox
{
    /// <summary>Queues <paramref name="message"/> once: false, and nothing queued, when its key was seen before.</summary>
    Task<bool> TryEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>Messages queued for a customer in a store since <paramref name="sinceUtc"/>, for frequency caps.</summary>
    Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default);

    /// <summary>
    /// When each message to <paramref name="customers"/> in the store was queued since <paramref name="sinceUtc"/> (customers
    /// with none are missing), counted as <see cref="CountSentSinceAsync"/> counts: a run reads a due batch's weekly caps — and
    /// when a slot frees up — from one query.
    /// </summary>
    Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default);
}
