using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;

namespace Retention.Core.Events;

/// <summary>
/// <see cref="IWorkflowTriggers"/> over the workflow program: its event methods as they are, and the two exits a store
/// event asks for without a workflow method of its own (a newsletter unsubscribe, a customer deleted).
/// </summary>
public sealed class WorkflowTriggers : IWorkflowTriggers
{
    /// <summary>Why a deleted customer's enrollments were closed.</summary>
    public const string CustomerDeletedExitReason = "customer deleted";

    private readonly WorkflowProgram _program;
    private readonly IWorkflowSettingsStore _settings;
    private readonly IEnrollmentStore _enrollments;
    private readonly IClock _clock;

    public WorkflowTriggers(WorkflowProgram program, IWorkflowSettingsStore settings, IEnrollmentStore enrollments, IClock clock)
    {
        _program = program ?? throw new ArgumentNullException(nameof(program));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _enrollments = enrollments ?? throw new ArgumentNullException(nameof(enrollments));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    public Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default) =>
        _program.OrderPlacedAsync(order, cancellationToken);

    public Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default) =>
        _program.OrderDeliveredAsync(store, customer, orderId, deliveredUtc, cancellationToken);

    public Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default) =>
        _program.CustomerRegisteredAsync(store, customer, registeredUtc, cancellationToken);

    public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
        _program.NewsletterSubscribedAsync(store, customer, subscribedUtc, cancellationToken);

    /// <summary>Marketing stops now, not when the next step falls due; service emails (a survey about an order) go on.</summary>
    public async Task NewsletterUnsubscribedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        await ExitAsync(store, customer, enrollment => settings.For(enrollment.Workflow).IsMarketing, WorkflowProgram.UnsubscribedExitReason, cancellationToken);
    }

    public async Task CustomerDeletedAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        foreach (var store in await _settings.StoresAsync(cancellationToken))
            await ExitAsync(store, customer, _ => true, CustomerDeletedExitReason, cancellationToken);
    }

    public Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default) =>
        _program.TierChangedAsync(change, cancellationToken);

    public Task CardRaisedAsync(Loyalty.Cards.CardChanged change, CancellationToken cancellationToken = default) =>
        _program.CardRaisedAsync(change, cancellationToken);
    public Task CashbackPaidAsync(Cashback.CashbackPaid paid, CancellationToken cancellationToken = default) =>
        _program.CashbackPaidAsync(paid, cancellationToken);

    public Task MembershipReminderAsync(Membership.MembershipReminder reminder, CancellationToken cancellationToken = default) =>
        _program.MembershipReminderAsync(reminder, cancellationToken);

    public Task StampCardFilledAsync(Stamps.StampCardFilled filled, CancellationToken cancellationToken = default) =>
        _program.StampCardFilledAsync(filled, _clock.UtcNow, cancellationToken);

    public Task StampCardExpiringAsync(Stamps.StampCardExpiring expiring, CancellationToken cancellationToken = default) =>
        _program.StampCardExpiringAsync(expiring, _clock.UtcNow, cancellationToken);

    public Task ChallengeCompletedAsync(Challenges.ChallengeCompleted completed, CancellationToken cancellationToken = default) =>
        _program.ChallengeCompletedAsync(completed, _clock.UtcNow, cancellationToken);

    public Task BadgeEarnedAsync(Challenges.BadgeEarned earned, CancellationToken cancellationToken = default) =>
        _program.BadgeEarnedAsync(earned, _clock.UtcNow, cancellationToken);

    private async Task ExitAsync(StoreId store, CustomerId customer, Func<Enrollment, bool> applies, string reason, CancellationToken cancellationToken)
    {
        var now = _clock.UtcNow;
        foreach (var enrollment in await _enrollments.ActiveForCustomerAsync(store, customer, cancellationToken))
            if (applies(enrollment))
                await _enrollments.TryAdvanceAsync(new EnrollmentTransition(enrollment.Id, enrollment.NextStep, enrollment.NextStep, null,
                    EnrollmentState.Exited, reason, now), cancellationToken);
    }
}
