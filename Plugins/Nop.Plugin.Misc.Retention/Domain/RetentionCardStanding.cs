using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>The discount card level a customer holds in one store (Core's <c>CardStandingRow</c>); one row per store and customer.</summary>
public class RetentionCardStanding : BaseEntity
{
    /// <summary><c>{store}:{customer}</c>, unique: the (store, customer) pair as one bounded indexed column.</summary>
    public string StoreCustomerKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The held level's threshold in the primary currency, null for no level.</summary>
    public decimal? Threshold { get; set; }
    /// <summary>The held level's percent off (0 for no level).</summary>
    public decimal Percent { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
}
