using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// An index led by every column that names a customer (and by the enrollment id its transitions are found through), so
/// a GDPR erasure reads each table by index: nopCommerce's delete-inactive-customers task erases customers one by one,
/// and without these every erasure scanned the whole ledger, outbox and survey tables. The ledger's index also carries
/// the store, the order in which the balance reads ask. No process target: a fresh install and an update both run it.
/// </summary>
[NopMigration("2026/12/06 20:30:00:0000000", "Misc.Retention customer indexes")]
public class CustomerIndexMigration : RetentionMigration
{
    /// <summary>Table, index name, columns (the first names the customer).</summary>
    public static readonly IReadOnlyList<(string Table, string Name, string[] Columns)> Indexes =
    [
        (nameof(RetentionLedgerEntry), "IX_RetentionLedgerEntry_Customer", [nameof(RetentionLedgerEntry.CustomerId), nameof(RetentionLedgerEntry.StoreId)]),
        (nameof(RetentionTierStanding), "IX_RetentionTierStanding_Customer", [nameof(RetentionTierStanding.CustomerId)]),
        (nameof(RetentionReferral), "IX_RetentionReferral_Referred", [nameof(RetentionReferral.ReferredCustomerId)]),
        (nameof(RetentionReferral), "IX_RetentionReferral_Referrer", [nameof(RetentionReferral.ReferrerCustomerId)]),
        (nameof(RetentionCoupon), "IX_RetentionCoupon_Customer", [nameof(RetentionCoupon.CustomerId)]),
        (nameof(RetentionEnrollmentTransition), "IX_RetentionEnrollmentTransition_Enrollment", [nameof(RetentionEnrollmentTransition.EnrollmentId)]),
        (nameof(RetentionSurveyAnswer), "IX_RetentionSurveyAnswer_Customer", [nameof(RetentionSurveyAnswer.CustomerId)]),
        (nameof(RetentionOutboxMessage), "IX_RetentionOutboxMessage_Customer", [nameof(RetentionOutboxMessage.CustomerId)]),
        (nameof(RetentionUnsubscribe), "IX_RetentionUnsubscribe_Customer", [nameof(RetentionUnsubscribe.CustomerId)]),
    ];

    public override void Up()
    {
        foreach (var (table, name, columns) in Indexes)
            CreateIndexIfMissing(table, name, columns);
    }

    // Uninstall runs every Down, newest first, and the older migrations drop these tables with their indexes.
    public override void Down()
    {
    }
}
