using System.Collections.Concurrent;
using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>
/// Remembers, per process, which once-a-day scans (win-back, birthdays, expiring points) already went through a store
/// today, so the five-minute run does not redo their GROUP BYs every time. Only a cost gate: the scans are idempotent by
/// their enrollment keys, so a restart or a second node scanning again changes nothing. Hosts keep one per process.
/// </summary>
public sealed class DailyScanGate
{
    private readonly ConcurrentDictionary<(int Store, WorkflowKind Scan), DateOnly> _done = new();

    public bool IsDone(StoreId store, WorkflowKind scan, DateOnly day) =>
        _done.TryGetValue((store.Value, scan), out var doneOn) && doneOn == day;

    /// <summary>Marks the scan done for the day; callers do so only when it was not cut short by the batch size.</summary>
    public void MarkDone(StoreId store, WorkflowKind scan, DateOnly day) => _done[(store.Value, scan)] = day;
}
