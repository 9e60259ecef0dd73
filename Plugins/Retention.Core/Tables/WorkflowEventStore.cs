using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Retention.Core.Tables;

/// <summary>Workflow events over the host's event table, each recorded once by its key; the one implementation every host uses.</summary>
public sealed class WorkflowEventStore(ITable<WorkflowEventRow> table, IQueryRunner runner) : IWorkflowEventStore
{
    /// <summary>The detail column's size.</summary>
    public const int MaxDetailLength = 400;

    public Task<bool> TryAddAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken = default)
    {
        var row = ToRow(workflowEvent);
        var key = row.EventKey;
        return table.TryInsertAsync(row, r => r.EventKey == key, cancellationToken);
    }

    /// <summary>
    /// <see cref="TryAddAsync"/> for a batch, in one keyed insert of all rows: the keys this call recorded (a key seen
    /// before, or earlier in the list, is not recorded again).
    /// </summary>
    public async Task<IReadOnlySet<string>> TryAddManyAsync(IReadOnlyList<WorkflowEvent> workflowEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowEvents);
        var rows = workflowEvents.Select(ToRow).ToList();
        var inserted = await table.TryInsertManyAsync(rows, r => r.EventKey, cancellationToken);
        return inserted.Select(r => r.EventKey).ToHashSet(StringComparer.Ordinal);
    }

    private static WorkflowEventRow ToRow(WorkflowEvent workflowEvent)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        if (workflowEvent.EnrollmentId is < 0 or > int.MaxValue)
            throw new ArgumentException($"Enrollment id {workflowEvent.EnrollmentId} does not fit the table.", nameof(workflowEvent));
        return new WorkflowEventRow
        {
            EventKey = workflowEvent.Key.Value,
            EnrollmentId = workflowEvent.EnrollmentId,
            WorkflowId = (int)workflowEvent.Workflow,
            Step = workflowEvent.Step,
            StoreId = workflowEvent.Store.Value,
            CustomerId = workflowEvent.Customer.Value,
            KindId = (int)workflowEvent.Kind,
            OccurredUtc = workflowEvent.OccurredUtc,
            IsControl = workflowEvent.IsControl,
            OrderId = workflowEvent.OrderId,
            Revenue = workflowEvent.Revenue,
            // Details are for people reading reports (a skip reason, a clicked path): cut, never refused.
            Detail = workflowEvent.Detail is { Length: > MaxDetailLength } detail ? detail[..MaxDetailLength] : workflowEvent.Detail,
        };
    }

    public async Task<WorkflowEvent?> LastAsync(StoreId store, CustomerId customer, IReadOnlyCollection<WorkflowEventKind> kinds, DateTime fromUtc, DateTime toUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var kindIds = kinds.Select(k => (int)k).Distinct().ToList();
        var row = await runner.FirstOrDefaultAsync(table.Rows
            .Where(r => r.CustomerId == customer.Value && r.StoreId == store.Value && !r.IsControl && kindIds.Contains(r.KindId)
                && r.OccurredUtc >= fromUtc && r.OccurredUtc < toUtc)
            .OrderByDescending(r => r.OccurredUtc).ThenByDescending(r => r.Id), cancellationToken);
        return row == null ? null : FromRow(row);
    }

    public async Task<bool> AnyAsync(long enrollmentId, WorkflowEventKind kind, CancellationToken cancellationToken = default) =>
        await runner.CountAsync(table.Rows.Where(r => r.EnrollmentId == enrollmentId && r.KindId == (int)kind).Take(1), cancellationToken) > 0;

    /// <summary>One grouped query per <see cref="TableQueries.ChunkSize"/> customers.</summary>
    public async Task<IReadOnlyDictionary<CustomerId, DateTime>> LastSentAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers,
        DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var (workflowId, storeId, sentId) = ((int)workflow, store.Value, (int)WorkflowEventKind.Sent);
        var found = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => table.Rows
            .Where(r => r.WorkflowId == workflowId && r.StoreId == storeId && r.KindId == sentId && !r.IsControl && r.OccurredUtc >= sinceUtc
                && ids.Contains(r.CustomerId))
            .GroupBy(r => r.CustomerId)
            .Select(g => new LastSend { CustomerId = g.Key, OccurredUtc = g.Max(r => r.OccurredUtc) }), cancellationToken);
        return found.ToDictionary(f => new CustomerId(f.CustomerId), f => TableQueries.Utc(f.OccurredUtc));
    }

    private sealed class LastSend
    {
        public int CustomerId { get; set; }
        public DateTime OccurredUtc { get; set; }
    }

    /// <summary>One query per <see cref="TableQueries.ChunkSize"/> enrollments instead of one per enrollment.</summary>
    public async Task<IReadOnlySet<long>> EnrollmentsWithAsync(IReadOnlyCollection<long> enrollmentIds, WorkflowEventKind kind,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollmentIds);
        var kindId = (int)kind;
        var found = await runner.ByChunksAsync(enrollmentIds.Where(id => id is > 0 and <= int.MaxValue), ids => table.Rows
            .Where(r => r.KindId == kindId && ids.Contains(r.EnrollmentId))
            .Select(r => r.EnrollmentId)
            .Distinct(), cancellationToken);
        return found.ToHashSet();
    }

    private static WorkflowEvent FromRow(WorkflowEventRow r) => new()
    {
        Key = new IdempotencyKey(r.EventKey),
        EnrollmentId = r.EnrollmentId,
        Workflow = (WorkflowKind)r.WorkflowId,
        Step = r.Step,
        Store = new StoreId(r.StoreId),
        Customer = new CustomerId(r.CustomerId),
        Kind = (WorkflowEventKind)r.KindId,
        OccurredUtc = TableQueries.Utc(r.OccurredUtc),
        IsControl = r.IsControl,
        OrderId = r.OrderId,
        Revenue = r.Revenue,
        Detail = r.Detail,
    };
}
