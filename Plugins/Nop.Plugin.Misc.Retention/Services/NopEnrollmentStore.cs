using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Enrollments in the plugin's table. Enrolling is a keyed insert; moving an enrollment on first claims the move in
/// <see cref="RetentionEnrollmentTransition"/> (unique per enrollment and the step and due time it leaves), which is what
/// makes the move a compare-and-set across nodes without a conditional update in nopCommerce's repository.
/// </summary>
public class NopEnrollmentStore : IEnrollmentStore
{
    private const int Active = (int)EnrollmentState.Active;

    private readonly IRepository<RetentionEnrollment> _enrollments;
    private readonly IRepository<RetentionEnrollmentTransition> _transitions;
    private readonly IQueryRunner _runner;

    public NopEnrollmentStore(IRepository<RetentionEnrollment> enrollments, IRepository<RetentionEnrollmentTransition> transitions, IQueryRunner runner)
    {
        _enrollments = enrollments;
        _transitions = transitions;
        _runner = runner;
    }

    public async Task<Enrollment> TryAddAsync(Enrollment enrollment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        if (string.IsNullOrWhiteSpace(enrollment.Subject) || enrollment.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"An enrollment's subject is 1 to {Enrollment.MaxSubjectLength} characters.", nameof(enrollment));
        var key = enrollment.Key.Value;
        var row = new RetentionEnrollment
        {
            EnrollmentKey = key,
            WorkflowId = (int)enrollment.Workflow,
            StoreId = enrollment.Store.Value,
            CustomerId = enrollment.Customer.Value,
            Subject = enrollment.Subject,
            EnrolledUtc = enrollment.EnrolledUtc,
            AnchorUtc = enrollment.AnchorUtc,
            IsControl = enrollment.IsControl,
            StateId = (int)enrollment.State,
            NextStep = enrollment.NextStep,
            NextDueUtc = enrollment.NextDueUtc,
            ExitReason = enrollment.ExitReason,
            ClosedUtc = enrollment.ClosedUtc,
        };
        return await KeyedInsert.TryInsertAsync(_enrollments, _runner, row, table => table.Where(e => e.EnrollmentKey == key))
            ? ToEnrollment(row)
            : null;
    }

