using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Retention.Core.Tables;

/// <summary>
/// Enrollments over the host's enrollment table, the one implementation every host uses. Enrolling is a keyed insert on
/// (workflow, store, customer, subject); moving an enrollment on is one conditional update.
/// </summary>
/// <remarks>
/// The step guard is a compare-and-set on (active, step): the update's WHERE names the state the run read, so of two
/// runners moving the same enrollment only one changes the row. Every host can run it as one statement (linq2db's
/// <c>UPDATE … WHERE</c> in the plugin, EF Core's <c>ExecuteUpdate</c> in the sandbox), so it needs no claim table
/// and no second write that a crash could leave half done.
/// </remarks>
public sealed class EnrollmentStore(ITable<EnrollmentRow> table, IQueryRunner runner) : IEnrollmentStore
{
    private const int Active = (int)EnrollmentState.Active;

    public async Task<Enrollment?> TryAddAsync(Enrollment enrollment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        if (string.IsNullOrWhiteSpace(enrollment.Subject) || enrollment.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"An enrollment's subject is 1 to {Enrollment.MaxSubjectLength} characters.", nameof(enrollment));
        var row = ToRow(enrollment);
        var (workflow, store, customer, subject) = (row.WorkflowId, row.StoreId, row.CustomerId, row.Subject);
        return await table.TryInsertAsync(row,
                r => r.WorkflowId == workflow && r.StoreId == store && r.CustomerId == customer && r.Subject == subject, cancellationToken)
            ? FromRow(row)
            : null;
    }

    public async Task<Enrollment?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await runner.FirstOrDefaultAsync(table.Rows.Where(r => r.Id == id), cancellationToken) is { } row ? FromRow(row) : null;

    public async Task<IReadOnlyList<Enrollment>> DueAsync(DateTime nowUtc, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The batch size must be positive.");
        var rows = await runner.ToListAsync(Due(table.Rows, nowUtc, limit), cancellationToken);
        return rows.Select(FromRow).ToList();
    }

    /// <summary>The due-step query: served by the (state, next due) index in due order.</summary>
    public static IQueryable<EnrollmentRow> Due(IQueryable<EnrollmentRow> rows, DateTime nowUtc, int limit) => rows
        .Where(r => r.StateId == Active && r.NextDueUtc != null && r.NextDueUtc <= nowUtc)
        .OrderBy(r => r.NextDueUtc).ThenBy(r => r.Id)
        .Take(limit);

    public async Task<bool> TryAdvanceAsync(EnrollmentTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var (id, from) = (transition.EnrollmentId, transition.FromStep);
        var moved = Moved(transition);
        var (next, nextDue, state, reason, closed) = (moved.NextStep, moved.NextDueUtc, moved.StateId, moved.ExitReason, moved.ClosedUtc);
        return await table.UpdateAsync(
            r => r.Id == id && r.StateId == Active && r.NextStep == from,
            r => new EnrollmentRow { NextStep = next, NextDueUtc = nextDue, StateId = state, ExitReason = reason, ClosedUtc = closed },
            cancellationToken) == 1;
    }

    /// <summary>
    /// <see cref="TryAdvanceAsync"/> for a batch, in one batched compare-and-set (in enrollment-id order): the ids of the
    /// enrollments this call moved.
    /// </summary>
    public Task<IReadOnlySet<long>> TryAdvanceManyAsync(IReadOnlyList<EnrollmentTransition> transitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var changes = transitions.Select(t => new RowChange<EnrollmentRow>(t.EnrollmentId,
            new EnrollmentRow { StateId = Active, NextStep = t.FromStep }, Moved(t))).ToList();
        return table.UpdateManyAsync(changes, r => new { r.StateId, r.NextStep },
            r => new { r.NextStep, r.NextDueUtc, r.StateId, r.ExitReason, r.ClosedUtc }, cancellationToken);
    }

