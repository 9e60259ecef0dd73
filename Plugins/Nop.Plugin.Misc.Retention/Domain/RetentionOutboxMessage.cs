using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// Every email the engine asked for, unique on its key: the record that makes a step send once, and what
/// frequency caps count. The email itself goes to nopCommerce's queued emails.
/// </summary>
public class RetentionOutboxMessage : BaseEntity
{
    public string IdempotencyKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string ToEmail { get; set; }
    public string TemplateName { get; set; }
    public bool IsMarketing { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime? NotBeforeUtc { get; set; }
    /// <summary>Why nothing was queued (no active template for the store), or null when it was.</summary>
    public string SkippedReason { get; set; }
}
