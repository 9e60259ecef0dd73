using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// One keyed fact of the challenges (Core's <c>ChallengeRecordRow</c>): a completion, a badge or a leaderboard opt-in,
/// unique by <see cref="RecordKey"/>. Progress is never stored: Core counts it from the store's orders, reviews,
/// referrals and survey answers.
/// </summary>
public class RetentionChallengeRecord : BaseEntity
{
    /// <summary><c>challenge:{store}:{challenge}:{customer}</c>, <c>badge:{store}:{badge}:{customer}</c> or <c>leaderboard:{store}:{challenge}:{customer}</c>; unique.</summary>
    public string RecordKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>Core's <c>ChallengeRecordKind</c>: 1 completion, 2 badge, 3 leaderboard opt-in.</summary>
    public int KindId { get; set; }
    /// <summary>The challenge id, or the badge's code.</summary>
    public string Subject { get; set; }
    /// <summary>Core's <c>CompletionState</c>: 1 held, 2 paid, 3 revoked.</summary>
    public int StateId { get; set; }
    public int Attempt { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime? HoldUntilUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
    public int Points { get; set; }
    public string CouponCode { get; set; }
}
