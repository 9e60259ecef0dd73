using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>A request to put a customer into a workflow about a subject (see <see cref="Enrollment"/>).</summary>
public sealed record EnrollmentRequest(WorkflowKind Workflow, StoreId Store, CustomerId Customer, string Subject, DateTime AnchorUtc);

/// <summary>
/// Puts customers into workflows and takes them out: the one door every trigger (store events, daily scans) enrolls
/// through, so the audience, re-entry, erasure and control-group rules hold whoever asks. Safe to call again with the
/// same request: (workflow, store, customer, subject) is unique.
/// </summary>
public sealed class WorkflowEnrollment
{
    private readonly IWorkflowSettingsStore _settings;
    private readonly IOptionsStore _options;
    private readonly IEnrollmentStore _enrollments;
    private readonly IBuiltInReminders _builtInReminders;
    private readonly ErasureCheck _erasure;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    internal WorkflowEnrollment(IWorkflowSettingsStore settings, IOptionsStore options, IEnrollmentStore enrollments, IBuiltInReminders builtInReminders,
        ErasureCheck erasure, IStoreData store, IQueryRunner runner, IClock clock)
    {
        _settings = settings;
        _options = options;
        _enrollments = enrollments;
        _builtInReminders = builtInReminders;
        _erasure = erasure;
        _store = store;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>
    /// Puts the customer into the workflow about the subject if the workflow is on in the store, the customer is in its
    /// audience and past its re-entry time; assigns the control group deterministically (same customer + workflow → same
    /// arm on every node) and schedules the first step at anchor + its delay.
    /// </summary>
    public async Task<EnrollOutcome> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > Enrollment.MaxSubjectLength)
            throw new ArgumentException($"An enrollment needs a subject of 1 to {Enrollment.MaxSubjectLength} characters.", nameof(request));

        var settings = await _settings.LoadAsync(request.Store, cancellationToken);
        var workflow = settings.For(request.Workflow);
        var options = await _options.LoadAsync(request.Store, cancellationToken);
        if (!options.Enabled || !workflow.Enabled || workflow.Steps.Count == 0)
            return EnrollOutcome.WorkflowOff;
        if (request.Workflow == WorkflowKind.AbandonedCart && settings.BuiltInReminders == BuiltInRemindersMode.StandAside
            && (await _builtInReminders.DetectAsync(cancellationToken)).Present)
            return EnrollOutcome.StoodAside;
        // An erased customer is in no audience: a late event must not write an enrollment for the id (see Erasure).
        if (await _erasure.IsErasedAsync(request.Store, request.Customer, cancellationToken)
            || !await InAudienceAsync(request, workflow.Audience, cancellationToken))
            return EnrollOutcome.NotInAudience;

        var now = _clock.UtcNow;
        if (workflow.ReentryDays > 0
            && await _enrollments.LastEnrolledAsync(request.Workflow, request.Store, request.Customer, cancellationToken) is { } last
            && now - last < TimeSpan.FromDays(workflow.ReentryDays))
            return await IsActiveAlreadyAsync(request, cancellationToken) ? EnrollOutcome.AlreadyEnrolled : EnrollOutcome.ReentryTooSoon;

        var isControl = ControlGroup.IsControl(request.Store, request.Customer, request.Workflow, workflow.ControlGroupPercent);
        var enrollment = new Enrollment
        {
            Workflow = request.Workflow,
            Store = request.Store,
            Customer = request.Customer,
            Subject = request.Subject,
            EnrolledUtc = now,
            AnchorUtc = request.AnchorUtc,
            IsControl = isControl,
            NextStep = 0,
            NextDueUtc = StepTransitions.Later(request.AnchorUtc + workflow.Steps[0].Delay, now),
        };
        if (await _enrollments.TryAddAsync(enrollment, cancellationToken) is null)
            return EnrollOutcome.AlreadyEnrolled;
        return isControl ? EnrollOutcome.EnrolledAsControl : EnrollOutcome.Enrolled;
    }

    /// <summary>Closes the customer's active enrollments in the store whose workflow exits on <paramref name="reason"/>, except those <paramref name="keep"/> spares; returns how many.</summary>
    internal async Task<int> ExitAsync(StoreId store, CustomerId customer, ExitOn reason, DateTime atUtc, CancellationToken cancellationToken = default,
        Func<Enrollment, bool>? keep = null)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return await CloseWhereAsync(store, customer, e => (settings.For(e.Workflow).ExitOn & reason) != 0 && !(keep?.Invoke(e) ?? false),
            StepTransitions.ExitReason(reason), atUtc, cancellationToken);
    }

    /// <summary>Exits the customer's active enrollments in the store that <paramref name="applies"/> to, for <paramref name="reason"/>; returns how many this call closed.</summary>
    internal async Task<int> CloseWhereAsync(StoreId store, CustomerId customer, Func<Enrollment, bool> applies, string reason, DateTime atUtc,
        CancellationToken cancellationToken)
    {
        var exited = 0;
        foreach (var enrollment in await _enrollments.ActiveForCustomerAsync(store, customer, cancellationToken))
            if (applies(enrollment)
                && await _enrollments.TryAdvanceAsync(StepTransitions.Close(enrollment, EnrollmentState.Exited, reason, atUtc), cancellationToken))
                exited++;
        return exited;
    }

    private async Task<bool> InAudienceAsync(EnrollmentRequest request, AudienceRules audience, CancellationToken cancellationToken)
    {
        if (audience.MinOrders == 0 && audience.MaxOrders is null)
            return true;
        var customer = request.Customer.Value;
        var orders = new Metrics.CountedOrders(request.AnchorUtc, request.Store.Value).Apply(_store.Orders).Where(o => o.CustomerId == customer);
        var count = await _runner.CountAsync(orders, cancellationToken);
        return count >= audience.MinOrders && (audience.MaxOrders is not { } max || count <= max);
    }

    private async Task<bool> IsActiveAlreadyAsync(EnrollmentRequest request, CancellationToken cancellationToken) =>
        (await _enrollments.ActiveForCustomerAsync(request.Store, request.Customer, cancellationToken))
        .Any(e => e.Workflow == request.Workflow && e.Subject == request.Subject);
}
