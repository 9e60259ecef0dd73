using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Data.Mapping.Builders;

// The workflow tables. As with the loyalty tables, each once-only side effect has a bounded unique key column; the
// composite indexes the queries need are created by WorkflowSchemaMigration.

public class RetentionEnrollmentBuilder : NopEntityBuilder<RetentionEnrollment>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionEnrollment.EnrollmentKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionEnrollment_Key")
            .WithColumn(nameof(RetentionEnrollment.Subject)).AsString(Enrollment.MaxSubjectLength).NotNullable()
            .WithColumn(nameof(RetentionEnrollment.ExitReason)).AsString(400).Nullable();
}

public class RetentionEnrollmentTransitionBuilder : NopEntityBuilder<RetentionEnrollmentTransition>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionEnrollmentTransition.TransitionKey)).AsString(32).NotNullable().Unique("UX_RetentionEnrollmentTransition_Key")
            .WithColumn(nameof(RetentionEnrollmentTransition.ExitReason)).AsString(400).Nullable();
}

public class RetentionWorkflowEventBuilder : NopEntityBuilder<RetentionWorkflowEvent>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionWorkflowEvent.EventKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionWorkflowEvent_Key")
            .WithColumn(nameof(RetentionWorkflowEvent.Detail)).AsString(400).Nullable();
}

public class RetentionSurveyAnswerBuilder : NopEntityBuilder<RetentionSurveyAnswer>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionSurveyAnswer.AnswerKey)).AsString(IdempotencyKey.MaxLength).NotNullable().Unique("UX_RetentionSurveyAnswer_Key")
            .WithColumn(nameof(RetentionSurveyAnswer.Subject)).AsString(Enrollment.MaxSubjectLength).NotNullable()
            .WithColumn(nameof(RetentionSurveyAnswer.Comment)).AsString(SurveyAnswer.MaxCommentLength).Nullable();
}

public class RetentionUnsubscribeBuilder : NopEntityBuilder<RetentionUnsubscribe>
{
    public override void MapEntity(CreateTableExpressionBuilder table) =>
        table.WithColumn(nameof(RetentionUnsubscribe.StoreCustomerKey)).AsString(32).NotNullable().Unique("UX_RetentionUnsubscribe_StoreCustomer");
}
