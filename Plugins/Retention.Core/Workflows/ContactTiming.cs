namespace Retention.Core.Workflows;

/// <summary>
/// When a marketing email that may reach the customer may go out: quiet hours, then the weekly cap with the slots kept
/// that the customer's higher-priority steps of the coming week need. Decided from the batch's facts (send times and the customer's other
/// enrollments), which the batch keeps current as it decides.
/// </summary>
internal static class ContactTiming
{
    /// <summary>Precision of "when does a slot under the weekly cap free up".</summary>
    private static readonly TimeSpan SlotSearchStep = TimeSpan.FromHours(1);

    /// <summary>Quiet hours, then the weekly cap: when a marketing email that may reach the customer may go out.</summary>
    public static ContactDecision Decide(Enrollment enrollment, WorkflowSettings workflow, WorkflowStep step, ContactFacts contact, StoreRun run,
        DueStepFacts facts, DateTime now)
    {
        if (run.Policy.QuietHoursEndUtc(now, contact.TimeZone) is { } quietEnd)
            return ContactDecision.Defer(quietEnd, "Quiet hours.");

        var times = facts.TimesOf(enrollment.Customer);
        var sent = SentInWindow(times, now);
        var cap = run.Options.MarketingEmailsPerWeek;
        var higherDue = HigherPriorityDue(enrollment, workflow, run.Settings, facts, now);
        var stepDue = StepTransitions.Later(enrollment.AnchorUtc + step.Delay, enrollment.EnrolledUtc);
        return run.Policy.CheckCap(sent, higherDue.Count) switch
        {
            CapState.Full => ContactPolicy.DeferForCap(stepDue, SlotFrees(times, cap, now), $"Weekly cap of {cap} marketing emails reached."),
            // Tried again once the first of them has gone: a step skipped there (cart emptied) frees its slot.
            CapState.KeptForHigherPriority => ContactPolicy.DeferForCap(stepDue, StepTransitions.Later(higherDue.Min(), now).AddMinutes(1),
                "The free slots of the weekly cap are kept for higher-priority emails due this week."),
            _ => ContactDecision.Send,
        };
    }

    /// <summary>
    /// Marketing emails in the cap's window ending at <paramref name="atUtc"/>. An email leaves the window exactly 7 days
    /// after it was queued: the window starts a second later than 7 days back, a margin that survives any database's time precision.
    /// </summary>
    private static int SentInWindow(List<DateTime> times, DateTime atUtc)
    {
        var since = atUtc - ContactPolicy.CapWindow + TimeSpan.FromSeconds(1);
        return times.Count(t => t >= since);
    }

    /// <summary>
    /// The first hour from now at which the cap's window holds fewer than <paramref name="cap"/> emails, assuming no new
    /// sends; null when the cap allows none. The count only falls as the window slides, so a binary search finds it.
    /// </summary>
    private static DateTime? SlotFrees(List<DateTime> times, int cap, DateTime now)
    {
        if (cap <= 0)
            return null;
        var (low, high) = (1, (int)(ContactPolicy.CapWindow / SlotSearchStep));
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (SentInWindow(times, now + middle * SlotSearchStep) < cap)
                high = middle;
            else
                low = middle + 1;
        }
        return now + low * SlotSearchStep;
    }

    /// <summary>
    /// When each remaining marketing step of the customer's other, higher-priority enrollments falls due, for those within
    /// <see cref="ContactPolicy.CapWindow"/> from now: the next step at its due time, later ones at anchor + delay (not before it).
    /// </summary>
    private static List<DateTime> HigherPriorityDue(Enrollment enrollment, WorkflowSettings workflow, WorkflowProgramSettings settings, DueStepFacts facts,
        DateTime now)
    {
        var horizon = now + ContactPolicy.CapWindow;
        var due = new List<DateTime>();
        foreach (var other in facts.Active.GetValueOrDefault(enrollment.Customer, []))
        {
            if (other.Id == enrollment.Id || other.IsControl || other.NextDueUtc is not { } next
                || settings.For(other.Workflow) is not { Enabled: true, IsMarketing: true } higher || higher.Priority <= workflow.Priority)
                continue;
            for (var i = other.NextStep; i < higher.Steps.Count; i++)
            {
                var at = i == other.NextStep ? next : StepTransitions.Later(other.AnchorUtc + higher.Steps[i].Delay, next);
                if (at < horizon)
                    due.Add(at);
            }
        }
        return due;
    }
}
