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

    /// <summary>The stamp cards page's menu item (its view marks it active).</summary>
    public const string StampCardsMenuSystemName = RetentionDefaults.MenuSystemName + ".StampCards";

    /// <summary>The challenges page's menu item (its view marks it active).</summary>
    public const string ChallengesMenuSystemName = RetentionDefaults.MenuSystemName + ".Challenges";

    /// <summary>The membership settings page's menu item (its view marks it active).</summary>
    public const string MembershipMenuSystemName = RetentionDefaults.MenuSystemName + ".Membership";

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

        // Every item is the plugin's page behind its permission; only name, title and target differ.
        async Task<AdminMenuItem> ItemAsync(string systemName, string titleResource, string controller, string action) => new()
        {
            SystemName = systemName,
            Title = await _localizationService.GetResourceAsync(titleResource),
            Url = eventMessage.GetMenuItemUrl(controller, action),
            IconClass = "far fa-dot-circle",
            Visible = true,
            PermissionNames = new List<string> { RetentionDefaults.Permissions.Manage },
        };

        var item = await ItemAsync(RetentionDefaults.MenuSystemName, RetentionLocales.MenuTitle, "RetentionAdmin", "Configure");
        // The workflows and the finance report sit under the plugin's own item, so the plugin stays one entry in the menu.
        item.ChildNodes = new List<AdminMenuItem>
        {
            await ItemAsync(RetentionDefaults.MenuSystemName + ".Configure", RetentionLocales.ConfigureTitle, "RetentionAdmin", "Configure"),
            await ItemAsync(WorkflowsMenuSystemName, RetentionLocales.WorkflowsMenu, "RetentionWorkflowsAdmin", "List"),
            await ItemAsync(AccountingMenuSystemName, RetentionLocales.AccountingMenu, "RetentionLoyaltyAdmin", "PointsAccounting"),
            await ItemAsync(StampCardsMenuSystemName, RetentionLocales.StampsAdminMenu, "RetentionStampsAdmin", "StampCards"),
            await ItemAsync(ChallengesMenuSystemName, RetentionLocales.ChallengesAdminMenu, "RetentionChallengesAdmin", "Challenges"),
            await ItemAsync(MembershipMenuSystemName, RetentionLocales.MembershipAdmin("Menu"), "RetentionMembershipAdmin", "Membership"),
        };
        var parent = eventMessage.RootMenuItem.GetItemBySystemName(ThirdPartyPluginsNode) ?? eventMessage.RootMenuItem;
        parent.ChildNodes.Add(item);

        // The dashboard's report page (h-dash).
        parent.ChildNodes.Add(await ItemAsync(Controllers.RetentionReportController.MenuSystemName, RetentionLocales.ReportMenuTitle, "RetentionReport", "Index"));
    }
}
