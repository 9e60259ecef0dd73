using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>Who referred a customer in one store; the first recorded referrer wins (unique per store and referred customer).</summary>
public class RetentionReferral : BaseEntity
{
    /// <summary><c>{store}:{referred}</c>, unique.</summary>
    public string StoreReferredKey { get; set; }
    public int StoreId { get; set; }
    public int ReferredCustomerId { get; set; }
    public int ReferrerCustomerId { get; set; }
    public DateTime CreatedOnUtc { get; set; }

    /// <summary>The value of <see cref="StoreReferredKey"/> for a store and referred customer.</summary>
    public static string KeyOf(int storeId, int referredCustomerId) => FormattableString.Invariant($"{storeId}:{referredCustomerId}");
}
