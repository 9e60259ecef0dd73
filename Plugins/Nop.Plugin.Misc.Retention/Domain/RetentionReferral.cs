using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>Who referred a customer in one store; the first recorded referrer wins (unique per store and referred customer).</summary>
public class RetentionReferral : BaseEntity
{
    /// <summary><c>{store}:{referred}</c>, unique; written by Core's <c>ReferralStore</c> (its <c>KeyOf</c>).</summary>
    public string StoreReferredKey { get; set; }
    public int StoreId { get; set; }
    public int ReferredCustomerId { get; set; }
    public int ReferrerCustomerId { get; set; }
    public DateTime CreatedOnUtc { get; set; }
}
