using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Retention.Infrastructure;

/// <summary>The configure page's named route, used by the plugin list and the admin menu.</summary>
public class RouteProvider : IRouteProvider
{
    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder) =>
        endpointRouteBuilder.MapControllerRoute(name: RetentionDefaults.ConfigurationRouteName,
            pattern: "Admin/Retention/Configure",
            defaults: new { controller = "RetentionAdmin", action = "Configure", area = AreaNames.ADMIN });

    public int Priority => 0;
}
