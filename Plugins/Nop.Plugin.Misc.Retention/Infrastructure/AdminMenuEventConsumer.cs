using Nop.Services.Events;
using Nop.Services.Localization;
using Nop.Services.Plugins;
using Nop.Web.Framework.Events;
using Nop.Web.Framework.Menu;

namespace Nop.Plugin.Misc.Retention.Infrastructure;

/// <summary>Adds "Retention" to the admin menu, the 4.80+ way (the menu is built in code and announced by an event).</summary>
public class AdminMenuEventConsumer : IConsumer<AdminMenuCreatedEvent>
{
    private const string ThirdPartyPluginsNode = "Third party plugins";

    /// <summary>The points accounting page's menu item (its view marks it active).</summary>
    public const string AccountingMenuSystemName = RetentionDefaults.MenuSystemName + ".PointsAccounting";

    /// <summary>The workflows page's menu item (its views mark it active).</summary>
    public const string WorkflowsMenuSystemName = RetentionDefaults.MenuSystemName + ".Workflows";

    private readonly IPluginManager<IPlugin> _pluginManager;
    private readonly ILocalizationService _localizationService;

    public AdminMenuEventConsumer(IPluginManager<IPlugin> pluginManager, ILocalizationService localizationService)
    {
        _pluginManager = pluginManager;
        _localizationService = localizationService;
    }

    public async Task HandleEventAsync(AdminMenuCreatedEvent eventMessage)
    {
        // The event also fires while the plugin is only pending install; its page would not work yet.
        if (await _pluginManager.LoadPluginBySystemNameAsync(RetentionDefaults.SystemName) == null)
            return;

        var item = new AdminMenuItem
        {
            SystemName = RetentionDefaults.MenuSystemName,
            Title = await _localizationService.GetResourceAsync(RetentionLocales.MenuTitle),
            Url = eventMessage.GetMenuItemUrl("RetentionAdmin", "Configure"),
            IconClass = "far fa-dot-circle",
            Visible = true,
            PermissionNames = new List<string> { RetentionDefaults.Permissions.Manage },
        };
        // The workflows and the finance report sit under the plugin's own item, so the plugin stays one entry in the menu.
        item.ChildNodes = new List<AdminMenuItem>
        {
            new()
            {
                SystemName = RetentionDefaults.MenuSystemName + ".Configure",
                Title = await _localizationService.GetResourceAsync(RetentionLocales.ConfigureTitle),
                Url = eventMessage.GetMenuItemUrl("RetentionAdmin", "Configure"),
                IconClass = "far fa-dot-circle",
                Visible = true,
                PermissionNames = new List<string> { RetentionDefaults.Permissions.Manage },
            },
            new()
            {
                SystemName = WorkflowsMenuSystemName,
                Title = await _localizationService.GetResourceAsync(RetentionLocales.WorkflowsMenu),
                Url = eventMessage.GetMenuItemUrl("RetentionWorkflowsAdmin", "List"),
                IconClass = "far fa-dot-circle",
                Visible = true,
                PermissionNames = new List<string> { RetentionDefaults.Permissions.Manage },
            },
            new()
            {
                SystemName = AccountingMenuSystemName,
                Title = await _localizationService.GetResourceAsync(RetentionLocales.AccountingMenu),
                Url = eventMessage.GetMenuItemUrl("RetentionLoyaltyAdmin", "PointsAccounting"),
                IconClass = "far fa-dot-circle",
                Visible = true,
                PermissionNames = new List<string> { RetentionDefaults.Permissions.Manage },
            },
        };
        var parent = eventMessage.RootMenuItem.GetItemBySystemName(ThirdPartyPluginsNode) ?? eventMessage.RootMenuItem;
        parent.ChildNodes.Add(item);

        // The dashboard's report page (h-dash).
        parent.ChildNodes.Add(new AdminMenuItem
        {
            SystemName = Controllers.RetentionReportController.MenuSystemName,
            Title = await _localizationService.GetResourceAsync(RetentionLocales.ReportMenuTitle),
            Url = eventMessage.GetMenuItemUrl("RetentionReport", "Index"),
            IconClass = "far fa-dot-circle",
            Visible = true,
            PermissionNames = new List<string> { RetentionDefaults.Permissions.Manage },
        });
    }
}
