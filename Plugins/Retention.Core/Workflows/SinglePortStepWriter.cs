using Retention.Core.Messaging;

namespace Retention.Core.Workflows;

/// <summary>
/// The engine's writer when the host has no <see cref="IWorkflowStepWriter"/>: the single ports in the crash-safe order
/// email → event → compare-and-set, each keyed by the step, so a crash between any two is finished by the next run.
/// Unlike a transactional writer, a lost transition may have queued its email already (the winner's, under the same key).
/// </summary>
internal sealed class SinglePortStepWriter(IEnrollmentStore enrollments, IWorkflowEventStore events, IMessageOutbox outbox) : IWorkflowStepWriter
{
    public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        StepOutcomeRules.Validate(outcomes);
        var won = new HashSet<long>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Message is { } message)
                await outbox.TryEnqueueAsync(message, cancellationToken);
            if (outcome.Event is { } workflowEvent)
                await events.TryAddAsync(workflowEvent, cancellationToken);
            if (await enrollments.TryAdvanceAsync(outcome.Transition, cancellationToken))
                won.Add(outcome.Transition.EnrollmentId);
        }
        return won;
    }
}
