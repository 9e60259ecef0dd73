using Nop.Services.ScheduleTasks;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Every five minutes: first lines up nopCommerce 5.00's own abandoned-cart reminders with the all-stores choice (taken
/// over: their task disabled, remembered; standing aside: a task the plugin disabled is switched back on), then the
/// workflows' run (scans, due steps, coupon cleanup) under the program's own lock, so a second node's run does nothing.
/// </summary>
public class WorkflowTask : IScheduleTask
{
    private readonly WorkflowProgram _program;
    private readonly IWorkflowSettingsStore _settings;
    private readonly IBuiltInReminders _builtInReminders;

    public WorkflowTask(WorkflowProgram program, IWorkflowSettingsStore settings, IBuiltInReminders builtInReminders)
    {
        _program = program;
        _settings = settings;
        _builtInReminders = builtInReminders;
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
        await _program.RunAsync();
    }
}
