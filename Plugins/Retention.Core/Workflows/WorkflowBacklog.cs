// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>What a merchant chooses when switching a workflow on, for the customers who already qualify.</summary>
public enum BacklogChoice
{
    /// <summary>Only customers who qualify after the switch-on are enrolled; those who qualified before never are.</summary>
    FromNowOn = 1,
    /// <summary>Those who qualified before are enrolled too, at most <see cref="SwitchOnPlan.PerDay"/> a day.</summary>
    IncludeBacklog = 2,
}

/// <summary>
/// What was decided when a workflow was switched on: when, and what happens to the backlog (the customers who already
/// qualified then). The backlog is spread by customer id: day 0 (the switch-on's UTC day) takes the first
/// <see cref="PerDay"/> ids, day 1 the next, and so on; <see cref="DayStarts"/> holds the first id of each later day, so
/// the spread is the same on every node and on every run, without a stored list of customers.
/// </summary>
public sealed record SwitchOnPlan
{
    /// <summary>Most days a backlog is spread over (ten years): keeps the stored plan small.</summary>
    public const int MaxDays = 3650;

    /// <summary>The default pace offered for a backlog.</summary>
    public const int DefaultPerDay = 200;

    public required DateTime SwitchedOnUtc { get; init; }

    public required BacklogChoice Choice { get; init; }

    /// <summary>Customers of the backlog enrolled per day; 0 with <see cref="BacklogChoice.FromNowOn"/>.</summary>
    public int PerDay { get; init; }

    /// <summary>How many customers were in the backlog at the switch-on.</summary>
    public int BacklogCount { get; init; }

    /// <summary>The first customer id of each day after the first, ascending (empty when the backlog fits in one day).</summary>
    public IReadOnlyList<int> DayStarts { get; init; } = [];

    /// <summary>The days the backlog takes, the switch-on's day included; 0 without one.</summary>
    public int Days => Choice == BacklogChoice.IncludeBacklog && BacklogCount > 0 ? DayStarts.Count + 1 : 0;

    /// <summary>
    /// The plan for a switch-on at <paramref name="nowUtc"/> over the customers who qualify then (<paramref name="backlog"/>,
    /// any order): with <see cref="BacklogChoice.IncludeBacklog"/> every <paramref name="perDay"/>-th id by ascending id
    /// starts a new day.
    /// </summary>
    public static SwitchOnPlan For(DateTime nowUtc, BacklogChoice choice, int perDay, IReadOnlyCollection<int> backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        if (!Enum.IsDefined(choice))
            throw new ArgumentOutOfRangeException(nameof(choice), choice, "Choose from now on or include the backlog.");
        if (choice == BacklogChoice.FromNowOn)
            return new SwitchOnPlan { SwitchedOnUtc = nowUtc, Choice = choice, BacklogCount = backlog.Count };
        if (perDay < 1)
            throw new ArgumentOutOfRangeException(nameof(perDay), perDay, "A backlog is enrolled at least one customer a day.");
        var ids = backlog.Distinct().Order().ToList();
        var starts = new List<int>();
        for (var i = perDay; i < ids.Count; i += perDay)
            starts.Add(ids[i]);
        return new SwitchOnPlan { SwitchedOnUtc = nowUtc, Choice = choice, PerDay = perDay, BacklogCount = ids.Count, DayStarts = starts };
    }

    /// <summary>
    /// Whether a customer who qualified at <paramref name="qualifiedUtc"/> may be enrolled at <paramref name="nowUtc"/>:
    /// always when they qualified at or after the switch-on; a backlog customer (qualified before) never with
    /// <see cref="BacklogChoice.FromNowOn"/>, else from the start of their day (UTC) of the spread.
    /// </summary>
    public bool Admits(CustomerId customer, DateTime qualifiedUtc, DateTime nowUtc)
    {
        if (qualifiedUtc >= SwitchedOnUtc)
            return true;
        if (Choice != BacklogChoice.IncludeBacklog)
            return false;
        return nowUtc >= DayOpensUtc(customer);
    }

