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
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>A step's tokens from nopCommerce's data: links under the store's URL, customer text encoded in markup, nothing to say when there is nothing.</summary>
public class WorkflowContentTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private const string StoreUrl = "https://shop.example.com/";

    private Store _store;
    private List<ShoppingCartItem> _cart;
    private List<Product> _products;
    private List<OrderItem> _orderItems;
    private List<ProductReview> _reviews;
    private NopWorkflowContent _content;

    [SetUp]
    public void SetUp()
    {
        _store = new Store { Id = 1, Url = StoreUrl };
        _cart = [];
        _products = [];
        _orderItems = [];
        _reviews = [];
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetStoreByIdAsync(1)).ReturnsAsync(() => _store);
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(7)).ReturnsAsync(new Customer { Id = 7 });
        var carts = new Mock<IShoppingCartService>();
        carts.Setup(c => c.GetShoppingCartAsync(It.Is<Customer>(x => x.Id == 7), ShoppingCartType.ShoppingCart, 1, null, null, null, null))
            .ReturnsAsync(() => _cart);
        carts.Setup(c => c.GetSubTotalAsync(It.IsAny<ShoppingCartItem>(), true))
            .ReturnsAsync((ShoppingCartItem item, bool _) => (_products.Single(p => p.Id == item.ProductId).Price * item.Quantity, 0m, new List<Nop.Core.Domain.Discounts.Discount>(), (int?)null));
        var products = new Mock<IProductService>();
        products.Setup(p => p.GetProductsByIdsAsync(It.IsAny<int[]>())).ReturnsAsync((int[] ids) => _products.Where(p => ids.Contains(p.Id)).ToList());
        var pictures = new Mock<IPictureService>();
        pictures.Setup(p => p.GetPicturesByProductIdAsync(It.IsAny<int>(), 1)).ReturnsAsync((int id, int _) => new List<Picture> { new() { Id = id * 10 } });
        pictures.Setup(p => p.GetPictureUrlAsync(It.IsAny<Picture>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<string>(), It.IsAny<PictureType>()))
            .ReturnsAsync((Picture picture, int size, bool _, string location, PictureType _) => ($"{location}images/thumbs/{picture.Id}_{size}.jpeg", picture));
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal amount) => "$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var urls = new Mock<IUrlRecordService>();
        urls.Setup(u => u.GetSeNameAsync(It.IsAny<Product>(), It.IsAny<int?>(), It.IsAny<bool>(), It.IsAny<bool>()))
            .ReturnsAsync((Product p, int? _, bool _, bool _) => "product-" + p.Id);
        var loyaltySettings = new Mock<ILoyaltySettingsStore>();
        loyaltySettings.Setup(l => l.LoadAsync(It.IsAny<StoreId>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LoyaltySettings { Enabled = true, ReviewBonus = 50 });
        _content = new NopWorkflowContent(stores.Object, customers.Object, carts.Object, products.Object, Mock.Of<IOrderReportService>(), pictures.Object,
            prices.Object, urls.Object, Table(_orderItems), Table(_reviews), loyaltySettings.Object, loyalty: null, new InMemoryQueryRunner(),
            new NopEmailLanguage(customers.Object, stores.Object, Mock.Of<ILanguageService>(), Mock.Of<ILocalizationService>()));
    }

    private static IRepository<T> Table<T>(List<T> rows) where T : BaseEntity
    {
        var repository = new Mock<IRepository<T>>();
        repository.Setup(r => r.Table).Returns(() => rows.ToList().AsQueryable());
        return repository.Object;
    }

    private static StepMessage Message(WorkflowKind workflow, string subject, int step = 0, IssuedCoupon coupon = null,
        IReadOnlyDictionary<int, string> surveys = null, TimeZoneInfo zone = null) => new(
        new Enrollment
        {
            Id = 5, Workflow = workflow, Store = new StoreId(1), Customer = new CustomerId(7), Subject = subject, EnrolledUtc = T0, AnchorUtc = T0,
            IsControl = false,
        },
        WorkflowCatalog.Default(workflow), step,
        new ContactFacts("ann@example.com", "Ann", true, false, true, false, zone ?? TimeZoneInfo.Utc), coupon,
        new StepLinks("UNSUB.tok", "CLICK.tok", workflow == WorkflowKind.AbandonedCart ? "CART.tok" : null, surveys ?? new Dictionary<int, string>(), "OPEN.tok"),
        IsPreview: false);

    [Test]
    public async Task Abandoned_cart_lists_the_cart_now_with_encoded_names_prices_pictures_and_the_restore_link()
    {
        _products.Add(new Product { Id = 3, Name = "Tea & <Cups>", Price = 12.5m, Published = true, VisibleIndividually = true });
        _cart.Add(new ShoppingCartItem { Id = 1, ProductId = 3, Quantity = 2, StoreId = 1, CustomerId = 7, CreatedOnUtc = T0 });

        var content = await _content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        var tokens = content.Tokens;
        Assert.That(content.HasContent, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(tokens[WorkflowTokens.CartItems], Does.Contain("Tea &amp; &lt;Cups&gt;").And.Not.Contain("<Cups>"));
            Assert.That(tokens[WorkflowTokens.CartItems], Does.Contain("$25.00").And.Contain("https://shop.example.com/images/thumbs/30_120.jpeg"));
            Assert.That(tokens[WorkflowTokens.CartItemsText], Is.EqualTo("- Tea & <Cups> x 2: $25.00"), "The text version is plain; nopCommerce encodes it.");
            Assert.That(tokens[WorkflowTokens.CartRestoreUrl], Is.EqualTo("https://shop.example.com/retention/cart/CART.tok"));
            Assert.That(tokens[WorkflowTokens.UnsubscribeUrl], Is.EqualTo("https://shop.example.com/retention/u/UNSUB.tok"));
            Assert.That(tokens[WorkflowTokens.OpenPixel], Does.Contain("https://shop.example.com/retention/o/OPEN.tok.gif"));
            Assert.That(tokens[WorkflowTokens.Footer], Does.Contain("https://shop.example.com/retention/u/UNSUB.tok"));
        });
    }

    [Test]
    public async Task Every_token_the_default_templates_use_is_filled_so_none_shows_raw()
    {
        _products.Add(new Product { Id = 3, Name = "Tea", Price = 1m });
        _cart.Add(new ShoppingCartItem { Id = 1, ProductId = 3, Quantity = 1, StoreId = 1, CustomerId = 7, CreatedOnUtc = T0 });
        var used = EmailTemplates.All.SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t.HtmlBody + t.Subject, "%(Retention\\.[A-Za-z]+)%"))
            .Select(m => m.Groups[1].Value).Where(name => name != WorkflowTokens.PointsBalance).Distinct().ToList();

        var content = await _content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Where(name => !content.Tokens.ContainsKey(name)), Is.Empty,
            "Retention.PointsBalance comes with the customer's tokens; every other one is this adapter's.");
    }

    [Test]
    public async Task An_empty_cart_has_nothing_to_say()
    {
        var content = await _content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1"));

        Assert.That(content.HasContent, Is.False);
        Assert.That(content.NothingToSay, Does.Contain("empty"));
    }

    [Test]
    public async Task Review_request_links_each_unreviewed_product_of_the_order_through_the_click_route_to_its_seo_page()
    {
        _products.AddRange([new Product { Id = 3, Name = "Tea" }, new Product { Id = 4, Name = "Cups" }, new Product { Id = 5, Name = "Gift card", IsGiftCard = true }]);
        _orderItems.AddRange([new OrderItem { Id = 1, OrderId = 42, ProductId = 3 }, new OrderItem { Id = 2, OrderId = 42, ProductId = 4 },
            new OrderItem { Id = 3, OrderId = 42, ProductId = 5 }, new OrderItem { Id = 4, OrderId = 41, ProductId = 6 }]);
        _reviews.Add(new ProductReview { CustomerId = 7, ProductId = 3, StoreId = 1 });

        var content = await _content.RenderAsync(Message(WorkflowKind.ReviewRequest, TriggerRules.OrderSubject(42)));

        Assert.That(content.Tokens[WorkflowTokens.ReviewLinksText],
            Is.EqualTo("- Review Cups: https://shop.example.com/retention/c/CLICK.tok?to=%2Fproduct-4"));
        Assert.That(content.Tokens[WorkflowTokens.ReviewBonus], Is.EqualTo("50"));
    }

    [Test]
    public async Task Review_request_for_an_order_reviewed_in_full_has_nothing_to_say()
    {
        _products.Add(new Product { Id = 3, Name = "Tea" });
        _orderItems.Add(new OrderItem { Id = 1, OrderId = 42, ProductId = 3 });
        _reviews.Add(new ProductReview { CustomerId = 7, ProductId = 3, StoreId = 1 });

        var content = await _content.RenderAsync(Message(WorkflowKind.ReviewRequest, TriggerRules.OrderSubject(42)));

        Assert.That(content.HasContent, Is.False);
    }

    [Test]
    public async Task Survey_links_carry_one_signed_link_per_score()
    {
        var surveys = Enumerable.Range(0, 11).ToDictionary(score => score, score => "S" + score);

        var content = await _content.RenderAsync(Message(WorkflowKind.NpsSurvey, TriggerRules.NpsSubject, surveys: surveys));

        var lines = content.Tokens[WorkflowTokens.SurveyLinksText].Split('\n');
        Assert.That(lines, Has.Length.EqualTo(11));
        Assert.That(lines[0], Is.EqualTo("0: https://shop.example.com/retention/s/S0"));
        Assert.That(lines[10], Is.EqualTo("10: https://shop.example.com/retention/s/S10"));
    }

    [Test]
    public async Task Coupon_value_and_expiry_are_shown_in_the_customers_time_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        _products.Add(new Product { Id = 3, Name = "Tea" });
        _cart.Add(new ShoppingCartItem { Id = 1, ProductId = 3, Quantity = 1, StoreId = 1, CustomerId = 7, CreatedOnUtc = T0 });
        var couponStep = WorkflowCatalog.Default(WorkflowKind.AbandonedCart).Steps.Select((s, i) => (s, i)).First(p => p.s.Coupon != null);

        var content = await _content.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1", couponStep.i,
            new IssuedCoupon("RET-ABCDEFGHJK", new DateTime(2026, 3, 9, 20, 0, 0, DateTimeKind.Utc)), zone: zone));

        Assert.That(content.Tokens[WorkflowTokens.CouponCode], Is.EqualTo("RET-ABCDEFGHJK"));
        Assert.That(content.Tokens[WorkflowTokens.CouponExpires], Is.EqualTo("March 10, 2026"), "20:00 UTC is the next morning in Auckland.");
        Assert.That(content.Tokens[WorkflowTokens.CouponValue], Is.Not.Empty);
    }

    [Test]
    public void A_store_without_a_url_is_refused_with_a_clear_message()
    {
        _store = new Store { Id = 1, Url = "" };

        Assert.That(async () => await _content.RenderAsync(Message(WorkflowKind.NpsSurvey, TriggerRules.NpsSubject)),
            Throws.InvalidOperationException.With.Message.Contains("has no URL"));
    }
}
