using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Retention.Tests.Privacy;

/// <summary>The configure page's statement names exactly what uninstall deletes: uninstall is run over mocks that record each deletion.</summary>
public class UninstallStatementTests
{
    [Test]
    public async Task Uninstall_deletes_exactly_the_settings_templates_tasks_permission_and_resources_the_statement_names()
    {
        var settings = new FakeSettings().Serve<RetentionInstallSettings>().Serve<RewardPointsSettings>().Serve<RetentionLoyaltySettings>()
            .Serve<RetentionSettings>().Serve<WidgetSettings>();
        var deletedTemplates = new List<string>();
        var templates = new Mock<IMessageTemplateService>();
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => new List<MessageTemplate> { new() { Name = name } });
        templates.Setup(t => t.DeleteMessageTemplateAsync(It.IsAny<MessageTemplate>())).Callback((MessageTemplate t) => deletedTemplates.Add(t.Name)).Returns(Task.CompletedTask);
        var deletedTasks = new List<string>();
        var tasks = new Mock<IScheduleTaskService>();
        tasks.Setup(t => t.GetTaskByTypeAsync(It.IsAny<string>()))
            .ReturnsAsync((string type) => new ScheduleTask { Type = type, Name = RetentionDefaults.Tasks.All.Single(d => d.Type == type).Name });
        tasks.Setup(t => t.DeleteTaskAsync(It.IsAny<ScheduleTask>())).Callback((ScheduleTask t) => deletedTasks.Add(t.Name)).Returns(Task.CompletedTask);
        var permissions = new Mock<IPermissionService>();
        var localization = new Mock<ILocalizationService>();

        await new RetentionPlugin(new EmailAccountSettings(), localization.Object, templates.Object, Mock.Of<INopUrlHelper>(), permissions.Object,
            tasks.Object, settings.Mock.Object, Mock.Of<IStoreService>(), new WidgetSettings { ActiveWidgetSystemNames = [] }).UninstallAsync();

        var deletedSettings = settings.Mock.Invocations.Where(i => i.Method.Name == "DeleteSettingAsync" && i.Method.IsGenericMethod)
            .Select(i => i.Method.GetGenericArguments()[0].Name);
        Assert.That(deletedSettings, Is.EquivalentTo(UninstallStatement.Settings));
        Assert.That(deletedTemplates.Distinct(), Is.EquivalentTo(UninstallStatement.Templates));
        Assert.That(deletedTasks, Is.EquivalentTo(UninstallStatement.Tasks));
        permissions.Verify(p => p.DeletePermissionAsync(UninstallStatement.Permission), Times.Once);
        localization.Verify(l => l.DeleteLocaleResourcesAsync(UninstallStatement.LocalePrefix, null), Times.Once);
    }
}
