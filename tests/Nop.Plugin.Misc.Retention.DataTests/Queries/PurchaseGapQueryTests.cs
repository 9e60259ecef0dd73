using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Metrics;

namespace Nop.Plugin.Misc.Retention.DataTests.Queries;

/// <summary>The window-function median (LEAD in SQL) against the portable correlated query, on the same real orders.</summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public class PurchaseGapQueryTests(DatabaseKind kind)
{
    private PluginDatabase _database;

    [SetUp]
    public async Task CreateAsync() => _database = await PluginDatabase.CreateAsync(kind);

    [TearDown]
    public Task DropAsync() => _database?.DropAsync() ?? Task.CompletedTask;

    private IRepository<T> Repository<T>() where T : Nop.Core.BaseEntity => _database.Repository<T>();

    private static readonly DateTime Start = new(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task Window_median_counts_only_real_gaps_and_agrees_with_the_portable_query()
    {
        // Customer 1: gaps of 5 and 54 days; customer 2: one gap of 60; customer 3: a single order (no gap);
        // customer 4: two orders at one instant (a gap of 0). Gaps 0, 5, 54, 60: median 29.5 days.
        var orders = Repository<Order>();
        foreach (var (customer, day) in new[] { (1, 0), (1, 5), (1, 59), (2, 10), (2, 70), (3, 20), (4, 30), (4, 30) })
            await orders.InsertAsync(new Order { OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = customer, OrderStatusId = (int)OrderStatus.Complete,
                OrderTotal = 10m, CreatedOnUtc = Start.AddDays(day), CustomOrderNumber = "" });
        var data = new NopStoreData(orders, Repository<OrderItem>(), Repository<Nop.Core.Domain.Catalog.Product>(), Repository<Nop.Core.Domain.Customers.Customer>(),
            Repository<ShoppingCartItem>(), Repository<Nop.Core.Domain.Catalog.ProductReview>());
        var runner = new NopQueryRunner();
        var scope = new CountedOrders(Start.AddDays(100), 1);

        var window = await new NopPurchaseGapQuery(data, runner).SummarizeAsync(scope);
        var portable = await new LinqPurchaseGapQuery(data, runner).SummarizeAsync(scope);

        Assert.Multiple(() =>
        {
            Assert.That(window.Gaps, Is.EqualTo(4), "one gap per order after a customer's first");
            Assert.That(window.MedianDays, Is.EqualTo(29.5).Within(1e-9));
            Assert.That(window, Is.EqualTo(portable), "the portable query on the same rows");
        });
    }
}
