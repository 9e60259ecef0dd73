using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>Where a customer stands in one store's tier ladder (Core's <c>TierStanding</c>); one row per store and customer.</summary>
public class RetentionTierStanding : BaseEntity
{
    /// <summary><c>{store}:{customer}</c> (Core's <c>TierStandingRow.KeyOf</c>), unique: the (store, customer) pair as one bounded indexed column.</summary>
    public string StoreCustomerKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The tier held, null for none.</summary>
    public string Tier { get; set; }
    /// <summary>When the customer fell below the held tier's threshold (the grace period's start).</summary>
    public DateTime? BelowSinceUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
}
