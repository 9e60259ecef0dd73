using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>
/// Each customer's referral code, for the link "?ref=CODE": the customer id with an HMAC over store and id under the
/// host's per-install secret, so a code cannot be forged for another customer and reveals nothing else.
/// </summary>
public static class ReferralCodes
{
    /// <summary>The code of <paramref name="customer"/> in <paramref name="store"/> (URL-safe, short).</summary>
    public static string Create(StoreId store, CustomerId customer, ReadOnlySpan<byte> secret) => throw new NotImplementedException();

    /// <summary>The referrer a code names, or null when it is malformed, truncated or signed with another secret or store (constant-time check).</summary>
    public static CustomerId? Read(StoreId store, string? code, ReadOnlySpan<byte> secret) => throw new NotImplementedException();
}
