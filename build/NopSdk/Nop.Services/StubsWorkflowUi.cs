// Stand-ins for the Nop.Services 4.90 members the plugin's workflow pages use (a separate file so additions from
// parallel work do not collide). Signatures only; see ../CONTRACT.md.
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;

namespace Nop.Services.Messages
{
    public partial interface IMessageTemplateService
    {
        Task UpdateMessageTemplateAsync(MessageTemplate messageTemplate);
    }
}

namespace Nop.Services.Customers
{
    public partial interface ICustomerService
    {
        Task<Customer> GetCustomerByEmailAsync(string email);
    }
}

namespace Nop.Services.Orders
{
    public partial interface IShoppingCartService
    {
        Task<IList<string>> AddToCartAsync(Customer customer, Product product, ShoppingCartType shoppingCartType, int storeId,
            string attributesXml = null, decimal customerEnteredPrice = decimal.Zero, DateTime? rentalStartDate = null,
            DateTime? rentalEndDate = null, int quantity = 1, bool addRequiredProducts = true, int? wishlistId = null);
    }
}
