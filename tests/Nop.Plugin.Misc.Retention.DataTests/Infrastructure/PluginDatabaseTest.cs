using System.Reflection;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Data.Migrations;
using Nop.Data.Testing;

namespace Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

/// <summary>
/// A store database with the plugin installed (its migrations run as nopCommerce runs them) and nopCommerce's own tables
/// that the plugin reads, so adapters and queries run on real tables.
/// </summary>
public abstract class PluginDatabaseTest(DatabaseKind kind) : RealDatabaseTest(kind)
{
    /// <summary>nopCommerce's tables the plugin's adapters read or write.</summary>
    protected static readonly Type[] StoreTables =
    [
        typeof(Order), typeof(OrderItem), typeof(Product), typeof(Customer), typeof(ShoppingCartItem), typeof(ProductReview),
    ];

    [SetUp]
    public void InstallPlugin()
    {
        var plugin = typeof(RetentionPlugin).Assembly;
        using var migrations = new MigrationManager(Database, plugin);
        migrations.CreateStoreTables(StoreTables);
        migrations.ApplyUpMigrations(plugin, MigrationProcessType.Installation);
        migrations.ApplyUpMigrations(plugin, MigrationProcessType.Update, commitVersionOnly: true);
    }

    /// <summary>nopCommerce's repository for <typeparamref name="TEntity"/> on this database.</summary>
    protected IRepository<TEntity> Repository<TEntity>() where TEntity : BaseEntity => new EntityRepository<TEntity>(Database);

    protected static BindingFlags Everything => BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
}
