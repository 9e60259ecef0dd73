using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Loyalty.Cards;
using Retention.Core.Workflows;

namespace Retention.Core.Events;

/// <summary>
/// The one door store events enter Core by: each host (the plugin's consumers and pending-order task, the sandbox's
/// checkout, a farm node's event endpoint, the demo's replay) turns its event into one call here, and this class decides
/// what the event does, in a fixed order:
/// <list type="number">
/// <item>the loyalty program first (points, bonuses, the tier), so any email the event starts already shows the points
/// it earned;</item>
/// <item>a tier change that came out of it goes straight to the workflows' tier-up step, after the points and before
/// anything else, and that step is the only way a tier email is made (the host's <see cref="ILoyaltyObserver"/> hears the
/// change first, for host facts only: customer roles, a published event, a record);</item>
/// <item>then the workflows the event itself starts or stops.</item>
/// </list>
/// Every call is safe to repeat with the same event (the ledger's, enrollments' and emails' keys), and an erased customer
/// gets nothing written by either program (each asks <see cref="Store.Erasure"/> first).
/// </summary>
/// <remarks>
/// Loyalty does not know the workflows (the workflows read loyalty for the points-expiry reminder and the survey bonus):
/// it reports the tier changes it made, and this door hands them on, which keeps the dependency one-way.
/// </remarks>
public sealed class StoreEvents
{
    private readonly LoyaltyEvents? _loyalty;
    private readonly LoyaltyNightly? _nightly;
    private readonly IWorkflowTriggers _workflows;
    private readonly CardProgram? _cards;
    private readonly Stamps.StampProgram? _stamps;
    private readonly Cashback.CashbackProgram? _cashback;
    private readonly Membership.MembershipProgram? _membership;
    private readonly ChallengeEvents? _challenges;
    private readonly Tables.ITableTransactions? _transactions;
    private readonly Tables.ChangedCustomerFeed? _changes;

    /// <param name="loyalty">Null where the host runs no loyalty program: the loyalty half of every event is skipped.</param>
    /// <param name="nightly">The loyalty program's night; null with <paramref name="loyalty"/>.</param>
    /// <param name="workflows"><see cref="WorkflowTriggers"/> in every live host.</param>
    /// <param name="cards">The discount card; null where the host runs none. Re-evaluated after the points on every order event.</param>
    /// <param name="stamps">The stamp cards; null where the host runs none.</param>
    /// <param name="cashback">Periodic cashback; null where the host runs none.</param>
    /// <param name="membership">Paid membership; null where the host runs none.</param>
    /// <param name="challenges">The challenges and badges, after loyalty (a challenge counts the order's points' tier); null where the host runs none.</param>
    /// <param name="transactions">
    /// The host's transactions over the database its tables live in: an order paid is then written in one transaction (one
    /// commit, the database's one flush to disk, instead of one per row). Null where the ports hold no database (the demo's
    /// in-memory replay): each write then stands on its own, as every write is keyed.
    /// </param>
    /// <param name="changes">
    /// The changed-customers feed the dashboard's incremental refresh reads; null where the host keeps none. Every event
    /// that changes a customer's orders appends a row, in the event's own transaction where it has one.
    /// </param>
    public StoreEvents(LoyaltyEvents? loyalty, LoyaltyNightly? nightly, IWorkflowTriggers workflows, CardProgram? cards = null, Stamps.StampProgram? stamps = null,
        Cashback.CashbackProgram? cashback = null, ChallengeEvents? challenges = null, Membership.MembershipProgram? membership = null,
        Tables.ITableTransactions? transactions = null, Tables.ChangedCustomerFeed? changes = null)
    {
        _changes = changes;
        _transactions = transactions;
        _stamps = stamps;
        _loyalty = loyalty;
        _nightly = nightly;
        _workflows = workflows ?? throw new ArgumentNullException(nameof(workflows));
        _cards = cards;
        _cashback = cashback;
        _membership = membership;
        _challenges = challenges;
    }

