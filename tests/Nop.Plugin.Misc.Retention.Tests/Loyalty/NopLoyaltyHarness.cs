using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Orders;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Loyalty;

/// <summary>
/// The plugin's loyalty wiring over fakes: nopCommerce's tables as lists, its reward point and customer services
/// behaving like the real ones (a history entry dated in the future is pending; roles by system name), the plugin's
/// own ledger table (under Core's ledger store) and bridge, and Core's real program in between.
/// </summary>
public sealed class NopLoyaltyHarness
{
    public static readonly DateTime Start = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    public static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public TestClock Clock { get; } = new(Start);
    public List<RetentionLedgerEntry> LedgerRows { get; }
    public List<Order> Orders { get; } = new();
    public List<OrderItem> Items { get; } = new();
    public List<Product> Products { get; } = new();
    public List<ProductCategory> ProductCategories { get; } = new();
    public List<Customer> Customers { get; } = new();
    public List<Address> Addresses { get; } = new();
    public List<RewardPointsHistory> Native { get; } = new();
    public List<CustomerRole> Roles { get; } = new();
    public List<RetentionTierStanding> TierRows { get; } = new();
    public List<CustomerCustomerRoleMapping> RoleMappings { get; } = new();
    public List<object> Published { get; } = new();
    public InMemoryLoyaltySettingsStore Settings { get; } = new();
    public InMemoryTierStandingStore Standings { get; } = new();
    public InMemoryReferralStore Referrals { get; } = new();
    public InMemoryStoreData StoreData { get; } = new();
    public Dictionary<string, string> Cookies { get; } = new();
    public Mock<IRewardPointService> RewardPoints { get; } = new();
    public NativeRewardPointsBridge Bridge { get; }
    public LoyaltyEvents Loyalty { get; }
    public LoyaltyNightly Nightly { get; }
    /// <summary>What Core's door asked of the workflows (this harness has none): the tier-up step among them.</summary>
    public RecordingWorkflowTriggers Workflows { get; } = new();
    public StoreEvents Events { get; }
    public OrderLoyaltyConsumer OrderConsumer { get; }
    public CustomerLoyaltyConsumer CustomerConsumer { get; }
    public PointsLedgerStore Ledger { get; }

    public NopLoyaltyHarness()
    {
        var (ledgerRepository, rows) = FakeRepository.Create<RetentionLedgerEntry>(e => e.IdempotencyKey);
        LedgerRows = rows;
        var runner = new InMemoryQueryRunner();

        RewardPoints.Setup(r => r.AddRewardPointsHistoryEntryAsync(It.IsAny<Customer>(), It.IsAny<int>(), It.IsAny<int>(), It.IsAny<string>(),
                It.IsAny<Order>(), It.IsAny<decimal>(), It.IsAny<DateTime?>(), It.IsAny<DateTime?>()))
            .ReturnsAsync((Customer c, int points, int store, string message, Order order, decimal used, DateTime? activating, DateTime? _) =>
            {
                if (store == 0)
                    throw new ArgumentOutOfRangeException(nameof(store), "nopCommerce refuses store 0");
                return AddNative(c.Id, store, points, message, activating ?? Clock.UtcNow, order?.OrderGuid, used).Id;
            });
        RewardPoints.Setup(r => r.GetRewardPointsHistoryEntryByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => Native.FirstOrDefault(h => h.Id == id));

        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => Customers.FirstOrDefault(c => c.Id == id));
        customers.Setup(c => c.GetCustomerRoleBySystemNameAsync(It.IsAny<string>())).ReturnsAsync((string name) => Roles.FirstOrDefault(r => r.SystemName == name));
        customers.Setup(c => c.InsertCustomerRoleAsync(It.IsAny<CustomerRole>())).Callback((CustomerRole r) => { r.Id = Roles.Count + 1; Roles.Add(r); }).Returns(Task.CompletedTask);
        customers.Setup(c => c.IsInCustomerRoleAsync(It.IsAny<Customer>(), It.IsAny<string>(), It.IsAny<bool>()))
            .ReturnsAsync((Customer c, string name, bool _) => RoleMappings.Any(m => m.CustomerId == c.Id && Roles.Any(r => r.Id == m.CustomerRoleId && r.SystemName == name)));
        customers.Setup(c => c.AddCustomerRoleMappingAsync(It.IsAny<CustomerCustomerRoleMapping>())).Callback((CustomerCustomerRoleMapping m) => RoleMappings.Add(m)).Returns(Task.CompletedTask);
        customers.Setup(c => c.RemoveCustomerRoleMappingAsync(It.IsAny<Customer>(), It.IsAny<CustomerRole>()))
            .Callback((Customer c, CustomerRole r) => RoleMappings.RemoveAll(m => m.CustomerId == c.Id && m.CustomerRoleId == r.Id)).Returns(Task.CompletedTask);

