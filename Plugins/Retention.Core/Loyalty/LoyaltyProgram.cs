// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>What an order reaching the awarding status did.</summary>
public sealed record OrderPaidOutcome(LedgerEntry? Earned, TierDecision? Tier, ReferralDecision? Referral);

/// <summary>One line of a shopper's history, for the account page and the admin customer block.</summary>
public sealed record RewardsHistoryLine(DateTime CreatedUtc, DateTime ActivatesUtc, int Points, LedgerReason Reason, LedgerSource Source,
    string? SourceRef, string? Note, string? Actor, bool IsPending);

/// <summary>Everything a shopper (or an admin looking at one) sees of one customer's points in one store.</summary>
/// <param name="AvailableValue">What the available points are worth at checkout, in the primary currency.</param>
/// <param name="TierMeasure">Rolling 12-month spend or order count (see <paramref name="TierBasis"/>).</param>
/// <param name="TierProgress">0..1 towards <paramref name="NextTier"/>; 1 at the top tier.</param>
public sealed record RewardsView(StoreId Store, CustomerId Customer, int Available, int Pending, decimal AvailableValue,
    ExpiringSoon ExpiringSoon, IReadOnlyList<RewardsHistoryLine> History,
    string? Tier, decimal TierMultiplier, TierBasis TierBasis, decimal TierMeasure, string? NextTier, decimal? NextTierMissing, decimal TierProgress,
    DateTime? DowngradeAtUtc, int MinimumBalanceToRedeem, bool CanRedeem);

/// <summary>
/// One day of the points accounting for finance, in one store (UTC days). Opening + all movements = Closing; the
/// liability is the closing points (pending included) valued at the store's point value.
/// </summary>
public sealed record PointsAccountingDay(DateOnly Day, StoreId Store, int Opening, int Earned, int Bonuses, int Adjusted, int Reversed,
    int Redeemed, int Reimbursed, int Expired, int Closing, int PendingAtClose, decimal CurrencyPerPoint)
{
    public decimal OpeningValue => Opening * CurrencyPerPoint;
    public decimal ClosingValue => Closing * CurrencyPerPoint;
}

/// <summary>What one nightly run did in a store.</summary>
public sealed record NightlyReport(int CustomersVisited, int ExpiryEntries, int PointsExpired, int BirthdayBonuses, int TierChanges, int RemindersDue);

/// <summary>
/// The loyalty program as hosts call it: each nopCommerce (or sandbox) event maps to one method here, which loads what the
/// rules need, runs them, appends the entries they return and tells the <see cref="ILoyaltyObserver"/> what was new.
/// Every method is safe to call again with the same event: the entries' keys make a replay change nothing.
/// </summary>
public sealed class LoyaltyProgram
{
    private readonly IPointsLedger _ledger;
    private readonly ILedgerData _ledgerData;
    private readonly ILoyaltySettingsStore _settings;
    private readonly ITierStandingStore _standings;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly ILoyaltyObserver _observer;
    private readonly IClock _clock;

    public LoyaltyProgram(IPointsLedger ledger, ILedgerData ledgerData, ILoyaltySettingsStore settings, ITierStandingStore standings,
        IStoreData store, IQueryRunner runner, ILoyaltyObserver observer, IClock clock)
    {
        _ledger = ledger;
        _ledgerData = ledgerData;
        _settings = settings;
        _standings = standings;
        _store = store;
        _runner = runner;
        _observer = observer;
        _clock = clock;
    }

    /// <summary>
    /// The order reached the awarding status: re-evaluate the tier on the rolling measure (this order included), then
    /// earn with the tier's multiplier, then the referrer's bonus when <paramref name="referral"/> is given.
    /// </summary>
    public Task<OrderPaidOutcome> OrderPaidAsync(EarnOrder order, ReferralCandidate? referral, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Points the customer spent on an order at checkout (nopCommerce already took them from its wallet).</summary>
    public Task<LedgerEntry?> RedemptionAsync(StoreId store, CustomerId customer, int orderId, int points, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A refund (partial or full) or a cancellation: the reversal plan, appended.</summary>
    public Task<ReversalPlan> OrderRefundedAsync(OrderRefund refund, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<LedgerEntry?> RegisteredAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A review was approved. There is deliberately no rating parameter (sentiment-conditioned incentives are unlawful).</summary>
    public Task<LedgerEntry?> ReviewApprovedAsync(StoreId store, CustomerId customer, int reviewId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<LedgerEntry?> SurveyAnsweredAsync(StoreId store, CustomerId customer, string responseId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>A manual admin adjustment; field errors when reason, actor or points are missing.</summary>
    public Task<AdminAdjustment> AdjustAsync(StoreId store, CustomerId customer, int points, string? reason, string? actor, string requestId,
        CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// The nightly sweep of one store, in batches: expiries that came due, birthday bonuses for
    /// <paramref name="storeToday"/> (the store's local date), tier re-evaluation of tier holders (downgrades after grace).
    /// </summary>
    public Task<NightlyReport> RunNightlyAsync(StoreId store, DateOnly storeToday, int batchSize = 500, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The shopper's rewards: balance, pending, value, expiring soon, history (newest first), tier progress.</summary>
    public Task<RewardsView> GetRewardsAsync(StoreId store, CustomerId customer, int historyLimit = 50, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Points this order (a cart at checkout) would earn, with the customer's current tier.</summary>
    public Task<EarnQuote> QuoteOrderAsync(EarnOrder order, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>"Earn N points" on a product page, for a guest (<paramref name="customer"/> null) or a customer with a tier.</summary>
    public Task<int> QuoteProductAsync(StoreId store, CustomerId? customer, EarnLine line, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>How many points the customer may spend on an order of <paramref name="orderTotal"/>.</summary>
    public Task<RedemptionAllowance> AllowanceAsync(StoreId store, CustomerId customer, decimal orderTotal, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>The finance report: one line per UTC day in [<paramref name="from"/>, <paramref name="to"/>], computed in the database.</summary>
    public Task<IReadOnlyList<PointsAccountingDay>> AccountingAsync(StoreId store, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
