using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;

namespace Retention.Core.Workflows;

/// <summary>
/// The scheduled run the hosts' task calls: under one lock across nodes, each store's scans, then a batch of due steps,
/// then the cleanup of expired unused coupons.
/// </summary>
public sealed class WorkflowRun
{
    /// <summary>Largest batch of due steps one run takes per lock hold; the rest wait for the next run.</summary>
    public const int MaxBatchSize = 5000;

    /// <summary>Most customers (or enrollments) one batch read asks about, so an IN list stays within every provider's parameter limits.</summary>
    public const int ReadChunkSize = 1000;

    /// <summary>Outcomes per <see cref="IWorkflowStepWriter.CommitAsync"/> call: one transaction short enough not to hold locks for long.</summary>
    public const int CommitChunkSize = 250;

    /// <summary>The lock every node's run takes, so two nodes never work the same batch at once.</summary>
    public const string RunLockResource = "workflows.run";

    /// <summary>How long a run may hold its lock before another node may take over (a dead holder's lock lapses).</summary>
    private static readonly TimeSpan RunLockExpiry = TimeSpan.FromMinutes(30);

    private readonly IWorkflowSettingsStore _settings;
    private readonly IOptionsStore _options;
    private readonly IEnrollmentStore _enrollments;
    private readonly WorkflowScans _scans;
    private readonly DueStepBatch _dueSteps;
    private readonly ICouponIssuer _coupons;
    private readonly IDistributedLock _lock;
    private readonly IClock _clock;

    internal WorkflowRun(IWorkflowSettingsStore settings, IOptionsStore options, IEnrollmentStore enrollments, WorkflowScans scans, DueStepBatch dueSteps,
        ICouponIssuer coupons, IDistributedLock runLock, IClock clock)
    {
        _settings = settings;
        _options = options;
        _enrollments = enrollments;
        _scans = scans;
        _dueSteps = dueSteps;
        _coupons = coupons;
        _lock = runLock;
        _clock = clock;
    }

    /// <summary>
    /// The scheduled run, under <see cref="RunLockResource"/>: per store, the scans that enroll (abandoned carts, dormant
    /// customers, birthdays, expiring points), then up to <paramref name="batchSize"/> due steps (higher-priority workflows
    /// first), then expired unused coupons. The due steps run as one batch (<see cref="DueStepBatch"/>): their facts read
    /// once per store, each step decided in memory (exits, condition, contact policy), then coupons, rendering and the
    /// outcomes committed by compare-and-set — so a crash anywhere repeats nothing when the run is retried.
    /// </summary>
    public async Task<WorkflowRunReport> RunAsync(int batchSize = 500, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1 || batchSize > MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"A run takes between 1 and {MaxBatchSize} due steps.");
        WorkflowRunReport? report = null;
        var ran = await _lock.TryRunExclusiveAsync(RunLockResource, RunLockExpiry,
            async token => report = await RunExclusiveAsync(batchSize, token), cancellationToken);
        return ran && report is not null ? report : WorkflowRunReport.Busy;
    }

    /// <summary>
    /// The run's three parts, each failure kept apart: a store whose scan fails, or one enrollment whose step fails every
    /// time (a product gone, a template broken), must not hold back every other step. The failures are thrown together
    /// at the end, so the host's task logs them; the failed steps stay due and are tried again on the next run.
    /// </summary>
    private async Task<WorkflowRunReport> RunExclusiveAsync(int batchSize, CancellationToken cancellationToken)
    {
        var tally = new RunTally();
        var failures = new List<Exception>();
        var stores = new Dictionary<StoreId, StoreRun>();
        foreach (var store in await _settings.StoresAsync(cancellationToken))
        {
            var run = await StoreRunAsync(store, stores, cancellationToken);
            if (run.Options.Enabled)
                await RunFailures.IsolatedAsync(failures, $"The scans of store {store}",
                    async () => tally.Enrolled += await _scans.ScanStoreAsync(store, run.Settings, run.Options, batchSize, cancellationToken));
        }

        var due = await _enrollments.DueAsync(_clock.UtcNow, batchSize, cancellationToken);
        foreach (var store in due.Select(e => e.Store).Distinct())
            await StoreRunAsync(store, stores, cancellationToken);
        // The batch is the earliest due; within it the higher-priority workflows go first, so they take the cap's slots.
        var ordered = due.OrderByDescending(e => stores[e.Store].Settings.For(e.Workflow).Priority).ThenBy(e => e.NextDueUtc).ThenBy(e => e.Id);
        await _dueSteps.RunAsync(ordered.ToList(), stores, tally, failures, cancellationToken);

        // The issuer cleans across stores: the longest grace any store asks for is the one that is safe for all.
        var cleanupDays = stores.Count == 0 ? WorkflowCatalog.Defaults().CouponCleanupDays : stores.Values.Max(r => r.Settings.CouponCleanupDays);
        var cleaned = 0;
        await RunFailures.IsolatedAsync(failures, "The coupon cleanup",
            async () => cleaned = await _coupons.CleanupExpiredAsync(_clock.UtcNow.AddDays(-cleanupDays), batchSize, cancellationToken));
        if (failures.Count > 0)
            throw new AggregateException($"{failures.Count} part(s) of the workflow run failed; the rest ran, and what failed is tried again next run.", failures);
        return tally.ToReport(cleaned);
    }

    private async Task<StoreRun> StoreRunAsync(StoreId store, Dictionary<StoreId, StoreRun> loaded, CancellationToken cancellationToken)
    {
        if (!loaded.TryGetValue(store, out var run))
        {
            var options = await _options.LoadAsync(store, cancellationToken);
            run = new StoreRun(await _settings.LoadAsync(store, cancellationToken), options, new ContactPolicy(options));
            loaded.Add(store, run);
        }
        return run;
    }
}

/// <summary>What one store's run works with, loaded once per run.</summary>
internal sealed record StoreRun(WorkflowProgramSettings Settings, RetentionOptions Options, ContactPolicy Policy);

/// <summary>What a step's outcome adds to the run's report when its transition wins.</summary>
internal enum Counted { Nothing, Sent, Withheld, Skipped, Deferred, Exited }

/// <summary>Counts of what a run did; steps count only when this runner's write won.</summary>
internal sealed class RunTally
{
    public int Enrolled, Sent, Withheld, Skipped, Deferred, Exited;

    public void Count(Counted counted)
    {
        switch (counted)
        {
            case Counted.Sent: Sent++; break;
            case Counted.Withheld: Withheld++; break;
            case Counted.Skipped: Skipped++; break;
            case Counted.Deferred: Deferred++; break;
            case Counted.Exited: Exited++; break;
        }
    }

    public WorkflowRunReport ToReport(int couponsCleaned) => new(Enrolled, Sent, Withheld, Skipped, Deferred, Exited, couponsCleaned, LockBusy: false);
}
