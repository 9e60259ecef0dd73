// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;
using Retention.Core.Common;

namespace Retention.Core.Membership;

/// <summary>The unit of a recurring cycle; the numbers are nopCommerce's <c>RecurringProductCyclePeriod</c>'s.</summary>
public enum MembershipCycleUnit
{
    Days = 0,
    Weeks = 10,
    Months = 20,
    Years = 30,
}

/// <summary>How long one paid period of the membership lasts: the membership product's recurring cycle (e.g. 1 month, 1 year).</summary>
public readonly record struct MembershipCycle(MembershipCycleUnit Unit, int Length)
{
    public static MembershipCycle Monthly { get; } = new(MembershipCycleUnit.Months, 1);
    public static MembershipCycle Yearly { get; } = new(MembershipCycleUnit.Years, 1);
    public static MembershipCycle Weekly(int weeks = 1) => new(MembershipCycleUnit.Weeks, weeks);

    /// <summary>The end of a period starting at <paramref name="start"/> (calendar months: 31 January + 1 month is 28/29 February).</summary>
    public DateTime After(DateTime start)
    {
        var length = Math.Max(1, Length);
        return Unit switch
        {
            MembershipCycleUnit.Days => start.AddDays(length),
            MembershipCycleUnit.Weeks => start.AddDays(7 * length),
            MembershipCycleUnit.Years => start.AddYears(length),
            _ => start.AddMonths(length),
        };
    }
}

/// <summary>One paid order of the membership product, as recorded (taken back ones are left out by the caller).</summary>
public sealed record MembershipPayment(int OrderId, DateTime PaidUtc, MembershipCycle Cycle);

/// <summary>One period in the chain: the paid order and the dates it covers.</summary>
/// <param name="Renewal">False for the period that (re)started a membership, true for one that continued it.</param>
public sealed record MembershipPeriod(int OrderId, DateTime PaidUtc, DateTime StartUtc, DateTime EndUtc, bool Renewal);

/// <summary>Where a customer's membership stands at an instant.</summary>
public enum MemberState
{
    /// <summary>Never a member (or every period taken back).</summary>
    None = 0,
    /// <summary>Paid through a date in the future, renewing.</summary>
    Active = 1,
    /// <summary>Paid through a date in the future, cancelled: it ends then, without grace.</summary>
    Ending = 2,
    /// <summary>The paid-through date has passed without a renewal; the perks stay until the grace ends.</summary>
    Grace = 3,
    /// <summary>Ended: lapsed after the grace, or cancelled and run out.</summary>
    Lapsed = 4,
}

/// <summary>The membership at an instant: its state, the dates a shopper is told, and the chain of periods.</summary>
/// <param name="PaidThroughUtc">The end of the last paid period (null: never paid).</param>
/// <param name="EndsUtc">When the perks stop if nothing more is paid: paid-through plus the grace, or paid-through when cancelled.</param>
/// <param name="MemberSinceUtc">The start of the running membership (after the last lapse).</param>
/// <param name="LastRenewalFailed">The renewal due at paid-through was reported failed.</param>
public sealed record MemberStatus(MemberState State, DateTime? PaidThroughUtc, DateTime? EndsUtc, DateTime? MemberSinceUtc, bool Cancelled,
    bool LastRenewalFailed, IReadOnlyList<MembershipPeriod> Periods)
{
    public static MemberStatus None { get; } = new(MemberState.None, null, null, null, false, false, Array.Empty<MembershipPeriod>());

    /// <summary>The customer has the perks now (active, ending or in grace).</summary>
    public bool IsMember => State is MemberState.Active or MemberState.Ending or MemberState.Grace;
}

/// <summary>What the perks gave one order (recorded per order, never estimated): money in the store's primary currency.</summary>
public sealed record MemberSaving(decimal Discount, decimal Shipping, int ExtraPoints, decimal PointsValue)
{
    public static MemberSaving Zero { get; } = new(0m, 0m, 0, 0m);

    /// <summary>The money the perks saved: the discount, the shipping not charged and what the extra points are worth.</summary>
    public decimal Total => Discount + Shipping + PointsValue;

    public MemberSaving Plus(MemberSaving other) => new(Discount + other.Discount, Shipping + other.Shipping, ExtraPoints + other.ExtraPoints,
        PointsValue + other.PointsValue);
}

/// <summary>
/// The membership's rules, pure functions of the recorded payments, cancellations and failures, the grace and an
/// instant. Nothing about a membership is stored that these cannot recompute, so a refund of a middle period, a replayed
/// event or a missed night all land on the same answer.
/// </summary>
public static class MembershipRules
{
    /// <summary>
    /// The periods the payments buy, in payment order: a payment made while the customer is still a member (before
    /// paid-through plus the grace) continues from the paid-through date, so a renewal paid early or late in the grace
    /// neither loses nor gains days; a payment after the membership lapsed starts a new membership on the day it is paid.
    /// </summary>
    public static IReadOnlyList<MembershipPeriod> Chain(IEnumerable<MembershipPayment> payments, int graceDays)
    {
        var periods = new List<MembershipPeriod>();
        DateTime? paidThrough = null;
        foreach (var p in payments.OrderBy(p => p.PaidUtc).ThenBy(p => p.OrderId))
        {
            var continues = paidThrough is { } through && p.PaidUtc < through.AddDays(graceDays);
            var start = continues ? paidThrough!.Value : p.PaidUtc;
            var end = p.Cycle.After(start);
            periods.Add(new MembershipPeriod(p.OrderId, p.PaidUtc, start, end, continues));
            paidThrough = end;
        }
        return periods;
    }

