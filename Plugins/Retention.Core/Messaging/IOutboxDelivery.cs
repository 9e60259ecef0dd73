namespace Retention.Core.Messaging;

/// <summary>
/// What a host does with an email beyond its outbox row (Core's <c>Tables.OutboxStore</c> writes the row): the plugin hands
/// it to nopCommerce's templates and queued emails; in the sandbox the row with its tokens is the visible outbox, and
/// nothing more happens (<see cref="NoDelivery"/>).
/// </summary>
public interface IOutboxDelivery
{
    /// <summary>
    /// Why <paramref name="message"/> will not be delivered (the plugin: no active template for it in the store), or null
    /// when it will be: decided before the row is written, and stored with it, so a skipped email counts toward no cap.
    /// </summary>
    Task<string?> SkipReasonAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>Delivers a message that was not skipped, once: called only by the call whose insert wrote its row.</summary>
    Task DeliverAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}

/// <summary>No delivery beyond the row: the sandbox's outbox table is where its emails are read.</summary>
public sealed class NoDelivery : IOutboxDelivery
{
    public static readonly NoDelivery Instance = new();

    public Task<string?> SkipReasonAsync(OutboundMessage message, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public Task DeliverAsync(OutboundMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
