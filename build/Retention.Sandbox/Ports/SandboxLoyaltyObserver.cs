using Retention.Core.Loyalty;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// The sandbox's side of <see cref="ILoyaltyObserver"/>, host facts only. The plugin mirrors entries into nopCommerce's
/// reward points and tiers into customer roles; here the ledger table already is the wallet, so entries need nothing
/// more, and each tier change is recorded in <c>TierChanges</c> (the page's history). The tier-up email is not made
/// here: Core's door hands an upgrade to the tier-up workflow (<see cref="Retention.Core.Events.StoreEvents"/>).
/// </summary>
public sealed class SandboxLoyaltyObserver(SandboxDatabase database) : ILoyaltyObserver
{
    public Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = database.CreateContext();
        db.TierChanges.Add(ToRow(change));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The <c>TierChanges</c> row of a change (the demo replay bulk-loads the same rows).</summary>
    public static TierChangeRow ToRow(TierChanged change) => new()
    {
        StoreId = change.Store.Value,
        CustomerId = change.Customer.Value,
        FromTier = change.FromTier,
        ToTier = change.ToTier,
        ChangeId = (int)change.Change,
        AtUtc = change.AtUtc,
    };
}
