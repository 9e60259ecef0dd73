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

/// <summary>
/// A gift card of the simulated store (nopCommerce's <c>GiftCard</c> with its usage history folded into
/// <see cref="UsedAmount"/>): cashback paid as store credit is one, and the checkout takes its code like a coupon.
/// </summary>
public sealed class SandboxGiftCardRow
{
    public int Id { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Code { get; set; } = "";
    /// <summary>What the card was worth (lowered when a refund takes cashback back).</summary>
    public decimal Amount { get; set; }
    /// <summary>What orders paid with it so far.</summary>
    public decimal UsedAmount { get; set; }
    public bool IsActive { get; set; } = true;
    public string? Note { get; set; }
    public DateTime CreatedUtc { get; set; }

    public decimal Remaining => Math.Max(0m, Amount - UsedAmount);
}

/// <summary>One store's challenge settings (store 0: all stores), as JSON like the loyalty settings.</summary>
public sealed class ChallengeSettingsRow
{
    public int StoreId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedUtc { get; set; }
}
