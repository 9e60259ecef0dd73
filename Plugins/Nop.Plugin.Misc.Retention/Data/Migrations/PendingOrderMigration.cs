using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The pending-orders table (orders recorded at checkout for the workflow task) and the index of its pending query. Like
/// the workflow migration: no process target (a fresh install and an update both run it); Down drops the table.
/// </summary>
[NopMigration("2026/11/23 14:40:00:0000000", "Misc.Retention pending orders")]
public class PendingOrderMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionPendingOrder>();
        CreateIndexIfMissing(nameof(RetentionPendingOrder), "IX_RetentionPendingOrder_Pending",
            nameof(RetentionPendingOrder.ProcessedOnUtc), nameof(RetentionPendingOrder.Id));
    }

    public override void Down() => DeleteTableIfExists<RetentionPendingOrder>();
}
