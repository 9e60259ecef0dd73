using System.Reflection;
using Nop.Core;
using Nop.Data.Migrations;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;

namespace Nop.Plugin.Misc.Retention.DataTests.Install;

/// <summary>
/// The plugin's migrations on a real database, run the way nopCommerce's plugin service runs them: install, update from
/// every earlier release's schema, a retry after an interrupted install, uninstall and reinstall.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public class MigrationTests(DatabaseKind kind) : RealDatabaseTest(kind)
{
    private static readonly Assembly Plugin = typeof(RetentionPlugin).Assembly;

    private static IEnumerable<Type> PluginTables => Plugin.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(BaseEntity)));

    private static IEnumerable<long> PluginVersions =>
        Plugin.GetTypes().Select(t => t.GetCustomAttribute<NopMigrationAttribute>()).Where(a => a != null).Select(a => a.Version);

    [Test]
    public void Fresh_install_creates_every_plugin_table_with_every_mapped_column()
    {
        using var migrations = new MigrationManager(Database, Plugin);

        Install(migrations);

        AssertTodaysSchema(migrations);
    }

    // The releases in order: the base schema alone (its ledger had no NativeEntryId yet), then the loyalty, workflow and
    // pending-order migrations. A store on any of them updates to today's schema.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void Update_from_an_earlier_release_reaches_todays_schema(int release)
    {
        using var migrations = new MigrationManager(Database, Plugin);
        migrations.ApplyUpMigration(typeof(SchemaMigration));
        if (release == 1)
            Schema.Execute(Database, $"ALTER TABLE {Schema.Quote(Database, nameof(RetentionLedgerEntry))} DROP COLUMN {Schema.Quote(Database, nameof(RetentionLedgerEntry.NativeEntryId))}");
        foreach (var later in new[] { typeof(LoyaltySchemaMigration), typeof(WorkflowSchemaMigration), typeof(PendingOrderMigration) }.Take(release - 1))
            migrations.ApplyUpMigration(later);

        migrations.ApplyUpMigrations(Plugin, MigrationProcessType.Update);

        AssertTodaysSchema(migrations);
    }

    [Test]
    public void An_install_that_stopped_after_the_base_schema_completes_when_nopCommerce_retries_it()
    {
        // What the failed 4.90 install left behind: the base tables and their version row; nopCommerce keeps the plugin in
        // its install list and runs the install again at the next start.
        using var migrations = new MigrationManager(Database, Plugin);
        migrations.ApplyUpMigration(typeof(SchemaMigration));

        Install(migrations);

        AssertTodaysSchema(migrations);
    }

    [Test]
    public void Uninstall_drops_every_table_and_version_row_and_a_reinstall_starts_clean()
    {
        using var migrations = new MigrationManager(Database, Plugin);
        Install(migrations);

        migrations.ApplyDownMigrations(Plugin);

        Assert.Multiple(() =>
        {
            Assert.That(Schema.Tables(Database).Where(t => t.StartsWith("Retention", StringComparison.Ordinal)), Is.Empty);
            Assert.That(migrations.AppliedVersions().Intersect(PluginVersions), Is.Empty);
        });

        Install(migrations);
        AssertTodaysSchema(migrations);
    }

    [Test]
    public void String_columns_compare_like_the_store_database_does()
    {
        using var migrations = new MigrationManager(Database, Plugin);
        Install(migrations);

        var type = Schema.ColumnType(Database, nameof(RetentionLedgerEntry), nameof(RetentionLedgerEntry.IdempotencyKey));

        // nopCommerce makes every string column citext on PostgreSQL; MariaDB's default collation ignores case too.
        Assert.That(type, Kind == DatabaseKind.PostgreSQL ? Is.EqualTo("citext") : Does.StartWith("varchar"));
    }

    /// <summary>PluginService.InsertPluginData for an install: Installation and no-matter migrations run, Update ones are recorded.</summary>
    private static void Install(MigrationManager migrations)
    {
        migrations.ApplyUpMigrations(Plugin, MigrationProcessType.Installation);
        migrations.ApplyUpMigrations(Plugin, MigrationProcessType.Update, commitVersionOnly: true);
    }

    private void AssertTodaysSchema(MigrationManager migrations)
    {
        var tables = Schema.Tables(Database);
        Assert.Multiple(() =>
        {
            foreach (var entity in PluginTables)
            {
                Assert.That(tables, Does.Contain(entity.Name), $"table {entity.Name}");
                if (!tables.Contains(entity.Name))
                    continue;
                var expected = TableShape.Columns(entity).Select(c => c.Name).ToList();
                Assert.That(Schema.Columns(Database, entity.Name), Is.EquivalentTo(expected), $"columns of {entity.Name}");
                // A GDPR erasure reads every table by the customer (transitions by their enrollment), one customer at a time.
                var leading = Schema.IndexLeadingColumns(Database, entity.Name);
                foreach (var column in expected.Where(c => c.EndsWith("CustomerId", StringComparison.Ordinal)
                                                           || (entity == typeof(RetentionEnrollmentTransition) && c == nameof(RetentionEnrollmentTransition.EnrollmentId))))
                    Assert.That(leading, Does.Contain(column), $"an index of {entity.Name} led by {column}");
            }
            Assert.That(migrations.AppliedVersions(), Is.SupersetOf(PluginVersions), "every plugin migration recorded");
        });
    }
}
