using System.Globalization;

namespace Retention.Core.Loyalty;

/// <summary>
/// The "you reached a tier" notice, one rule for both hosts: the tier-up workflow sends it, enrolled under
/// <see cref="Subject"/> (one per customer, tier and UTC day: two awards at once — two nodes, two orders — each see the customer reach the
/// tier a few milliseconds apart and each report it; the enrollment's uniqueness per store, customer and subject keeps one) by Core's door for store events.
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
}
