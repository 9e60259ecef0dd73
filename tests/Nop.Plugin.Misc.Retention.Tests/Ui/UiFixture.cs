using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// The nopCommerce services the loyalty UI talks to, faked, and a way to build the real loyalty classes
/// (<see cref="UiLoyalty"/>) over ports that fail the test if touched (to prove a path reads no loyalty data).
/// </summary>
public sealed class UiFixture
{
    /// <summary>What install creates: a random 32-byte key, base64.</summary>
    public static readonly string Secret = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    public Mock<IStoreContext> StoreContext { get; } = new();
    public Mock<IWorkContext> WorkContext { get; } = new();
    public Mock<ICustomerService> CustomerService { get; } = new();
    public Mock<ICurrencyService> CurrencyService { get; } = new();
    public Mock<IPriceFormatter> PriceFormatter { get; } = new();
    public Mock<IDateTimeHelper> DateTimeHelper { get; } = new();
    public Mock<ILocalizationService> Localization { get; } = new();
    public Mock<IStoreService> StoreService { get; } = new();
    public Mock<IShoppingCartService> Cart { get; } = new();
    public Mock<IProductService> Products { get; } = new();
    /// <summary>The catalog's categories: none unless a test adds some.</summary>
    public List<Nop.Core.Domain.Catalog.Category> CategoryList { get; } = new();
    public Mock<ICategoryService> Categories { get; } = new();
    public Mock<IPriceCalculationService> Prices { get; } = new();
    public RetentionInstallSettings Install { get; } = new() { ReferralSecret = Secret };
    public Mock<IClock> Clock { get; } = new();
    public DateTime Now { get; } = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    public Currency WorkingCurrency { get; } = new() { Id = 7 };
    public Store Store { get; } = new() { Id = 2, Name = "Second store" };

