using Retention.Core.Messaging;
using Retention.Core.Workflows;

namespace Retention.Core.Tables;

/// <summary>
/// Commits a run's step outcomes in one transaction per call, the one implementation every host uses: per outcome the
/// enrollment's compare-and-set first, and only when it won the step's event and its email. State change and email
/// commit together, so a killed process leaves every step either done with its email or still due; a failure rolls the
/// whole call back and rethrows, and every step of it stays due.
/// </summary>
/// <remarks>
/// The outcomes go in enrollment-id order, so two writers over the same enrollments lock rows in the same order and
/// cannot deadlock. The one failure that is not an error is a lost race: a key another writer committed first fails
/// our insert, which ends the transaction on PostgreSQL and MySQL (<see cref="TableRaceLostException"/>); that outcome
/// is dropped as lost and the rest committed again. Each outcome costs its own statements (an update, and an insert
/// for each of its event and email): on a networked database, a few round trips per outcome.
/// </remarks>
public sealed class WorkflowStepWriter(ITableTransactions transactions, IEnrollmentStore enrollments, IWorkflowEventStore events, IMessageOutbox outbox)
    : IWorkflowStepWriter
{
    public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        // Refused before the transaction opens, so a bad call writes nothing and holds no connection.
        StepOutcomeRules.Validate(outcomes);

        var pending = outcomes.OrderBy(o => o.Transition.EnrollmentId).ToList();
        while (pending.Count > 0)
        {
            var current = -1;
            try
            {
                return await transactions.RunAsync<IReadOnlySet<long>>(async ct =>
                {
                    var won = new HashSet<long>();
                    for (current = 0; current < pending.Count; current++)
                    {
                        ct.ThrowIfCancellationRequested();
                        var outcome = pending[current];
                        if (!await enrollments.TryAdvanceAsync(outcome.Transition, ct))
                            continue;
                        won.Add(outcome.Transition.EnrollmentId);
                        if (outcome.Event is { } workflowEvent)
                            await events.TryAddAsync(workflowEvent, ct);
                        if (outcome.Message is { } message)
                            await outbox.TryEnqueueAsync(message, ct);
                    }
                    return won;
                }, cancellationToken);
            }
            catch (TableRaceLostException) when (current >= 0 && current < pending.Count)
            {
                // Another writer committed this outcome's event or email first, and the database ended our transaction
                // with it: the outcome is lost, the others are committed again without it.
                pending.RemoveAt(current);
            }
        }
        return new HashSet<long>();
    }
}
