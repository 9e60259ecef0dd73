// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>What an order reaching the awarding status did.</summary>
/// <param name="Earned">The purchase points; null when the order earns none (a fully refunded or cancelled one included).</param>
/// <param name="Reversed">The reversal of refunds recorded before the "paid" arrived (see <see cref="EarnOrder.Refunds"/>); null when there were none.</param>
/// <param name="TierChanged">The up- or downgrade this call announced (the observer heard it); null when the tier stayed, and on a replay.</param>
public sealed record OrderPaidOutcome(LedgerEntry? Earned, TierDecision? Tier, ReferralDecision? Referral, ReversalPlan? Reversed = null,
    TierChanged? TierChanged = null);

/// <summary>One line of a shopper's history, for the account page and the admin customer block.</summary>
public sealed record RewardsHistoryLine(DateTime CreatedUtc, DateTime ActivatesUtc, int Points, LedgerReason Reason, LedgerSource Source,
    string? SourceRef, string? Note, string? Actor, bool IsPending);

/// <summary>Everything a shopper (or an admin looking at one) sees of one customer's points in one store.</summary>
/// <param name="AvailableValue">What the available points are worth at checkout, in the primary currency.</param>
/// <param name="TierMeasure">Rolling 12-month spend or order count (see <paramref name="TierBasis"/>).</param>
/// <param name="TierProgress">0..1 towards <paramref name="NextTier"/>; 1 at the top tier.</param>
/// <param name="Expiry">What to say of <paramref name="ExpiringSoon"/>: the points-expiry reminder's own rule
/// (<see cref="ExpiryNotices.For"/>), so the page and the email never disagree; null when nothing lapses soon.</param>
public sealed record RewardsView(StoreId Store, CustomerId Customer, long Available, long Pending, decimal AvailableValue,
    ExpiringSoon ExpiringSoon, IReadOnlyList<RewardsHistoryLine> History,
    string? Tier, decimal TierMultiplier, TierBasis TierBasis, decimal TierMeasure, string? NextTier, decimal? NextTierMissing, decimal TierProgress,
    DateTime? DowngradeAtUtc, int MinimumBalanceToRedeem, bool CanRedeem, ExpiryNotice? Expiry = null)
{
    /// <summary>Points still missing before any can be spent at checkout; 0 when the customer can redeem.</summary>
    public long MissingToRedeem => CanRedeem ? 0 : Math.Max(1, MinimumBalanceToRedeem - Math.Max(0, Available));

    /// <summary>
    /// "Spend them" only of points that can be spent before they lapse (<see cref="ExpiryAdvice.Spend"/>), else how many
    /// more to earn by when (<see cref="ExpiryAdvice.EarnMore"/>), or that the minimum cannot be reached in time.
    /// </summary>
    public ExpiryAdvice ExpiryAdvice => Expiry?.Advice ?? ExpiryAdvice.None;
}

/// <summary>
/// One day of the points accounting for finance, in one store (UTC days). Opening + all movements = Closing; the
/// liability is the closing points (pending included) valued at the store's point value.
/// </summary>
public sealed record PointsAccountingDay(DateOnly Day, StoreId Store, long Opening, long Earned, long Bonuses, long Adjusted, long Reversed,
    long Redeemed, long Reimbursed, long Expired, long Closing, long PendingAtClose, decimal CurrencyPerPoint, long Challenges = 0)
{
    public decimal OpeningValue => Opening * CurrencyPerPoint;
    public decimal ClosingValue => Closing * CurrencyPerPoint;
}

/// <summary>What one nightly run did in a store.</summary>
public sealed record NightlyReport(int CustomersVisited, int ExpiryEntries, int PointsExpired, int BirthdayBonuses, int TierChanges, int RemindersDue);

/// <summary>The data a points-expiry reminder needs: who, how many points lapse soon, and when the first of them do.</summary>
public sealed record ExpiryReminder(StoreId Store, CustomerId Customer, long Points, DateTime FirstExpiryUtc);

/// <summary>Where a customer stands on the tier ladder (<see cref="RewardsView"/>'s tier fields, and the checkout widget's).</summary>
public sealed record TierProgressView(string? Tier, decimal Multiplier, TierBasis Basis, decimal Measure, string? NextTier, decimal? NextTierMissing,
    decimal Progress, DateTime? DowngradeAtUtc);

/// <summary>The checkout widget (<see cref="LoyaltyViews.CheckoutAsync"/>): the balance, what the cart earns, what may be spent, the tier.</summary>
public sealed record CheckoutView(long Available, long Pending, decimal AvailableValue, EarnQuote Quote, RedemptionAllowance Allowance, TierProgressView Tier);