    public UiFixture()
    {
        Clock.Setup(c => c.UtcNow).Returns(() => Now);
        Categories.Setup(c => c.GetAllCategoriesAsync(It.IsAny<int>(), It.IsAny<bool>())).ReturnsAsync(() => CategoryList);
        Categories.Setup(c => c.GetFormattedBreadCrumbAsync(It.IsAny<Nop.Core.Domain.Catalog.Category>(), It.IsAny<IList<Nop.Core.Domain.Catalog.Category>>(),
            It.IsAny<string>(), It.IsAny<int>())).ReturnsAsync((Nop.Core.Domain.Catalog.Category c, IList<Nop.Core.Domain.Catalog.Category> _, string _, int _) => c.Name);
        StoreContext.Setup(s => s.GetCurrentStoreAsync()).ReturnsAsync(Store);
        StoreService.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 1, Name = "Main" }, Store });
        WorkContext.Setup(w => w.GetWorkingCurrencyAsync()).ReturnsAsync(WorkingCurrency);
        // The working currency is worth twice the primary one; the formatter shows what it is given, so a test sees both steps.
        CurrencyService.Setup(c => c.ConvertFromPrimaryStoreCurrencyAsync(It.IsAny<decimal>(), WorkingCurrency))
            .ReturnsAsync((decimal amount, Currency _) => amount * 2m);
        PriceFormatter.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>()))
            .ReturnsAsync((decimal price) => "EUR " + price.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        DateTimeHelper.Setup(d => d.ConvertToUserTimeAsync(It.IsAny<DateTime>(), DateTimeKind.Utc))
            .ReturnsAsync((DateTime dt, DateTimeKind _) => dt.AddHours(1));
        // Resources come back as their key, so a test can tell which resource a text came from.
        Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
    }

    public Customer Registered(int id, string email = null)
    {
        var customer = new Customer { Id = id, Email = email ?? $"customer{id}@shop.test" };
        CustomerService.Setup(c => c.IsRegisteredAsync(customer, It.IsAny<bool>())).ReturnsAsync(true);
        return customer;
    }

    public Customer Guest(int id)
    {
        var customer = new Customer { Id = id };
        CustomerService.Setup(c => c.IsRegisteredAsync(customer, It.IsAny<bool>())).ReturnsAsync(false);
        return customer;
    }

    /// <summary>
    /// What the mechanics' admin pages (stamp cards, membership) read: the admin's store scope, and the catalog's products
    /// by id, <paramref name="live"/> ones and <paramref name="deleted"/> ones; any other id is not a product.
    /// </summary>
    public void AdminCatalog(int scope, int[] live, int[] deleted)
    {
        StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(scope);
        Products.Setup(p => p.GetProductsByIdsAsync(It.IsAny<int[]>())).ReturnsAsync((int[] ids) =>
            ids.Where(id => live.Contains(id) || deleted.Contains(id)).Select(id => new Nop.Core.Domain.Catalog.Product { Id = id, Deleted = deleted.Contains(id) }).ToList());
    }

    public void SignIn(Customer customer) => WorkContext.Setup(w => w.GetCurrentCustomerAsync()).ReturnsAsync(customer);

    /// <summary>
    /// The program over ports that throw when touched: for paths that must not read anyone's points. The store's settings
    /// (<paramref name="settings"/>, defaults when null) and the clock answer: the rewards panel shows the program to anyone.
    /// </summary>
    public static UiLoyalty UntouchableProgram(LoyaltySettings settings = null)
    {
        var store = new Mock<ILoyaltySettingsStore>(MockBehavior.Strict);
        store.Setup(s => s.LoadAsync(It.IsAny<StoreId>(), It.IsAny<CancellationToken>())).ReturnsAsync(settings ?? new LoyaltySettings());
        var clock = new Mock<IClock>(MockBehavior.Strict);
        clock.Setup(c => c.UtcNow).Returns(new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));
        return UiLoyalty.Over(
            Mock.Of<IPointsLedger>(MockBehavior.Strict), Mock.Of<ILedgerData>(MockBehavior.Strict), store.Object,
            Mock.Of<ITierStandingStore>(MockBehavior.Strict), Mock.Of<IStoreData>(MockBehavior.Strict), Mock.Of<IQueryRunner>(MockBehavior.Strict),
            Mock.Of<ILoyaltyObserver>(MockBehavior.Strict), clock.Object);
    }

    public RewardsModelFactory RewardsFactory(UiLoyalty program) => new(program.Views, Clock.Object, CurrencyService.Object, CustomerService.Object,
        DateTimeHelper.Object, Localization.Object, Prices.Object, PriceFormatter.Object, Products.Object, Cart.Object, StoreContext.Object,
        WorkContext.Object, Install, FakeRepository.Reading(ProductCategories), new InMemoryQueryRunner(), Categories.Object);

    /// <summary>The catalog's product-category mappings the shopper widgets read.</summary>
    public List<ProductCategory> ProductCategories { get; } = new();

    public LoyaltyAdminModelFactory AdminFactory(UiLoyalty program, ILoyaltySettingsStore settingsStore) =>
        new(program.Views, settingsStore, StoreContext.Object, StoreService.Object, RewardsFactory(program), Categories.Object);

    /// <summary>A controller with an HTTP context and TempData, as MVC gives it.</summary>
    public static T WithHttpContext<T>(T controller, HttpContext httpContext = null) where T : Controller
    {
        httpContext ??= new DefaultHttpContext();
        controller.ControllerContext = new ControllerContext { HttpContext = httpContext };
        controller.TempData = new TempDataDictionary(httpContext, Mock.Of<ITempDataProvider>());
        return controller;
    }
}

/// <summary>The loyalty classes the UI calls (an adjustment, and what pages read), over one set of ports.</summary>
public sealed record UiLoyalty(LoyaltyEvents Events, LoyaltyViews Views)
{
    public static UiLoyalty Over(IPointsLedger ledger, ILedgerData ledgerData, ILoyaltySettingsStore settings, ITierStandingStore standings, IStoreData store,
        IQueryRunner runner, ILoyaltyObserver observer, IClock clock)
    {
        var tiers = new TierEvaluation(standings, store, runner, observer);
        return new(new LoyaltyEvents(ledger, settings, tiers, store, runner, observer, clock), new LoyaltyViews(ledger, ledgerData, settings, tiers, runner, clock));
    }
}
