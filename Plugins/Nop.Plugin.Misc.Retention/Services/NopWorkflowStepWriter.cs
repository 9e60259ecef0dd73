using System.Transactions;
using Retention.Core.Messaging;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Commits a run's step outcomes in one database transaction per call: per outcome the enrollment's compare-and-set
/// first, and only when it won the step's event and its email (the outbox row and nopCommerce's queued email). The
/// ports it writes through are the plugin's, all on nopCommerce's one database, so they share the transaction.
/// </summary>
/// <remarks>
/// The transaction is nopCommerce's own way of making several repository writes atomic (see docs/decisions.md, "The
/// plugin's workflow writes"): an ambient <see cref="TransactionScope"/> that flows across awaits. Every
/// repository call opens its own connection, which enlists in the ambient transaction; the scope commits only when it
/// is completed, so an exception anywhere (a lost race that aborted the transaction, a template that fails to render,
/// the database gone) disposes it uncompleted and nothing of the call is written — every step of it stays due. The one
/// exception that is not a failure is a lost race: a claim or key another node committed first fails our insert, which
/// ends the transaction on PostgreSQL and MySQL; that outcome is dropped as lost and the rest committed again.
/// </remarks>
public class NopWorkflowStepWriter : IWorkflowStepWriter
{
    // TransactionScope's default is Serializable, under which racing nodes fail each other with serialization errors
    // (PostgreSQL 40001) and deadlocks (MySQL) instead of one winning; the compare-and-set claims need no more than this.
    private static readonly TransactionOptions ReadCommitted = new() { IsolationLevel = IsolationLevel.ReadCommitted };

    private readonly IEnrollmentStore _enrollments;
    private readonly IWorkflowEventStore _events;
    private readonly IMessageOutbox _outbox;

    public NopWorkflowStepWriter(IEnrollmentStore enrollments, IWorkflowEventStore events, IMessageOutbox outbox)
    {
        _enrollments = enrollments;
        _events = events;
        _outbox = outbox;
    }

    public async Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        // Refused before the transaction opens, so a bad call writes nothing and holds no connection.
        StepOutcomeRules.Validate(outcomes);

        var pending = outcomes.ToList();
        while (pending.Count > 0)
        {
            var current = -1;
            try
            {
                var won = new HashSet<long>();
                using (var scope = new TransactionScope(TransactionScopeOption.Required, ReadCommitted, TransactionScopeAsyncFlowOption.Enabled))
                {
                    for (current = 0; current < pending.Count; current++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var outcome = pending[current];
                        if (!await _enrollments.TryAdvanceAsync(outcome.Transition, cancellationToken))
                            continue;
                        won.Add(outcome.Transition.EnrollmentId);
                        if (outcome.Event is { } workflowEvent)
                            await _events.TryAddAsync(workflowEvent, cancellationToken);
                        if (outcome.Message is { } message)
                            await _outbox.TryEnqueueAsync(message, cancellationToken);
                    }
                    scope.Complete();
                }
                return won;
            }
            catch (KeyedInsertLostException) when (current >= 0 && current < pending.Count)
            {
                // Another node committed this outcome's move (or its event or email) first, and the database ended our
                // transaction with it: the outcome is lost, the others are committed again without it.
                pending.RemoveAt(current);
            }
        }
        return new HashSet<long>();
    }
}
