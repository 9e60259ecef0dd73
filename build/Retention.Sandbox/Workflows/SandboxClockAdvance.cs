using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Events;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Workflows;

/// <summary>What moving the clock on did, summed over the days it crossed.</summary>
public sealed record ClockAdvanceReport(DateTime FromUtc, DateTime ToUtc, int Runs, WorkflowRunReport Workflows, int Sweeps, NightlyReport Loyalty,
    IReadOnlyList<string> Failures)
{
    /// <summary>The steps worked in the advanced period, from the workflow events it recorded (filled in once the advance is done).</summary>
    public IReadOnlyList<StepsWorked> Steps { get; init; } = [];

    /// <summary>Active enrollments whose step was due by the end of the period and is still not worked (0 unless a part failed).</summary>
    public int StillDue { get; init; }
}

/// <summary>How often one step of one workflow was sent, withheld (control group) or skipped in an advanced period.</summary>
public sealed record StepsWorked(WorkflowKind Workflow, int Step, int Sent, int Withheld, int Skipped);

/// <summary>An advance under way: what it has done so far (<see cref="ClockAdvanceReport.ToUtc"/> is the clock's time now) and what it is doing.</summary>
public sealed record ClockAdvanceProgress(ClockAdvanceReport SoFar, DateTime TargetUtc, string Doing);

/// <summary>
/// The admin's "advance the clock": the time moves on at most a day per step, and at each step every workflow step that
/// fell due is worked (runs repeated until one finds nothing due, as the plugin's task would over those hours) and, on each
/// midnight crossed, the loyalty sweep runs for the day that began (expiries, birthdays, tier re-evaluation), as the
/// plugin's daily task does. So a week advanced is the week's sends and sweeps in the order they would have happened.
/// </summary>
public sealed class SandboxClockAdvance(SandboxClock clock, WorkflowRun run, StoreEvents events, IDistributedLock locks, SandboxDatabase database)
{
    /// <summary>Runs per step at most: a step's due set shrinks with each run, and a step deferred moves out of it.</summary>
    public const int MaxRunsPerStep = 50;

    /// <summary>How long a step waits for another run holding the workflows' lock before it reports the lock busy.</summary>
    public static readonly TimeSpan MaxLockWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(250);

