using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox's side of <see cref="ILoyaltyObserver"/>. The plugin mirrors entries into nopCommerce's reward points and
/// tiers into customer roles; here the ledger table already is the wallet, so entries need nothing more, and each tier
/// change is recorded in <c>TierChanges</c>, an upgrade also queuing the tier-up email in the visible outbox.
/// </summary>
public sealed class SandboxLoyaltyObserver(SandboxDatabase database, IMessageOutbox outbox) : ILoyaltyObserver
{
    public const string TierUpgradedTemplate = "Retention.Tier.Upgraded";

    public Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = database.CreateContext();
        db.TierChanges.Add(new TierChangeRow
        {
            StoreId = change.Store.Value,
            CustomerId = change.Customer.Value,
            FromTier = change.FromTier,
            ToTier = change.ToTier,
            ChangeId = (int)change.Change,
            AtUtc = change.AtUtc,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (change.Change != TierChange.Upgraded || change.ToTier == null)
            return;

        var customer = await db.Customers.AsNoTracking()
            .Where(c => c.Id == change.Customer.Value)
            .Select(c => new { c.Email, c.FirstName, c.LastName })
            .FirstOrDefaultAsync(cancellationToken);
        // A guest without an address cannot be written to; the change itself is recorded above.
        if (customer?.Email == null)
            return;
        var name = string.Join(" ", new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        await outbox.TryEnqueueAsync(new OutboundMessage
        {
            // One email per upgrade: the same change reported again (a replayed event) finds its key taken.
            Key = IdempotencyKey.For("tier-up", change.Store.Value, change.Customer.Value, change.ToTier, change.AtUtc.Ticks),
            Store = change.Store,
            Customer = change.Customer,
            ToEmail = customer.Email,
            ToName = name.Length > 0 ? name : null,
            TemplateName = TierUpgradedTemplate,
            Tokens = new Dictionary<string, string>
            {
                ["Retention.Tier.Name"] = change.ToTier,
                ["Retention.Tier.Previous"] = change.FromTier ?? "",
            },
            IsMarketing = false,
            CreatedUtc = change.AtUtc,
        }, cancellationToken);
    }
}
