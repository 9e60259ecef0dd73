using System.Globalization;
using Retention.Core.Common;

namespace Retention.Core.Challenges;

/// <summary>
/// The enrollment subjects of the challenge emails: one "challenge completed" per attempt
/// (<c>challenge:{id}:{attempt}</c>: a completion revoked by a refund and earned again is a new one) and one "badge earned"
/// per badge (<c>badge:{code}</c>), so a replayed event or a second night sends nothing twice.
/// </summary>
public static class ChallengeNotice
{
    private const string Challenge = "challenge:";
    private const string Badge = "badge:";

    public static string CompletedSubject(int challengeId, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{Challenge}{challengeId}:{attempt}");

    public static string BadgeSubject(string badge) => Badge + badge;

    /// <summary>The challenge and attempt a completion subject names; null for any other subject.</summary>
    public static (int ChallengeId, int Attempt)? CompletedOf(string subject)
    {
        if (subject is null || !subject.StartsWith(Challenge, StringComparison.Ordinal))
            return null;
        var parts = subject[Challenge.Length..].Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
            ? (id, attempt)
            : null;
    }

    /// <summary>The badge code a badge subject names; null for any other subject.</summary>
    public static string? BadgeOf(string subject) =>
        subject is not null && subject.StartsWith(Badge, StringComparison.Ordinal) && subject.Length > Badge.Length ? subject[Badge.Length..] : null;

    /// <summary>
    /// When a completion's email goes: with the reward in the customer's hands. Points are credited at completion (pending
    /// through the return window, which the email says), so their email goes then; a coupon or a badge is given only when
    /// the return window has passed, so theirs goes when it is paid (the code is in the email).
    /// </summary>
    public static bool EmailsNow(ChallengeCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        return completed.Challenge.Reward == ChallengeReward.Points || completed.Paid;
    }
}

/// <summary>What the challenge emails read when they are made: the completion as it stands, the challenge, the badge's name.</summary>
public sealed class ChallengeNotices(ChallengeStore records, IChallengeSettingsStore settings)
{
    /// <summary>The attempt's completion and its challenge; null when it was revoked, moved on, erased or the challenge deleted.</summary>
    public async Task<(ChallengeRecord Record, ChallengeDefinition Challenge)?> CompletionAsync(StoreId store, CustomerId customer, int challengeId, int attempt,
        CancellationToken cancellationToken = default)
    {
        var subject = challengeId.ToString(CultureInfo.InvariantCulture);
        var record = (await records.OfCustomerAsync(store, customer, cancellationToken))
            .FirstOrDefault(r => r.Kind == ChallengeRecordKind.Completion && r.Subject == subject);
        if (record is null || record.Attempt != attempt || record.State == CompletionState.Revoked)
            return null;
        return (await settings.LoadAsync(store, cancellationToken)).Find(challengeId) is { } challenge ? (record, challenge) : null;
    }

    /// <summary>The badge's name for shoppers, when the customer holds it; null otherwise (erased).</summary>
    public async Task<Localization.CoreText?> BadgeAsync(StoreId store, CustomerId customer, string badge, CancellationToken cancellationToken = default)
    {
        var held = (await records.OfCustomerAsync(store, customer, cancellationToken)).Any(r => r.Kind == ChallengeRecordKind.Badge && r.Subject == badge);
        return held ? Badges.NameOf(badge, await settings.LoadAsync(store, cancellationToken)) : null;
    }

    /// <summary>The store's time zone (a challenge's dates are read in it).</summary>
    public Task<TimeZoneInfo> TimeZoneAsync(StoreId store, CancellationToken cancellationToken = default) => settings.TimeZoneAsync(store, cancellationToken);
}
