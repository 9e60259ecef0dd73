using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// Each customer's points summary beside the ledger (issue 16: the checkout widget reads one row instead of the
/// customer's entries), unique by store and customer, with the customer-led index the erasure reads by. No process
/// target: a fresh install and an update both run it; Down drops the table.
/// </summary>
/// <remarks>
/// The table starts empty on an update: a customer without a summary row is read from the entries, exactly as before,
/// and Core's ledger store writes the row with the customer's next entry (taken from all of the customer's entries).
/// </remarks>
[NopMigration("2026/12/08 11:00:00:0000000", "Misc.Retention loyalty summary")]
public class PointsSummaryMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionPointsSummary>();
        CreateIndexIfMissing(nameof(RetentionPointsSummary), "IX_RetentionPointsSummary_Customer", nameof(RetentionPointsSummary.CustomerId),
            nameof(RetentionPointsSummary.StoreId));
    }

    public override void Down() => DeleteTableIfExists<RetentionPointsSummary>();
}
