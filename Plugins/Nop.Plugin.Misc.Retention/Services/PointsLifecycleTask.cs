using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Moves loyalty points through their life: pending points become spendable after the return window and credited lots
/// lapse after their expiry, each as an idempotent ledger line. Installed from the first version so that no update has
/// to add its schedule row later; the expiry rules arrive in Retention.Core's loyalty module, and until then a run
/// does nothing (activation needs no run: a balance counts the lines active at the instant it is asked for).
/// </summary>
public class PointsLifecycleTask : IScheduleTask
{
    /// <summary>Writes due expiry lines (none yet).</summary>
    public Task ExecuteAsync() => Task.CompletedTask;
}
