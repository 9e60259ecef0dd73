using System.Globalization;
using Retention.Core.Localization;

namespace Retention.Core.Challenges;

/// <summary>
/// The badges: four milestones any store can switch on (<see cref="ChallengeSettings.BadgesEnabled"/>) and one per
/// challenge whose reward is a badge. A badge is kept once earned (a refunded tenth order does not take it back: it marks
/// a moment, not a balance).
/// </summary>
public static class Badges
{
    public const string FirstOrder = "first-order";
    public const string TenthOrder = "tenth-order";
    public const string OneYear = "one-year";
    public const string TopTier = "top-tier";

    /// <summary>The milestones, in the order they are shown.</summary>
    public static IReadOnlyList<string> Milestones { get; } = [FirstOrder, TenthOrder, OneYear, TopTier];

    /// <summary>The badge code of a challenge rewarded with a badge.</summary>
    public static string OfChallenge(int challengeId) => "challenge-" + challengeId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The challenge id of a challenge badge, or null for a milestone.</summary>
    public static int? ChallengeOf(string code) =>
        code.StartsWith("challenge-", StringComparison.Ordinal)
        && int.TryParse(code.AsSpan("challenge-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The badge's name for shoppers; a challenge badge is named after its challenge (or a generic name once it is deleted).</summary>
    public static CoreText NameOf(string code, ChallengeSettings settings) => code switch
    {
        FirstOrder => CoreMessages.BadgeFirstOrder(),
        TenthOrder => CoreMessages.BadgeTenthOrder(),
        OneYear => CoreMessages.BadgeOneYear(),
        TopTier => CoreMessages.BadgeTopTier(),
        _ => ChallengeOf(code) is { } id && settings.Find(id) is { } c ? CoreMessages.BadgeOfChallenge(c.Name) : CoreMessages.BadgeOfChallenge("…"),
    };

    /// <summary>The milestone badges a customer has reached (orders counted all-time in the store).</summary>
    public static IEnumerable<string> Reached(int countedOrders, DateTime customerSinceUtc, DateTime nowUtc, bool holdsTopTier)
    {
        if (countedOrders >= 1) yield return FirstOrder;
        if (countedOrders >= 10) yield return TenthOrder;
        if (customerSinceUtc.AddYears(1) <= nowUtc) yield return OneYear;
        if (holdsTopTier) yield return TopTier;
    }
}
