using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>The loyalty section embedded in the configure page; it posts to its own action (RetentionLoyaltyAdmin).</summary>
public class RetentionLoyaltySettingsViewComponent : NopViewComponent
{
    public const string ViewPath = RetentionDefaults.ViewsPath + "Admin/_LoyaltySettings.cshtml";

    private readonly LoyaltyAdminModelFactory _modelFactory;

    public RetentionLoyaltySettingsViewComponent(LoyaltyAdminModelFactory modelFactory)
    {
        _modelFactory = modelFactory;
    }

    public async Task<IViewComponentResult> InvokeAsync() => View(ViewPath, await _modelFactory.PrepareSettingsModelAsync());
}
