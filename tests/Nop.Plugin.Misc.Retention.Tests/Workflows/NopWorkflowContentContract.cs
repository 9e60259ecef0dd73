using Nop.Services.Localization;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Media;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Media;
using Nop.Services.Orders;
using Nop.Services.Seo;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>Core's email content contract over nopCommerce's services (mocked with the contract's store): the same markup as the sandbox's.</summary>
public sealed class NopWorkflowContentContract : WorkflowContentContract
{
    protected override Task<IWorkflowContent> CreateAsync()
    {
        var products = Products.Select(p => new Product { Id = p.Id, Name = p.Name, Price = p.Price, Published = true, VisibleIndividually = true }).ToList();
        var cart = Cart.Select((line, i) => new ShoppingCartItem
        {
            Id = i + 1, ProductId = line.ProductId, Quantity = line.Quantity, StoreId = Store.Value, CustomerId = Customer.Value,
            CreatedOnUtc = Now.AddHours(-3).AddMinutes(i + 1),
        }).ToList();
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetStoreByIdAsync(Store.Value)).ReturnsAsync(new Store { Id = Store.Value, Url = StoreUrl + "/" });
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(Customer.Value)).ReturnsAsync(new Customer { Id = Customer.Value });
        var carts = new Mock<IShoppingCartService>();
        carts.Setup(c => c.GetShoppingCartAsync(It.Is<Customer>(x => x.Id == Customer.Value), ShoppingCartType.ShoppingCart, Store.Value, null, null, null, null))
            .ReturnsAsync(cart);
        carts.Setup(c => c.GetSubTotalAsync(It.IsAny<ShoppingCartItem>(), true))
            .ReturnsAsync((ShoppingCartItem item, bool _) => (products.Single(p => p.Id == item.ProductId).Price * item.Quantity, 0m,
                new List<Nop.Core.Domain.Discounts.Discount>(), (int?)null));
        var catalog = new Mock<IProductService>();
        catalog.Setup(p => p.GetProductsByIdsAsync(It.IsAny<int[]>())).ReturnsAsync((int[] ids) => products.Where(p => ids.Contains(p.Id)).ToList());
        var pictures = new Mock<IPictureService>();
        pictures.Setup(p => p.GetPicturesByProductIdAsync(It.IsAny<int>(), 1)).ReturnsAsync((int id, int _) => new List<Picture> { new() { Id = id } });
        pictures.Setup(p => p.GetPictureUrlAsync(It.IsAny<Picture>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<string>(), It.IsAny<PictureType>()))
            .ReturnsAsync((Picture picture, int _, bool _, string location, PictureType _) => ($"{location}img/products/{picture.Id}.svg", picture));
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal amount) => "$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var urls = new Mock<IUrlRecordService>();
        urls.Setup(u => u.GetSeNameAsync(It.IsAny<Product>(), It.IsAny<int?>(), It.IsAny<bool>(), It.IsAny<bool>()))
            .ReturnsAsync((Product p, int? _, bool _, bool _) => "shop/product/" + p.Id);
        IWorkflowContent content = new NopWorkflowContent(stores.Object, customers.Object, carts.Object, catalog.Object, Mock.Of<IOrderReportService>(),
            pictures.Object, prices.Object, urls.Object, Table<OrderItem>(), Table<ProductReview>(), Mock.Of<ILoyaltySettingsStore>(), loyalty: null,
            new InMemoryQueryRunner(), new NopEmailLanguage(customers.Object, stores.Object, Mock.Of<ILanguageService>(), Mock.Of<ILocalizationService>()));
        return Task.FromResult(content);
    }

    private static IRepository<T> Table<T>() where T : Nop.Core.BaseEntity
    {
        var repository = new Mock<IRepository<T>>();
        repository.Setup(r => r.Table).Returns(() => new List<T>().AsQueryable());
        return repository.Object;
    }
}
