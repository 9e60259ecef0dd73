using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Retention.Components;
using Nop.Services.Cms;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Web.Framework.Infrastructure;
using Nop.Web.Framework.Mvc.Routing;
using Retention.Core.Configuration;

namespace Nop.Plugin.Misc.Retention;

/// <summary>
/// The plugin's table of contents: what install creates (settings, locale resources, schedule tasks, message
/// templates, widget activation) and uninstall removes again. Tables come and go with the migration;
/// permissions are inserted by nopCommerce from <see cref="Services.RetentionPermissionConfigManager"/>.
/// </summary>
public class RetentionPlugin : BasePlugin, IWidgetPlugin, IMiscPlugin
{
    #region Fields

    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly ILocalizationService _localizationService;
    private readonly IMessageTemplateService _messageTemplateService;
    private readonly INopUrlHelper _nopUrlHelper;
    private readonly IPermissionService _permissionService;
    private readonly IScheduleTaskService _scheduleTaskService;
    private readonly ISettingService _settingService;
    private readonly WidgetSettings _widgetSettings;

    #endregion

    #region Ctor

    public RetentionPlugin(EmailAccountSettings emailAccountSettings,
        ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService,
        INopUrlHelper nopUrlHelper,
        IPermissionService permissionService,
        IScheduleTaskService scheduleTaskService,
        ISettingService settingService,
        WidgetSettings widgetSettings)
    {
        _emailAccountSettings = emailAccountSettings;
        _localizationService = localizationService;
        _messageTemplateService = messageTemplateService;
        _nopUrlHelper = nopUrlHelper;
        _permissionService = permissionService;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
        _widgetSettings = widgetSettings;
    }

    #endregion

    #region Methods

    public override string GetConfigurationPageUrl() => _nopUrlHelper.RouteUrl(RetentionDefaults.ConfigurationRouteName);

    /// <summary>The admin dashboard and customer page, checkout's order summary, the product page and the account navigation.</summary>
    public Task<IList<string>> GetWidgetZonesAsync() => Task.FromResult(RetentionWidgets.Zones());

    public Type GetWidgetViewComponent(string widgetZone) => RetentionWidgets.ComponentFor(widgetZone);

    public bool HideInWidgetList => false;

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(RetentionSettings.From(new RetentionOptions()));
        await _localizationService.AddOrUpdateLocaleResourceAsync(RetentionLocales.English());

        await EnsureTasksAndTemplatesAsync();

        if (!_widgetSettings.ActiveWidgetSystemNames.Contains(RetentionDefaults.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Add(RetentionDefaults.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        await base.InstallAsync();
    }

    /// <summary>
    /// A new version may bring tasks or templates (later workflows); the update adds the missing ones and leaves the
    /// merchant's edits of existing templates alone.
    /// </summary>
    public override async Task UpdateAsync(string currentVersion, string targetVersion)
    {
        await _localizationService.AddOrUpdateLocaleResourceAsync(RetentionLocales.English());
        await EnsureTasksAndTemplatesAsync();
        await base.UpdateAsync(currentVersion, targetVersion);
    }

    public override async Task UninstallAsync()
    {
        if (_widgetSettings.ActiveWidgetSystemNames.Remove(RetentionDefaults.SystemName))
            await _settingService.SaveSettingAsync(_widgetSettings);

        foreach (var definition in RetentionDefaults.Templates.All)
            foreach (var template in await _messageTemplateService.GetMessageTemplatesByNameAsync(definition.Name))
                await _messageTemplateService.DeleteMessageTemplateAsync(template);

        foreach (var definition in RetentionDefaults.Tasks.All)
            if (await _scheduleTaskService.GetTaskByTypeAsync(definition.Type) is { } task)
                await _scheduleTaskService.DeleteTaskAsync(task);

        await _permissionService.DeletePermissionAsync(RetentionDefaults.Permissions.Manage);
        await _settingService.DeleteSettingAsync<RetentionSettings>();
        await _localizationService.DeleteLocaleResourcesAsync(RetentionDefaults.LocalePrefix);
        await _localizationService.DeleteLocaleResourcesAsync("Security.Permission." + RetentionDefaults.Permissions.Manage);

        await base.UninstallAsync();
    }

    #endregion

    #region Utilities

    /// <summary>Inserts each schedule task and message template the plugin defines that the store does not have yet.</summary>
    private async Task EnsureTasksAndTemplatesAsync()
    {
        foreach (var definition in RetentionDefaults.Tasks.All)
        {
            if (await _scheduleTaskService.GetTaskByTypeAsync(definition.Type) != null)
                continue;
            await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
            {
                Name = definition.Name,
                Type = definition.Type,
                Seconds = definition.Seconds,
                Enabled = true,
                LastEnabledUtc = DateTime.UtcNow,
                StopOnError = false,
            });
        }

        foreach (var definition in RetentionDefaults.Templates.All)
        {
            if ((await _messageTemplateService.GetMessageTemplatesByNameAsync(definition.Name)).Any())
                continue;
            // Inactive until the merchant switches the workflow on: installing must never start emailing customers.
            await _messageTemplateService.InsertMessageTemplateAsync(new MessageTemplate
            {
                Name = definition.Name,
                Subject = definition.Subject,
                Body = definition.Body,
                IsActive = false,
                EmailAccountId = _emailAccountSettings.DefaultEmailAccountId,
                LimitedToStores = false,
            });
        }
    }

    #endregion
}
