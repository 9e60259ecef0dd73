// Stand-ins for the Nop.Services 4.90 members the plugin's loyalty UI uses (a separate file so additions from
// parallel work do not collide). Signatures only; see ../CONTRACT.md.
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;

namespace Nop.Services.Directory
{
    public partial interface ICurrencyService
    {
        Task<decimal> ConvertFromPrimaryStoreCurrencyAsync(decimal amount, Currency targetCurrencyCode);
    }
}

namespace Nop.Services.Catalog
{
    public partial interface IPriceFormatter
    {
        Task<string> FormatPriceAsync(decimal price);
    }

    public partial interface IPriceCalculationService
    {
        Task<(decimal priceWithoutDiscounts, decimal finalPrice, decimal appliedDiscountAmount, List<Discount> appliedDiscounts)> GetFinalPriceAsync(
            Product product, Customer customer, Store store, decimal additionalCharge = 0, bool includeDiscounts = true, int quantity = 1);
    }

    public partial interface IProductService
    {
        Task<Product> GetProductByIdAsync(int productId);
    }

    public partial interface ICategoryService
    {
        Task<IList<Category>> GetAllCategoriesAsync(int storeId = 0, bool showHidden = false);

        Task<string> GetFormattedBreadCrumbAsync(Category category, IList<Category> allCategories = null, string separator = ">>", int languageId = 0);
    }
}

namespace Nop.Services.Customers
{
    public partial interface ICustomerService
    {
        Task<bool> IsRegisteredAsync(Customer customer, bool onlyActiveCustomerRoles = true);
    }
}

namespace Nop.Services.Orders
{
    public partial interface IShoppingCartService
    {
        Task<IList<ShoppingCartItem>> GetShoppingCartAsync(Customer customer, ShoppingCartType? shoppingCartType = null, int storeId = 0,
            int? productId = null, DateTime? createdFromUtc = null, DateTime? createdToUtc = null, int? customWishlistId = null);

        Task<(decimal subTotal, decimal discountAmount, List<Discount> appliedDiscounts, int? maximumDiscountQty)> GetSubTotalAsync(
            ShoppingCartItem shoppingCartItem, bool includeDiscounts);
    }
}

namespace Nop.Services.Helpers
{
    public partial interface IDateTimeHelper
    {
        Task<DateTime> ConvertToUserTimeAsync(DateTime dt, DateTimeKind sourceDateTimeKind);
    }
}
