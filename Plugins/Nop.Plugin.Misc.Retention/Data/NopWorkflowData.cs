using Nop.Plugin.Misc.Retention.Services;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>The workflow tables as Core's report read models: projections over the repositories, so reports run as SQL.</summary>
public class NopWorkflowData : IWorkflowData
{
    private readonly IRepository<RetentionEnrollment> _enrollments;
    private readonly IRepository<RetentionWorkflowEvent> _events;
    private readonly IRepository<RetentionSurveyAnswer> _answers;

    public NopWorkflowData(IRepository<RetentionEnrollment> enrollments, IRepository<RetentionWorkflowEvent> events, IRepository<RetentionSurveyAnswer> answers)
    {
        _enrollments = enrollments;
        _events = events;
        _answers = answers;
    }

    public IQueryable<EnrollmentFact> Enrollments => _enrollments.Table.Select(e => new EnrollmentFact
    {
        Id = e.Id,
        WorkflowId = e.WorkflowId,
        StoreId = e.StoreId,
        CustomerId = e.CustomerId,
        Subject = e.Subject,
        EnrolledUtc = e.EnrolledUtc,
        AnchorUtc = e.AnchorUtc,
        IsControl = e.IsControl,
        StateId = e.StateId,
        NextStep = e.NextStep,
        NextDueUtc = e.NextDueUtc,
        ClosedUtc = e.ClosedUtc,
    });

    public IQueryable<WorkflowEventFact> WorkflowEvents => _events.Table.Select(e => new WorkflowEventFact
    {
        Id = e.Id,
        EnrollmentId = e.EnrollmentId,
        WorkflowId = e.WorkflowId,
        Step = e.Step,
        StoreId = e.StoreId,
        CustomerId = e.CustomerId,
        KindId = e.KindId,
        OccurredUtc = e.OccurredUtc,
        IsControl = e.IsControl,
        OrderId = e.OrderId,
        Revenue = e.Revenue,
    });

    public IQueryable<SurveyAnswerFact> SurveyAnswers => _answers.Table.Select(a => new SurveyAnswerFact
    {
        Id = a.Id,
        KindId = a.KindId,
        StoreId = a.StoreId,
        CustomerId = a.CustomerId,
        Subject = a.Subject,
        Score = a.Score,
        Comment = a.Comment,
        AnsweredUtc = a.AnsweredUtc,
    });
}
