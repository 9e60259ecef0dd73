using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// Periodic cashback's payout table (issue 18), with the index a customer's payouts are read by (My rewards, a refund's
/// take-back, an erasure) and the one the finance report's days are read by. No process target: a fresh install and an
/// update both run it; Down drops the table.
/// </summary>
[NopMigration("2026/12/07 16:00:00:0000000", "Misc.Retention cashback")]
public class CashbackMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionCashbackPayout>();
        CreateIndexIfMissing(nameof(RetentionCashbackPayout), "IX_RetentionCashbackPayout_Customer",
            nameof(RetentionCashbackPayout.CustomerId), nameof(RetentionCashbackPayout.StoreId));
        CreateIndexIfMissing(nameof(RetentionCashbackPayout), "IX_RetentionCashbackPayout_Paid",
            nameof(RetentionCashbackPayout.StoreId), nameof(RetentionCashbackPayout.CreatedOnUtc));
    }

    public override void Down() => DeleteTableIfExists<RetentionCashbackPayout>();
}
