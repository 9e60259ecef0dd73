using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The checkout widget and the product page's "earn N points", over Core's program and in-memory ports.</summary>
public class QuoteWidgetsTests
{
    private UiFixture _ui;
    private UiLoyalty _program;
    private Customer _shopper;
    private InMemoryLoyaltySettingsStore _settings;

    [SetUp]
    public async Task SetUp()
    {
        _ui = new UiFixture();
        var ledger = new InMemoryPointsLedger();
        var settings = _settings = new InMemoryLoyaltySettingsStore();
        await settings.SaveAsync(new StoreId(2), new LoyaltySettings { PointsPerCurrencyUnit = 2m, CurrencyPerPoint = 0.01m });
        _program = UiLoyalty.Over(ledger, new InMemoryLedgerData(ledger), settings, new InMemoryTierStandingStore(), new InMemoryStoreData(),
            new InMemoryQueryRunner(), new InMemoryLoyaltyObserver(), _ui.Clock.Object);
        _shopper = _ui.Registered(15);
        _ui.SignIn(_shopper);
        await ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey("test:welcome"), Store = new StoreId(2), Customer = new CustomerId(15), Points = 600,
            Reason = LedgerReason.RegistrationBonus, Source = LedgerSource.Customer, CreatedUtc = _ui.Now.AddDays(-1), ActivatesUtc = _ui.Now.AddDays(-1),
        });
    }

    private void CartLine(int productId, bool giftCard, decimal subTotal, decimal discount)
    {
        var item = new ShoppingCartItem { Id = productId * 10, ProductId = productId, Quantity = 2, StoreId = 2, CustomerId = 15 };
        _ui.Products.Setup(p => p.GetProductByIdAsync(productId)).ReturnsAsync(new Product { Id = productId, IsGiftCard = giftCard });
        _ui.Cart.Setup(c => c.GetSubTotalAsync(It.Is<ShoppingCartItem>(i => i.ProductId == productId), true))
            .ReturnsAsync((subTotal, discount, new List<Discount>(), (int?)null));
        _items.Add(item);
    }

    private readonly List<ShoppingCartItem> _items = new();

    [Test]
    public async Task Checkout_shows_the_balance_its_value_and_what_the_cart_earns_without_the_gift_card()
    {
        CartLine(1, giftCard: false, subTotal: 40.50m, discount: 4.50m);
        CartLine(2, giftCard: true, subTotal: 25m, discount: 0m);
        _ui.Cart.Setup(c => c.GetShoppingCartAsync(_shopper, ShoppingCartType.ShoppingCart, 2, null, null, null, null)).ReturnsAsync(_items);

        var model = await _ui.RewardsFactory(_program).PrepareCheckoutAsync();

        Assert.That((model.IsGuest, model.Available, model.Pending), Is.EqualTo((false, 600, 0)));
        Assert.That(model.AvailableValue, Is.EqualTo("EUR 12.00"), "600 points at 0.01, shown in the working currency (x2)");
        Assert.That(model.OrderPoints, Is.EqualTo(81), "40.50 after its discount at 2 points per unit, rounded down; gift cards earn nothing");
    }

    [Test]
    public async Task Checkout_with_an_empty_cart_shows_no_order_points()
    {
        _ui.Cart.Setup(c => c.GetShoppingCartAsync(_shopper, ShoppingCartType.ShoppingCart, 2, null, null, null, null)).ReturnsAsync(new List<ShoppingCartItem>());

        var model = await _ui.RewardsFactory(_program).PrepareCheckoutAsync();

        Assert.That(model.OrderPoints, Is.Null);
        Assert.That(model.Available, Is.EqualTo(600));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task The_product_page_quotes_the_price_this_shopper_pays_now(bool guest)
    {
        var customer = guest ? _ui.Guest(80) : _shopper;
        _ui.SignIn(customer);
        var product = new Product { Id = 5 };
        _ui.Products.Setup(p => p.GetProductByIdAsync(5)).ReturnsAsync(product);
        _ui.Prices.Setup(p => p.GetFinalPriceAsync(product, customer, It.Is<Store>(s => s.Id == 2), 0m, true, 1))
            .ReturnsAsync((24m, 19.99m, 4.01m, new List<Discount>()));

        var model = await _ui.RewardsFactory(_program).PrepareProductPointsAsync(5);

        Assert.That((model.Points, model.IsGuest), Is.EqualTo((39, guest)), "19.99 x 2 rounded down");
    }

    [Test]
    public async Task A_double_points_category_doubles_the_product_page_and_the_cart_quote_as_the_order_earns_it()
    {
        await _settings.SaveAsync(new StoreId(2), new LoyaltySettings { PointsPerCurrencyUnit = 2m, CurrencyPerPoint = 0.01m, CategoryMultipliers = new Dictionary<int, decimal> { [7] = 2m } });
        _ui.ProductCategories.Add(new ProductCategory { Id = 1, ProductId = 5, CategoryId = 7 });
        // The cart line looks the product up again (another instance of product 5).
        _ui.Prices.Setup(p => p.GetFinalPriceAsync(It.Is<Product>(x => x.Id == 5), _shopper, It.Is<Store>(s => s.Id == 2), 0m, true, 1))
            .ReturnsAsync((24m, 19.99m, 4.01m, new List<Discount>()));
        CartLine(5, giftCard: false, subTotal: 40m, discount: 0m);
        _ui.Cart.Setup(c => c.GetShoppingCartAsync(_shopper, ShoppingCartType.ShoppingCart, 2, null, null, null, null)).ReturnsAsync(_items);

        var page = await _ui.RewardsFactory(_program).PrepareProductPointsAsync(5);
        var checkout = await _ui.RewardsFactory(_program).PrepareCheckoutAsync();

        Assert.That(page.Points, Is.EqualTo(79), "19.99 × 2 points × 2 for the category, rounded down");
        Assert.That(checkout.OrderPoints, Is.EqualTo(160), "40.00 × 2 points × 2 for the category");
    }

    [Test]
    public async Task The_product_page_explains_how_a_category_multiplier_makes_its_points()
    {
        await _settings.SaveAsync(new StoreId(2), new LoyaltySettings { PointsPerCurrencyUnit = 2m, CurrencyPerPoint = 0.01m, CategoryMultipliers = new Dictionary<int, decimal> { [7] = 2m } });
        _ui.ProductCategories.Add(new ProductCategory { Id = 1, ProductId = 5, CategoryId = 7 });
        _ui.CategoryList.Add(new Category { Id = 7, Name = "Tea" });
        _ui.Products.Setup(p => p.GetProductByIdAsync(5)).ReturnsAsync(new Product { Id = 5, Name = "Sencha" });
        _ui.Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>()))
            .ReturnsAsync((string key) => key.StartsWith(RetentionLocales.RewardsPanelText(""), StringComparison.Ordinal)
                ? RewardsPanel.English[key[RetentionLocales.RewardsPanelText("").Length..]] : key);
        _ui.Prices.Setup(p => p.GetFinalPriceAsync(It.Is<Product>(x => x.Id == 5), _shopper, It.Is<Store>(s => s.Id == 2), 0m, true, 1))
            .ReturnsAsync((24m, 19.99m, 4.01m, new List<Discount>()));

        var page = await _ui.RewardsFactory(_program).PrepareProductPointsAsync(5);

        Assert.That(page.Explanation, Is.EqualTo("EUR 39.98 × 2 points per EUR 2.00 = 39.98 · ×2 on Tea → 79 points (rounded down)."),
            "money in the shopper's currency (×2 of the primary); the parts multiply to the badge's 79");
    }

    [Test]
    public async Task An_unknown_product_shows_nothing()
    {
        Assert.That(await _ui.RewardsFactory(_program).PrepareProductPointsAsync(404), Is.Null);
    }
}
