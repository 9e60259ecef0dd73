namespace Retention.Core.Loyalty;

/// <summary>What the rewards page and the points-expiry reminder say of points that lapse soon.</summary>
public enum ExpiryAdvice
{
    /// <summary>Nothing lapses within the reminder window.</summary>
    None = 0,
    /// <summary>The balance can be spent now (or will be, with points activating before the first lapse): "use them before D".</summary>
    Spend = 1,
    /// <summary>Below the redemption minimum, but one more order like the customer's largest reaches it in time: "earn N more before D".</summary>
    EarnMore = 2,
    /// <summary>Below the minimum with no way to reach it in time: a reminder would only say "you are losing points you could never use".</summary>
    CannotReach = 3,
}

/// <summary>The reminder's advice, with the points still needed and the last day an order earns them in time (for <see cref="ExpiryAdvice.EarnMore"/>).</summary>
public sealed record ExpiryNotice(ExpiryAdvice Advice, long PointsNeeded, DateTime? OrderByUtc);

/// <summary>
/// Whether a points-expiry reminder makes sense, one rule for the scan that enrolls and the email that goes out. A
/// reminder to spend points below <see cref="LoyaltySettings.MinimumBalanceToRedeem"/> (413 of 855 in the demo store)
/// asks for the impossible, so it either says how to reach the minimum or is not sent.
/// </summary>
public static class ExpiryNotices
{
    /// <summary>The advice for a customer whose first expiring points lapse at <paramref name="firstExpiryUtc"/>, from their ledger entries in the store.</summary>
    public static ExpiryNotice For(IReadOnlyList<LedgerEntry> entries, LoyaltySettings settings, DateTime nowUtc, DateTime firstExpiryUtc)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(settings);
        var available = entries.Where(e => e.ActivatesUtc <= nowUtc).Sum(e => (long)e.Points);
        // Points already earned that activate before the first lapse count too: by then the balance is theirs to spend.
        var inTime = available + entries.Where(e => e.ActivatesUtc > nowUtc && e.ActivatesUtc < firstExpiryUtc).Sum(e => (long)e.Points);
        if (RedemptionLimits.CanRedeem(inTime, settings))
            return new ExpiryNotice(ExpiryAdvice.Spend, 0, null);
        var needed = settings.MinimumBalanceToRedeem - Math.Max(0, inTime);
        // An order placed by then earns points that activate before the first ones lapse.
        var orderBy = firstExpiryUtc.AddDays(-settings.ActivationDelayDays);
        var largestOrder = entries.Where(e => e.Reason == LedgerReason.Purchase && e.Points > 0).Select(e => (long)e.Points).DefaultIfEmpty(0).Max();
        return orderBy > nowUtc && largestOrder >= needed
            ? new ExpiryNotice(ExpiryAdvice.EarnMore, needed, orderBy)
            : new ExpiryNotice(ExpiryAdvice.CannotReach, needed, null);
    }
}
