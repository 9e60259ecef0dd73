using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>
/// What happens to a customer's points when something happens in the store: an order paid, points spent, a refund or
/// cancellation, a registration, an approved review, a survey answer, an admin's adjustment, a wallet movement made
/// outside the program. Each loads what the rules need, runs them, appends the entries they return and tells the
/// <see cref="ILoyaltyObserver"/> what was new. Store events reach these through Core's door
/// (<see cref="Events.StoreEvents"/>); every method is safe to call again with the same event (the entries' keys).
/// </summary>
public sealed class LoyaltyEvents
{
    private readonly IPointsLedger _ledger;
    private readonly ILoyaltySettingsStore _settings;
    private readonly TierEvaluation _tiers;
    // The store's data only answers whether a customer was erased (every event asks first).
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly ILoyaltyObserver _observer;
    private readonly IClock _clock;
    // Paid membership's multiplier and its record of the extra points; null where the host runs no membership.
    private readonly Membership.IMemberEarning? _membership;

    public LoyaltyEvents(IPointsLedger ledger, ILoyaltySettingsStore settings, TierEvaluation tiers, IStoreData store, IQueryRunner runner,
        ILoyaltyObserver observer, IClock clock, Membership.IMemberEarning? membership = null)
    {
        _membership = membership;
        _ledger = ledger;
        _settings = settings;
        _tiers = tiers;
        _store = store;
        _runner = runner;
        _observer = observer;
        _clock = clock;
    }

    /// <summary>
    /// The order reached the awarding status: re-evaluate the tier on the rolling measure (this order included), then
    /// earn with the tier's multiplier, then the referrer's bonus when <paramref name="referral"/> is given.
    /// </summary>
    /// <remarks>
    /// A replay appends nothing and calls no observer; the outcome names the entries recorded the first time. Two
    /// deliveries of one event racing on two nodes award once (the keys); the host serialises events per order, as
    /// nopCommerce's event publisher does, so a tier change is announced once.
    /// <para>
    /// Events can arrive out of order, so the award is what the order is worth now: a refund or cancellation the store
    /// recorded before the "paid" (<see cref="EarnOrder.Refunds"/>) found no points to take back when it came, so it is
    /// applied here, with the keys its own delivery would use, and whichever arrives later finds its work done. A fully
    /// refunded or cancelled order earns nothing at all. Every order of the same events thus ends at the same balance.
    /// </para>
    /// </remarks>
    public async Task<OrderPaidOutcome> OrderPaidAsync(EarnOrder order, ReferralCandidate? referral, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (referral is not null && referral.Store != order.Store)
            throw new ArgumentException($"The referral is for store {referral.Store} but the order is in store {order.Store}.", nameof(referral));
        if (referral is not null && referral.Referred != order.Customer)
            throw new ArgumentException($"The referral names customer {referral.Referred} as referred but the order is customer {order.Customer}'s.", nameof(referral));
        if (order.Refunds is { } refunds)
        {
            if (refunds.Store != order.Store || refunds.Customer != order.Customer || refunds.OrderId != order.OrderId)
                throw new ArgumentException($"The refunds name order {refunds.OrderId} of customer {refunds.Customer} in store {refunds.Store}, "
                    + $"not order {order.OrderId} of customer {order.Customer} in store {order.Store}.", nameof(order));
            CheckAmounts(refunds, nameof(order));
        }
        if (await ErasedAsync(order.Customer, cancellationToken)) return new OrderPaidOutcome(null, null, null);

        var settings = await _settings.LoadAsync(order.Store, cancellationToken);
        if (!settings.Enabled) return new OrderPaidOutcome(null, null, null);

        var now = _clock.UtcNow;
        TierChanged? announced = null;
        var tier = await _tiers.ReevaluateAsync(order.Store, order.Customer, settings, now, change =>
        {
            announced = change;
            return Task.CompletedTask;
        }, cancellationToken);
        var multiplier = TierRules.MultiplierOf(settings.Tiers, tier?.Standing.Tier);
        var worthless = order.Refunds is { Share: 1m };
        var member = _membership is null || worthless ? 1m : await _membership.MultiplierAsync(order.Store, order.Customer, cancellationToken);
        var earned = worthless ? null
            : await RecordAsync(Earning.Entry(order, settings, _clock, Membership.MembershipRules.CombinedMultiplier(multiplier, member)), cancellationToken);
        if (member != 1m && earned is not null && _membership is not null)
            await _membership.ExtraPointsEarnedAsync(order.Store, order.Customer, order.OrderId,
                earned.Points - (Earning.Entry(order, settings, _clock, multiplier)?.Points ?? 0), settings.CurrencyPerPoint, cancellationToken);
        var reversed = order.Refunds is { } recorded && (recorded.Cancelled || recorded.RefundedSoFar > 0m)
            ? await ReverseAsync(recorded, cancellationToken)
            : null;

        ReferralDecision? decision = null;
        if (referral is not null)
        {
            decision = Bonuses.Referral(referral, settings, _clock);
            if (decision.Entry is not null)
                decision = decision with { Entry = await RecordAsync(decision.Entry, cancellationToken) };
        }
        return new OrderPaidOutcome(earned, tier, decision, reversed, announced);
    }

    /// <summary>Points the customer spent on an order at checkout (nopCommerce already took them from its wallet).</summary>
    /// <remarks>Recorded even when the program is switched off: the points left the wallet, the ledger must say so.</remarks>
    public async Task<LedgerEntry?> RedemptionAsync(StoreId store, CustomerId customer, int orderId, int points, CancellationToken cancellationToken = default) =>
        await ErasedAsync(customer, cancellationToken) ? null : await RecordAsync(RedemptionLimits.Entry(store, customer, orderId, points, _clock), cancellationToken);