    /// <summary>
    /// The state at <paramref name="now"/>. A cancellation counts when made after the last period was paid (paying again
    /// after cancelling is a new subscription); the member keeps what they paid for, to paid-through, without grace.
    /// </summary>
    /// <param name="cancellations">When the customer (or the store) cancelled the recurring payment.</param>
    /// <param name="failures">The due dates (UTC) of renewals reported failed.</param>
    public static MemberStatus Status(IEnumerable<MembershipPayment> payments, IEnumerable<DateTime> cancellations, IEnumerable<DateTime> failures,
        int graceDays, DateTime now)
    {
        var periods = Chain(payments, graceDays);
        if (periods.Count == 0) return MemberStatus.None;
        var last = periods[^1];
        var since = periods.Last(p => !p.Renewal).StartUtc;
        var cancelled = cancellations.Any(c => c >= last.PaidUtc);
        var failed = failures.Any(f => f.Date == last.EndUtc.Date);
        var ends = cancelled ? last.EndUtc : last.EndUtc.AddDays(graceDays);
        var state = now < last.EndUtc
            ? cancelled ? MemberState.Ending : MemberState.Active
            : now < ends ? MemberState.Grace : MemberState.Lapsed;
        return new MemberStatus(state, last.EndUtc, ends, since, cancelled, failed, periods);
    }

    /// <summary>
    /// The earn multiplier of a member on a tier: the two multiply (a tier's ×1.5 and membership's ×2 earn ×3), and the
    /// points are rounded down once at the end by <see cref="Loyalty.Earning"/>, so neither perk is lost to rounding.
    /// </summary>
    public static decimal CombinedMultiplier(decimal tierMultiplier, decimal memberMultiplier)
    {
        if (tierMultiplier < 0m) throw new ArgumentOutOfRangeException(nameof(tierMultiplier), "A multiplier cannot be negative.");
        if (memberMultiplier < 0m) throw new ArgumentOutOfRangeException(nameof(memberMultiplier), "A multiplier cannot be negative.");
        return tierMultiplier * memberMultiplier;
    }

    /// <summary>
    /// The reminder due at <paramref name="now"/>, if any: a renewing member within <c>RenewalReminderDays</c> before the
    /// paid-through date is told it renews then (not when that renewal was already reported failed); a member in grace or with a cancelled renewal within
    /// <c>ExpiryReminderDays</c> before the perks stop is told the day they stop. Nothing once the date has passed, for a
    /// non-member, or when the days are 0. A pure function of the state, so every sweep in the window names the same date.
    /// </summary>
    public static (MembershipReminderKind Kind, DateTime DateUtc)? ReminderDue(MemberStatus status, MembershipSettings settings, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled) return null;
        if (status.State == MemberState.Active && !status.LastRenewalFailed && settings.RenewalReminderDays > 0 && status.PaidThroughUtc is { } renews
            && now >= renews.AddDays(-settings.RenewalReminderDays) && now < renews)
            return (MembershipReminderKind.Renewal, renews);
        if (status.State is MemberState.Grace or MemberState.Ending && settings.ExpiryReminderDays > 0 && status.EndsUtc is { } ends
            && now >= ends.AddDays(-settings.ExpiryReminderDays) && now < ends)
            return (MembershipReminderKind.Expiry, ends);
        return null;
    }

    /// <summary>The sum of what the perks gave the orders (the "saved you X" figure).</summary>
    public static MemberSaving Sum(IEnumerable<MemberSaving> savings) => savings.Aggregate(MemberSaving.Zero, (a, b) => a.Plus(b));

    /// <summary>The key of the period an order paid: <c>member:{store}:{order}</c>.</summary>
    public static string PeriodKey(StoreId store, int orderId) => string.Create(CultureInfo.InvariantCulture, $"member:{store.Value}:{orderId}");

    /// <summary>The key of a failed renewal: <c>member-failed:{store}:{customer}:{due yyyyMMdd}</c> (one per due date).</summary>
    public static string FailedKey(StoreId store, CustomerId customer, DateTime dueUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"member-failed:{store.Value}:{customer.Value}:{dueUtc:yyyyMMdd}");

    /// <summary>The key of a cancellation: <c>member-cancel:{store}:{customer}:{order of the last period}</c> (one per subscription).</summary>
    public static string CancelKey(StoreId store, CustomerId customer, int lastOrderId) =>
        string.Create(CultureInfo.InvariantCulture, $"member-cancel:{store.Value}:{customer.Value}:{lastOrderId}");

    /// <summary>The key of what the perks gave an order: <c>member-saving:{store}:{order}:{part}</c> (part: <c>perks</c>, <c>points</c>).</summary>
    public static string SavingKey(StoreId store, int orderId, string part) =>
        string.Create(CultureInfo.InvariantCulture, $"member-saving:{store.Value}:{orderId}:{part}");

    /// <summary>The key of a customer's standing row: <c>member-standing:{store}:{customer}</c>.</summary>
    public static string StandingKey(StoreId store, CustomerId customer) =>
        string.Create(CultureInfo.InvariantCulture, $"member-standing:{store.Value}:{customer.Value}");
}
