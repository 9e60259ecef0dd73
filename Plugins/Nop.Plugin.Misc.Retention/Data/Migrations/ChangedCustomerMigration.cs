using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The changed-customers feed of the dashboard's incremental refresh (issue 16) the index its clean-up deletes by, and the one an erasure finds a customer's rows by.
/// No process target: a fresh install and an update both run it; Down drops the table.
/// </summary>
[NopMigration("2026/12/08 12:40:00:0000000", "Misc.Retention changed customers feed")]
public class ChangedCustomerMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionChangedCustomer>();
        CreateIndexIfMissing(nameof(RetentionChangedCustomer), "IX_RetentionChangedCustomer_ChangedUtc", nameof(RetentionChangedCustomer.ChangedUtc));
        // An erasure reads every table by the customer.
        CreateIndexIfMissing(nameof(RetentionChangedCustomer), "IX_RetentionChangedCustomer_Customer", nameof(RetentionChangedCustomer.CustomerId));
    }

    public override void Down() => DeleteTableIfExists<RetentionChangedCustomer>();
}
