using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>
/// "My rewards" in the account navigation, rendered as a list item in the navigation's after-zone (the way nopCommerce's
/// RFQ plugin adds its items); registered customers only.
/// </summary>
public class RetentionAccountNavigationViewComponent : NopViewComponent
{
    public const string ViewPath = RetentionDefaults.ViewsPath + "Public/AccountNavigation.cshtml";

    private readonly RewardsModelFactory _modelFactory;
    private readonly IWorkContext _workContext;

    public RetentionAccountNavigationViewComponent(RewardsModelFactory modelFactory, IWorkContext workContext)
    {
        _modelFactory = modelFactory;
        _workContext = workContext;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (await _modelFactory.IsGuestAsync(await _workContext.GetCurrentCustomerAsync()))
            return Content(string.Empty);
        return View(ViewPath, true);
    }
}
