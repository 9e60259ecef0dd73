using Retention.Core.Common;
using Retention.Core.Localization;

namespace Retention.Core.Challenges;

/// <summary>What a challenge counts. Stored as its number: never renumber.</summary>
public enum ChallengeGoal
{
    /// <summary>Different categories bought from (of <see cref="ChallengeDefinition.CategoryIds"/> when it names any).</summary>
    Categories = 1,
    /// <summary>Money spent on counted orders, net of refunds.</summary>
    Spend = 2,
    /// <summary>Counted orders placed.</summary>
    Orders = 3,
    /// <summary>Approved reviews written; the rating is never looked at.</summary>
    Reviews = 4,
    /// <summary>Referred customers who placed a counted order in the window.</summary>
    Referrals = 5,
    /// <summary>Survey answers given.</summary>
    Surveys = 6,
}

/// <summary>What completing a challenge gives. Stored as its number: never renumber.</summary>
public enum ChallengeReward
{
    Points = 1,
    /// <summary>A single-use amount-off coupon through Core's coupon store.</summary>
    Coupon = 2,
    /// <summary>The challenge's own badge, nothing else.</summary>
    Badge = 3,
}

/// <summary>
/// One challenge the merchant defined: a goal counted between two dates of the store's calendar (both inclusive, in the
/// store's time zone) and its reward.
/// </summary>
public sealed record ChallengeDefinition
{
    /// <summary>The merchant's number for it, unique in the store: the keys of its completions carry it.</summary>
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public DateOnly StartDate { get; init; }
    /// <summary>The last day counted (inclusive).</summary>
    public DateOnly EndDate { get; init; }
    public ChallengeGoal Goal { get; init; } = ChallengeGoal.Orders;
    /// <summary>How many (or, for <see cref="ChallengeGoal.Spend"/>, how much) completes it.</summary>
    public decimal Target { get; init; } = 1m;
    /// <summary>For <see cref="ChallengeGoal.Categories"/>: the categories that count; empty for any category.</summary>
    public IReadOnlyList<int> CategoryIds { get; init; } = Array.Empty<int>();
    public ChallengeReward Reward { get; init; } = ChallengeReward.Points;
    public int RewardPoints { get; init; }
    /// <summary>The coupon's amount off, in the store's primary currency.</summary>
    public decimal CouponAmount { get; init; }
    public int CouponValidDays { get; init; } = 30;
    /// <summary>Whether customers may opt in to a leaderboard of this challenge.</summary>
    public bool Leaderboard { get; init; }

    /// <summary>The window in UTC: from the start day's midnight to the midnight after the end day, in <paramref name="zone"/>.</summary>
    public (DateTime StartUtc, DateTime EndUtc) WindowUtc(TimeZoneInfo zone) =>
        (LocalMidnightUtc(StartDate, zone), LocalMidnightUtc(EndDate.AddDays(1), zone));

    /// <summary>Whether the challenge counts at <paramref name="utc"/>.</summary>
    public bool IsRunning(DateTime utc, TimeZoneInfo zone)
    {
        var (start, end) = WindowUtc(zone);
        return utc >= start && utc < end;
    }

    private static DateTime LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A midnight skipped by a clock change starts the day at the first instant that exists.
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

/// <summary>The challenges and badges of one store. Off by default: nothing is counted, awarded or shown.</summary>
public sealed record ChallengeSettings
{
    public bool Enabled { get; init; }
    /// <summary>The milestone badges (first order, 10th order, one year, top tier); challenge badges do not depend on it.</summary>
    public bool BadgesEnabled { get; init; } = true;
    public IReadOnlyList<ChallengeDefinition> Challenges { get; init; } = Array.Empty<ChallengeDefinition>();

    public const int MaxChallenges = 50;
    public const int MaxNameLength = 100;
    public const decimal MaxCount = 1000m;
    public const decimal MaxSpend = 100_000_000m;

    /// <summary>The challenge with <paramref name="id"/>, or null.</summary>
    public ChallengeDefinition? Find(int id) => Challenges.FirstOrDefault(c => c.Id == id);

