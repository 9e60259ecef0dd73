using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The discount card's standings (issue 18) and the index the erasure and export look customers up by. No process target,
/// like the pending-orders migration: a fresh install and an update both run it; Down drops the table.
/// </summary>
[NopMigration("2026/12/07 15:00:00:0000000", "Misc.Retention discount card standings")]
public class CardStandingMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionCardStanding>();
        CreateIndexIfMissing(nameof(RetentionCardStanding), "IX_RetentionCardStanding_Customer", nameof(RetentionCardStanding.CustomerId));
    }

    public override void Down() => DeleteTableIfExists<RetentionCardStanding>();
}
