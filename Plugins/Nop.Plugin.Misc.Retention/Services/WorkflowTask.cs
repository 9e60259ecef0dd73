using Nop.Plugin.Misc.Retention.Data;
using Nop.Services.ScheduleTasks;
using Retention.Core.Common;
using Retention.Core.Locking;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Every five minutes: first lines up nopCommerce 5.00's own abandoned-cart reminders with the all-stores choice (taken
/// over: their task disabled, remembered; standing aside: a task the plugin disabled is switched back on), then the
/// orders placed since the last run (recorded at checkout) under the run's lock, then the workflows' run (scans, due
/// steps, coupon cleanup) under the run's own lock, so a second node's run does nothing. The orders go first so
/// their exits stop sequences before their next step.
/// </summary>
public class WorkflowTask : IScheduleTask
{
    /// <summary>How long the pending orders may hold the run's lock before another node may take over.</summary>
    private static readonly TimeSpan PendingOrdersLockExpiry = TimeSpan.FromMinutes(10);

    private readonly WorkflowRun _run;
    private readonly IWorkflowSettingsStore _settings;
    private readonly IBuiltInReminders _builtInReminders;
    private readonly PendingOrders _pendingOrders;
    private readonly IDistributedLock _lock;

    public WorkflowTask(WorkflowRun run, IWorkflowSettingsStore settings, IBuiltInReminders builtInReminders, PendingOrders pendingOrders,
        IDistributedLock distributedLock)
    {
        _run = run;
        _settings = settings;
        _builtInReminders = builtInReminders;
        _pendingOrders = pendingOrders;
        _lock = distributedLock;
    }

    public async Task ExecuteAsync()
    {
        var status = await _builtInReminders.DetectAsync();
        if (status.Present)
        {
            // The built-in task is one for the whole installation, so the all-stores setting decides.
            var mode = (await _settings.LoadAsync(new StoreId(0))).BuiltInReminders;
            if (mode == BuiltInRemindersMode.TakeOver && status.TaskEnabled)
                await _builtInReminders.TakeOverAsync();
            else if (mode == BuiltInRemindersMode.StandAside && status.TakenOver)
                await _builtInReminders.RestoreAsync();
        }
        // The run takes its lock itself and nopCommerce's locker is not re-entrant, so the orders hold it first
        // and give it back just before the run: a node that finds it busy leaves both to the node holding it.
        PendingOrdersReport orders = null;
        await _lock.TryRunExclusiveAsync(WorkflowRun.RunLockResource, PendingOrdersLockExpiry,
            async token => orders = await _pendingOrders.ProcessAsync(token));
        await _run.RunAsync();
        if (orders?.Failures.Count > 0)
            throw new InvalidOperationException(
                $"{orders.Failures.Count} placed order(s) could not go through the workflows and are tried again next run: {string.Join("; ", orders.Failures)}");
    }
}
