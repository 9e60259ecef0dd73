// Stand-ins for the stamp cards' free-product coupon: a discount assigned to one product (signatures only, see CONTRACT.md).

namespace Nop.Core.Domain.Discounts
{
    public partial class Discount
    {
        public int? MaximumDiscountedQuantity { get; set; }
    }

    public abstract partial class DiscountMapping : BaseEntity
    {
        public int DiscountId { get; set; }
        public abstract int EntityId { get; set; }
    }

    public partial class DiscountProductMapping : DiscountMapping
    {
        public override int EntityId { get; set; }
    }
}

namespace Nop.Core.Domain.Catalog
{
    public partial class Product
    {
        public bool HasDiscountsApplied { get; set; }
    }
}
