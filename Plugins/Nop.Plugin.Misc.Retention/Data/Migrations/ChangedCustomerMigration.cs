using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The changed-customers feed of the dashboard's incremental refresh (issue 16) and the index its clean-up deletes by.
/// No process target: a fresh install and an update both run it; Down drops the table.
/// </summary>
[NopMigration("2026/12/08 12:40:00:0000000", "Misc.Retention changed customers feed")]
public class ChangedCustomerMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionChangedCustomer>();
        CreateIndexIfMissing(nameof(RetentionChangedCustomer), "IX_RetentionChangedCustomer_ChangedUtc", nameof(RetentionChangedCustomer.ChangedUtc));
    }

    public override void Down() => DeleteTableIfExists<RetentionChangedCustomer>();
}
