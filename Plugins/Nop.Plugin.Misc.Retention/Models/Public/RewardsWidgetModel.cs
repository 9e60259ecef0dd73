using Retention.Core.Loyalty;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Models.Public;

/// <summary>The shopper's points as the checkout widget shows them; a guest gets only a prompt to register or log in.</summary>
public record RewardsWidgetModel : BaseNopModel
{
    public bool IsGuest { get; set; }
    public long Available { get; set; }
    public long Pending { get; set; }
    /// <summary>What the available points are worth, formatted in the shopper's working currency.</summary>
    public string AvailableValue { get; set; }
    /// <summary>Points the current cart would earn, when there is a cart.</summary>
    public int? OrderPoints { get; set; }
    public string Tier { get; set; }
    public string NextTier { get; set; }
    /// <summary>What is still missing to the next tier: an amount in the working currency or a number of orders.</summary>
    public string NextTierMissing { get; set; }
    /// <summary>0..100.</summary>
    public int TierProgressPercent { get; set; }
    /// <summary>The discount card's percent now (0: none); the card is not shown when <see cref="CardLines"/> is empty.</summary>
    public decimal CardPercent { get; set; }
    /// <summary>The discount card's sentences in the shopper's language (Core's <c>CardView</c>): discount, next level, drop date.</summary>
    public List<string> CardLines { get; set; } = new();
    /// <summary>Checkout's cashback line ("This order brings your cashback for May 2026 to $4.20"); empty without cashback.</summary>
    public string CashbackLine { get; set; }
    /// <summary>Checkout's "This order completes the … challenge." lines.</summary>
    public List<string> ChallengeLines { get; set; } = new();
}

/// <summary>"My rewards": the account page.</summary>
public record MyRewardsModel : RewardsWidgetModel
{
    public long ExpiringSoonPoints { get; set; }
    public DateTime? ExpiringSoonDate { get; set; }
    public int MinimumBalanceToRedeem { get; set; }
    public bool CanRedeem { get; set; }
    /// <summary>Core's advice on the expiring points (the reminder email's rule): spend them, earn N more by a date, or the minimum is out of reach.</summary>
    public ExpiryAdvice ExpiryAdvice { get; set; }
    /// <summary>For <see cref="ExpiryAdvice.EarnMore"/>: the points still needed, and the last day (shopper's time) an order earns them in time.</summary>
    public long ExpiryPointsNeeded { get; set; }
    public DateTime? ExpiryOrderBy { get; set; }
    public List<RewardsHistoryLineModel> History { get; set; } = new();
    /// <summary>Ways to earn and redeem and the tiers, for members and guests alike.</summary>
    public RewardsPanelModel Panel { get; set; } = new();
    /// <summary>The shopper's own referral code; the view turns it into the absolute link.</summary>
    public string ReferralCode { get; set; }
    /// <summary>The store's stamp cards with the shopper's progress (none when the store runs none).</summary>
    public List<StampCardModel> StampCards { get; set; } = new();
    /// <summary>Paid membership in the shopper's language: the state with its date, the perks, what it saved this year (none when the store runs none).</summary>
    public List<string> MembershipLines { get; set; } = new();
    /// <summary>The membership periods paid, newest first ("1 May – 1 June (order #12)").</summary>
    public List<string> MembershipPeriods { get; set; } = new();
    /// <summary>For a customer who is not a member: the membership product's page and the "join for …" text (null when there is none to link).</summary>
    public string MembershipJoinUrl { get; set; }
    public string MembershipJoinText { get; set; }
    /// <summary>Challenges are on in the store: the section shows (with "none running" when the list is empty).</summary>
    public bool ChallengesEnabled { get; set; }
    public List<ChallengeModel> Challenges { get; set; } = new();
    /// <summary>The badges held, named in the shopper's language.</summary>
    public List<string> Badges { get; set; } = new();
    /// <summary>The running cashback period: spend so far, the band reached and what it would pay, when; empty without cashback.</summary>
    public List<string> CashbackLines { get; set; } = new();
    /// <summary>The periods paid, newest first.</summary>
    public List<string> CashbackPaid { get; set; } = new();
}

/// <summary>One stamp card in My rewards, its sentences in the shopper's language.</summary>
public record StampCardModel : BaseNopModel
{
    public string Name { get; set; }
    public int Stamps { get; set; }
    public int StampsToFill { get; set; }
    /// <summary>"2 of 8 stamps: 6 more for a free one."</summary>
    public string Progress { get; set; }
    /// <summary>When the partial card's stamps lapse; null when it is empty or never lapses.</summary>
    public string Lapse { get; set; }
    /// <summary>Codes of the coupons full cards gave that still stand.</summary>
    public List<string> Coupons { get; set; } = new();
}

/// <summary>One ledger line for people: when, how many, why.</summary>
public record RewardsHistoryLineModel : BaseNopModel
{
    /// <summary>In the viewer's time zone.</summary>
    public DateTime Date { get; set; }
    public int Points { get; set; }
    /// <summary>The localized reason.</summary>
    public string Reason { get; set; }
    public string Note { get; set; }
    /// <summary>Who made a manual change; shown to admins only.</summary>
    public string Actor { get; set; }
    public bool IsPending { get; set; }
}

/// <summary>"Earn N points" on a product page.</summary>
public record ProductPointsModel : BaseNopModel
{
    public int Points { get; set; }
    public bool IsGuest { get; set; }
    /// <summary>How the points come about (rate × category or promotion × tier), when something multiplies the base rate.</summary>
    public string Explanation { get; set; }
}

/// <summary>The rewards panel in the shopper's language: Core's <c>RewardsPanel</c> lines over the store's settings.</summary>
public record RewardsPanelModel : BaseNopModel
{
    public bool Enabled { get; set; }
    public List<string> WaysToEarn { get; set; } = new();
    public List<string> Notes { get; set; } = new();
    public List<string> WaysToRedeem { get; set; } = new();
    public List<global::Retention.Core.Loyalty.RewardsPanelTier> Tiers { get; set; } = new();
    /// <summary>The guests' invitation ("join to earn"), with the registration bonus when there is one.</summary>
    public string JoinPrompt { get; set; }
}

/// <summary>One challenge in My rewards: progress bar and text, its days, whether it is completed, and its opt-in leaderboard.</summary>
public record ChallengeModel : BaseNopModel
{
    public int Id { get; set; }
    public string Name { get; set; }
    /// <summary>"2 of 3 categories", in the shopper's language.</summary>
    public string Progress { get; set; }
    /// <summary>0..100.</summary>
    public int Percent { get; set; }
    /// <summary>First and last day, as the shopper writes dates.</summary>
    public string Dates { get; set; }
    /// <summary>Empty while not completed; else completed (reward paid or pending).</summary>
    public string State { get; set; }
    public bool LeaderboardOffered { get; set; }
    public bool OptedIn { get; set; }
    /// <summary>Rank, first name and initial, score: only customers who opted in.</summary>
    public List<LeaderboardLineModel> Leaderboard { get; set; } = new();
}

public record LeaderboardLineModel(int Rank, string Name, string Score);
