using Retention.Core.Common;

namespace Retention.Core.Workflows;

// Reports over the workflow tables, computed in the database through IWorkflowData.
public sealed partial class WorkflowProgram
{
    /// <summary>Per workflow and step, events with <c>fromUtc ≤ time &lt; toUtc</c>.</summary>
    public Task<IReadOnlyList<WorkflowStepStats>> StatsAsync(StoreId store, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// Sent versus control for enrollments with <c>fromUtc ≤ EnrolledUtc &lt; toUtc</c>: an enrollment converted when the
    /// customer placed a counted order in the store after enrolling and within the last step's delay plus the attribution window.
    /// </summary>
    public Task<LiftReport> LiftAsync(StoreId store, WorkflowKind workflow, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Answers to a survey in the period.</summary>
    public Task<SurveySummary> SurveySummaryAsync(StoreId store, SurveyKind kind, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
