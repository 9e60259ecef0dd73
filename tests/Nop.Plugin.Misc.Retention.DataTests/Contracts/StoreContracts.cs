using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Testing.Contracts;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

// The plugin's view of the store (NopStoreData: projections of nopCommerce's orders, order items, products, customers,
// cart items and reviews) under the store-data, dashboard-metrics and loyalty-query suites, on real tables.

/// <summary>nopCommerce's tables holding exactly a contract's seed, and the plugin's store data over them.</summary>
internal static class StoreTables
{
    public static async Task<StoreDataHandle> SeedAsync(PluginDatabase db, StoreSeed seed)
    {
        var database = db.Database;
        await database.SeedAsync(seed.Customers.Select(c => new Customer
        {
            Id = c.Id, CustomerGuid = c.CustomerGuid, Email = c.Email, FirstName = c.FirstName, LastName = c.LastName, DateOfBirth = c.DateOfBirth,
            RegisteredInStoreId = c.RegisteredInStoreId, Active = c.Active, Deleted = c.Deleted, CreatedOnUtc = c.CreatedOnUtc,
            LastActivityDateUtc = c.LastActivityDateUtc,
        }));
        await database.SeedAsync(seed.Orders.Select(o => new Order
        {
            Id = o.Id, OrderGuid = o.OrderGuid, StoreId = o.StoreId, CustomerId = o.CustomerId, CreatedOnUtc = o.CreatedOnUtc, PaidDateUtc = o.PaidDateUtc,
            OrderStatusId = o.OrderStatusId, PaymentStatusId = o.PaymentStatusId, OrderSubtotalExclTax = o.OrderSubtotalExclTax,
            OrderSubTotalDiscountExclTax = o.OrderSubTotalDiscountExclTax, OrderShippingExclTax = o.OrderShippingExclTax, OrderTax = o.OrderTax,
            OrderDiscount = o.OrderDiscount, OrderTotal = o.OrderTotal, RefundedAmount = o.RefundedAmount, CustomOrderNumber = o.Id.ToString(),
        }));
        await database.SeedAsync(seed.OrderLines.GroupBy(l => l.ProductId).Select(g => new Product { Id = g.Key, IsGiftCard = g.First().IsGiftCard }));
        await database.SeedAsync(seed.OrderLines.Select(l => new OrderItem
        {
            Id = l.Id, OrderId = l.OrderId, ProductId = l.ProductId, Quantity = l.Quantity, PriceExclTax = l.PriceExclTax,
            DiscountAmountExclTax = l.DiscountAmountExclTax,
        }));
        await database.SeedAsync(seed.CartItems.Select(i => new ShoppingCartItem
        {
            Id = i.Id, StoreId = i.StoreId, ShoppingCartTypeId = 1, CustomerId = i.CustomerId, ProductId = i.ProductId, Quantity = i.Quantity,
            CreatedOnUtc = i.CreatedOnUtc, UpdatedOnUtc = i.UpdatedOnUtc,
        }));
        await database.SeedAsync(seed.ProductReviews.Select(r => new ProductReview
        {
            Id = r.Id, StoreId = r.StoreId, CustomerId = r.CustomerId, ProductId = r.ProductId, Rating = r.Rating, IsApproved = r.IsApproved,
            CreatedOnUtc = r.CreatedOnUtc,
        }));
        var data = new NopStoreData(db.Repository<Order>(), db.Repository<OrderItem>(), db.Repository<Product>(), db.Repository<Customer>(),
            db.Repository<ShoppingCartItem>(), db.Repository<ProductReview>());
        return new StoreDataHandle(data, Adapters.Runner);
    }
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealStoreDataContract(DatabaseKind kind) : StoreDataContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) => _db.OpenAsync(db => StoreTables.SeedAsync(db, seed));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealStoreMetricsContract(DatabaseKind kind) : StoreMetricsContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) => _db.OpenAsync(db => StoreTables.SeedAsync(db, seed));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealLoyaltyStoreQueriesContract(DatabaseKind kind) : LoyaltyStoreQueriesContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) => _db.OpenAsync(db => StoreTables.SeedAsync(db, seed));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

/// <summary>
/// The dashboard the plugin's refresh task builds, on the ports it registers (store data, the ledger, the workflow tables,
/// its purchase-gap query) over real tables, equals Core's in memory.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealDashboardSnapshotContract(DatabaseKind kind) : DashboardSnapshotContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<DashboardPortsHandle> CreateWithAsync(StoreSeed seed) => _db.OpenAsync(async db =>
    {
        var store = await StoreTables.SeedAsync(db, seed);
        var ledger = Adapters.Ledger(db);
        var workflows = new NopWorkflowData(db.Repository<RetentionEnrollment>(), db.Repository<RetentionWorkflowEvent>(), db.Repository<RetentionSurveyAnswer>());
        var surveys = new SurveyStore(new NopTable<SurveyAnswerRow, RetentionSurveyAnswer>(db.Repository<RetentionSurveyAnswer>(), Adapters.Runner), Adapters.Runner);
        return new DashboardPortsHandle(store.Data, store.Runner, ledger, ledger, Adapters.Events(db), surveys, workflows,
            new NopPurchaseGapQuery(store.Data, store.Runner));
    });

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}
