namespace Retention.Sandbox.Data;

// The loyalty program's own tables in the sandbox, beside the ledger: what the plugin keeps in nopCommerce settings
// and its own tables.

/// <summary>One store's loyalty settings (store 0: all stores), as JSON so a new setting needs no schema change.</summary>
public sealed class LoyaltySettingsRow
{
    public int StoreId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>A tier change the program reported, kept so a person can see who moved when (the observer's record).</summary>
public sealed class TierChangeRow
{
    public long Id { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string? FromTier { get; set; }
    public string? ToTier { get; set; }
    /// <summary><see cref="Retention.Core.Loyalty.TierChange"/> as its number.</summary>
    public int ChangeId { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>One store's challenge settings (store 0: all stores), as JSON like the loyalty settings.</summary>
public sealed class ChallengeSettingsRow
{
    public int StoreId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedUtc { get; set; }
}
