using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>Workflow events in the plugin's table, each recorded once by its key.</summary>
public class NopWorkflowEventStore : IWorkflowEventStore
{
    private const int MaxDetailLength = 400;

    private readonly IRepository<RetentionWorkflowEvent> _events;
    private readonly IQueryRunner _runner;

    public NopWorkflowEventStore(IRepository<RetentionWorkflowEvent> events, IQueryRunner runner)
    {
        _events = events;
        _runner = runner;
    }

    public Task<bool> TryAddAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowEvent);
        if (workflowEvent.EnrollmentId is < 0 or > int.MaxValue)
            throw new ArgumentException($"Enrollment id {workflowEvent.EnrollmentId} does not fit the table.", nameof(workflowEvent));
        var key = workflowEvent.Key.Value;
        var row = new RetentionWorkflowEvent
        {
            EventKey = key,
            EnrollmentId = (int)workflowEvent.EnrollmentId,
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
        return KeyedInsert.TryInsertAsync(_events, _runner, row, table => table.Where(e => e.EventKey == key));
    }

    public async Task<WorkflowEvent> LastAsync(StoreId store, CustomerId customer, IReadOnlyCollection<WorkflowEventKind> kinds, DateTime fromUtc, DateTime toUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var kindIds = kinds.Select(k => (int)k).Distinct().ToList();
        var row = await _runner.FirstOrDefaultAsync(_events.Table
            .Where(e => e.CustomerId == customer.Value && e.StoreId == store.Value && !e.IsControl && kindIds.Contains(e.KindId)
                && e.OccurredUtc >= fromUtc && e.OccurredUtc < toUtc)
            .OrderByDescending(e => e.OccurredUtc).ThenByDescending(e => e.Id));
        return row == null ? null : new WorkflowEvent
        {
            Key = new IdempotencyKey(row.EventKey),
            EnrollmentId = row.EnrollmentId,
            Workflow = (WorkflowKind)row.WorkflowId,
            Step = row.Step,
            Store = new StoreId(row.StoreId),
            Customer = new CustomerId(row.CustomerId),
            Kind = (WorkflowEventKind)row.KindId,
            OccurredUtc = global::Retention.Core.Tables.TableQueries.Utc(row.OccurredUtc),
            IsControl = row.IsControl,
            OrderId = row.OrderId,
            Revenue = row.Revenue,
            Detail = row.Detail,
        };
    }

    public async Task<bool> AnyAsync(long enrollmentId, WorkflowEventKind kind, CancellationToken cancellationToken = default)
    {
        if (enrollmentId is <= 0 or > int.MaxValue)
            return false;
        var id = (int)enrollmentId;
        return await _runner.CountAsync(_events.Table.Where(e => e.EnrollmentId == id && e.KindId == (int)kind).Take(1), cancellationToken) > 0;
    }

    /// <summary>One query per 1,000 enrollments instead of one per enrollment; ids that cannot be in the table are never found.</summary>
    public async Task<IReadOnlySet<long>> EnrollmentsWithAsync(IReadOnlyCollection<long> enrollmentIds, WorkflowEventKind kind,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollmentIds);
        var kindId = (int)kind;
        var found = await _runner.ByChunksAsync(enrollmentIds.Where(id => id is > 0 and <= int.MaxValue).Select(id => (int)id), ids => _events.Table
            .Where(e => e.KindId == kindId && ids.Contains(e.EnrollmentId))
            .Select(e => e.EnrollmentId)
            .Distinct(), cancellationToken);
        return found.Select(id => (long)id).ToHashSet();
    }
}
