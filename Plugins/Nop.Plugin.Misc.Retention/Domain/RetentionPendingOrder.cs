using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// An order placed but not yet through the workflows (exits, attribution, coupon redemptions, order-based enrollments).
/// Checkout only records the order here; the workflow task works it off before due steps, so a shopper never waits for it.
/// </summary>
public class RetentionPendingOrder : BaseEntity
{
    /// <summary>nopCommerce's order id, unique: a replayed event records nothing more.</summary>
    public int OrderId { get; set; }
    public DateTime RecordedOnUtc { get; set; }
    /// <summary>When the workflows took the order; null while pending.</summary>
    public DateTime? ProcessedOnUtc { get; set; }
    /// <summary>Failed tries; the order is left alone after <c>PendingOrders.MaxAttempts</c>.</summary>
    public int Attempts { get; set; }
    /// <summary>The last failure's message, for the log and an admin reading the table.</summary>
    public string LastError { get; set; }
}
