using System.Globalization;
using Nop.Web.Framework.Models;
using Retention.Core.Challenges;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>
/// The challenges page: the switches and one row per challenge. Names are those of <see cref="ChallengeSettings"/> and
/// <see cref="ChallengeDefinition"/>, so Core's messages (<c>Challenges[2].Target</c>) land on their field.
/// </summary>
public record ChallengesModel : BaseNopModel
{
    /// <summary>The store the admin edits (0 = all stores); shown, never trusted from the form.</summary>
    public int ActiveStoreScopeConfiguration { get; set; }

    public bool Enabled { get; set; }
    public bool BadgesEnabled { get; set; } = true;
    public List<ChallengeModel> Challenges { get; set; } = new();
}

/// <summary>One challenge as typed. Its <see cref="Id"/> is given when it is first saved and kept: the keys of its completions carry it.</summary>
public record ChallengeModel : IEditableRow
{
    public int Id { get; set; }
    public string Name { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public ChallengeGoal Goal { get; set; } = ChallengeGoal.Orders;
    public decimal Target { get; set; } = 1m;
    /// <summary>Category ids separated by commas or spaces (the categories goal; empty for any category).</summary>
    public string CategoryIds { get; set; }
    public ChallengeReward Reward { get; set; } = ChallengeReward.Points;
    public int RewardPoints { get; set; }
    public decimal CouponAmount { get; set; }
    public int CouponValidDays { get; set; } = new ChallengeDefinition().CouponValidDays;
    public bool Leaderboard { get; set; }
    /// <summary>Ticked: the challenge goes on save (rewards already given stay).</summary>
    public bool Remove { get; set; }

    /// <summary>A new row nobody typed into.</summary>
    public bool IsBlank => Id == 0 && string.IsNullOrWhiteSpace(Name);

    public static ChallengeModel From(ChallengeDefinition challenge) => new()
    {
        Id = challenge.Id,
        Name = challenge.Name,
        StartDate = challenge.StartDate.ToDateTime(TimeOnly.MinValue),
        EndDate = challenge.EndDate.ToDateTime(TimeOnly.MinValue),
        Goal = challenge.Goal,
        Target = challenge.Target,
        CategoryIds = string.Join(", ", challenge.CategoryIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
        Reward = challenge.Reward,
        RewardPoints = challenge.RewardPoints,
        CouponAmount = challenge.CouponAmount,
        CouponValidDays = challenge.CouponValidDays,
        Leaderboard = challenge.Leaderboard,
    };

    /// <summary>The category ids typed; false when one of them is not a whole positive number.</summary>
    public bool TryCategoryIds(out IReadOnlyList<int> ids)
    {
        var list = new List<int>();
        ids = list;
        foreach (var part in (CategoryIds ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                return false;
            if (!list.Contains(id))
                list.Add(id);
        }
        return true;
    }

    /// <summary>The challenge this row describes (its days and categories already read).</summary>
    public ChallengeDefinition ToDefinition(int id, IReadOnlyList<int> categoryIds) => new()
    {
        Id = id,
        Name = Name?.Trim() ?? "",
        StartDate = DateOnly.FromDateTime(StartDate!.Value),
        EndDate = DateOnly.FromDateTime(EndDate!.Value),
        Goal = Goal,
        Target = Target,
        CategoryIds = categoryIds,
        Reward = Reward,
        RewardPoints = RewardPoints,
        CouponAmount = CouponAmount,
        CouponValidDays = CouponValidDays,
        Leaderboard = Leaderboard,
    };
}
