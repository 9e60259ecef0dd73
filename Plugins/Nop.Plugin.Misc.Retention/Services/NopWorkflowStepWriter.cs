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
/// the database gone) disposes it uncompleted and nothing of the call is written — every step of it stays due.
/// </remarks>
public class NopWorkflowStepWriter : IWorkflowStepWriter
{
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

        var won = new HashSet<long>();
        if (outcomes.Count == 0)
            return won;
        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            foreach (var outcome in outcomes)
            {
                cancellationToken.ThrowIfCancellationRequested();
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
}
