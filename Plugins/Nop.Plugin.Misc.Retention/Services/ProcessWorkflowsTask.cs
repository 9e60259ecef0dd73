using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Sends the due steps of the retention workflows (abandoned cart, win-back, review request, points-expiry reminder…)
/// in every store. Installed from the first version so that no update has to add its schedule row later; the
/// workflow rules arrive in Retention.Core with their own issues, and until then a run does nothing.
/// </summary>
public class ProcessWorkflowsTask : IScheduleTask
{
    /// <summary>Runs the due workflow steps (none yet).</summary>
    public Task ExecuteAsync() => Task.CompletedTask;
}
