using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The loyalty tables and the ledger's link to nopCommerce's reward points. A later version than the base schema and
/// targeted at no particular process: a fresh install runs it after the base schema, an installed store runs it on
/// update (an Update-only migration would be marked applied, not run, on a fresh install). On a fresh install the base
/// schema's ledger already has <c>NativeEntryId</c> (TableFor maps today's class), so the column is added only to a
/// ledger from the first release.
/// </summary>
[NopMigration("2026/11/23 10:00:00:0000000", "Misc.Retention loyalty schema")]
public class LoyaltySchemaMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionTierStanding>();
        CreateTableIfMissing<RetentionReferral>();
        if (!Schema.Table(nameof(RetentionLedgerEntry)).Column(nameof(RetentionLedgerEntry.NativeEntryId)).Exists())
            Alter.Table(nameof(RetentionLedgerEntry)).AddColumn(nameof(RetentionLedgerEntry.NativeEntryId)).AsInt32().Nullable();
    }

    // The ledger's column goes with its table when the base schema is undone; only this migration's tables go here.
    public override void Down()
    {
        DeleteTableIfExists<RetentionReferral>();
        DeleteTableIfExists<RetentionTierStanding>();
    }
}
