using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// What the store's events do to the workflows: each event maps to one method here (enrollments, exits on purchase,
/// attribution). Every method is safe to call again with the same input: enrollments and events carry unique keys.
/// </summary>
/// <remarks>
/// The rest of the workflows live beside it, each with only the ports it touches: <see cref="WorkflowEnrollment"/>,
/// <see cref="WorkflowRun"/> (the scheduled run) with <see cref="WorkflowScans"/>, <see cref="WorkflowLinks"/>
/// (landing pages), <see cref="WorkflowPreviews"/> and <see cref="WorkflowReports"/>; <see cref="WorkflowParts"/> composes them.
/// </remarks>
public sealed class WorkflowProgram
{
    /// <summary>Why an enrollment closed when its customer unsubscribed (by a link or in the store).</summary>
    public const string UnsubscribedExitReason = "The customer unsubscribed.";

    /// <summary>Days before a product's reorder interval runs out that the replenishment reminder goes.</summary>
    public const int ReplenishmentLeadDays = 3;

    private readonly IWorkflowSettingsStore _settings;
    private readonly WorkflowEnrollment _enrollment;
    private readonly WorkflowAttribution _attribution;
    private readonly ErasureCheck _erasure;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly IReplenishmentCatalog? _replenishment;

    internal WorkflowProgram(IWorkflowSettingsStore settings, WorkflowEnrollment enrollment, WorkflowAttribution attribution, ErasureCheck erasure,
        IStoreData store, IQueryRunner runner, IReplenishmentCatalog? replenishment)
    {
        _settings = settings;
        _enrollment = enrollment;
        _attribution = attribution;
        _erasure = erasure;
        _store = store;
        _runner = runner;
        _replenishment = replenishment;
    }

    /// <summary>
    /// An order was placed: exit enrollments whose goal was a purchase, attribute the order to the last step that reached
    /// the customer (click or send within the attribution window), count coupon redemptions, and enroll the order-based
    /// workflows (NPS after the Nth order, cross-sell, replenishment).
    /// </summary>
    public async Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var fact = order.Order;
        var store = new StoreId(fact.StoreId);
        var customer = new CustomerId(fact.CustomerId);
        var at = fact.CreatedOnUtc;
        if (await _erasure.IsErasedAsync(store, customer, cancellationToken))
            return;
        var settings = await _settings.LoadAsync(store, cancellationToken);

        // Not the enrollments this very order started (a replayed event must not close its own cross-sell).
        var own = TriggerRules.OrderSubject(order.Order.Id);
        await _enrollment.ExitAsync(store, customer, ExitOn.OrderPlaced, at, cancellationToken,
            keep: e => e.Subject == own || e.Subject.StartsWith(own + ":", StringComparison.Ordinal));
        await _attribution.AttributeAsync(order, settings, cancellationToken);
        if (order.CouponCodes.Count > 0)
            await _attribution.CountCouponRedemptionsAsync(order, settings, cancellationToken);

