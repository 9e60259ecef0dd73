using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>Something that happened in a workflow (sent, withheld, skipped, opened, clicked, converted, coupon redeemed), once per key.</summary>
public class RetentionWorkflowEvent : BaseEntity
{
    /// <summary>Core's event key, unique.</summary>
    public string EventKey { get; set; }
    public int EnrollmentId { get; set; }
    public int WorkflowId { get; set; }
    public int Step { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int KindId { get; set; }
    public DateTime OccurredUtc { get; set; }
    public bool IsControl { get; set; }
    public int? OrderId { get; set; }
    public decimal Revenue { get; set; }
    public string Detail { get; set; }
}
