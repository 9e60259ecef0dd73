using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Retention.Infrastructure;

/// <summary>
/// The plugin's named routes: the configure page (plugin list, admin menu), "My rewards" and the referral link. Other
/// admin actions use nopCommerce's default admin route (Admin/{controller}/{action}). The public routes carry no
/// language segment: against NopSdk nopCommerce's BaseRouteProvider (Nop.Web) is not available, and both pages work
/// without it (nopCommerce keeps the working language in the customer's profile).
/// </summary>
public class RouteProvider : IRouteProvider
{
    public const string MyRewardsRouteName = "Plugin.Misc.Retention.MyRewards";
    public const string ReferralRouteName = "Plugin.Misc.Retention.Referral";

    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(name: RetentionDefaults.ConfigurationRouteName,
            pattern: "Admin/Retention/Configure",
            defaults: new { controller = "RetentionAdmin", action = "Configure", area = AreaNames.ADMIN });

        endpointRouteBuilder.MapControllerRoute(name: MyRewardsRouteName,
            pattern: "customer/rewards",
            defaults: new { controller = "RetentionRewards", action = "MyRewards" });

        endpointRouteBuilder.MapControllerRoute(name: ReferralRouteName,
            pattern: "retention/r/{code}",
            defaults: new { controller = "RetentionRewards", action = "Referral" });
    }

    public int Priority => 0;
}
