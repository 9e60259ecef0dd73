using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>The admin configure page. Input is validated by Core's rules; invalid input saves nothing.</summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionAdminController : BasePluginController
{
    public const string ConfigureView = RetentionDefaults.ViewsPath + "Admin/Configure.cshtml";

    private readonly ConfigurationModelFactory _modelFactory;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;

    public RetentionAdminController(ConfigurationModelFactory modelFactory, ILocalizationService localizationService,
        INotificationService notificationService)
    {
        _modelFactory = modelFactory;
        _localizationService = localizationService;
        _notificationService = notificationService;
    }

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Configure() => View(ConfigureView, await _modelFactory.PrepareAsync());

    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        var validation = await _localizationService.LocalizeAsync(ConfigurationModelFactory.ToOptions(model).Validate());
        foreach (var error in validation.Errors)
            ModelState.AddModelError(error.Field, error.Message);

        if (!ModelState.IsValid)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync(RetentionLocales.NotSaved));
            return View(ConfigureView, model);
        }

        await _modelFactory.SaveAsync(model);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync(RetentionLocales.Saved));
        return RedirectToAction(nameof(Configure));
    }
}
