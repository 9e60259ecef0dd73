using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>Why points moved. Stored as its number: never renumber.</summary>
public enum LedgerReason
{
    Purchase = 1,
    PurchaseReversal = 2,
    Redemption = 3,
    RedemptionRefund = 4,
    Expiry = 5,
    RegistrationBonus = 10,
    BirthdayBonus = 11,
    ReviewBonus = 12,
    SurveyBonus = 13,
    ReferralBonus = 14,
    AdminAdjustment = 20,
    /// <summary>Periodic cashback paid as points (<c>cashback:{store}:{customer}:{period}</c>).</summary>
    Cashback = 30,
    /// <summary>Cashback points taken back after a refund of an order of a paid period.</summary>
    CashbackReversal = 31,
    // Challenges and badges (numbered apart from the other mechanics so branches never collide).
    /// <summary>A completed challenge's reward points (<c>challenge:{store}:{challenge}:{customer}</c>).</summary>
    ChallengeReward = 50,
    /// <summary>A challenge's reward taken back: a refund dropped progress below the goal before the reward was paid.</summary>
    ChallengeRewardReversal = 51,
}

/// <summary>What the movement came from, so a reader can follow it back.</summary>
public enum LedgerSource
{
    Order = 1,
    Review = 2,
    Survey = 3,
    Referral = 4,
    Customer = 5,
    Admin = 6,
    System = 7,
    /// <summary>
    /// The store's own reward points, written outside the program (an admin's entry on nopCommerce's customer card):
    /// taken into the ledger so there is one balance; <see cref="LedgerEntry.SourceRef"/> is the wallet entry's id.
    /// </summary>
    Wallet = 8,
    /// <summary>A challenge; <see cref="LedgerEntry.SourceRef"/> is the challenge id.</summary>
    Challenge = 50,
}

/// <summary>
/// One immutable line of the points ledger. The balance is the sum of the lines already active, so nothing is
/// ever updated in place: a correction is another line.
/// </summary>
public sealed record LedgerEntry
{
    public required IdempotencyKey Key { get; init; }
    public required StoreId Store { get; init; }
    public required CustomerId Customer { get; init; }
    /// <summary>Positive to credit, negative to debit.</summary>
    public required int Points { get; init; }
    public required LedgerReason Reason { get; init; }
    public required LedgerSource Source { get; init; }
    /// <summary>The id of the thing in <see cref="Source"/> (order id, review id…), when there is one.</summary>
    public string? SourceRef { get; init; }
    public required DateTime CreatedUtc { get; init; }
    /// <summary>When the points become spendable; pending until then (the return window).</summary>
    public required DateTime ActivatesUtc { get; init; }
    /// <summary>When a credited lot lapses, if it does.</summary>
    public DateTime? ExpiresUtc { get; init; }
    /// <summary>Who made a manual change (admin adjustments are audited).</summary>
    public string? Actor { get; init; }
    /// <summary>
    /// For people: the admin's reason as typed, or Core's own note as a message key with its values (<see cref="LedgerNotes"/>),
    /// shown in the reader's language.
    /// </summary>
    public string? Note { get; init; }
}

/// <summary>A customer's points at one instant.</summary>
public readonly record struct PointsBalance(long Available, long Pending);