    /// <summary>
    /// Checks what the admin typed; every error names its field (<c>Challenges[i].Target</c>). Category ids are checked
    /// against <paramref name="knownCategoryIds"/>, the store's categories.
    /// </summary>
    public ValidationResult Validate(IReadOnlySet<int> knownCategoryIds)
    {
        ArgumentNullException.ThrowIfNull(knownCategoryIds);
        var result = new ValidationResult();
        if (Challenges.Count > MaxChallenges)
            result.Add(nameof(Challenges), CoreMessages.Range(0, MaxChallenges));
        var ids = new HashSet<int>();
        for (var i = 0; i < Challenges.Count; i++)
        {
            var c = Challenges[i];
            string F(string field) => $"{nameof(Challenges)}[{i}].{field}";
            if (c.Id <= 0)
                result.Add(F(nameof(c.Id)), CoreMessages.Range(1, int.MaxValue));
            else if (!ids.Add(c.Id))
                result.Add(F(nameof(c.Id)), CoreMessages.ChallengeIdTaken(c.Id));
            var name = c.Name?.Trim() ?? "";
            if (name.Length == 0)
                result.Add(F(nameof(c.Name)), CoreMessages.ChallengeNameRequired());
            else if (name.Length > MaxNameLength)
                result.Add(F(nameof(c.Name)), CoreMessages.NameTooLong(MaxNameLength, name.Length));
            else if (DisplayNames.Problem(name, "challengeName") is { } problem)
                result.Add(F(nameof(c.Name)), problem);
            if (c.EndDate < c.StartDate)
                result.Add(F(nameof(c.EndDate)), CoreMessages.ChallengeEndBeforeStart());
            if (!Enum.IsDefined(c.Goal))
                result.Add(F(nameof(c.Goal)), CoreMessages.ChallengeUnknownChoice());
            else if (c.Target <= 0)
                result.Add(F(nameof(c.Target)), CoreMessages.ChallengeTargetPositive());
            else if (c.Goal == ChallengeGoal.Spend)
                result.Range(F(nameof(c.Target)), c.Target, 0.01m, MaxSpend);
            else if (c.Target != decimal.Truncate(c.Target) || c.Target > MaxCount)
                result.Add(F(nameof(c.Target)), CoreMessages.ChallengeWholeCount(MaxCount));
            if (c.Goal == ChallengeGoal.Categories)
            {
                var unknown = c.CategoryIds.Where(id => !knownCategoryIds.Contains(id)).Distinct().ToList();
                if (unknown.Count > 0)
                    result.Add(F(nameof(c.CategoryIds)), CoreMessages.ChallengeUnknownCategories(string.Join(", ", unknown)));
                else if (c.CategoryIds.Count > 0 && c.Target > c.CategoryIds.Distinct().Count())
                    result.Add(F(nameof(c.Target)), CoreMessages.ChallengeMoreCategoriesThanListed(c.CategoryIds.Distinct().Count()));
            }
            switch (c.Reward)
            {
                case ChallengeReward.Points:
                    result.Range(F(nameof(c.RewardPoints)), c.RewardPoints, 1, 1_000_000);
                    break;
                case ChallengeReward.Coupon:
                    result.Range(F(nameof(c.CouponAmount)), c.CouponAmount, 0.01m, 100_000m);
                    result.Range(F(nameof(c.CouponValidDays)), c.CouponValidDays, 1, 365);
                    break;
                case ChallengeReward.Badge:
                    break;
                default:
                    result.Add(F(nameof(c.Reward)), CoreMessages.ChallengeUnknownChoice());
                    break;
            }
        }
        return result;
    }
}

/// <summary>The challenge settings per store, and what the host knows that they are checked against.</summary>
public interface IChallengeSettingsStore
{
    /// <summary>The settings in force for <paramref name="store"/> (defaults when none were saved).</summary>
    Task<ChallengeSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default);

    /// <summary>Validates (<see cref="ChallengeSettings.Validate"/> against the store's categories) and saves; nothing is written when invalid.</summary>
    Task<ValidationResult> SaveAsync(StoreId store, ChallengeSettings settings, CancellationToken cancellationToken = default);

    /// <summary>The store's time zone: the challenge windows are days of its calendar.</summary>
    Task<TimeZoneInfo> TimeZoneAsync(StoreId store, CancellationToken cancellationToken = default);
}
