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
        if (change.Change != TierChange.Upgraded)
            return;

        var customer = await db.Customers.AsNoTracking()
            .Where(c => c.Id == change.Customer.Value)
            .Select(c => new { c.Email, c.FirstName, c.LastName })
            .FirstOrDefaultAsync(cancellationToken);
        if (TierUpgradedMessage(change, customer?.Email, customer?.FirstName, customer?.LastName) is { } message)
            await outbox.TryEnqueueAsync(message, cancellationToken);
    }

    /// <summary>The tier-up email of an upgrade, or null when there is nobody to write to (a guest without an address).</summary>
    public static OutboundMessage? TierUpgradedMessage(TierChanged change, string? email, string? firstName, string? lastName)
    {
        if (change.Change != TierChange.Upgraded || change.ToTier == null || string.IsNullOrWhiteSpace(email))
            return null;
        var name = string.Join(" ", new[] { firstName, lastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new OutboundMessage
        {
            // One email per customer, tier and day: the same upgrade reported again (a replayed event, two awards at once)
            // finds its key taken.
            Key = TierNotice.Key(change),
            Store = change.Store,
            Customer = change.Customer,
            ToEmail = email,
            ToName = name.Length > 0 ? name : null,
            TemplateName = TierUpgradedTemplate,
            Tokens = new Dictionary<string, string>
            {
                ["Retention.Tier.Name"] = change.ToTier,
                ["Retention.Tier.Previous"] = change.FromTier ?? "",
            },
            IsMarketing = false,
            CreatedUtc = change.AtUtc,
        };
    }
}
