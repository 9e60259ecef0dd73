using System.Text.Json;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>
/// The outbox over the host's outbox table, the one implementation every host uses: a message is queued once by its key
/// (the row is the once-only guard), and only the call that wrote the row hands it on to the host's
/// <see cref="IOutboxDelivery"/>. A message the host will not deliver is still recorded, with its reason, and counts toward
/// no frequency cap.
/// </summary>
public sealed class OutboxStore(ITable<OutboxRow> table, IQueryRunner runner, IOutboxDelivery delivery) : IMessageOutbox
{
    public async Task<bool> TryEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var row = ToRow(message, await delivery.SkipReasonAsync(message, cancellationToken));
        var key = row.IdempotencyKey;
        if (!await table.TryInsertAsync(row, r => r.IdempotencyKey == key, cancellationToken))
            return false;
        if (row.SkippedReason == null)
            await delivery.DeliverAsync(message, cancellationToken);
        return true;
    }

    /// <summary>
    /// <see cref="TryEnqueueAsync"/> for a batch, in one keyed insert of all rows: the keys this call queued (a key seen
    /// before, or earlier in the list, is not queued again).
    /// </summary>
    public async Task<IReadOnlySet<string>> TryEnqueueManyAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var rows = new List<OutboxRow>(messages.Count);
        foreach (var message in messages)
            rows.Add(ToRow(message ?? throw new ArgumentException("A batch holds no null message.", nameof(messages)),
                await delivery.SkipReasonAsync(message, cancellationToken)));
        var inserted = await table.TryInsertManyAsync(rows, r => r.IdempotencyKey, cancellationToken);
        var queued = inserted.Select(r => r.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (message, row) in messages.Zip(rows))
            if (queued.Contains(row.IdempotencyKey) && row.SkippedReason == null && delivered.Add(row.IdempotencyKey))
                await delivery.DeliverAsync(message, cancellationToken);
        return queued;
    }

    public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default) =>
        runner.CountAsync(Sent(table.Rows, store, sinceUtc, marketingOnly).Where(m => m.CustomerId == customer.Value), cancellationToken);

    /// <summary><see cref="CountSentSinceAsync"/>'s rows for many customers, one query per <see cref="TableQueries.ChunkSize"/>.</summary>
    public async Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var rows = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => Sent(table.Rows, store, sinceUtc, marketingOnly)
            .Where(m => ids.Contains(m.CustomerId))
            .Select(m => new { m.CustomerId, m.CreatedOnUtc }), cancellationToken);
        return rows.GroupBy(r => r.CustomerId)
            .ToDictionary(g => new CustomerId(g.Key), g => (IReadOnlyList<DateTime>)g.Select(r => TableQueries.Utc(r.CreatedOnUtc)).Order().ToList());
    }

    /// <summary>What a frequency cap counts: the store's messages since then, of the kind asked for, that were not skipped.</summary>
    private static IQueryable<OutboxRow> Sent(IQueryable<OutboxRow> rows, StoreId store, DateTime sinceUtc, bool marketingOnly)
    {
        var storeId = store.Value;
        var query = rows.Where(m => m.StoreId == storeId && m.CreatedOnUtc >= sinceUtc && m.SkippedReason == null);
        return marketingOnly ? query.Where(m => m.IsMarketing) : query;
    }

    public static OutboxRow ToRow(OutboundMessage message, string? skippedReason = null) => new()
    {
        IdempotencyKey = message.Key.Value,
        StoreId = message.Store.Value,
        CustomerId = message.Customer.Value,
        ToEmail = message.ToEmail,
        ToName = message.ToName,
        TemplateName = message.TemplateName,
        TokensJson = JsonSerializer.Serialize(message.Tokens),
        IsMarketing = message.IsMarketing,
        CreatedOnUtc = message.CreatedUtc,
        NotBeforeUtc = message.NotBeforeUtc,
        SkippedReason = skippedReason,
    };
}
