// Stand-ins for the stamp cards' free-product coupon (signatures only, see CONTRACT.md).
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Discounts;

namespace Nop.Services.Catalog
{
    public partial interface IProductService
    {
        Task UpdateProductAsync(Product product);
        Task InsertDiscountProductMappingAsync(DiscountProductMapping discountProductMapping);
    }
}
