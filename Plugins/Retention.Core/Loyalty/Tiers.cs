using Retention.Core.Common;
using Retention.Core.Localization;

namespace Retention.Core.Loyalty;

/// <summary>One counted order for tier qualification.</summary>
public readonly record struct TierOrder(DateTime PaidUtc, decimal Amount);

/// <summary>Where a customer stands: the tier held (null: none) and since when they have been below it, if they are.</summary>
public sealed record TierStanding(string? Tier, DateTime? BelowSinceUtc = null);

/// <summary>What happened on a re-evaluation; <see cref="TierChange.Upgraded"/> and <see cref="TierChange.Downgraded"/> are events other features use (tier-up email, role sync).</summary>
public enum TierChange
{
    None = 0,
    Upgraded = 1,
    Downgraded = 2,
    /// <summary>Below the tier's threshold but still inside the grace period.</summary>
    InGrace = 3,
}

/// <summary>The outcome of re-evaluating a customer's tier.</summary>
public sealed record TierDecision(TierStanding Standing, TierChange Change, string? Qualified, DateTime? DowngradeAtUtc);

/// <summary>
/// Tiers: the admin's list of thresholds on rolling 12-month spend or order count. Upgrades are immediate (a reward
/// should feel earned at once); downgrades wait for a grace period so one quiet month does not take perks away.
/// </summary>
public static class TierRules
{
    /// <summary>Spend or order count over the 12 months ending at <paramref name="nowUtc"/> (start exclusive).</summary>
    public static decimal Measure(IEnumerable<TierOrder> orders, TierBasis basis, DateTime nowUtc)
    {
        var from = nowUtc.AddMonths(-12);
        var counted = orders.Where(o => o.PaidUtc > from && o.PaidUtc <= nowUtc).ToList();
        return basis == TierBasis.Spend ? counted.Sum(o => o.Amount) : counted.Count;
    }

    /// <summary>The highest tier whose threshold the measure reaches, or null.</summary>
    public static TierDefinition? Qualify(IReadOnlyList<TierDefinition> tiers, decimal measure) =>
        tiers.Where(t => measure >= t.Threshold).OrderByDescending(t => t.Threshold).FirstOrDefault();

    /// <summary>The earn multiplier of a tier by name (1 when none or unknown).</summary>
    public static decimal MultiplierOf(IReadOnlyList<TierDefinition> tiers, string? tier) =>
        tiers.FirstOrDefault(t => t.Name == tier)?.Multiplier ?? 1m;

    /// <summary>The next tier above the measure and how much is missing to reach it (progress bar), or null at the top.</summary>
    public static (TierDefinition Tier, decimal Missing)? Next(IReadOnlyList<TierDefinition> tiers, decimal measure)
    {
        var next = tiers.Where(t => t.Threshold > measure).OrderBy(t => t.Threshold).FirstOrDefault();
        return next is null ? null : (next, next.Threshold - measure);
    }

    /// <summary>
    /// Re-evaluates a customer on a counted order or nightly. Higher qualification: upgrade now. Lower: the grace period
    /// starts (or continues) and the customer keeps the tier until it has run out; then they drop to what they qualify for
    /// on that day. Qualifying again during grace clears it. A tier the admin deleted is left at once.
    /// </summary>
    public static TierDecision Evaluate(LoyaltySettings settings, TierStanding current, decimal measure, DateTime nowUtc)
    {
        var tiers = settings.Tiers;
        var qualified = Qualify(tiers, measure);
        var held = tiers.FirstOrDefault(t => t.Name == current.Tier);
        var rankHeld = held?.Threshold ?? decimal.MinValue;
        var rankQualified = qualified?.Threshold ?? decimal.MinValue;

        if (held is null && current.Tier is not null)
            return new TierDecision(new TierStanding(qualified?.Name), TierChange.Downgraded, qualified?.Name, null);
        if (rankQualified > rankHeld)
            return new TierDecision(new TierStanding(qualified!.Name), TierChange.Upgraded, qualified.Name, null);
        if (rankQualified == rankHeld)
            return new TierDecision(new TierStanding(current.Tier), TierChange.None, qualified?.Name, null);

        var since = current.BelowSinceUtc ?? nowUtc;
        var downgradeAt = since.AddDays(settings.TierDowngradeGraceDays);
        if (nowUtc >= downgradeAt)
            return new TierDecision(new TierStanding(qualified?.Name), TierChange.Downgraded, qualified?.Name, null);
        return new TierDecision(new TierStanding(current.Tier, since), TierChange.InGrace, qualified?.Name, downgradeAt);
    }

