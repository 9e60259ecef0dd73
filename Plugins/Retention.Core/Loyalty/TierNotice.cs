using System.Globalization;
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>
/// The "you reached a tier" notice, one rule for both hosts: the tier-up workflow sends it, enrolled under
/// <see cref="Subject"/> (one per customer, tier and UTC day) by Core's door for store events.
/// </summary>
public static class TierNotice
{
    /// <summary><c>tier:{name}:{yyyyMMdd}</c>: the name trimmed, cut to 80 characters and kept free of '|' so it fits a subject and a signed link.</summary>
    public static string Subject(string tier, DateTime atUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tier);
        var name = tier.Trim().Replace('|', '/');
        if (name.Length > 80)
            name = name[..80];
        return $"tier:{name}:{atUtc.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// <c>tier-up:{store}:{customer}:{subject}</c>: one notice per store, customer, tier and UTC day. Not the instant: two
    /// awards at once (two nodes, two orders) each see the customer reach the tier a few milliseconds apart, and each
    /// reports the upgrade.
    /// </summary>
    public static IdempotencyKey Key(TierChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.ToTier);
        return IdempotencyKey.For("tier-up", change.Store.Value, change.Customer.Value, Subject(change.ToTier, change.AtUtc));
    }
}
