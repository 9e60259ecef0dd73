using Retention.Core.Workflows;

namespace Retention.Core.Tables;

/// <summary>
/// Commits a run's step outcomes in one transaction per call, the one implementation every host uses: the enrollments'
/// compare-and-sets first, and only for those that won, the steps' events and emails. State change and email commit
/// together, so a killed process leaves every step either done with its email or still due; a failure rolls the whole
/// call back and rethrows, and every step of it stays due.
/// </summary>
/// <remarks>
/// Each part is one batched table verb (<see cref="ITable{TRow}.UpdateManyAsync"/>, then
/// <see cref="ITable{TRow}.TryInsertManyAsync"/> for the events and for the emails), so a call costs a handful of round
/// trips whatever its size. The compare-and-sets go in enrollment-id order, so two writers over the same enrollments
/// lock rows in the same order and cannot deadlock; each is a row's own, so a lost race loses only that outcome. The one
/// failure that is not an error is a keyed insert that lost its race on a host whose database then ends the transaction
/// (<see cref="TableRaceLostException"/>): the call runs again, its inserts now find the winner's committed rows (and its
/// compare-and-sets the winner's moves), so the lost outcome is dropped and the others are committed.
/// </remarks>
public sealed class WorkflowStepWriter(ITableTransactions transactions, EnrollmentStore enrollments, WorkflowEventStore events, OutboxStore outbox)
    : IWorkflowStepWriter
{
    public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        // Refused before the transaction opens, so a bad call writes nothing and holds no connection.
        StepOutcomeRules.Validate(outcomes);
        if (outcomes.Count == 0)
            return new HashSet<long>();

        var ordered = outcomes.OrderBy(o => o.Transition.EnrollmentId).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transactions.RunAsync(ct => CommitOnceAsync(ordered, ct), cancellationToken);
            }
            catch (TableRaceLostException) when (attempt <= ordered.Count)
            {
                // Each lost race is a row another writer committed, which the next attempt finds: at most one attempt per outcome.
            }
        }
    }

    private async Task<IReadOnlySet<long>> CommitOnceAsync(List<StepOutcome> ordered, CancellationToken cancellationToken)
    {
        var won = await enrollments.TryAdvanceManyAsync(ordered.Select(o => o.Transition).ToList(), cancellationToken);
        var winners = ordered.Where(o => won.Contains(o.Transition.EnrollmentId)).ToList();
        var stepEvents = winners.Where(o => o.Event != null).Select(o => o.Event!).ToList();
        if (stepEvents.Count > 0)
            await events.TryAddManyAsync(stepEvents, cancellationToken);
        var emails = winners.Where(o => o.Message != null).Select(o => o.Message!).ToList();
        if (emails.Count > 0)
            await outbox.TryEnqueueManyAsync(emails, cancellationToken);
        return won;
    }
}
