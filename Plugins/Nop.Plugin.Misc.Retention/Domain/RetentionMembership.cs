using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// One fact of paid membership (Core's <c>MembershipRow</c>): a paid period, a failed renewal, a cancellation, what the
/// perks gave an order, or the customer's standing. Keyed by <see cref="IdempotencyKey"/> (unique).
/// </summary>
public class RetentionMembership : BaseEntity
{
    public string IdempotencyKey { get; set; }
    public int Kind { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int OrderId { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>A period's cycle unit (nopCommerce's <c>RecurringProductCyclePeriod</c>) and length.</summary>
    public int CycleUnit { get; set; }
    public int CycleLength { get; set; }
    public bool TakenBack { get; set; }
    public bool Renewal { get; set; }
    public DateTime? PaidThroughUtc { get; set; }
    public DateTime? EndsUtc { get; set; }
    public bool IsMember { get; set; }
    public long DiscountCents { get; set; }
    public long ShippingCents { get; set; }
    public int ExtraPoints { get; set; }
    public long PointsValueCents { get; set; }
}
