using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Retention.Testing.Builders;

/// <summary>Short builders for the workflow records, so a test states only what matters to it.</summary>
public static class WorkflowBuild
{
    public static Enrollment Enrollment(string subject = "cart:1", int store = 1, int customer = 1, WorkflowKind workflow = WorkflowKind.AbandonedCart,
        DateTime? enrolled = null, DateTime? due = null, bool control = false, int nextStep = 0) => new()
    {
        Workflow = workflow,
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        Subject = subject,
        EnrolledUtc = enrolled ?? Build.Epoch,
        AnchorUtc = enrolled ?? Build.Epoch,
        IsControl = control,
        NextStep = nextStep,
        NextDueUtc = due ?? enrolled ?? Build.Epoch,
    };

    public static WorkflowEvent Event(string key, long enrollmentId = 1, WorkflowEventKind kind = WorkflowEventKind.Sent, int store = 1, int customer = 1,
        DateTime? occurred = null, bool control = false, WorkflowKind workflow = WorkflowKind.AbandonedCart, int step = 0) => new()
    {
        Key = new IdempotencyKey(key),
        EnrollmentId = enrollmentId,
        Workflow = workflow,
        Step = step,
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        Kind = kind,
        OccurredUtc = occurred ?? Build.Epoch,
        IsControl = control,
    };

    public static SurveyAnswer Answer(SurveyKind kind = SurveyKind.Nps, int score = 9, string subject = "nps", int store = 1, int customer = 1,
        DateTime? answered = null) => new()
    {
        Kind = kind,
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        Subject = subject,
        Score = score,
        AnsweredUtc = answered ?? Build.Epoch,
    };
}
