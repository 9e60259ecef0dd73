// Stand-ins for the Nop.Web 4.90 view components the plugin's views invoke by type. Signatures only; see
// ../CONTRACT.md. Upstream constructors take a model factory (ISettingModelFactory, ICustomerModelFactory) that
// view-component activation supplies; a view never calls them, so none is public here.
using Microsoft.AspNetCore.Mvc;
using Nop.Web.Framework.Components;

namespace Nop.Web.Areas.Admin.Components
{
    public partial class StoreScopeConfigurationViewComponent : NopViewComponent
    {
        private StoreScopeConfigurationViewComponent() => throw null;
        public Task<IViewComponentResult> InvokeAsync() => throw null;
    }
}

namespace Nop.Web.Components
{
    public partial class CustomerNavigationViewComponent : NopViewComponent
    {
        private CustomerNavigationViewComponent() => throw null;
        public Task<IViewComponentResult> InvokeAsync(int selectedTabId = 0) => throw null;
    }
}
