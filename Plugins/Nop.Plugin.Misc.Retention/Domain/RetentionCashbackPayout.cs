using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// One periodic cashback payout (issue 18): unique per store, customer and period by its key
/// (<c>cashback:{store}:{customer}:{period}</c>), written by Core's <c>CashbackStore</c>. Money in cents. A row with
/// customer 0 marks a period whose payout run finished.
/// </summary>
public class RetentionCashbackPayout : BaseEntity
{
    public string IdempotencyKey { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Period { get; set; }
    public DateTime PeriodStartUtc { get; set; }
    public DateTime PeriodEndUtc { get; set; }
    public long SpendCents { get; set; }
    public decimal RatePercent { get; set; }
    public long AmountCents { get; set; }
    public int PayAsId { get; set; }
    public int Points { get; set; }
    /// <summary>The nopCommerce gift card's coupon code, chosen before the card is made.</summary>
    public string GiftCardCode { get; set; }
    /// <summary>The nopCommerce <c>GiftCard</c> made for the payout.</summary>
    public int? GiftCardId { get; set; }
    public long ClawedBackCents { get; set; }
    public int ClawedBackPoints { get; set; }
    public long ShortfallCents { get; set; }
    public int ShortfallPoints { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
}
