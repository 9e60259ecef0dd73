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
}