    public async Task<Enrollment> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        if (id is <= 0 or > int.MaxValue)
            return null;
        var row = await FindAsync((int)id);
        return row == null ? null : ToEnrollment(row);
    }

    public async Task<IReadOnlyList<Enrollment>> DueAsync(DateTime nowUtc, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The batch size must be positive.");
        var rows = await _runner.ToListAsync(_enrollments.Table
            .Where(e => e.StateId == Active && e.NextDueUtc != null && e.NextDueUtc <= nowUtc)
            .OrderBy(e => e.NextDueUtc).ThenBy(e => e.Id)
            .Take(limit), cancellationToken);
        return rows.Select(ToEnrollment).ToList();
    }

    public async Task<bool> TryAdvanceAsync(EnrollmentTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.EnrollmentId is <= 0 or > int.MaxValue)
            return false;
        var id = (int)transition.EnrollmentId;
        var row = await FindAsync(id);
        if (row == null || row.StateId != Active || row.NextStep != transition.FromStep)
            return false;

        var key = RetentionEnrollmentTransition.KeyOf(id, transition.FromStep, row.NextDueUtc);
        var claim = new RetentionEnrollmentTransition
        {
            TransitionKey = key,
            EnrollmentId = id,
            FromStep = transition.FromStep,
            NextStep = transition.NextStep,
            NextDueUtc = transition.State == EnrollmentState.Active ? transition.NextDueUtc : null,
            StateId = (int)transition.State,
            ExitReason = transition.ExitReason,
            AtUtc = transition.AtUtc,
        };
        var won = await KeyedInsert.TryInsertAsync(_transitions, _runner, claim, table => table.Where(t => t.TransitionKey == key));
        if (!won)
            claim = await _runner.FirstOrDefaultAsync(_transitions.Table.Where(t => t.TransitionKey == key));

        // Apply the claimed move: ours, or one whose runner stopped between claiming and applying it — as long as the
        // enrollment is still in the state the claim was made from.
        row = await FindAsync(id);
        if (row.StateId == Active && RetentionEnrollmentTransition.KeyOf(id, row.NextStep, row.NextDueUtc) == claim.TransitionKey)
        {
            row.NextStep = claim.NextStep;
            row.NextDueUtc = claim.NextDueUtc;
            row.StateId = claim.StateId;
            row.ExitReason = claim.ExitReason;
            row.ClosedUtc = claim.StateId == Active ? null : claim.AtUtc;
            await _enrollments.UpdateAsync(row, publishEvent: false);
        }
        return won;
    }

    public async Task<IReadOnlyList<Enrollment>> ActiveForCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var rows = await _runner.ToListAsync(_enrollments.Table
            .Where(e => e.CustomerId == customer.Value && e.StoreId == store.Value && e.StateId == Active)
            .OrderBy(e => e.Id), cancellationToken);
        return rows.Select(ToEnrollment).ToList();
    }

    /// <summary>One query per 1,000 customers instead of one per customer; the same rows <see cref="ActiveForCustomerAsync"/> reads.</summary>
    public async Task<IReadOnlyList<Enrollment>> ActiveForCustomersAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var rows = await _runner.ByChunksAsync(customers.Select(c => c.Value), ids => _enrollments.Table
            .Where(e => e.StoreId == store.Value && e.StateId == Active && ids.Contains(e.CustomerId)), cancellationToken);
        return rows.OrderBy(e => e.Id).Select(ToEnrollment).ToList();
    }

    public async Task<DateTime?> LastEnrolledAsync(WorkflowKind workflow, StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var last = await _runner.FirstOrDefaultAsync(_enrollments.Table
            .Where(e => e.CustomerId == customer.Value && e.StoreId == store.Value && e.WorkflowId == (int)workflow)
            .OrderByDescending(e => e.EnrolledUtc)
            .Select(e => (DateTime?)e.EnrolledUtc));
        return last is { } value ? Utc(value) : null;
    }

    public async Task<IReadOnlySet<CustomerId>> EnrolledSinceAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers, DateTime sinceUtc,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (customers.Count == 0)
            return new HashSet<CustomerId>();
        var ids = customers.Select(c => c.Value).Distinct().ToList();
        var found = await _runner.ToListAsync(_enrollments.Table
            .Where(e => e.WorkflowId == (int)workflow && e.StoreId == store.Value && ids.Contains(e.CustomerId) && e.EnrolledUtc >= sinceUtc)
            .Select(e => e.CustomerId)
            .Distinct(), cancellationToken);
        return found.Select(id => new CustomerId(id)).ToHashSet();
    }

    private Task<RetentionEnrollment> FindAsync(int id) =>
        _runner.FirstOrDefaultAsync(_enrollments.Table.Where(e => e.Id == id));

    private static Enrollment ToEnrollment(RetentionEnrollment row) => new()
    {
        Id = row.Id,
        Workflow = (WorkflowKind)row.WorkflowId,
        Store = new StoreId(row.StoreId),
        Customer = new CustomerId(row.CustomerId),
        Subject = row.Subject,
        EnrolledUtc = Utc(row.EnrolledUtc),
        AnchorUtc = Utc(row.AnchorUtc),
        IsControl = row.IsControl,
        State = (EnrollmentState)row.StateId,
        NextStep = row.NextStep,
        NextDueUtc = row.NextDueUtc is { } due ? Utc(due) : null,
        ExitReason = row.ExitReason,
        ClosedUtc = row.ClosedUtc is { } closed ? Utc(closed) : null,
    };

    // The database hands DateTime back as Unspecified; every stored time is UTC.
    internal static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
