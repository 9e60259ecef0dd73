using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The workflow tables and the indexes behind their queries: due steps by (state, next due), a customer's enrollments
/// and last events by (customer, store). Like the loyalty migration, targeted at no particular process (a fresh install
/// runs it after the others, an installed store on update) and auto-reversing, so uninstall drops what it added.
/// </summary>
[NopMigration("2026/11/23 12:00:00:0000000", "Misc.Retention workflow schema")]
public class WorkflowSchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<RetentionEnrollment>();
        Create.TableFor<RetentionEnrollmentTransition>();
        Create.TableFor<RetentionWorkflowEvent>();
        Create.TableFor<RetentionSurveyAnswer>();
        Create.TableFor<RetentionUnsubscribe>();

        Create.Index("IX_RetentionEnrollment_Due").OnTable(nameof(RetentionEnrollment))
            .OnColumn(nameof(RetentionEnrollment.StateId)).Ascending()
            .OnColumn(nameof(RetentionEnrollment.NextDueUtc)).Ascending();
        Create.Index("IX_RetentionEnrollment_Customer").OnTable(nameof(RetentionEnrollment))
            .OnColumn(nameof(RetentionEnrollment.CustomerId)).Ascending()
            .OnColumn(nameof(RetentionEnrollment.StoreId)).Ascending();
        Create.Index("IX_RetentionWorkflowEvent_Customer").OnTable(nameof(RetentionWorkflowEvent))
            .OnColumn(nameof(RetentionWorkflowEvent.CustomerId)).Ascending()
            .OnColumn(nameof(RetentionWorkflowEvent.StoreId)).Ascending()
            .OnColumn(nameof(RetentionWorkflowEvent.OccurredUtc)).Ascending();
        Create.Index("IX_RetentionWorkflowEvent_Enrollment").OnTable(nameof(RetentionWorkflowEvent))
            .OnColumn(nameof(RetentionWorkflowEvent.EnrollmentId)).Ascending();
    }
}
