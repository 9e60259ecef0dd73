using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// One change to a customer's orders in a store (Core's <c>ChangedCustomerRow</c>): the feed the dashboard's hourly
/// incremental refresh reads after its watermark (docs/decisions.md §19).
/// </summary>
public class RetentionChangedCustomer : BaseEntity
{
    /// <summary>A fresh key per change, unique.</summary>
    public string ChangeKey { get; set; }
    /// <summary>The store, or 0 for every store (a customer deleted).</summary>
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public DateTime ChangedUtc { get; set; }
}
