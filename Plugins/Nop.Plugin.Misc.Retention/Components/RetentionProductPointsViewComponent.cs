using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Web.Framework.Components;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>"Earn N points" under the product overview, for the price this shopper pays now and their tier.</summary>
public class RetentionProductPointsViewComponent : NopViewComponent
{
    public const string ViewPath = RetentionDefaults.ViewsPath + "Public/ProductPoints.cshtml";

    private readonly RewardsModelFactory _modelFactory;

    public RetentionProductPointsViewComponent(RewardsModelFactory modelFactory)
    {
        _modelFactory = modelFactory;
    }

    /// <param name="widgetZone">The zone being rendered.</param>
    /// <param name="additionalData">The product page's model (nopCommerce's ProductDetailsModel, an entity model with the product id).</param>
    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (additionalData is not BaseNopEntityModel { Id: > 0 } product)
            return Content(string.Empty);
        var model = await _modelFactory.PrepareProductPointsAsync(product.Id);
        if (model == null || model.Points <= 0)
            return Content(string.Empty);
        return View(ViewPath, model);
    }
}
