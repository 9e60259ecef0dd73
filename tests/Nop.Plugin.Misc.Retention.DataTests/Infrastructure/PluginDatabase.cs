using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Data.Testing;

namespace Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

/// <summary>
/// A fresh store database with the plugin installed (its migrations run as nopCommerce runs them) and nopCommerce's own
/// tables that the plugin reads, so adapters and queries run on real tables. Dropped by <see cref="DropAsync"/>.
/// </summary>
public sealed class PluginDatabase
{
    /// <summary>nopCommerce's tables the plugin's adapters read or write.</summary>
    private static readonly Type[] StoreTables =
    [
        typeof(Order), typeof(OrderItem), typeof(Product), typeof(Customer), typeof(ShoppingCartItem), typeof(ProductReview),
        typeof(Discount), typeof(DiscountRequirement), typeof(DiscountUsageHistory), typeof(NewsLetterSubscription),
        typeof(CustomerRole), typeof(CustomerCustomerRoleMapping),
        typeof(GiftCard), typeof(GiftCardUsageHistory),
        typeof(ProductCategory), typeof(Category),
        typeof(Nop.Core.Domain.Security.AclRecord),
        typeof(RecurringPayment), typeof(RecurringPaymentHistory),
        typeof(Nop.Core.Domain.Common.GenericAttribute),
    ];

    private readonly string _name;

    private PluginDatabase(NopDatabase database, string name)
    {
        Database = database;
        _name = name;
    }

    public NopDatabase Database { get; }

    public static async Task<PluginDatabase> CreateAsync(DatabaseKind kind)
    {
        var name = "retention_" + Guid.NewGuid().ToString("N")[..12];
        var database = await NopDatabase.CreateAsync(kind, TestServers.AdminConnection(kind), name);
        var plugin = typeof(RetentionPlugin).Assembly;
        using (var migrations = new MigrationManager(database, plugin))
        {
            migrations.CreateStoreTables(StoreTables);
            migrations.ApplyUpMigrations(plugin, MigrationProcessType.Installation);
            migrations.ApplyUpMigrations(plugin, MigrationProcessType.Update, commitVersionOnly: true);
        }
        return new PluginDatabase(database, name);
    }

    /// <summary>nopCommerce's repository for <typeparamref name="TEntity"/> on this database.</summary>
    public IRepository<TEntity> Repository<TEntity>() where TEntity : BaseEntity => new EntityRepository<TEntity>(Database);

    public Task DropAsync() => NopDatabase.DropAsync(Database.Kind, TestServers.AdminConnection(Database.Kind), _name);
}

/// <summary>
/// One fresh installed database per test for a contract fixture (whose base class owns SetUp and TearDown): opened by
/// the fixture's CreateAsync, dropped by its ReleaseAsync.
/// </summary>
public sealed class PluginDatabaseLease(DatabaseKind kind)
{
    public PluginDatabase Current { get; private set; }

    public async Task<T> OpenAsync<T>(Func<PluginDatabase, T> build)
    {
        Current = await PluginDatabase.CreateAsync(kind);
        return build(Current);
    }

    public async Task<T> OpenAsync<T>(Func<PluginDatabase, Task<T>> build)
    {
        Current = await PluginDatabase.CreateAsync(kind);
        return await build(Current);
    }

    public Task ReleaseAsync() => Current?.DropAsync() ?? Task.CompletedTask;
}
