using System.Collections.Concurrent;
using Retention.Core.Events;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Workflows;

/// <summary>What moving the clock on did, summed over the days it crossed.</summary>
public sealed record ClockAdvanceReport(DateTime FromUtc, DateTime ToUtc, int Runs, WorkflowRunReport Workflows, int Sweeps, NightlyReport Loyalty,
    IReadOnlyList<string> Failures);

/// <summary>
/// The admin's "advance the clock": the time moves on at most a day per step, and at each step every workflow step that
/// fell due is worked (runs repeated until one finds nothing due, as the plugin's task would over those hours) and, on each
/// midnight crossed, the loyalty sweep runs for the day that began (expiries, birthdays, tier re-evaluation), as the
/// plugin's daily task does. So a week advanced is the week's sends and sweeps in the order they would have happened.
/// </summary>
public sealed class SandboxClockAdvance(SandboxClock clock, WorkflowRun run, StoreEvents events, IDistributedLock locks)
{
    /// <summary>Runs per step at most: a step's due set shrinks with each run, and a step deferred moves out of it.</summary>
    public const int MaxRunsPerStep = 50;

    /// <summary>How long a step waits for another run holding the workflows' lock before it reports the lock busy.</summary>
    public static readonly TimeSpan MaxLockWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(250);

    public async Task<ClockAdvanceReport> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        var from = clock.UtcNow;
        // The offset grows by exactly what was asked, in steps no longer than to the next midnight (the clock also runs
        // in real time meanwhile, so the steps are counted, not measured against an end time).
        var remaining = by;
        var runs = 0;
        var sweeps = 0;
        var workflows = new WorkflowRunReport(0, 0, 0, 0, 0, 0, 0, false);
        var loyalty = new NightlyReport(0, 0, 0, 0, 0, 0);
        var failures = new List<string>();
        while (remaining > TimeSpan.Zero)
        {
            var now = clock.UtcNow;
            var midnight = now.Date.AddDays(1);
            var step = remaining < midnight - now ? remaining : midnight - now;
            remaining -= step;
            await clock.AdvanceAsync(step, cancellationToken);
            if (clock.UtcNow >= midnight)
            {
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
        return new ClockAdvanceReport(from, clock.UtcNow, runs, workflows, sweeps, loyalty, failures.Distinct().ToList());
    }

    private static WorkflowRunReport Add(WorkflowRunReport a, WorkflowRunReport b) => new(a.Enrolled + b.Enrolled, a.Sent + b.Sent, a.Withheld + b.Withheld,
        a.Skipped + b.Skipped, a.Deferred + b.Deferred, a.Exited + b.Exited, a.CouponsCleaned + b.CouponsCleaned, a.LockBusy || b.LockBusy);

    private static NightlyReport Add(NightlyReport a, NightlyReport b) => new(a.CustomersVisited + b.CustomersVisited, a.ExpiryEntries + b.ExpiryEntries,
        a.PointsExpired + b.PointsExpired, a.BirthdayBonuses + b.BirthdayBonuses, a.TierChanges + b.TierChanges, a.RemindersDue + b.RemindersDue);
}

/// <summary>
/// The last advances' reports, for the page the advance redirects to: a refresh of that page shows the report again
/// instead of moving the clock a second time (post, redirect, get).
/// </summary>
public sealed class ClockAdvanceResults
{
    private const int Kept = 20;
    private readonly ConcurrentDictionary<string, ClockAdvanceReport> _reports = new();
    private readonly ConcurrentQueue<string> _order = new();

    public string Keep(ClockAdvanceReport report)
    {
        var id = Guid.NewGuid().ToString("N");
        _reports[id] = report;
        _order.Enqueue(id);
        while (_order.Count > Kept && _order.TryDequeue(out var old))
            _reports.TryRemove(old, out _);
        return id;
    }

    public ClockAdvanceReport? Find(string? id) => id != null && _reports.TryGetValue(id, out var report) ? report : null;
}
