namespace Retention.Core.Tables;

/// <summary>
/// One email the engine asked for (Core's <see cref="Messaging.OutboundMessage"/>) as stored, unique by its key: the record
/// that makes a step send once, and what frequency caps count. The column names are the plugin's installed ones.
/// </summary>
public sealed class OutboxRow : TableRow
{
    /// <summary>The message's idempotency key, unique.</summary>
    public string IdempotencyKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string ToEmail { get; set; } = "";
    /// <summary>The addressee's name. The sandbox stores it (its outbox page shows the email); the plugin hands it to nopCommerce's queue instead.</summary>
    public string? ToName { get; set; }
    public string TemplateName { get; set; } = "";
    /// <summary>
    /// The template's token values as a JSON object. The sandbox stores them (its outbox is where the email is read); the
    /// plugin hands them to nopCommerce's queue instead.
    /// </summary>
    public string TokensJson { get; set; } = "{}";
    public bool IsMarketing { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime? NotBeforeUtc { get; set; }
    /// <summary>Why nothing was delivered (the plugin: no active template for the store), or null when it was; a skipped row counts toward no cap.</summary>
    public string? SkippedReason { get; set; }
}
