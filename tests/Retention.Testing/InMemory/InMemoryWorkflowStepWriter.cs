using Retention.Core.Workflows;

namespace Retention.Testing.InMemory;

/// <summary>
/// Commits step outcomes over <see cref="InMemoryWorkflowStores"/> and <see cref="InMemoryMessageOutbox"/> under both
/// their locks, as one database transaction would: every outcome is checked first, then each transition is applied by
/// compare-and-set and only the winners' events and emails are written. A call that throws has written nothing.
/// </summary>
public sealed class InMemoryWorkflowStepWriter(InMemoryWorkflowStores stores, InMemoryMessageOutbox outbox) : IWorkflowStepWriter
{
    /// <summary>Called with each chunk before anything is written, so a test can fail a chosen commit (a crash, a deadlock).</summary>
    public Action<IReadOnlyList<StepOutcome>>? BeforeCommit { get; set; }

    /// <summary>How many times <see cref="CommitAsync"/> was called.</summary>
    public int Commits => _commits;

    private int _commits;

    public Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        StepOutcomeRules.Validate(outcomes);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _commits);
        BeforeCommit?.Invoke(outcomes);
        foreach (var outcome in outcomes)
            if (outcome.Event is { } workflowEvent)
                InMemoryWorkflowStores.CheckDetail(workflowEvent);
        var won = new HashSet<long>();
        lock (stores.Sync)
        lock (outbox.Sync)
        {
            foreach (var outcome in outcomes)
            {
                if (!stores.AdvanceLocked(outcome.Transition))
                    continue;
                won.Add(outcome.Transition.EnrollmentId);
                if (outcome.Event is { } workflowEvent)
                    stores.AddEventLocked(workflowEvent);
                if (outcome.Message is { } message)
                    outbox.EnqueueLocked(message);
            }
        }
        return Task.FromResult<IReadOnlySet<long>>(won);
    }
}
