using Nop.Services.Localization;
using Nop.Core;
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
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// A step runs in a scheduled task or in another store's request, so an email's tokens must come from the email's own
/// store: its URL, the cart the customer has there, its reviews, its also-purchased products and its loyalty bonus. Store 1
/// answers differently for each, so any of them read from the wrong store shows.
/// </summary>
public class WorkflowContentStoreTests
{
    private const int Other = 1;
    private const int Own = 2;
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private NopWorkflowContent _content;

    [SetUp]
    public void SetUp()
    {
        var products = Enumerable.Range(1, 9).Select(id => new Product { Id = id, Name = "P" + id, Price = id, Published = true, VisibleIndividually = true }).ToList();
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetStoreByIdAsync(Other)).ReturnsAsync(new Store { Id = Other, Url = "https://other.example.com/" });
        stores.Setup(s => s.GetStoreByIdAsync(Own)).ReturnsAsync(new Store { Id = Own, Url = "https://own.example.com/" });
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(7)).ReturnsAsync(new Customer { Id = 7 });
        var carts = new Mock<IShoppingCartService>();
        foreach (var (store, product) in new[] { (Other, 1), (Own, 2) })
            carts.Setup(c => c.GetShoppingCartAsync(It.Is<Customer>(x => x.Id == 7), ShoppingCartType.ShoppingCart, store, null, null, null, null))
                .ReturnsAsync([new ShoppingCartItem { Id = product, ProductId = product, Quantity = 1, StoreId = store, CustomerId = 7, CreatedOnUtc = T0 }]);
        carts.Setup(c => c.GetSubTotalAsync(It.IsAny<ShoppingCartItem>(), true))
            .ReturnsAsync((ShoppingCartItem item, bool _) => ((decimal)item.ProductId, 0m, new List<Nop.Core.Domain.Discounts.Discount>(), (int?)null));
        var catalog = new Mock<IProductService>();
        catalog.Setup(p => p.GetProductsByIdsAsync(It.IsAny<int[]>())).ReturnsAsync((int[] ids) => products.Where(p => ids.Contains(p.Id)).ToList());
        catalog.Setup(p => p.GetRelatedProductsByProductId1Async(It.IsAny<int>(), false)).ReturnsAsync(new List<RelatedProduct>());
        var reports = new Mock<IOrderReportService>();
        reports.Setup(r => r.GetAlsoPurchasedProductsIdsAsync(Other, 3, It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<bool>())).ReturnsAsync([5]);
        reports.Setup(r => r.GetAlsoPurchasedProductsIdsAsync(Own, 3, It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<bool>())).ReturnsAsync([6]);
        var pictures = new Mock<IPictureService>();
        pictures.Setup(p => p.GetPicturesByProductIdAsync(It.IsAny<int>(), 1)).ReturnsAsync((int id, int _) => new List<Picture> { new() { Id = id } });
        pictures.Setup(p => p.GetPictureUrlAsync(It.IsAny<Picture>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<string>(), It.IsAny<PictureType>()))
            .ReturnsAsync((Picture picture, int _, bool _, string location, PictureType _) => ($"{location ?? "https://other.example.com/"}images/{picture.Id}.jpeg", picture));
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal amount) => "$" + amount);
        var urls = new Mock<IUrlRecordService>();
        urls.Setup(u => u.GetSeNameAsync(It.IsAny<Product>(), It.IsAny<int?>(), It.IsAny<bool>(), It.IsAny<bool>())).ReturnsAsync((Product p, int? _, bool _, bool _) => "p-" + p.Id);
        var orderItems = new List<OrderItem> { new() { Id = 1, OrderId = 42, ProductId = 3 } };
        // The customer reviewed product 3 in the other store only: this store still asks for it.
        var reviews = new List<ProductReview> { new() { CustomerId = 7, ProductId = 3, StoreId = Other } };
        var loyalty = new Mock<ILoyaltySettingsStore>();
        loyalty.Setup(l => l.LoadAsync(new StoreId(Other), It.IsAny<CancellationToken>())).ReturnsAsync(new LoyaltySettings { Enabled = true, ReviewBonus = 50 });
        loyalty.Setup(l => l.LoadAsync(new StoreId(Own), It.IsAny<CancellationToken>())).ReturnsAsync(new LoyaltySettings { Enabled = true, ReviewBonus = 80 });
        _content = new NopWorkflowContent(stores.Object, customers.Object, carts.Object, catalog.Object, reports.Object, pictures.Object, prices.Object, urls.Object,
            Table(orderItems), Table(reviews), loyalty.Object, loyalty: null, new InMemoryQueryRunner(),
            new NopEmailLanguage(customers.Object, stores.Object, Mock.Of<ILanguageService>(), Mock.Of<ILocalizationService>()));
    }

    private static IRepository<T> Table<T>(List<T> rows) where T : BaseEntity
    {
        var repository = new Mock<IRepository<T>>();
        repository.Setup(r => r.Table).Returns(() => rows.ToList().AsQueryable());
        return repository.Object;
    }

    private static StepMessage Message(WorkflowKind workflow, string subject) => new(
        new Enrollment
        {
            Id = 5, Workflow = workflow, Store = new StoreId(Own), Customer = new CustomerId(7), Subject = subject, EnrolledUtc = T0, AnchorUtc = T0,
            IsControl = false,
        },
        WorkflowCatalog.Default(workflow), 0, new ContactFacts("ann@example.com", "Ann", true, false, true, false, TimeZoneInfo.Utc), null,
        new StepLinks("U", "C", workflow == WorkflowKind.AbandonedCart ? "R" : null, new Dictionary<int, string>(), "O"), IsPreview: false);

    private static IEnumerable<string> Urls(StepContent content) =>
        content.Tokens.Values.SelectMany(v => System.Text.RegularExpressions.Regex.Matches(v, "https?://[^\"\\s?]+").Select(m => m.Value));

    [Test]
    public async Task A_cart_email_shows_the_cart_in_the_emails_store_under_its_url()
    {
        var content = await _content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        Assert.That(content.Tokens[WorkflowTokens.CartItemsText], Is.EqualTo("- P2 x 1: $2"));
        Assert.That(Urls(content), Is.Not.Empty.And.All.StartsWith("https://own.example.com/"));
    }

    [Test]
    public async Task A_review_request_counts_the_reviews_and_the_bonus_of_the_emails_store()
    {
        var content = await _content.RenderAsync(Message(WorkflowKind.ReviewRequest, TriggerRules.OrderSubject(42)));

        Assert.That(content.Tokens[WorkflowTokens.ReviewLinksText], Is.EqualTo("- Review P3: https://own.example.com/retention/c/C?to=%2Fp-3"));
        Assert.That(content.Tokens[WorkflowTokens.ReviewBonus], Is.EqualTo("80"));
    }

    [Test]
    public async Task A_cross_sell_suggests_what_was_bought_together_in_the_emails_store()
    {
        var content = await _content.RenderAsync(Message(WorkflowKind.CrossSell, TriggerRules.OrderSubject(42)));

        Assert.That(content.Tokens[WorkflowTokens.ProductsText], Is.EqualTo("- P6 ($6): https://own.example.com/retention/c/C?to=%2Fp-6"));
        Assert.That(Urls(content), Is.Not.Empty.And.All.StartsWith("https://own.example.com/"));
    }
}