    /// <summary>
    /// The order was placed: the workflows only (exits on purchase, attribution, coupon redemptions, order-based
    /// workflows). Points spent at checkout are <see cref="PointsSpentAsync"/>, and the award is <see cref="OrderPaidAsync"/>.
    /// </summary>
    public async Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        await ChangedAsync(order.Order.StoreId, order.Order.CustomerId, cancellationToken);
        await _workflows.OrderPlacedAsync(order, cancellationToken);
    }

    /// <summary>
    /// An order changed in a way no program acts on (edited, its status moved, deleted without a refund, placed by an
    /// import): only the changed-customers feed hears it, so the dashboard's next refresh re-reads the customer's orders.
    /// </summary>
    public Task OrderChangedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        ChangedAsync(store.Value, customer.Value, cancellationToken);

    private Task ChangedAsync(int store, int customer, CancellationToken cancellationToken) =>
        _changes is null ? Task.CompletedTask : _changes.MarkAsync(store, customer, cancellationToken);

    /// <summary>
    /// Points the customer spent on an order at checkout (the store's wallet already took them): the ledger records them,
    /// at once, whatever the host does with the rest of the order placed.
    /// </summary>
    public async Task PointsSpentAsync(StoreId store, CustomerId customer, int orderId, int points, CancellationToken cancellationToken = default)
    {
        if (_loyalty is not null && points > 0)
            await _loyalty.RedemptionAsync(store, customer, orderId, points, cancellationToken);
    }

    /// <summary>
    /// The order reached the awarding status: loyalty re-evaluates the tier, earns with its multiplier and credits the
    /// referrer (<see cref="LoyaltyEvents.OrderPaidAsync"/>); then a tier change goes to the tier-up step.
    /// </summary>
    /// <remarks>
    /// With the host's transactions, everything the event writes (the points, the standing, the tier change and its
    /// email, stamps, the card, challenge rewards, the membership period) is one transaction: kept whole or not at all, and
    /// one commit. A keyed insert that loses its race to another node ends the transaction on some databases; the event
    /// then runs once more, as a replay that finds the other node's rows. Membership reads <c>memberPerks</c>: what the
    /// member discount and free shipping gave this order at checkout (the host's record), for the savings figure.
    /// </remarks>
    public async Task<OrderPaidOutcome?> OrderPaidAsync(EarnOrder order, ReferralCandidate? referral, CancellationToken cancellationToken = default,
        Membership.MemberSaving? memberPerks = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (_transactions is null)
            return await PaidAsync(order, referral, memberPerks, cancellationToken);
        try
        {
            return await _transactions.RunAsync(token => PaidAsync(order, referral, memberPerks, token), cancellationToken);
        }
        catch (Tables.TableRaceLostException)
        {
            return await _transactions.RunAsync(token => PaidAsync(order, referral, memberPerks, token), cancellationToken);
        }
    }

    private async Task<OrderPaidOutcome?> PaidAsync(EarnOrder order, ReferralCandidate? referral, Membership.MemberSaving? memberPerks,
        CancellationToken cancellationToken)
    {
        OrderPaidOutcome? outcome = null;
        await ChangedAsync(order.Store.Value, order.Customer.Value, cancellationToken);
        if (_loyalty is not null)
        {
            outcome = await _loyalty.OrderPaidAsync(order, referral, cancellationToken);
            if (outcome.TierChanged is { } change)
                await _workflows.TierChangedAsync(change, cancellationToken);
        }
        // Then the stamp cards: stamps, and the coupon of a card the order fills.
        if (_stamps is not null)
            foreach (var filled in (await _stamps.OrderPaidAsync(order, cancellationToken)).Filled)
                await _workflows.StampCardFilledAsync(filled, cancellationToken);
        await CardAsync(order.Store, order.Customer, cancellationToken);
        if (_challenges is not null)
            await ChallengeEmailsAsync(await _challenges.OrderPaidAsync(order.Store, order.Customer, cancellationToken), cancellationToken);
        // Membership last: the order that buys it earned at the rate before it, its renewals at the member's.
        if (_membership is not null)
        {
            await _membership.OrderPaidAsync(new Membership.MembershipOrder(order.Store, order.Customer, order.OrderId, order.PaidUtc,
                order.Lines.Select(l => l.ProductId).Distinct().ToList(), memberPerks), cancellationToken);
            if (order.Refunds is { Share: 1m })
                await _membership.OrderReversedAsync(order.Store, order.Customer, order.OrderId, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// A refund (partial or full), a cancellation or a deleted order: loyalty's reversal (see
    /// <see cref="LoyaltyEvents.OrderRefundedAsync"/>), the stamps of an order reversed whole, the discount card on the
    /// lowered spend, and cashback already paid for the order's period taken back by what the refund lowered it.
    /// </summary>
    public async Task<ReversalPlan?> OrderRefundedAsync(OrderRefund refund, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refund);
        await ChangedAsync(refund.Store.Value, refund.Customer.Value, cancellationToken);
        var plan = _loyalty is null ? null : await _loyalty.OrderRefundedAsync(refund, cancellationToken);
        // A card filled again by the stamps the customer still earned (its coupon withdrawn with the refunded order) has a new coupon, and its email.
        if (_stamps is not null)
            foreach (var filled in (await _stamps.OrderRefundedAsync(refund, cancellationToken)).Refilled ?? [])
                await _workflows.StampCardFilledAsync(filled, cancellationToken);
        await CardAsync(refund.Store, refund.Customer, cancellationToken);
        if (_cashback is not null)
            await _cashback.OrderRefundedAsync(refund.Store, refund.Customer, cancellationToken);
        // Then the challenges: a held completion this refund drops below its goal is un-completed.
        if (_challenges is not null)
            await _challenges.OrderRefundedAsync(refund.Store, refund.Customer, cancellationToken);
        // A membership period (and what the perks gave) goes back only with the whole order, as a stamp does.
        if (_membership is not null && refund.Share == 1m)
            await _membership.OrderReversedAsync(refund.Store, refund.Customer, refund.OrderId, cancellationToken);
        return plan;
    }

    private Task ChallengeEmailsAsync(ChallengeOutcome outcome, CancellationToken cancellationToken) =>
        ChallengeEmailsAsync(_workflows, outcome, cancellationToken);

    /// <summary>
    /// What the challenges recorded goes to their emails: completions (when the reward is in hand) and badges. Every path
    /// that completes a challenge (an order, a review, the night, a survey answer) sends through here.
    /// </summary>
    public static async Task ChallengeEmailsAsync(IWorkflowTriggers workflows, ChallengeOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var completed in outcome.Completed)
            await workflows.ChallengeCompletedAsync(completed, cancellationToken);
        foreach (var badge in outcome.Badges)
            await workflows.BadgeEarnedAsync(badge, cancellationToken);
    }

    /// <summary>The discount card re-evaluated on the store's orders as they are now; a move up goes to the card's email.</summary>
    private async Task CardAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken)
    {
        if (_cards is not null && await _cards.ReevaluateAsync(store, customer, cancellationToken) is { Change: CardChange.Up } raised)
            await _workflows.CardRaisedAsync(raised, cancellationToken);
    }

    /// <summary>Every shipment delivered, or the order completed without shipping: the workflows (review request, CSAT).</summary>
    public Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default) =>
        _workflows.OrderDeliveredAsync(store, customer, orderId, deliveredUtc, cancellationToken);

    /// <summary>A registration: the registration bonus, then the welcome series (whose first email shows the bonus).</summary>
    public async Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default)
    {
        if (_loyalty is not null)
            await _loyalty.RegisteredAsync(store, customer, cancellationToken);
        await _workflows.CustomerRegisteredAsync(store, customer, registeredUtc, cancellationToken);
    }

    /// <summary>An approved review: the review bonus (the rating is never asked for).</summary>
    public async Task ReviewApprovedAsync(StoreId store, CustomerId customer, int reviewId, CancellationToken cancellationToken = default)
    {
        if (_loyalty is not null)
            await _loyalty.ReviewApprovedAsync(store, customer, reviewId, cancellationToken);
        if (_challenges is not null)
            await ChallengeEmailsAsync(await _challenges.ReviewApprovedAsync(store, customer, cancellationToken), cancellationToken);
    }

    /// <summary>A newsletter subscription: the welcome series.</summary>
    public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
        _workflows.NewsletterSubscribedAsync(store, customer, subscribedUtc, cancellationToken);

    /// <summary>A newsletter unsubscribe: the customer's marketing enrollments in the store close now.</summary>
    public Task NewsletterUnsubscribedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        _workflows.NewsletterUnsubscribedAsync(store, customer, cancellationToken);

    /// <summary>
    /// A customer deleted (a soft delete that keeps the store's own data): every enrollment closes; the ledger stays, as
    /// the store keeps its orders. An erasure is the host's to carry out on its own tables; afterwards both programs
    /// refuse to write for that customer.
    /// </summary>
    public async Task CustomerDeletedAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        await ChangedAsync(0, customer.Value, cancellationToken);
        await _workflows.CustomerDeletedAsync(customer, cancellationToken);
    }

    /// <summary>
    /// Not a store event but the night's: loyalty's nightly run (expiries, birthday bonuses, tier re-evaluation), each tier
    /// change going to the tier-up step as it is made, as an order's does.
    /// </summary>
    public async Task<NightlyReport?> LoyaltyNightAsync(StoreId store, DateOnly storeToday, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        var report = _nightly is null ? null : await _nightly.RunNightlyAsync(store, storeToday, batchSize, cancellationToken, _workflows.TierChangedAsync);
        if (_cards is not null)
            await _cards.RunNightlyAsync(store, batchSize, (change, token) => change.Change == CardChange.Up ? _workflows.CardRaisedAsync(change, token) : Task.CompletedTask,
                cancellationToken);
        // The challenges' night after loyalty's: held rewards whose return window passed are paid, one-year badges given.
        if (_challenges is not null)
            await ChallengeEmailsAsync(await _challenges.NightlyAsync(store, batchSize, cancellationToken), cancellationToken);
        // Partial stamp cards about to lapse: one reminder each (keyed by the card, so the next nights send nothing more).
        if (_stamps is not null)
            foreach (var expiring in await _stamps.ExpiringAsync(store, cancellationToken))
                await _workflows.StampCardExpiringAsync(expiring, cancellationToken);
        if (_membership is not null)
            await _membership.RunNightlyAsync(store, batchSize, cancellationToken, _workflows.MembershipReminderAsync);
        return report;
    }

    /// <summary>
    /// Not a store event but the night's: periodic cashback pays the periods that ended in the store's time zone
    /// (<paramref name="zone"/>), and each payout goes to the workflows' statement email as it is made.
    /// </summary>
    public async Task<Cashback.CashbackNightReport?> CashbackNightAsync(StoreId store, TimeZoneInfo zone, int batchSize = 500,
        CancellationToken cancellationToken = default) =>
        _cashback is null ? null : await _cashback.RunNightAsync(store, zone, batchSize, _workflows.CashbackPaidAsync, cancellationToken);

    /// <summary>The payment of the membership's next renewal failed (the gateway's answer; the sandbox's "mark failed"): the grace starts.</summary>
    public Task MembershipRenewalFailedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        _membership is null ? Task.CompletedTask : _membership.RenewalFailedAsync(store, customer, cancellationToken);

    /// <summary>The host's recurring payment of the membership as it stands (read nightly where no event tells): failed or cancelled, keyed.</summary>
    public Task MembershipSubscriptionAsync(Membership.MembershipSubscription subscription, CancellationToken cancellationToken = default) =>
        _membership is null ? Task.CompletedTask : _membership.SubscriptionAsync(subscription, cancellationToken);

    /// <summary>The membership's recurring payment was cancelled: the perks run to the paid-through date.</summary>
    public Task MembershipCancelledAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        _membership is null ? Task.CompletedTask : _membership.CancelledAsync(store, customer, cancellationToken);
}
