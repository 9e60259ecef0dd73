using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>One line of the points ledger (Core's <c>LedgerEntry</c>); append-only, unique on its key.</summary>
public class RetentionLedgerEntry : BaseEntity
{
    public string IdempotencyKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int Points { get; set; }
    public int ReasonId { get; set; }
    public int SourceId { get; set; }
    public string SourceRef { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime ActivatesOnUtc { get; set; }
    public DateTime? ExpiresOnUtc { get; set; }
    public string Actor { get; set; }
    public string Note { get; set; }
    /// <summary>
    /// The nopCommerce <c>RewardPointsHistory</c> row this entry is mirrored as (or linked to, when native wrote it
    /// itself); null until mirrored, which the sweep repairs after a crash between the two writes.
    /// </summary>
    public int? NativeEntryId { get; set; }
}
