using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Retention.Tests.Install;

/// <summary>nopCommerce's scheduler finds a task's class by the type name stored in its schedule row.</summary>
[TestFixture]
public class ScheduleTaskTypeTests
{
    [Test]
    public void Every_installed_task_type_names_a_schedule_task_class_of_the_plugin()
    {
        foreach (var definition in RetentionDefaults.Tasks.All)
        {
            var type = typeof(RetentionPlugin).Assembly.GetType(definition.Type);

            Assert.That(type, Is.Not.Null, definition.Type);
            Assert.That(typeof(IScheduleTask).IsAssignableFrom(type), Is.True, definition.Type);
        }
    }

    [Test]
    public void Task_types_are_unique_and_run_at_most_once_a_minute()
    {
        Assert.That(RetentionDefaults.Tasks.All.Select(t => t.Type), Is.Unique);
        Assert.That(RetentionDefaults.Tasks.All.Select(t => t.Seconds), Is.All.GreaterThanOrEqualTo(60));
    }
}
