// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>The loyalty settings of each store, persisted by the host (nopCommerce settings per store, a table in the sandbox).</summary>
public interface ILoyaltySettingsStore
{
    /// <summary>The settings in force for <paramref name="store"/>: its overrides over the all-stores values, defaults when none.</summary>
    Task<LoyaltySettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default);

    /// <summary>Validates and saves; invalid settings are rejected whole (field errors returned), nothing is written.</summary>
    Task<ValidationResult> SaveAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken = default);
}

/// <summary>Where each customer stands in the tier ladder (held tier, grace period), per store.</summary>
public interface ITierStandingStore
{
    /// <summary>The standing, or <c>new TierStanding(null)</c> for a customer never evaluated.</summary>
    Task<TierStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>Replaces the standing (one row per store and customer; last writer wins, the value is recomputable).</summary>
    Task SaveAsync(StoreId store, CustomerId customer, TierStanding standing, CancellationToken cancellationToken = default);

    /// <summary>Customers holding a tier in <paramref name="store"/>, ascending id after <paramref name="afterCustomerId"/> (batches of the nightly run).</summary>
    Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// The standings of all <paramref name="customers"/> (<c>new TierStanding(null)</c> for one never evaluated), so the
    /// nightly run reads a batch of holders at once. The default asks per customer; the table store reads with one query.
    /// </summary>
    async Task<IReadOnlyDictionary<CustomerId, TierStanding>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<CustomerId, TierStanding>();
        foreach (var customer in customers.Distinct())
            found[customer] = await GetAsync(store, customer, cancellationToken);
        return found;
    }
}

/// <summary>Who referred whom, recorded when the referred customer registers through a referral link.</summary>
public interface IReferralStore
{
    /// <summary>Records the referrer of <paramref name="referred"/> once; false when one was already recorded (the first wins).</summary>
    Task<bool> TryRecordAsync(StoreId store, CustomerId referred, CustomerId referrer, CancellationToken cancellationToken = default);

    Task<CustomerId?> ReferrerOfAsync(StoreId store, CustomerId referred, CancellationToken cancellationToken = default);
}

/// <summary>
/// One ledger line as a read model, for aggregate queries written once in Core (the finance report, the nightly sweep's
/// candidates). Settable properties because hosts build it inside an <c>IQueryable</c> projection.
/// </summary>
public sealed class LedgerEntryFact
{
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int Points { get; set; }
    /// <summary><see cref="LedgerReason"/> as stored.</summary>
    public int ReasonId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ActivatesUtc { get; set; }
    public DateTime? ExpiresUtc { get; set; }
}

/// <summary>The ledger as a queryable, run through <see cref="Store.IQueryRunner"/> like the store's facts.</summary>
public interface ILedgerData
{
    IQueryable<LedgerEntryFact> Entries { get; }
}

/// <summary>
/// A customer moved between tiers: the host's observer mirrors it (customer roles, a record), and Core's door hands an
/// upgrade to the tier-up workflow (<see cref="Events.StoreEvents"/>). <paramref name="ToBaseTier"/>: the tier reached is one
/// the first order reaches anyway (<see cref="TierNotice.IsBaseTier"/>), which earns no email.
/// </summary>
public sealed record TierChanged(StoreId Store, CustomerId Customer, string? FromTier, string? ToTier, TierChange Change, DateTime AtUtc,
    bool ToBaseTier = false);

/// <summary>
/// What the host does after the program changed something: the plugin mirrors each new entry into nopCommerce's native
/// reward points (the wallet checkout spends) and each tier change into customer roles; the sandbox records them.
/// Host facts only: no email is made here (the tier-up email is the workflow's). Called after the change is stored, only
/// for changes that were new (a replay calls nothing).
/// </summary>
public interface ILoyaltyObserver
{
    Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default);
}
