using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// One stamp an order gave on a stamp card, or one card that filled (with its coupon): Core's <c>StampRow</c>, written by
/// Core's <c>StampStore</c>, unique on its key (<c>stamp:{store}:{card}:{order}:{n}</c>, <c>stamp-card:{store}:{card}:{customer}:{number}</c>).
/// </summary>
public class RetentionStamp : BaseEntity
{
    public string IdempotencyKey { get; set; }
    public int StoreId { get; set; }
    public int CardId { get; set; }
    public int CustomerId { get; set; }
    public int OrderId { get; set; }
    public int CardNumber { get; set; }
    public int KindId { get; set; }
    public int StateId { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public string CouponCode { get; set; }
    public decimal RewardValue { get; set; }
}