    /// <summary>When the backlog's day of <paramref name="customer"/> begins (00:00 UTC of the switch-on's day + its day number).</summary>
    public DateTime DayOpensUtc(CustomerId customer)
    {
        var day = 0;
        // DayStarts is short (one entry per day) and ascending: the number of starts at or below the id is the day.
        while (day < DayStarts.Count && DayStarts[day] <= customer.Value)
            day++;
        return DateTime.SpecifyKind(SwitchedOnUtc.Date, DateTimeKind.Utc).AddDays(day);
    }

    /// <summary>Checks a plan read from storage or a form; field names under <c>SwitchOn.</c>.</summary>
    public void Validate(ValidationResult result, string prefix)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!Enum.IsDefined(Choice))
            result.Add(prefix + nameof(Choice), "Choose from now on or include the backlog.");
        if (Choice == BacklogChoice.IncludeBacklog)
            result.Range(prefix + nameof(PerDay), PerDay, 1, 100_000);
        result.Range(prefix + nameof(BacklogCount), BacklogCount, 0, int.MaxValue);
        if (DayStarts.Count >= MaxDays)
            result.Add(prefix + nameof(PerDay), $"The backlog would take more than {MaxDays} days: enrol more customers a day.");
        for (var i = 1; i < DayStarts.Count; i++)
            if (DayStarts[i] <= DayStarts[i - 1])
            {
                result.Add(prefix + nameof(DayStarts), "The days of the backlog must start at ascending customer ids.");
                break;
            }
    }

    // A record compares lists by reference; two plans with the same days are the same plan.
    public bool Equals(SwitchOnPlan? other) =>
        other is not null && SwitchedOnUtc == other.SwitchedOnUtc && Choice == other.Choice && PerDay == other.PerDay
        && BacklogCount == other.BacklogCount && DayStarts.SequenceEqual(other.DayStarts);

    public override int GetHashCode() => HashCode.Combine(SwitchedOnUtc, Choice, PerDay, BacklogCount, DayStarts.Count);
}

/// <summary>What switching a workflow on would do now: the customers who already qualify, and the days a pace would take.</summary>
/// <param name="HasBacklog">Whether the workflow enrolls from a scan at all: event-triggered workflows (welcome, review request…) enrol as their events come, so nobody qualifies in advance.</param>
public sealed record SwitchOnPreview(WorkflowKind Workflow, bool HasBacklog, int BacklogCount, int PerDay)
{
    /// <summary>Days <see cref="BacklogCount"/> customers take at <see cref="PerDay"/> a day (the first being today).</summary>
    public int Days => BacklogCount == 0 || PerDay < 1 ? 0 : (BacklogCount + PerDay - 1) / PerDay;
}

/// <summary>What a merchant's "start win-back now" for one customer did.</summary>
public enum ManualStartStatus
{
    /// <summary>Enrolled: the first email goes out with the next run, when the weekly cap and the quiet hours allow.</summary>
    Started = 1,
    /// <summary>Enrolled in the control group: followed, never emailed (the lift report needs them).</summary>
    StartedAsControl = 2,
    WorkflowOff = 3,
    /// <summary>The customer is gone, inactive or has no email address.</summary>
    Unreachable = 4,
    /// <summary>No marketing consent, or unsubscribed: win-back is marketing.</summary>
    NoConsent = 5,
    /// <summary>A win-back sequence for the customer is running, or ended less than the re-entry days ago.</summary>
    AlreadyStarted = 6,
    NotInAudience = 7,
}

/// <summary>The outcome of a one-off start, with the sentence the sandbox shows (the plugin shows its locale resource for the status).</summary>
public sealed record ManualStart(ManualStartStatus Status, string Message)
{
    public bool IsStarted => Status is ManualStartStatus.Started or ManualStartStatus.StartedAsControl;
}
