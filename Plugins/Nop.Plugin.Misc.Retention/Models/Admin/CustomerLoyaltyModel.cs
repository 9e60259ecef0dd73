using Nop.Plugin.Misc.Retention.Models.Public;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>The loyalty block on the admin customer page: one section per store in the admin's scope.</summary>
public record CustomerLoyaltyModel : BaseNopModel
{
    public int CustomerId { get; set; }

    public List<CustomerLoyaltyStoreModel> Stores { get; set; } = new();

    /// <summary>What the admin typed last time, with its field errors (after a rejected adjustment).</summary>
    public AdjustPointsModel Adjustment { get; set; }

    /// <summary>Field → message of a rejected adjustment, shown next to each field.</summary>
    public Dictionary<string, string> AdjustmentErrors { get; set; } = new();
}

/// <summary>One store's figures of the customer.</summary>
public record CustomerLoyaltyStoreModel : BaseNopModel
{
    public int StoreId { get; set; }
    public string StoreName { get; set; }
    public long Available { get; set; }
    public long Pending { get; set; }
    public string Tier { get; set; }
    public List<RewardsHistoryLineModel> History { get; set; } = new();

    /// <summary>A fresh id per rendering of the form: a double submit adjusts once.</summary>
    public string NewRequestId { get; set; }
}

/// <summary>The manual adjustment form.</summary>
public record AdjustPointsModel : BaseNopModel
{
    public int CustomerId { get; set; }
    public int StoreId { get; set; }
    public int Points { get; set; }
    public string Reason { get; set; }
    public string RequestId { get; set; }
    /// <summary>The admin confirmed taking the available balance below zero (offered once the program asked).</summary>
    public bool ConfirmOverdraw { get; set; }
}

/// <summary>
/// A rejected adjustment carried across the redirect back to the customer page (TempData), so the block shows what the
/// admin typed with each field's message.
/// </summary>
public sealed record AdjustmentAttempt(int CustomerId, int StoreId, int Points, string Reason, Dictionary<string, string> Errors)
{
    public const string TempDataKey = "Retention.Loyalty.AdjustmentAttempt";

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    /// <summary>The attempt in <paramref name="json"/>, or null when there is none or it is unreadable (nothing to show then).</summary>
    public static AdjustmentAttempt FromJson(string json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<AdjustmentAttempt>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
