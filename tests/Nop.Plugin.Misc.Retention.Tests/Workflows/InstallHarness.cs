using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Web.Framework.Mvc.Routing;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>The plugin class over loose nopCommerce mocks, for what the workflows added to it (requirement rule, uninstall).</summary>
public static class InstallHarness
{
    public static RetentionPlugin Plugin(NopCouponRequirement couponRequirement = null, IBuiltInReminders builtInReminders = null)
    {
        var settings = new FakeSettings().Serve<RetentionInstallSettings>().Serve<RewardPointsSettings>().Serve<RetentionLoyaltySettings>()
            .Serve<RetentionSettings>().Serve<WidgetSettings>();
        var templates = new Mock<IMessageTemplateService>();
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>())).ReturnsAsync(new List<MessageTemplate>());
        return new RetentionPlugin(new EmailAccountSettings(), Mock.Of<ILocalizationService>(), templates.Object, Mock.Of<INopUrlHelper>(),
            Mock.Of<IPermissionService>(), Mock.Of<IScheduleTaskService>(), settings.Mock.Object, Mock.Of<IStoreService>(),
            new WidgetSettings { ActiveWidgetSystemNames = [] }, couponRequirement, builtInReminders);
    }
}

public class PluginUninstallWorkflowTests
{
    [Test]
    public async Task Uninstall_gives_the_built_in_reminders_back()
    {
        var reminders = new Mock<IBuiltInReminders>();

        await InstallHarness.Plugin(builtInReminders: reminders.Object).UninstallAsync();

        reminders.Verify(r => r.RestoreAsync(It.IsAny<CancellationToken>()), Times.Once);
    }
}
