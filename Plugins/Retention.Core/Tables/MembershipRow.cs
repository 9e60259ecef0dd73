// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
namespace Retention.Core.Tables;

/// <summary>What a <see cref="MembershipRow"/> records.</summary>
public enum MembershipRowKind
{
    /// <summary>A paid order of the membership product (one period); <c>TakenBack</c> after its refund or cancellation.</summary>
    Period = 1,
    /// <summary>A renewal reported failed (at its due date).</summary>
    RenewalFailed = 2,
    /// <summary>The recurring payment was cancelled.</summary>
    Cancelled = 3,
    /// <summary>What the perks gave one order (money in cents, extra points).</summary>
    Saving = 4,
    /// <summary>The customer's membership as last reconciled (one per store and customer): the dashboard and the night read it.</summary>
    Standing = 5,
}

/// <summary>
/// One fact of paid membership (Core's <see cref="Membership.MembershipProgram"/>): every row is keyed by
/// <see cref="IdempotencyKey"/> (unique), so a replayed event writes nothing twice. Money is kept in cents so every database sums it
/// exactly.
/// </summary>
public sealed class MembershipRow : TableRow
{
    /// <summary>The row's key (<see cref="Membership.MembershipRules"/>): the table's unique column.</summary>
    public string IdempotencyKey { get; set; } = "";
    public int Kind { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The order a period or saving belongs to (0 for none).</summary>
    public int OrderId { get; set; }
    /// <summary>When it happened: paid, due (failure), cancelled, the order's instant (saving), last reconciled (standing).</summary>
    public DateTime AtUtc { get; set; }
    /// <summary>A period's cycle unit (nopCommerce's <c>RecurringProductCyclePeriod</c> number).</summary>
    public int CycleUnit { get; set; }
    public int CycleLength { get; set; }
    /// <summary>A period or saving taken back by a refund or cancellation of its order.</summary>
    public bool TakenBack { get; set; }
    /// <summary>A period that continued a running membership (false: it started one), as judged when it was paid.</summary>
    public bool Renewal { get; set; }
    /// <summary>A standing's paid-through date.</summary>
    public DateTime? PaidThroughUtc { get; set; }
    /// <summary>A standing's end of perks (paid-through plus grace, or paid-through when cancelled).</summary>
    public DateTime? EndsUtc { get; set; }
    /// <summary>A standing: the customer had the perks when last reconciled.</summary>
    public bool IsMember { get; set; }
    public long DiscountCents { get; set; }
    public long ShippingCents { get; set; }
    public int ExtraPoints { get; set; }
    public long PointsValueCents { get; set; }
}