        var events = new Mock<IEventPublisher>();
        events.Setup(e => e.PublishAsync(It.IsAny<RetentionTierChangedEvent>())).Callback((RetentionTierChangedEvent e) => Published.Add(e)).Returns(Task.CompletedTask);

        Ledger = new PointsLedgerStore(new FakeNopTable<PointsEntryRow, RetentionLedgerEntry>(ledgerRepository.Object, runner), runner);
        Bridge = new NativeRewardPointsBridge(ledgerRepository.Object, Repo(Orders), Repo(Native), Repo(TierRows), RewardPoints.Object, customers.Object, events.Object, runner, Clock,
            new NopEmailLanguage(customers.Object, Mock.Of<Nop.Services.Stores.IStoreService>(), Mock.Of<Nop.Services.Localization.ILanguageService>(), Mock.Of<Nop.Services.Localization.ILocalizationService>()));
        var tiers = new TierEvaluation(Standings, StoreData, runner, Bridge);
        Loyalty = new LoyaltyEvents(Ledger, Settings, tiers, StoreData, runner, Bridge, Clock);
        Nightly = new LoyaltyNightly(Ledger, Ledger, Settings, tiers, StoreData, runner, Bridge, Clock);
        Events = new StoreEvents(Loyalty, Nightly, Workflows);
        OrderConsumer = new OrderLoyaltyConsumer(Events, Referrals, RewardPoints.Object, Repo(Items), Repo(Orders), Repo(Products), Repo(ProductCategories),
            Repo(Customers), Repo(Addresses), runner, Clock);

