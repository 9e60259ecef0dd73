using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The loyalty tables and the ledger's link to nopCommerce's reward points. A later version than the base schema and
/// targeted at no particular process: a fresh install runs it after the base schema, an installed store runs it on
/// update (an Update-only migration would be marked applied, not run, on a fresh install). Auto-reversing, so
/// uninstall drops what it added.
/// </summary>
[NopMigration("2026/11/23 10:00:00:0000000", "Misc.Retention loyalty schema")]
public class LoyaltySchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<RetentionTierStanding>();
        Create.TableFor<RetentionReferral>();
        Alter.Table(nameof(RetentionLedgerEntry))
            .AddColumn(nameof(RetentionLedgerEntry.NativeEntryId)).AsInt32().Nullable();
    }
}
