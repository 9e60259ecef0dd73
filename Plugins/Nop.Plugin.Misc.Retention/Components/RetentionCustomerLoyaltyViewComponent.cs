using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Security;
using Nop.Web.Framework.Components;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>The loyalty block on the admin customer page: balance, pending, tier, history and the manual adjustment form.</summary>
public class RetentionCustomerLoyaltyViewComponent : NopViewComponent
{
    public const string ViewPath = RetentionDefaults.ViewsPath + "Admin/CustomerLoyalty.cshtml";

    private readonly LoyaltyAdminModelFactory _modelFactory;
    private readonly IPermissionService _permissionService;

    public RetentionCustomerLoyaltyViewComponent(LoyaltyAdminModelFactory modelFactory, IPermissionService permissionService)
    {
        _modelFactory = modelFactory;
        _permissionService = permissionService;
    }

    /// <param name="widgetZone">The zone being rendered.</param>
    /// <param name="additionalData">The admin customer page's model (an entity model; 0 while creating a customer).</param>
    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (additionalData is not BaseNopEntityModel { Id: > 0 } customer)
            return Content(string.Empty);
        if (!await _permissionService.AuthorizeAsync(RetentionDefaults.Permissions.Manage))
            return Content(string.Empty);

        var attempt = AdjustmentAttempt.FromJson(TempData[AdjustmentAttempt.TempDataKey] as string);
        if (attempt?.CustomerId != customer.Id)
            attempt = null;
        var model = await _modelFactory.PrepareCustomerBlockAsync(customer.Id,
            attempt == null ? null : new AdjustPointsModel { CustomerId = attempt.CustomerId, StoreId = attempt.StoreId, Points = attempt.Points, Reason = attempt.Reason },
            attempt?.Errors);
        return View(ViewPath, model);
    }
}