    /// <param name="by">How far the clock moves.</param>
    /// <param name="progress">Told after each step of the clock, each sweep and each run, for the job page.</param>
    /// <param name="cancellationToken">Stops between runs; what was worked stays worked.</param>
    public async Task<ClockAdvanceReport> AdvanceAsync(TimeSpan by, IProgress<ClockAdvanceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var from = clock.UtcNow;
        var target = from + by;
        // The offset grows by exactly what was asked, in steps no longer than to the next midnight (the clock also runs
        // in real time meanwhile, so the steps are counted, not measured against an end time).
        var remaining = by;
        var runs = 0;
        var sweeps = 0;
        var workflows = new WorkflowRunReport(0, 0, 0, 0, 0, 0, 0, false);
        var loyalty = new NightlyReport(0, 0, 0, 0, 0, 0);
        var failures = new List<string>();
        void Tell(string doing) =>
            progress?.Report(new ClockAdvanceProgress(new ClockAdvanceReport(from, clock.UtcNow, runs, workflows, sweeps, loyalty, failures.Distinct().ToList()),
                target, doing));
        while (remaining > TimeSpan.Zero)
        {
            var now = clock.UtcNow;
            var midnight = now.Date.AddDays(1);
            var step = remaining < midnight - now ? remaining : midnight - now;
            remaining -= step;
            await clock.AdvanceAsync(step, cancellationToken);
            if (clock.UtcNow >= midnight)
            {
                // The simulated payment gateway first: the Coffee Club's renewals due by now become paid orders, as a
                // recurring payment's next cycle does in nopCommerce; the sweep then lets unpaid memberships lapse.
                await Demo.DemoMembership.RenewDueAsync(database, events, clock, cancellationToken);
                Tell($"Loyalty sweep for {midnight:yyyy-MM-dd}");
                // The day that began, as the plugin's nightly task sees it just after midnight.
                if (await LoyaltyRunLoop.SweepAsync(locks, events, DateOnly.FromDateTime(midnight), cancellationToken) is (true, { } night))
                {
                    sweeps++;
                    loyalty = Add(loyalty, night);
                }
            }
            var waitingSince = DateTime.UtcNow;
            for (var i = 0; i < MaxRunsPerStep; i++)
            {
                Tell($"Working the workflow steps due by {clock.UtcNow:yyyy-MM-dd HH:mm} UTC (run {i + 1})");
                WorkflowRunReport report;
                try
                {
                    report = await run.RunAsync(WorkflowRun.MaxBatchSize, cancellationToken);
                }
                catch (AggregateException e)
                {
                    // The run carried on past the parts that failed; they stay due and are tried on the next run.
                    failures.AddRange(e.InnerExceptions.Select(f => f.InnerException != null ? $"{f.Message} ({f.InnerException.Message})" : f.Message));
                    break;
                }
                if (report.LockBusy)
                {
                    // The background run (or another node's) holds the workflows: wait for it, since the steps of this
                    // stretch must all be worked before the clock moves on.
                    if (DateTime.UtcNow - waitingSince > MaxLockWait)
                    {
                        workflows = workflows with { LockBusy = true };
                        break;
                    }
                    Tell("Waiting for the background workflow run to finish");
                    await Task.Delay(LockRetry, cancellationToken);
                    i--;
                    continue;
                }
                runs++;
                waitingSince = DateTime.UtcNow;
                workflows = Add(workflows, report);
                if (report.Enrolled + report.Sent + report.Withheld + report.Skipped + report.Deferred + report.Exited == 0)
                    break;
            }
        }
        Tell("Checking that every step due by the end was worked");
        var to = clock.UtcNow;
        return new ClockAdvanceReport(from, to, runs, workflows, sweeps, loyalty, failures.Distinct().ToList())
        {
            Steps = await StepsWorkedAsync(from, to, cancellationToken),
            StillDue = await StillDueAsync(target, cancellationToken),
        };
    }

    /// <summary>The sends, holds and skips recorded in the period, per workflow step (the background run's too, if it ran meanwhile).</summary>
    private async Task<IReadOnlyList<StepsWorked>> StepsWorkedAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var (sent, withheld, skipped) = ((int)WorkflowEventKind.Sent, (int)WorkflowEventKind.Withheld, (int)WorkflowEventKind.Skipped);
        await using var db = database.CreateContext();
        var counts = await db.WorkflowEvents.AsNoTracking()
            .Where(e => e.OccurredUtc >= fromUtc && e.OccurredUtc <= toUtc && (e.KindId == sent || e.KindId == withheld || e.KindId == skipped))
            .GroupBy(e => new { e.WorkflowId, e.Step, e.KindId })
            .Select(g => new { g.Key.WorkflowId, g.Key.Step, g.Key.KindId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.GroupBy(c => (c.WorkflowId, c.Step)).OrderBy(g => g.Key.WorkflowId).ThenBy(g => g.Key.Step)
            .Select(g => new StepsWorked((WorkflowKind)g.Key.WorkflowId, g.Key.Step,
                g.Where(c => c.KindId == sent).Sum(c => c.Count), g.Where(c => c.KindId == withheld).Sum(c => c.Count),
                g.Where(c => c.KindId == skipped).Sum(c => c.Count)))
            .ToList();
    }

    private async Task<int> StillDueAsync(DateTime byUtc, CancellationToken cancellationToken)
    {
        const int active = (int)EnrollmentState.Active;
        await using var db = database.CreateContext();
        return await db.Enrollments.AsNoTracking().CountAsync(r => r.StateId == active && r.NextDueUtc != null && r.NextDueUtc <= byUtc, cancellationToken);
    }

    private static WorkflowRunReport Add(WorkflowRunReport a, WorkflowRunReport b) => new(a.Enrolled + b.Enrolled, a.Sent + b.Sent, a.Withheld + b.Withheld,
        a.Skipped + b.Skipped, a.Deferred + b.Deferred, a.Exited + b.Exited, a.CouponsCleaned + b.CouponsCleaned, a.LockBusy || b.LockBusy);

    private static NightlyReport Add(NightlyReport a, NightlyReport b) => new(a.CustomersVisited + b.CustomersVisited, a.ExpiryEntries + b.ExpiryEntries,
        a.PointsExpired + b.PointsExpired, a.BirthdayBonuses + b.BirthdayBonuses, a.TierChanges + b.TierChanges, a.RemindersDue + b.RemindersDue);
}

/// <summary>
/// The admin's advances as jobs: the post starts one and redirects to its page, which shows the progress until the job is
/// done and then the report, so the browser never waits on one long request and a refresh of the page (post, redirect,
/// get) shows the job again instead of moving the clock a second time. One advance runs at a time in a process: a second
/// post while one runs is sent to the running one's page.
/// </summary>
public sealed class ClockAdvanceJobs(IHostApplicationLifetime? lifetime = null)
{
    private const int Kept = 20;
    private readonly ConcurrentDictionary<string, ClockAdvanceJob> _jobs = new();
    private readonly ConcurrentQueue<string> _order = new();
    private readonly object _starting = new();
    private ClockAdvanceJob? _running;

