namespace Retention.Core.Workflows;

/// <summary>What every <see cref="IWorkflowStepWriter"/> checks before it writes anything.</summary>
public static class StepOutcomeRules
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the outcomes cannot be committed as one: a missing transition, two
    /// outcomes for one enrollment (which would win depends on the order of writes), or an event about another
    /// enrollment than its transition's. Writers call it first, so a refused call has written nothing.
    /// </summary>
    public static void Validate(IReadOnlyList<StepOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var seen = new HashSet<long>();
        foreach (var outcome in outcomes)
        {
            if (outcome?.Transition is not { } transition)
                throw new ArgumentException("Every step outcome needs its enrollment's transition.", nameof(outcomes));
            if (!seen.Add(transition.EnrollmentId))
                throw new ArgumentException($"Enrollment {transition.EnrollmentId} has two outcomes in one commit; commit one per enrollment.", nameof(outcomes));
            if (outcome.Event is { } workflowEvent && workflowEvent.EnrollmentId != transition.EnrollmentId)
                throw new ArgumentException(
                    $"The event {workflowEvent.Key} is about enrollment {workflowEvent.EnrollmentId}, its transition about {transition.EnrollmentId}.", nameof(outcomes));
        }
    }
}
