// Stand-ins for the nopCommerce 4.90 types periodic cashback uses (issue 18): signatures only, see CONTRACT.md.
namespace Nop.Core.Domain.Orders
{
    public partial class GiftCard : BaseEntity
    {
        public int? PurchasedWithOrderItemId { get; set; }
        public int GiftCardTypeId { get; set; }
        public decimal Amount { get; set; }
        public bool IsGiftCardActivated { get; set; }
        public string GiftCardCouponCode { get; set; }
        public string RecipientName { get; set; }
        public string RecipientEmail { get; set; }
        public string SenderName { get; set; }
        public string SenderEmail { get; set; }
        public string Message { get; set; }
        public bool IsRecipientNotified { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }

    public partial class GiftCardUsageHistory : BaseEntity
    {
        public int GiftCardId { get; set; }
        public int UsedWithOrderId { get; set; }
        public decimal UsedValue { get; set; }
        public DateTime CreatedOnUtc { get; set; }
    }
}