        var settings = new Mock<ISettingService>();
        settings.Setup(s => s.LoadSettingAsync<RetentionInstallSettings>(It.IsAny<int>()))
            .ReturnsAsync(new RetentionInstallSettings { ReferralSecret = Convert.ToBase64String(Secret) });
        var storeContext = new Mock<IStoreContext>();
        storeContext.Setup(s => s.GetCurrentStoreAsync()).ReturnsAsync(new Store { Id = 1 });
        var http = new DefaultHttpContext();
        var accessor = new Mock<IHttpContextAccessor>();
        accessor.Setup(a => a.HttpContext).Returns(() =>
        {
            http.Request.Headers.Cookie = string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}"));
            return http;
        });
        CustomerConsumer = new CustomerLoyaltyConsumer(Events, Referrals, settings.Object, storeContext.Object, accessor.Object, Clock);
    }

    public static Mock<IRepository<T>> RepoMock<T>(List<T> rows) where T : BaseEntity
    {
        var mock = new Mock<IRepository<T>>();
        mock.Setup(r => r.Table).Returns(() => rows.ToList().AsQueryable());
        return mock;
    }

    private static IRepository<T> Repo<T>(List<T> rows) where T : BaseEntity => RepoMock(rows).Object;

    public RewardPointsHistory AddNative(int customer, int store, int points, string message, DateTime createdOnUtc, Guid? usedWithOrder = null, decimal usedAmount = 0m)
    {
        var entry = new RewardPointsHistory
        {
            Id = Native.Count + 1, CustomerId = customer, StoreId = store, Points = points, Message = message, CreatedOnUtc = createdOnUtc,
            UsedWithOrder = usedWithOrder, UsedAmount = usedAmount,
        };
        Native.Add(entry);
        return entry;
    }

    public Customer Customer(int id, string email = null, int store = 1)
    {
        var customer = new Customer { Id = id, Email = email ?? $"customer{id}@example.com", RegisteredInStoreId = store, Active = true };
        Customers.Add(customer);
        return customer;
    }

    /// <summary>An order with one line per (product, quantity, unit price) excluding tax, placed now.</summary>
    public Order Order(int id, int customer, int store = 1, decimal shipping = 0m, decimal tax = 0m, params (int Product, int Quantity, decimal UnitPrice)[] lines)
    {
        if (Customers.All(c => c.Id != customer))
            Customer(customer, store: store);
        foreach (var line in lines)
        {
            Items.Add(new OrderItem { Id = Items.Count + 1, OrderId = id, ProductId = line.Product, Quantity = line.Quantity, UnitPriceExclTax = line.UnitPrice,
                PriceExclTax = line.Quantity * line.UnitPrice });
            if (Products.All(p => p.Id != line.Product))
                Products.Add(new Product { Id = line.Product });
        }
        var subtotal = lines.Sum(l => l.Quantity * l.UnitPrice);
        var order = new Order
        {
            Id = id, OrderGuid = Guid.NewGuid(), StoreId = store, CustomerId = customer, OrderStatusId = (int)OrderStatus.Pending,
            OrderSubtotalExclTax = subtotal, OrderShippingExclTax = shipping, OrderTax = tax, OrderTotal = subtotal + shipping + tax,
            CustomOrderNumber = id.ToString(System.Globalization.CultureInfo.InvariantCulture), CreatedOnUtc = Clock.UtcNow,
        };
        Orders.Add(order);
        return order;
    }

    /// <summary>What nopCommerce's checkout does when the customer pays part of the order with points.</summary>
    public RewardPointsHistory RedeemAtCheckout(Order order, int points, decimal amount)
    {
        var entry = AddNative(order.CustomerId, order.StoreId, -points, "Redeemed", Clock.UtcNow, order.OrderGuid, amount);
        order.RedeemedRewardPointsEntryId = entry.Id;
        return entry;
    }

    /// <summary>nopCommerce marks the order paid (the store facts, which the plugin projects from the order table, see it), then raises the event.</summary>
    public Task PaidAsync(Order order)
    {
        order.PaidDateUtc = Clock.UtcNow;
        order.PaymentStatusId = 30;
        StoreData.OrderList.RemoveAll(o => o.Id == order.Id);
        StoreData.OrderList.Add(new global::Retention.Core.Store.OrderFact
        {
            Id = order.Id, OrderGuid = order.OrderGuid, StoreId = order.StoreId, CustomerId = order.CustomerId, CreatedOnUtc = order.CreatedOnUtc,
            PaidDateUtc = order.PaidDateUtc, OrderStatusId = order.OrderStatusId, PaymentStatusId = order.PaymentStatusId,
            OrderSubtotalExclTax = order.OrderSubtotalExclTax, OrderShippingExclTax = order.OrderShippingExclTax, OrderTax = order.OrderTax,
            OrderTotal = order.OrderTotal, RefundedAmount = order.RefundedAmount,
        });
        return OrderConsumer.HandleEventAsync(new OrderPaidEvent(order));
    }

    public IReadOnlyList<RetentionLedgerEntry> Rows(LedgerReason reason, int? customer = null) =>
        LedgerRows.Where(r => r.ReasonId == (int)reason && (customer == null || r.CustomerId == customer)).ToList();

    /// <summary>What nopCommerce's checkout would let the customer spend: activated history entries.</summary>
    public int NativeBalance(int customer, int store = 1) =>
        Native.Where(h => h.CustomerId == customer && h.StoreId == store && h.CreatedOnUtc <= Clock.UtcNow).Sum(h => h.Points);

    public async Task<long> LedgerBalance(int customer, int store = 1) =>
        (await Ledger.GetBalanceAsync(new StoreId(store), new CustomerId(customer), Clock.UtcNow)).Available;
}
