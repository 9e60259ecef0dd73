namespace Retention.Core.Workflows;

/// <summary>
/// How an enrollment moves and what a step records, shared by the due-step batch, the exits on store events and the
/// unsubscribe link, so every writer builds the same compare-and-set transition and the same step-keyed event.
/// </summary>
internal static class StepTransitions
{
    /// <summary>Longest reason or event detail written; longer text is cut.</summary>
    private const int MaxTextLength = 400;

    /// <summary>Moves to the next step, due at anchor + its delay (not before now), or completes the enrollment after the last.</summary>
    public static EnrollmentTransition Advance(Enrollment enrollment, WorkflowSettings workflow, DateTime now)
    {
        var next = enrollment.NextStep + 1;
        return next >= workflow.Steps.Count
            ? Move(enrollment, next, null, EnrollmentState.Completed, null, now)
            : Move(enrollment, next, Later(enrollment.AnchorUtc + workflow.Steps[next].Delay, now), EnrollmentState.Active, null, now);
    }

    /// <summary>Ends the enrollment where it stands (exited or completed), with no step due.</summary>
    public static EnrollmentTransition Close(Enrollment enrollment, EnrollmentState state, string? reason, DateTime now) =>
        Move(enrollment, enrollment.NextStep, null, state, reason, now);

    public static EnrollmentTransition Move(Enrollment enrollment, int nextStep, DateTime? nextDue, EnrollmentState state, string? reason, DateTime now) =>
        new(enrollment.Id, enrollment.NextStep, nextStep, nextDue, state, Clip(reason), now);

    /// <summary>The one outcome event of a step (sent, withheld or skipped), under the step's key so it is recorded once.</summary>
    public static WorkflowEvent StepEvent(Enrollment enrollment, WorkflowEventKind kind, string? detail, DateTime now) => new()
    {
        Key = enrollment.StepKey(enrollment.NextStep),
        EnrollmentId = enrollment.Id,
        Workflow = enrollment.Workflow,
        Step = enrollment.NextStep,
        Store = enrollment.Store,
        Customer = enrollment.Customer,
        Kind = kind,
        OccurredUtc = now,
        IsControl = enrollment.IsControl,
        Detail = Clip(detail),
    };

    /// <summary>Why an exit on a store event closed an enrollment, as the admin reads it.</summary>
    public static string ExitReason(ExitOn reason) => reason switch
    {
        ExitOn.OrderPlaced => "The customer placed an order.",
        ExitOn.CartEmptied => "The cart was emptied.",
        _ => $"Exit on {reason}.",
    };

    public static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    private static string? Clip(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] : text;
}