    /// <summary>The columns a transition writes: an active enrollment's next due time (never early), a closed one's close time.</summary>
    private static EnrollmentRow Moved(EnrollmentTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var active = transition.State == EnrollmentState.Active;
        return new EnrollmentRow
        {
            NextStep = transition.NextStep,
            NextDueUtc = active ? NotEarly(transition.NextDueUtc) : null,
            StateId = (int)transition.State,
            ExitReason = transition.ExitReason,
            ClosedUtc = active ? null : transition.AtUtc,
        };
    }

    public async Task<IReadOnlyList<Enrollment>> ActiveForCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.CustomerId == customer.Value && r.StoreId == store.Value && r.StateId == Active)
            .OrderBy(r => r.Id), cancellationToken);
        return rows.Select(FromRow).ToList();
    }

    /// <summary>One query per <see cref="TableQueries.ChunkSize"/> customers; the same rows <see cref="ActiveForCustomerAsync"/> reads.</summary>
    public async Task<IReadOnlyList<Enrollment>> ActiveForCustomersAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var rows = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => table.Rows
            .Where(r => r.StoreId == store.Value && r.StateId == Active && ids.Contains(r.CustomerId)), cancellationToken);
        return rows.OrderBy(r => r.Id).Select(FromRow).ToList();
    }

    public async Task<DateTime?> LastEnrolledAsync(WorkflowKind workflow, StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var last = await runner.FirstOrDefaultAsync(table.Rows
            .Where(r => r.CustomerId == customer.Value && r.StoreId == store.Value && r.WorkflowId == (int)workflow)
            .OrderByDescending(r => r.EnrolledUtc)
            .Select(r => (DateTime?)r.EnrolledUtc), cancellationToken);
        return TableQueries.Utc(last);
    }

    public async Task<IReadOnlySet<CustomerId>> EnrolledSinceAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers, DateTime sinceUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var found = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => table.Rows
            .Where(r => r.WorkflowId == (int)workflow && r.StoreId == store.Value && ids.Contains(r.CustomerId) && r.EnrolledUtc >= sinceUtc)
            .Select(r => r.CustomerId)
            .Distinct(), cancellationToken);
        return found.Select(id => new CustomerId(id)).ToHashSet();
    }

    /// <summary>
    /// A due time rounded up to the next microsecond (PostgreSQL keeps microseconds, .NET ticks of 100 ns), so a step is
    /// never due early; whole-microsecond times are unchanged.
    /// </summary>
    public static DateTime? NotEarly(DateTime? dueUtc)
    {
        if (dueUtc is not { } due)
            return null;
        var rest = due.Ticks % 10;
        return rest == 0 ? due : new DateTime(due.Ticks + 10 - rest, due.Kind);
    }

    public static EnrollmentRow ToRow(Enrollment e) => new()
    {
        EnrollmentKey = e.Key.Value,
        WorkflowId = (int)e.Workflow,
        StoreId = e.Store.Value,
        CustomerId = e.Customer.Value,
        Subject = e.Subject,
        EnrolledUtc = e.EnrolledUtc,
        AnchorUtc = e.AnchorUtc,
        IsControl = e.IsControl,
        StateId = (int)e.State,
        NextStep = e.NextStep,
        NextDueUtc = NotEarly(e.NextDueUtc),
        ExitReason = e.ExitReason,
        ClosedUtc = e.ClosedUtc,
    };

    public static Enrollment FromRow(EnrollmentRow r) => new()
    {
        Id = r.Id,
        Workflow = (WorkflowKind)r.WorkflowId,
        Store = new StoreId(r.StoreId),
        Customer = new CustomerId(r.CustomerId),
        Subject = r.Subject,
        EnrolledUtc = TableQueries.Utc(r.EnrolledUtc),
        AnchorUtc = TableQueries.Utc(r.AnchorUtc),
        IsControl = r.IsControl,
        State = (EnrollmentState)r.StateId,
        NextStep = r.NextStep,
        NextDueUtc = TableQueries.Utc(r.NextDueUtc),
        ExitReason = r.ExitReason,
        ClosedUtc = TableQueries.Utc(r.ClosedUtc),
    };
}
