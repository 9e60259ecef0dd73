using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// A customer's points summary in one store (Core's <c>PointsSummaryRow</c>): the balance's sums and the instants up to
/// which they hold, written by Core's ledger store in the transaction of every ledger entry; one row per store and customer.
/// </summary>
public class RetentionPointsSummary : BaseEntity
{
    /// <summary><c>{store}:{customer}</c>, unique: the (store, customer) pair as one bounded indexed column, as the tier standings keep it.</summary>
    public string StoreCustomerKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public long Available { get; set; }
    public long Pending { get; set; }
    public DateTime AsOfUtc { get; set; }
    public DateTime? NextActivationUtc { get; set; }
    public DateTime? NextLotExpiryUtc { get; set; }
    public DateTime? LastActivityUtc { get; set; }
}