    /// <summary>
    /// Starts <paramref name="advance"/> in the background (stopped only by the host shutting down, not by the request that
    /// asked) unless one is running: the job, and whether it is the one just started.
    /// </summary>
    public (ClockAdvanceJob Job, bool Started) Start(TimeSpan by, Func<IProgress<ClockAdvanceProgress>, CancellationToken, Task<ClockAdvanceReport>> advance)
    {
        ArgumentNullException.ThrowIfNull(advance);
        ClockAdvanceJob job;
        lock (_starting)
        {
            if (_running is { Done: false } running)
                return (running, false);
            job = new ClockAdvanceJob(Guid.NewGuid().ToString("N"), by, DateTime.UtcNow);
            _running = job;
            _jobs[job.Id] = job;
            _order.Enqueue(job.Id);
            while (_order.Count > Kept && _order.TryPeek(out var old) && _jobs.TryGetValue(old, out var oldJob) && oldJob.Done && _order.TryDequeue(out _))
                _jobs.TryRemove(old, out _);
        }
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        job.Work = Task.Run(async () =>
        {
            try
            {
                job.Finish(await advance(new Progress(job), stopping), null);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                job.Finish(null, "The sandbox was stopped before the advance finished; what was worked stays worked.");
            }
            catch (Exception e)
            {
                job.Finish(null, e.Message);
            }
        }, CancellationToken.None);
        return (job, true);
    }

    public ClockAdvanceJob? Find(string? id) => id != null && _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Progress kept on the job as it is told (no synchronization context: the job's thread writes it directly).</summary>
    private sealed class Progress(ClockAdvanceJob job) : IProgress<ClockAdvanceProgress>
    {
        public void Report(ClockAdvanceProgress value) => job.Latest = value;
    }
}

/// <summary>One advance of the clock: while it runs, its latest progress; once done, its report or why it failed.</summary>
public sealed class ClockAdvanceJob(string id, TimeSpan by, DateTime startedUtc)
{
    private volatile ClockAdvanceProgress? _latest;
    private volatile Outcome? _outcome;

    public string Id { get; } = id;

    public TimeSpan By { get; } = by;

    /// <summary>Wall-clock start, for the elapsed time the page shows.</summary>
    public DateTime StartedUtc { get; } = startedUtc;

    public ClockAdvanceProgress? Latest { get => _latest; internal set => _latest = value; }

    public bool Done => _outcome != null;

    public ClockAdvanceReport? Report => _outcome?.Report;

    public string? Error => _outcome?.Error;

    /// <summary>Wall-clock time the job took (so far, while it runs).</summary>
    public TimeSpan Elapsed => (_outcome?.FinishedUtc ?? DateTime.UtcNow) - StartedUtc;

    internal Task Work { get; set; } = Task.CompletedTask;

    /// <summary>Completes when the job is done (tests and the benchmark wait on it).</summary>
    public Task Completion => Work;

    internal void Finish(ClockAdvanceReport? report, string? error) => _outcome = new Outcome(report, error, DateTime.UtcNow);

    private sealed record Outcome(ClockAdvanceReport? Report, string? Error, DateTime FinishedUtc);
}
