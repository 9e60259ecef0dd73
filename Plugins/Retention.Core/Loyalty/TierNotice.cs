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

    /// <summary>
    /// Whether <paramref name="tier"/> is a base tier: one the first counted order reaches whatever it is (a spend threshold
    /// of 0 or less, an order-count threshold of 1 or less). Everyone lands there (in the demo store 857 of 1,019
    /// congratulations were for Bronze, the $0 tier), so "you reached Bronze" tells the customer nothing; a tier with a
    /// real threshold, even the lowest, is an achievement.
    /// </summary>
    public static bool IsBaseTier(LoyaltySettings settings, string? tier)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var entry = settings.TierBasis == TierBasis.OrderCount ? 1m : 0m;
        return tier is not null && settings.Tiers.FirstOrDefault(t => t.Name == tier) is { } held && held.Threshold <= entry;
    }

    /// <summary>Whether a tier change earns the "you reached a tier" email: an upgrade to a named tier above the base one.</summary>
    public static bool Announces(TierChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Change == TierChange.Upgraded && !string.IsNullOrWhiteSpace(change.ToTier) && !change.ToBaseTier;
    }
}
