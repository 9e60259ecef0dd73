using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// Paid membership's table (issue 18 §3), with the index a customer's facts are read by (status, savings, erasure: led
/// by the customer) and the one the night's members and the dashboard's counts are read by. No process target: a fresh
/// install and an update both run it; Down drops the table.
/// </summary>
[NopMigration("2026/12/08 10:00:00:0000000", "Misc.Retention membership")]
public class MembershipMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionMembership>();
        CreateIndexIfMissing(nameof(RetentionMembership), "IX_RetentionMembership_Customer",
            nameof(RetentionMembership.CustomerId), nameof(RetentionMembership.StoreId));
        CreateIndexIfMissing(nameof(RetentionMembership), "IX_RetentionMembership_Kind",
            nameof(RetentionMembership.StoreId), nameof(RetentionMembership.Kind), nameof(RetentionMembership.CustomerId));
    }

    public override void Down() => DeleteTableIfExists<RetentionMembership>();
}
