using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>Checkout's order summary: the shopper's own balance, its value, what this cart earns, tier progress.</summary>
public class RetentionRewardsViewComponent : NopViewComponent
{
    public const string ViewPath = RetentionDefaults.ViewsPath + "Public/RewardsWidget.cshtml";

    private readonly RewardsModelFactory _modelFactory;

    public RetentionRewardsViewComponent(RewardsModelFactory modelFactory)
    {
        _modelFactory = modelFactory;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData) =>
        View(ViewPath, await _modelFactory.PrepareCheckoutAsync());
}