    /// <summary>A refund (partial or full) or a cancellation: the reversal plan, appended.</summary>
    /// <remarks>
    /// The plan's <see cref="ReversalPlan.Decision"/> is the line the host logs when the overdraft policy had to decide.
    /// A cancelled order that was never paid earned nothing, so only the points spent on it come back. A replay finds
    /// everything already reversed and returns an empty plan.
    /// </remarks>
    public async Task<ReversalPlan> OrderRefundedAsync(OrderRefund refund, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refund);
        CheckAmounts(refund, nameof(refund));
        if (await ErasedAsync(refund.Customer, cancellationToken)) return new ReversalPlan([], 0, 0, 0, OverdraftOutcome.WithinBalance, 0);
        return await ReverseAsync(refund, cancellationToken);
    }

    public async Task<LedgerEntry?> RegisteredAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return settings.Enabled ? await RecordAsync(Bonuses.Registration(store, customer, settings, _clock), cancellationToken) : null;
    }

    /// <summary>A review was approved. There is deliberately no rating parameter (sentiment-conditioned incentives are unlawful).</summary>
    public async Task<LedgerEntry?> ReviewApprovedAsync(StoreId store, CustomerId customer, int reviewId, CancellationToken cancellationToken = default)
    {
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return settings.Enabled ? await RecordAsync(Bonuses.Review(store, customer, reviewId, approved: true, settings, _clock), cancellationToken) : null;
    }

    public async Task<LedgerEntry?> SurveyAnsweredAsync(StoreId store, CustomerId customer, string responseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(responseId);
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return settings.Enabled ? await RecordAsync(Bonuses.Survey(store, customer, responseId, settings, _clock), cancellationToken) : null;
    }

    /// <summary>
    /// A manual admin adjustment; field errors when reason, actor or points are missing or out of bounds (see
    /// <see cref="Bonuses.Adjustment"/>), and on <see cref="AdminAdjustment.ConfirmOverdrawField"/> when it would take
    /// the available balance below zero without <paramref name="confirmOverdraw"/>.
    /// </summary>
    /// <remarks>Allowed when the program is switched off: an admin's correction is not an award.</remarks>
    public async Task<AdminAdjustment> AdjustAsync(StoreId store, CustomerId customer, int points, string? reason, string? actor, string requestId,
        CancellationToken cancellationToken = default, bool confirmOverdraw = false)
    {
        var settings = await _settings.LoadAsync(store, cancellationToken);
        if (await ErasedAsync(customer, cancellationToken))
        {
            var refused = new ValidationResult();
            refused.Add("Points", "This customer's data was erased; nothing can be recorded for them.");
            return new AdminAdjustment(null, refused);
        }
        var current = await _ledger.GetBalanceAsync(store, customer, _clock.UtcNow, cancellationToken);
        var adjustment = Bonuses.Adjustment(store, customer, points, reason, actor, requestId, settings, _clock, current, confirmOverdraw);
        return adjustment.Entry is null ? adjustment : adjustment with { Entry = await RecordAsync(adjustment.Entry, cancellationToken) };
    }

    /// <summary>A movement of the store's wallet made outside the program, taken into the ledger once (see <see cref="Bonuses.WalletEntry"/>).</summary>
    /// <remarks>Taken in when the program is switched off too: the wallet changed whatever the program does.</remarks>
    public async Task<LedgerEntry?> WalletEntryAsync(StoreId store, CustomerId customer, int points, int walletEntryId, DateTime createdUtc,
        DateTime? activatesUtc, string? note, CancellationToken cancellationToken = default)
    {
        if (await ErasedAsync(customer, cancellationToken)) return null;
        var settings = await _settings.LoadAsync(store, cancellationToken);
        return await RecordAsync(Bonuses.WalletEntry(store, customer, points, walletEntryId, createdUtc, activatesUtc, note, settings), cancellationToken);
    }

    /// <summary>Every event entry point asks this first: see <see cref="Erasure"/>.</summary>
    private Task<bool> ErasedAsync(CustomerId customer, CancellationToken cancellationToken) =>
        Erasure.IsErasedAsync(_store, _runner, customer, cancellationToken);

    private static void CheckAmounts(OrderRefund refund, string parameter)
    {
        if (refund.OrderTotal < 0m)
            throw new ArgumentOutOfRangeException(parameter, refund.OrderTotal, "The order total cannot be negative.");
        if (refund.RefundedSoFar < 0m)
            throw new ArgumentOutOfRangeException(parameter, refund.RefundedSoFar, "The refunded amount cannot be negative.");
    }


    /// <summary>The reversal plan of <paramref name="refund"/>, appended; only what this call wrote is reported.</summary>
    private async Task<ReversalPlan> ReverseAsync(OrderRefund refund, CancellationToken cancellationToken)
    {
        var settings = await _settings.LoadAsync(refund.Store, cancellationToken);
        var entries = await _ledger.GetEntriesAsync(refund.Store, refund.Customer, cancellationToken);
        var plan = Reversal.Plan(entries, refund, settings, _clock);
        var appended = new List<LedgerEntry>();
        foreach (var entry in plan.Entries)
            if (await AppendAsync(entry, cancellationToken))
                appended.Add(entry);
        // Another node that got there first wrote these entries; this call reports only what it wrote itself.
        return appended.Count == plan.Entries.Count ? plan : plan with { Entries = appended };
    }

    private Task<bool> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        LedgerWrites.AppendAsync(_ledger, _observer, entry, cancellationToken);

    private Task<LedgerEntry?> RecordAsync(LedgerEntry? entry, CancellationToken cancellationToken) =>
        LedgerWrites.RecordAsync(_ledger, _observer, entry, cancellationToken);
}
