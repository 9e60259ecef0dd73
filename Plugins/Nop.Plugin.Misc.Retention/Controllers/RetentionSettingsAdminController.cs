using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework.Controllers;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Common;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// What the mechanics' settings pages (stamp cards, challenges, membership) share: the admin's store scope, and the save
/// that shows Core's messages on their fields (nothing saved on any error) or reports success and goes back to the page.
/// Each page keeps its own permission and antiforgery attributes on its actions, and its own reading of the form.
/// </summary>
public abstract class RetentionSettingsAdminController : BasePluginController
{
    protected RetentionSettingsAdminController(ILocalizationService localizationService, INotificationService notificationService, IStoreContext storeContext)
    {
        Localization = localizationService;
        Notifications = notificationService;
        StoreContext = storeContext;
    }

    protected ILocalizationService Localization { get; }
    protected INotificationService Notifications { get; }
    protected IStoreContext StoreContext { get; }

    /// <summary>The store the admin is configuring (0: all stores).</summary>
    protected Task<int> ScopeAsync() => StoreContext.GetActiveStoreScopeConfigurationAsync();

    /// <summary>
    /// When the form read cleanly (<see cref="ControllerBase.ModelState"/>), runs <paramref name="save"/> (validate, then save
    /// only when valid) and puts each message, in the admin's language, on its field. Saved: the
    /// <paramref name="savedResource"/> notification and a redirect to <paramref name="action"/>. Otherwise the
    /// "not saved" notification and <paramref name="view"/> again with the form as typed (after <paramref name="redisplay"/>).
    /// </summary>
    protected async Task<IActionResult> SaveOrRedisplayAsync(Func<Task<ValidationResult>> save, string savedResource, string action, string view, object model,
        Action redisplay = null)
    {
        ArgumentNullException.ThrowIfNull(save);
        if (ModelState.IsValid)
        {
            var errors = await save();
            foreach (var error in (await Localization.LocalizeAsync(errors)).Errors)
                ModelState.AddModelError(error.Field, error.Message);
            if (errors.IsValid)
            {
                Notifications.SuccessNotification(await Localization.GetResourceAsync(savedResource));
                return RedirectToAction(action);
            }
        }
        Notifications.ErrorNotification(await Localization.GetResourceAsync(RetentionLocales.NotSaved));
        redisplay?.Invoke();
        return View(view, model);
    }
}
