using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// A customer who used a Retention unsubscribe link in a store. Kept beside nopCommerce's newsletter flag so the
/// one-click opt-out holds even when that flag is switched back on by something other than the customer (an import,
/// an admin edit).
/// </summary>
public class RetentionUnsubscribe : BaseEntity
{
    /// <summary><c>{store}:{customer}</c>, unique; written by Core's <c>UnsubscribeStore</c> (its <c>KeyOf</c>).</summary>
    public string StoreCustomerKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public DateTime CreatedOnUtc { get; set; }
}
