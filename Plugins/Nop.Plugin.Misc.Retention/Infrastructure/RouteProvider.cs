using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Retention.Infrastructure;

/// <summary>
/// The plugin's named routes: the configure page (plugin list, admin menu), "My rewards", the referral link and the
/// landing pages of workflow emails. Other admin actions use nopCommerce's default admin route (Admin/{controller}/{action}). The public routes carry no
/// language segment: against NopSdk nopCommerce's BaseRouteProvider (Nop.Web) is not available, and both pages work
/// without it (nopCommerce keeps the working language in the customer's profile).
/// </summary>
public class RouteProvider : IRouteProvider
{
    public const string MyRewardsRouteName = "Plugin.Misc.Retention.MyRewards";
    public const string LeaderboardRouteName = "Plugin.Misc.Retention.Leaderboard";
    public const string ReferralRouteName = "Plugin.Misc.Retention.Referral";

    // The landing pages behind workflow emails' signed links (the same paths in the sandbox).
    public const string UnsubscribeRouteName = "Plugin.Misc.Retention.Link.Unsubscribe";
    public const string SurveyRouteName = "Plugin.Misc.Retention.Link.Survey";
    public const string CartRestoreRouteName = "Plugin.Misc.Retention.Link.Cart";
    public const string ClickRouteName = "Plugin.Misc.Retention.Link.Click";
    public const string OpenRouteName = "Plugin.Misc.Retention.Link.Open";

    /// <summary>Route name, path and action of each landing page.</summary>
    public static readonly IReadOnlyList<(string Name, string Pattern, string Action)> LinkRoutes =
    [
        (UnsubscribeRouteName, "retention/u/{token}", "Unsubscribe"),
        (SurveyRouteName, "retention/s/{token}", "Survey"),
        (CartRestoreRouteName, "retention/cart/{token}", "Cart"),
        (ClickRouteName, "retention/c/{token}", "Click"),
        (OpenRouteName, "retention/o/{token}.gif", "Open"),
    ];

    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(name: RetentionDefaults.ConfigurationRouteName,
            pattern: "Admin/Retention/Configure",
            defaults: new { controller = "RetentionAdmin", action = "Configure", area = AreaNames.ADMIN });

        endpointRouteBuilder.MapControllerRoute(name: MyRewardsRouteName,
            pattern: "customer/rewards",
            defaults: new { controller = "RetentionRewards", action = "MyRewards" });

        endpointRouteBuilder.MapControllerRoute(name: LeaderboardRouteName,
            pattern: "customer/rewards/leaderboard",
            defaults: new { controller = "RetentionRewards", action = "Leaderboard" });

        endpointRouteBuilder.MapControllerRoute(name: ReferralRouteName,
            pattern: "retention/r/{code}",
            defaults: new { controller = "RetentionRewards", action = "Referral" });

        foreach (var (name, pattern, action) in LinkRoutes)
            endpointRouteBuilder.MapControllerRoute(name: name, pattern: pattern, defaults: new { controller = "RetentionLinks", action });
    }

    public int Priority => 0;
}
