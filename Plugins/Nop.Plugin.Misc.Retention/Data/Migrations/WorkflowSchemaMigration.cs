using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The workflow tables and the indexes behind their queries: due steps by (state, next due), a customer's enrollments
/// and last events by (customer, store). Like the loyalty migration, targeted at no particular process (a fresh install
/// runs it after the others, an installed store on update); Down drops what it added.
/// </summary>
[NopMigration("2026/11/23 12:00:00:0000000", "Misc.Retention workflow schema")]
public class WorkflowSchemaMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionEnrollment>();
        CreateTableIfMissing<RetentionEnrollmentTransition>();
        CreateTableIfMissing<RetentionWorkflowEvent>();
        CreateTableIfMissing<RetentionSurveyAnswer>();
        CreateTableIfMissing<RetentionUnsubscribe>();

        CreateIndexIfMissing(nameof(RetentionEnrollment), "IX_RetentionEnrollment_Due",
            nameof(RetentionEnrollment.StateId), nameof(RetentionEnrollment.NextDueUtc));
        CreateIndexIfMissing(nameof(RetentionEnrollment), "IX_RetentionEnrollment_Customer",
            nameof(RetentionEnrollment.CustomerId), nameof(RetentionEnrollment.StoreId));
        CreateIndexIfMissing(nameof(RetentionWorkflowEvent), "IX_RetentionWorkflowEvent_Customer",
            nameof(RetentionWorkflowEvent.CustomerId), nameof(RetentionWorkflowEvent.StoreId), nameof(RetentionWorkflowEvent.OccurredUtc));
        CreateIndexIfMissing(nameof(RetentionWorkflowEvent), "IX_RetentionWorkflowEvent_Enrollment",
            nameof(RetentionWorkflowEvent.EnrollmentId));
    }

    public override void Down()
    {
        DeleteTableIfExists<RetentionUnsubscribe>();
        DeleteTableIfExists<RetentionSurveyAnswer>();
        DeleteTableIfExists<RetentionWorkflowEvent>();
        DeleteTableIfExists<RetentionEnrollmentTransition>();
        DeleteTableIfExists<RetentionEnrollment>();
    }
}
