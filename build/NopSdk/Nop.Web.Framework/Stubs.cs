// Stand-ins for the Nop.Web.Framework 4.90 members the plugin uses. Signatures only; see ../CONTRACT.md.
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;

namespace Nop.Web.Framework
{
    public static partial class AreaNames
    {
        public const string ADMIN = "Admin";
    }
}

namespace Nop.Web.Framework.Controllers
{
    public abstract partial class BaseController : Controller
    {
    }

    public abstract partial class BasePluginController : BaseController
    {
    }
}

namespace Nop.Web.Framework.Mvc.Filters
{
    public sealed partial class AuthorizeAdminAttribute : TypeFilterAttribute
    {
        public AuthorizeAdminAttribute(bool ignore = false) : base(typeof(object)) => throw null;
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed partial class CheckPermissionAttribute : TypeFilterAttribute
    {
        public CheckPermissionAttribute(string permissionSystemName, CheckPermissionResultType resultType = CheckPermissionResultType.Default)
            : base(typeof(object)) => throw null;

        public enum CheckPermissionResultType
        {
            Default,
            Html,
            Text,
            Json,
        }
    }
}

namespace Nop.Web.Framework.Mvc.Routing
{
    public partial interface IRouteProvider
    {
        void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder);
        int Priority { get; }
    }

    public partial interface INopUrlHelper
    {
        string RouteUrl(string routeName, object values = null, string protocol = null, string host = null, string fragment = null);
    }
}

namespace Nop.Web.Framework.Mvc.ModelBinding
{
    public sealed partial class NopResourceDisplayNameAttribute : System.ComponentModel.DisplayNameAttribute
    {
        public NopResourceDisplayNameAttribute(string resourceKey) => throw null;
        public string ResourceKey { get; set; }
    }
}

namespace Nop.Web.Framework.Models
{
    public partial record BaseNopModel
    {
    }
}

namespace Nop.Web.Framework.Components
{
    public abstract partial class NopViewComponent : ViewComponent
    {
        // Hides ViewComponent.View upstream (it publishes ModelPreparedEvent); declared so that a stand-in build binds
        // the plugin's View(...) calls to it exactly as a build inside nopCommerce does.
        public new Microsoft.AspNetCore.Mvc.ViewComponents.ViewViewComponentResult View<TModel>(string viewName, TModel model) => throw null;
    }
}

namespace Nop.Web.Framework.Infrastructure
{
    public static partial class AdminWidgetZones
    {
        public static string DashboardTop => throw null;
    }

    public static partial class PublicWidgetZones
    {
        public static string OrderSummaryContentBefore => throw null;
        public static string CustomerInfoTop => throw null;
        public static string ProductDetailsOverviewBottom => throw null;
    }
}

namespace Nop.Web.Framework.Menu
{
    public partial class AdminMenuItem
    {
        public string SystemName { get; set; }
        public string Title { get; set; }
        public string Url { get; set; }
        public string IconClass { get; set; }
        public bool Visible { get; set; }
        public IList<AdminMenuItem> ChildNodes { get; set; }
        public IList<string> PermissionNames { get; set; }
        public AdminMenuItem GetItemBySystemName(string systemName) => throw null;
    }
}

namespace Nop.Web.Framework.Events
{
    // Upstream both constructors take an IAdminMenu; the plugin never builds these events, so none is public here.
    public abstract partial class BaseMenuItemCreatedEvent
    {
        private protected BaseMenuItemCreatedEvent() => throw null;
        public virtual string GetMenuItemUrl(string controllerName, string actionName) => throw null;
    }

    public partial class AdminMenuCreatedEvent : BaseMenuItemCreatedEvent
    {
        private AdminMenuCreatedEvent() => throw null;
        public Nop.Web.Framework.Menu.AdminMenuItem RootMenuItem { get; protected set; }
    }
}