    /// <summary>
    /// The longest tier name: it becomes the customer role <c>Retention.Tier.{name}</c>, and nopCommerce's role name and
    /// system name columns hold 255 characters.
    /// </summary>
    public const int MaxNameLength = 100;

    /// <summary>The most tiers a program can have; a list longer than this is a mistake, not a loyalty ladder.</summary>
    public const int MaxTiers = 20;

    /// <summary>The highest threshold (spend or orders over 12 months) a tier can ask for.</summary>
    public const decimal MaxThreshold = 1_000_000_000_000m;

    /// <summary>
    /// Checks an admin's tier list: at most <see cref="MaxTiers"/>; names present, unique, at most
    /// <see cref="MaxNameLength"/> characters and fit to show customers (<see cref="DisplayNames"/>: no control characters,
    /// no <c>&lt;</c> or <c>&gt;</c>); thresholds from 0 to
    /// <see cref="MaxThreshold"/> and multipliers from 0 to 100; no two tiers on the same threshold (they would overlap:
    /// the customer would qualify for both). Fields are named <c>Tiers[i].Field</c>, the list's own error <c>Tiers</c>.
    /// </summary>
    public static ValidationResult Validate(IReadOnlyList<TierDefinition> tiers)
    {
        var result = new ValidationResult();
        if (tiers.Count > MaxTiers)
        {
            // Checked first and alone: comparing every pair of a posted list of thousands would itself be the attack.
            result.Add("Tiers", CoreMessages.TooManyTiers(MaxTiers, tiers.Count));
            return result;
        }
        for (var i = 0; i < tiers.Count; i++)
        {
            var t = tiers[i];
            var prefix = $"Tiers[{i}].";
            if (string.IsNullOrWhiteSpace(t.Name))
                result.Add(prefix + nameof(TierDefinition.Name), CoreMessages.TierNameRequired());
            else if (t.Name.Trim().Length > MaxNameLength)
                result.Add(prefix + nameof(TierDefinition.Name), CoreMessages.NameTooLong(MaxNameLength, t.Name.Trim().Length));
            else if (DisplayNames.Problem(t.Name, "tierName") is { } problem)
                result.Add(prefix + nameof(TierDefinition.Name), problem);
            else if (tiers.Take(i).Any(o => string.Equals(o.Name?.Trim(), t.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
                result.Add(prefix + nameof(TierDefinition.Name), CoreMessages.TierNameTaken(t.Name.Trim()));
            if (t.Threshold < 0m)
                result.Add(prefix + nameof(TierDefinition.Threshold), CoreMessages.ThresholdNegative());
            else if (t.Threshold > MaxThreshold)
                result.Add(prefix + nameof(TierDefinition.Threshold), CoreMessages.Range(0, MaxThreshold));
            else if (tiers.Take(i).Any(o => o.Threshold == t.Threshold))
                result.Add(prefix + nameof(TierDefinition.Threshold), CoreMessages.ThresholdTaken());
            if (t.Multiplier < 0m)
                result.Add(prefix + nameof(TierDefinition.Multiplier), CoreMessages.MultiplierNegative());
            else if (t.Multiplier > 100m)
                result.Add(prefix + nameof(TierDefinition.Multiplier), CoreMessages.Range(0, 100));
        }
        return result;
    }
}
