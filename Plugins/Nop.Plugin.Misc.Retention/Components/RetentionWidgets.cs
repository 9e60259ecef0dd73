using Nop.Web.Framework.Infrastructure;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>Which view component renders in which widget zone; the plugin class announces exactly these zones.</summary>
public static class RetentionWidgets
{
    /// <summary>The zones, read when nopCommerce asks (its zone names are static properties, not constants).</summary>
    public static IList<string> Zones() => new List<string>
    {
        AdminWidgetZones.DashboardTop,
        AdminWidgetZones.CustomerDetailsBlock,
        PublicWidgetZones.OrderSummaryContentBefore,
        PublicWidgetZones.ProductDetailsOverviewBottom,
        PublicWidgetZones.AccountNavigationAfter,
    };

    public static Type ComponentFor(string widgetZone)
    {
        if (widgetZone == AdminWidgetZones.DashboardTop)
            return typeof(RetentionDashboardViewComponent);
        if (widgetZone == AdminWidgetZones.CustomerDetailsBlock)
            return typeof(RetentionCustomerLoyaltyViewComponent);
        if (widgetZone == PublicWidgetZones.ProductDetailsOverviewBottom)
            return typeof(RetentionProductPointsViewComponent);
        if (widgetZone == PublicWidgetZones.AccountNavigationAfter)
            return typeof(RetentionAccountNavigationViewComponent);
        return typeof(RetentionRewardsViewComponent);
    }
}
