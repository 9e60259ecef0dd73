using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>
/// The due steps of a run, worked as one batch: read what the steps need with one query per kind of fact
/// (<see cref="DueStepFactReader"/>), decide every step in memory (<see cref="StepDecision"/>), issue the coupons and
/// render (<see cref="StepComposer"/>), and commit the outcomes in chunks through the step writer.
/// </summary>
internal sealed class DueStepBatch
{
    private readonly DueStepFactReader _facts;
    private readonly StepComposer _composer;
    private readonly IWorkflowStepWriter _writer;
    private readonly int _chunkSize;
    private readonly IClock _clock;

    // writer: A transactional writer commits WorkflowRun.CommitChunkSize outcomes a call; the single-port one, one.
    public DueStepBatch(DueStepFactReader facts, StepComposer composer, IWorkflowStepWriter writer, IClock clock)
    {
        _facts = facts;
        _composer = composer;
        _writer = writer;
        _chunkSize = writer is SinglePortStepWriter ? 1 : WorkflowRun.CommitChunkSize;
        _clock = clock;
    }

    /// <summary>
    /// The batch's due steps, already in run order (priority, due, id). A failed read leaves its store's steps due; a failed
    /// coupon, rendering or commit leaves only its own step due; each failure is added to <paramref name="failures"/>.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<Enrollment> ordered, IReadOnlyDictionary<StoreId, StoreRun> stores, RunTally tally,
        List<Exception> failures, CancellationToken cancellationToken)
    {
        var now = _clock.UtcNow;
        var facts = new Dictionary<StoreId, DueStepFacts>();
        foreach (var group in ordered.GroupBy(e => e.Store))
            await RunFailures.IsolatedAsync(failures, $"Reading the due steps of store {group.Key}",
                async () => facts[group.Key] = await _facts.ReadAsync(group.Key, group.ToList(), stores[group.Key], now, cancellationToken));

        var planned = new List<PlannedStep>();
        foreach (var enrollment in ordered.Where(e => facts.ContainsKey(e.Store)))
            await RunFailures.IsolatedAsync(failures, RunFailures.StepName(enrollment), () =>
            {
                var step = StepDecision.Decide(enrollment, stores[enrollment.Store], facts[enrollment.Store], now);
                facts[enrollment.Store].Apply(enrollment, step.Transition);
                planned.Add(step);
                return Task.CompletedTask;
            });

        var sent = await _composer.ComposeAsync(planned.Where(p => p.Outcome is null).ToList(), stores, now, failures, cancellationToken);
        var outcomes = planned.Select(p => p.Outcome is not null ? p : sent.GetValueOrDefault(p.Enrollment.Id)).OfType<PlannedStep>().ToList();
        await CommitAsync(outcomes, tally, failures, cancellationToken);
    }

    /// <summary>
    /// Commits the outcomes in run order through the step writer in chunks. A chunk that throws is committed again one
    /// outcome at a time, so only the failing step fails; only the outcomes whose transition won are counted.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<PlannedStep> steps, RunTally tally, List<Exception> failures, CancellationToken cancellationToken)
    {
        foreach (var chunk in steps.Chunk(_chunkSize))
        {
            if (chunk.Length > 1)
                try
                {
                    Count(chunk, await _writer.CommitAsync(chunk.Select(s => s.Outcome!).ToList(), cancellationToken), tally);
                    continue;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Fall through: each outcome alone, so the one that breaks the transaction is named and the rest commit.
                }
            foreach (var step in chunk)
                await RunFailures.IsolatedAsync(failures, RunFailures.StepName(step.Enrollment),
                    async () => Count([step], await _writer.CommitAsync([step.Outcome!], cancellationToken), tally));
        }
    }

    private static void Count(IEnumerable<PlannedStep> steps, IReadOnlySet<long> won, RunTally tally)
    {
        foreach (var step in steps.Where(s => won.Contains(s.Enrollment.Id)))
            tally.Count(step.Counts);
    }
}
