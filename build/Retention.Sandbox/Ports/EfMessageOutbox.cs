using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>The visible outbox: queued emails land in the <c>Outbox</c> table and on the <c>/outbox</c> page.</summary>
public sealed class EfMessageOutbox(SandboxDatabase database) : IMessageOutbox
{
    public async Task<bool> TryEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var row = ToRow(message);
        db.Outbox.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e))
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    internal static OutboxMessageRow ToRow(OutboundMessage message) => new()
    {
        Key = message.Key.Value,
        StoreId = message.Store.Value,
        CustomerId = message.Customer.Value,
        ToEmail = message.ToEmail,
        ToName = message.ToName,
        TemplateName = message.TemplateName,
        TokensJson = JsonSerializer.Serialize(message.Tokens),
        IsMarketing = message.IsMarketing,
        CreatedUtc = message.CreatedUtc,
        NotBeforeUtc = message.NotBeforeUtc,
    };

    public async Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.AsNoTracking()
            .Where(m => m.StoreId == store.Value && m.CustomerId == customer.Value && m.CreatedUtc >= sinceUtc)
            .Where(m => !marketingOnly || m.IsMarketing)
            .CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default)
    {
        var ids = customers.Select(c => c.Value).Distinct().ToList();
        await using var db = database.CreateContext();
        var rows = await db.Outbox.AsNoTracking()
            .Where(m => m.StoreId == store.Value && ids.Contains(m.CustomerId) && m.CreatedUtc >= sinceUtc)
            .Where(m => !marketingOnly || m.IsMarketing)
            .Select(m => new { m.CustomerId, m.CreatedUtc })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.CustomerId)
            .ToDictionary(g => new CustomerId(g.Key), g => (IReadOnlyList<DateTime>)g.Select(r => r.CreatedUtc).Order().ToList());
    }
}
