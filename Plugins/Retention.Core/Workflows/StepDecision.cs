namespace Retention.Core.Workflows;

/// <summary>
/// A decided step. <see cref="Outcome"/> is null for a step that sends: its coupon, content and email come after the
/// decisions; <see cref="Transition"/> is known from the start, since a send and a skip for nothing to say move alike.
/// </summary>
internal sealed record PlannedStep(Enrollment Enrollment, WorkflowSettings Workflow, EnrollmentTransition Transition, StepOutcome? Outcome, Counted Counts,
    ContactFacts? Contact = null);

/// <summary>
/// One due step's fate, decided in memory from the batch's facts by the rules in order: switched off, steps removed,
/// exits (win-back also for a customer shopping again), the step's condition, the control group, then the contact policy (<see cref="ContactTiming"/>). Pure: the
/// batch writes what it decides.
/// </summary>
internal static class StepDecision
{
    public static PlannedStep Decide(Enrollment enrollment, StoreRun run, DueStepFacts facts, DateTime now)
    {
        var workflow = run.Settings.For(enrollment.Workflow);
        var index = enrollment.NextStep;
        if (!run.Options.Enabled || !workflow.Enabled)
            return Exit(enrollment, workflow, run.Options.Enabled ? "The workflow was switched off." : "Retention was switched off in the store.", now);
        if (index >= workflow.Steps.Count)
            // The merchant removed steps since this enrollment started: nothing is left to send.
            return Moved(enrollment, workflow, StepTransitions.Move(enrollment, index, null, EnrollmentState.Completed, null, now), Counted.Nothing);
        if (ExitReason(enrollment, workflow, facts) is { } exit)
            return Exit(enrollment, workflow, exit, now);
        // Someone shopping again is not dormant: win-back ends and the cart's reminders speak for the store.
        if (enrollment.Workflow == WorkflowKind.WinBack
            && TriggerRules.WinBackHoldReason(facts.Shopping.GetValueOrDefault(enrollment.Customer, ShoppingActivity.None), now,
                run.Options.AbandonedCartDelayMinutes) is { } shopping)
            return Exit(enrollment, workflow, shopping, now);

        var step = workflow.Steps[index];
        if (ConditionFailure(enrollment, step.Condition, facts) is { } failed)
            return Skip(enrollment, workflow, failed, permanent: false, now);
        if (enrollment.IsControl)
            return Recorded(enrollment, workflow, StepTransitions.Advance(enrollment, workflow, now), WorkflowEventKind.Withheld, null, Counted.Withheld, now);

        var contact = facts.Contacts.GetValueOrDefault(enrollment.Customer);
        var decision = run.Policy.CheckContact(workflow.IsMarketing, contact);
        if (decision.Verdict == ContactVerdict.Send && workflow.IsMarketing)
            decision = ContactTiming.Decide(enrollment, workflow, step, contact!, run, facts, now);
        switch (decision.Verdict)
        {
            case ContactVerdict.Skip:
                return Skip(enrollment, workflow, decision.Reason!, decision.Permanent, now);
            case ContactVerdict.Defer:
                return Moved(enrollment, workflow, StepTransitions.Move(enrollment, index, decision.UntilUtc, EnrollmentState.Active, null, now), Counted.Deferred);
        }
        // A send decided here takes its slot under the cap for the batch's later steps of the same customer.
        if (workflow.IsMarketing)
            facts.TimesOf(enrollment.Customer).Add(now);
        return new PlannedStep(enrollment, workflow, StepTransitions.Advance(enrollment, workflow, now), null, Counted.Sent, contact);
    }

    /// <summary>The step's outcome as a skip; a permanent reason also ends the enrollment.</summary>
    public static PlannedStep Skip(Enrollment enrollment, WorkflowSettings workflow, string reason, bool permanent, DateTime now) => permanent
        ? Recorded(enrollment, workflow, StepTransitions.Close(enrollment, EnrollmentState.Exited, reason, now), WorkflowEventKind.Skipped, reason,
            Counted.Exited, now)
        : Recorded(enrollment, workflow, StepTransitions.Advance(enrollment, workflow, now), WorkflowEventKind.Skipped, reason, Counted.Skipped, now);

    private static string? ExitReason(Enrollment enrollment, WorkflowSettings workflow, DueStepFacts facts)
    {
        if (workflow.ExitOn.HasFlag(ExitOn.OrderPlaced)
            && facts.LastOrderUtc.TryGetValue(enrollment.Customer.Value, out var lastOrder) && lastOrder > enrollment.EnrolledUtc)
            return StepTransitions.ExitReason(ExitOn.OrderPlaced);
        if (workflow.ExitOn.HasFlag(ExitOn.CartEmptied) && !facts.WithCart.Contains(enrollment.Customer.Value))
            return StepTransitions.ExitReason(ExitOn.CartEmptied);
        return null;
    }

    private static string? ConditionFailure(Enrollment enrollment, StepCondition condition, DueStepFacts facts) => condition switch
    {
        StepCondition.NotClickedYet when facts.Clicked.Contains(enrollment.Id) => "An earlier email of this enrollment was clicked.",
        StepCondition.CartStillHasItems when !facts.WithCart.Contains(enrollment.Customer.Value) => "The cart is empty.",
        _ => null,
    };

    private static PlannedStep Exit(Enrollment enrollment, WorkflowSettings workflow, string reason, DateTime now) =>
        Moved(enrollment, workflow, StepTransitions.Close(enrollment, EnrollmentState.Exited, reason, now), Counted.Exited);

    /// <summary>A step that only moves its enrollment (closed, deferred): no event, no email.</summary>
    private static PlannedStep Moved(Enrollment enrollment, WorkflowSettings workflow, EnrollmentTransition transition, Counted counts) =>
        new(enrollment, workflow, transition, new StepOutcome(transition, null, null), counts);

    private static PlannedStep Recorded(Enrollment enrollment, WorkflowSettings workflow, EnrollmentTransition transition, WorkflowEventKind kind, string? detail,
        Counted counts, DateTime now) =>
        new(enrollment, workflow, transition, new StepOutcome(transition, StepTransitions.StepEvent(enrollment, kind, detail, now), null), counts);
}