        if (settings.For(WorkflowKind.NpsSurvey).Enabled && await CountedOrderNumberAsync(fact, cancellationToken) == settings.For(WorkflowKind.NpsSurvey).AfterOrderNumber)
            await EnrollAsync(new EnrollmentRequest(WorkflowKind.NpsSurvey, store, customer, TriggerRules.NpsSubject, at), cancellationToken);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.CrossSell, store, customer, TriggerRules.OrderSubject(fact.Id), at), cancellationToken);
        if (settings.For(WorkflowKind.Replenishment).Enabled && _replenishment is { } catalog && order.Lines.Count > 0)
        {
            var products = order.Lines.Where(l => !l.IsGiftCard).Select(l => l.ProductId).Distinct().ToList();
            var intervals = await catalog.IntervalsAsync(store, products, cancellationToken);
            foreach (var product in products)
            {
                if (!intervals.TryGetValue(product, out var days) || days <= 0)
                    continue;
                var due = at.AddDays(days - ReplenishmentLeadDays);
                await EnrollAsync(new EnrollmentRequest(WorkflowKind.Replenishment, store, customer,
                    TriggerRules.ReplenishmentSubject(fact.Id, product), due < at ? at : due), cancellationToken);
            }
        }
    }

    /// <summary>The order's shipment was delivered (or the order completed where shipping is not tracked): review request and CSAT.</summary>
    public async Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default)
    {
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.ReviewRequest, store, customer, TriggerRules.OrderSubject(orderId), deliveredUtc), cancellationToken);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.CsatSurvey, store, customer, TriggerRules.OrderSubject(orderId), deliveredUtc), cancellationToken);
    }

    /// <summary>A customer registered: the welcome series.</summary>
    public Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default) =>
        EnrollAsync(new EnrollmentRequest(WorkflowKind.Welcome, store, customer, TriggerRules.WelcomeSubject, registeredUtc), cancellationToken);

    /// <summary>A customer subscribed to the newsletter: the welcome series (once per customer, whichever came first).</summary>
    public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
        EnrollAsync(new EnrollmentRequest(WorkflowKind.Welcome, store, customer, TriggerRules.WelcomeSubject, subscribedUtc), cancellationToken);

    /// <summary>A tier changed: the congratulation when it went up to a tier above the base one (<see cref="TierNotice.Announces"/>).</summary>
    public async Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!TierNotice.Announces(change))
            return;
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.TierUp, change.Store, change.Customer, TierNotice.Subject(change.ToTier!, change.AtUtc), change.AtUtc),
            cancellationToken);
    }

    /// <summary>The discount card went up: the congratulation, one per customer, percent and UTC day (<see cref="Loyalty.Cards.CardNotice"/>).</summary>
    public async Task CardRaisedAsync(Loyalty.Cards.CardChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!Loyalty.Cards.CardNotice.Announces(change))
            return;
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.CardLevelUp, change.Store, change.Customer, Loyalty.Cards.CardNotice.Subject(change.To!.Percent, change.AtUtc),
            change.AtUtc), cancellationToken);
    }

    /// <summary>A cashback period was paid: the statement email (one enrollment per store, customer and period).</summary>
    public async Task CashbackPaidAsync(Cashback.CashbackPaid paid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paid);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.CashbackStatement, paid.Store, paid.Customer, paid.Subject, paid.AtUtc), cancellationToken);
    }

    /// <summary>A membership reminder fell due: the renewal or expiry email, once per store, customer, kind and date.</summary>
    public async Task MembershipReminderAsync(Membership.MembershipReminder reminder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var kind = reminder.Kind == Membership.MembershipReminderKind.Renewal ? WorkflowKind.MembershipRenewal : WorkflowKind.MembershipExpiry;
        await EnrollAsync(new EnrollmentRequest(kind, reminder.Store, reminder.Customer, reminder.Subject, reminder.AtUtc), cancellationToken);
    }

    /// <summary>A stamp card filled: its coupon's email (one per card, <see cref="Stamps.StampNotice"/>).</summary>
    public async Task StampCardFilledAsync(Stamps.StampCardFilled filled, DateTime atUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filled);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.StampCardFull, filled.Store, filled.Customer, Stamps.StampNotice.FullSubject(filled.CardId, filled.Number),
            atUtc), cancellationToken);
    }

    /// <summary>A partial stamp card lapses soon: the reminder (one per card).</summary>
    public async Task StampCardExpiringAsync(Stamps.StampCardExpiring expiring, DateTime atUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expiring);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.StampCardExpiring, expiring.Store, expiring.Customer,
            Stamps.StampNotice.ExpiringSubject(expiring.CardId, expiring.Number), atUtc), cancellationToken);
    }

    /// <summary>A challenge completed: its email once the reward is in the customer's hands (<see cref="Challenges.ChallengeNotice.EmailsNow"/>), one per attempt.</summary>
    public async Task ChallengeCompletedAsync(Challenges.ChallengeCompleted completed, DateTime atUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completed);
        if (!Challenges.ChallengeNotice.EmailsNow(completed))
            return;
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.ChallengeCompleted, completed.Store, completed.Customer,
            Challenges.ChallengeNotice.CompletedSubject(completed.Challenge.Id, completed.Attempt), atUtc), cancellationToken);
    }

    /// <summary>A badge earned: its email (one per badge).</summary>
    public async Task BadgeEarnedAsync(Challenges.BadgeEarned earned, DateTime atUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(earned);
        await EnrollAsync(new EnrollmentRequest(WorkflowKind.BadgeEarned, earned.Store, earned.Customer, Challenges.ChallengeNotice.BadgeSubject(earned.Badge),
            atUtc), cancellationToken);
    }

    private Task<EnrollOutcome> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken) =>
        _enrollment.EnrollAsync(request, cancellationToken);

    /// <summary>Which counted order of the customer in the store this is (1 for the first), counting those before it by (time, id).</summary>
    private async Task<int> CountedOrderNumberAsync(OrderFact order, CancellationToken cancellationToken)
    {
        var (store, customer, at, id) = (order.StoreId, order.CustomerId, order.CreatedOnUtc, order.Id);
        var earlier = _store.Orders.Where(o => o.StoreId == store && o.CustomerId == customer && o.OrderStatusId != CountedOrders.CancelledStatusId
            && o.Id != id && (o.CreatedOnUtc < at || (o.CreatedOnUtc == at && o.Id < id)));
        return await _runner.CountAsync(earlier, cancellationToken) + 1;
    }
}
