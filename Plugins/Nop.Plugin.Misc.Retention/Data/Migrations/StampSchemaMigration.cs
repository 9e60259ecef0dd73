using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The stamp cards' table and its indexes: a customer's cards (also the privacy export and erasure), an order's stamps
/// (a refund). No process target, like the other later migrations: a fresh install and an update both run it.
/// </summary>
[NopMigration("2026/12/07 15:10:00:0000000", "Misc.Retention stamp cards")]
public class StampSchemaMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionStamp>();
        CreateIndexIfMissing(nameof(RetentionStamp), "IX_RetentionStamp_Customer",
            nameof(RetentionStamp.CustomerId), nameof(RetentionStamp.StoreId), nameof(RetentionStamp.CardId));
        CreateIndexIfMissing(nameof(RetentionStamp), "IX_RetentionStamp_Order", nameof(RetentionStamp.StoreId), nameof(RetentionStamp.OrderId));
    }

    public override void Down() => DeleteTableIfExists<RetentionStamp>();
}
