using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The plugin's tables. Auto-reversing, so uninstall (which runs Down of every applied migration) drops them;
/// a forward-only migration would make uninstall fail.
/// </summary>
[NopMigration("2026/11/23 08:00:00:0000000", "Misc.Retention base schema", MigrationProcessType.Installation)]
public class SchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<RetentionLedgerEntry>();
        Create.TableFor<RetentionOutboxMessage>();
        Create.TableFor<RetentionCoupon>();
        Create.TableFor<RetentionMetricsSnapshot>();
    }
}
