namespace Retention.Core.Workflows;

/// <summary>
/// Keeps a run's parts apart: a part that throws is recorded and the run goes on, so one broken store, product or
/// template never holds back every other step. The run throws the collected failures together at its end.
/// </summary>
internal static class RunFailures
{
    public static async Task IsolatedAsync(List<Exception> failures, string what, Func<Task> part)
    {
        try
        {
            await part();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failures.Add(new WorkflowRunException($"{what} failed: {exception.Message}", exception));
        }
    }

    /// <summary>How a failure names the step it comes from.</summary>
    public static string StepName(Enrollment enrollment) => $"Step {enrollment.NextStep + 1} of {enrollment.Workflow} enrollment {enrollment.Id}";
}
