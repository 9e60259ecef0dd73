using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The plugin's first tables. Uninstall (which runs Down of every applied migration, newest first) drops them.
/// </summary>
[NopMigration("2026/11/23 08:00:00:0000000", "Misc.Retention base schema", MigrationProcessType.Installation)]
public class SchemaMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionLedgerEntry>();
        CreateTableIfMissing<RetentionOutboxMessage>();
        CreateTableIfMissing<RetentionCoupon>();
        CreateTableIfMissing<RetentionMetricsSnapshot>();
    }

    public override void Down()
    {
        DeleteTableIfExists<RetentionMetricsSnapshot>();
        DeleteTableIfExists<RetentionCoupon>();
        DeleteTableIfExists<RetentionOutboxMessage>();
        DeleteTableIfExists<RetentionLedgerEntry>();
    }
}
