using Nop.Web.Framework.Models;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>
/// The stamp cards page: the store's cards, one row each. The list is named as in <see cref="LoyaltySettings.StampCards"/>
/// and each row's fields as in <see cref="StampCardDefinition"/>, so Core's messages (<c>StampCards[1].StampsToFill</c>)
/// land on their field.
/// </summary>
public record StampCardsModel : BaseNopModel
{
    /// <summary>The store the admin edits (0 = all stores); shown, never trusted from the form.</summary>
    public int ActiveStoreScopeConfiguration { get; set; }

    public List<StampCardModel> StampCards { get; set; } = new();
}

/// <summary>One card as typed. A card's <see cref="Id"/> is given when it is first saved and kept: it is part of every stamp's key.</summary>
public record StampCardModel : IEditableRow
{
    public int Id { get; set; }
    public string Name { get; set; }
    public bool Enabled { get; set; } = true;
    public StampScope Scope { get; set; }
    /// <summary>The product or category counted (product and category cards).</summary>
    public int? TargetId { get; set; }
    /// <summary>An order card's minimum amount.</summary>
    public decimal? MinOrderAmount { get; set; }
    public StampCounting Counting { get; set; }
    public int StampsToFill { get; set; } = 10;
    public StampReward Reward { get; set; }
    public decimal? RewardAmount { get; set; }
    public int? RewardProductId { get; set; }
    public int ExpiryDays { get; set; } = new StampCardDefinition().ExpiryDays;
    public int CouponValidDays { get; set; } = new StampCardDefinition().CouponValidDays;
    /// <summary>Days before a partial card lapses that its holder is reminded; 0: no reminder.</summary>
    public int ReminderDays { get; set; } = new StampCardDefinition().ReminderDays;
    /// <summary>Ticked: the card goes on save (its stamps and coupons given stay in the ledger of stamps).</summary>
    public bool Remove { get; set; }

    /// <summary>A new row nobody typed into.</summary>
    public bool IsBlank => Id == 0 && string.IsNullOrWhiteSpace(Name);

    public static StampCardModel From(StampCardDefinition card) => new()
    {
        Id = card.Id,
        Name = card.Name,
        Enabled = card.Enabled,
        Scope = card.Scope,
        TargetId = card.Scope == StampScope.Order ? null : card.TargetId,
        MinOrderAmount = card.Scope == StampScope.Order ? card.MinOrderAmount : null,
        Counting = card.Counting,
        StampsToFill = card.StampsToFill,
        Reward = card.Reward,
        RewardAmount = card.Reward == StampReward.AmountOff ? card.RewardAmount : null,
        RewardProductId = card.Reward == StampReward.FreeProduct ? card.RewardProductId : null,
        ExpiryDays = card.ExpiryDays,
        CouponValidDays = card.CouponValidDays,
        ReminderDays = card.ReminderDays,
    };

    /// <summary>The card this row describes; fields that do not apply to its scope or reward are left at zero.</summary>
    public StampCardDefinition ToDefinition(int id) => new()
    {
        Id = id,
        Name = Name?.Trim() ?? "",
        Enabled = Enabled,
        Scope = Scope,
        TargetId = Scope == StampScope.Order ? 0 : TargetId ?? 0,
        MinOrderAmount = Scope == StampScope.Order ? MinOrderAmount ?? 0m : 0m,
        Counting = Counting,
        StampsToFill = StampsToFill,
        Reward = Reward,
        RewardAmount = Reward == StampReward.AmountOff ? RewardAmount ?? 0m : 0m,
        RewardProductId = Reward == StampReward.FreeProduct ? RewardProductId ?? 0 : 0,
        ExpiryDays = ExpiryDays,
        CouponValidDays = CouponValidDays,
        ReminderDays = ReminderDays,
    };
}
