using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Catalog;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty;
using Retention.Core.Membership;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// Paid membership of the admin's store scope: Core's rules judge the settings against the store's catalog
/// (<see cref="MembershipSettings.Validate(Func{int, bool}, string)"/>), then the loyalty settings store saves them with the
/// rest of the program, which brings the member role, the perk discounts and the members-only ACL in line. Any error:
/// nothing is saved and each message shows on its field.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class RetentionMembershipAdminController : RetentionSettingsAdminController
{
    public const string MembershipView = RetentionDefaults.ViewsPath + "Admin/Membership.cshtml";

    #region Fields

    private readonly ILoyaltySettingsStore _settingsStore;
    private readonly IProductService _productService;

    #endregion

    #region Ctor

    public RetentionMembershipAdminController(ILoyaltySettingsStore settingsStore, IProductService productService, ILocalizationService localizationService,
        INotificationService notificationService, IStoreContext storeContext)
        : base(localizationService, notificationService, storeContext)
    {
        _settingsStore = settingsStore;
        _productService = productService;
    }

    #endregion

    #region Methods

    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Membership()
    {
        var scope = await ScopeAsync();
        var settings = await _settingsStore.LoadAsync(new StoreId(scope));
        return View(MembershipView, new MembershipAdminModel
        {
            ActiveStoreScopeConfiguration = scope, Membership = MembershipFormModel.From(settings.Membership ?? new MembershipSettings()),
        });
    }

    [HttpPost]
    [CheckPermission(RetentionDefaults.Permissions.Manage)]
    public async Task<IActionResult> Membership(MembershipAdminModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var scope = await ScopeAsync();
        model.ActiveStoreScopeConfiguration = scope;
        model.Membership ??= new();
        var store = new StoreId(scope);

        // A value the binder could not read already has its message on its field.
        return await SaveOrRedisplayAsync(async () =>
        {
            var membership = model.Membership.ToSettings();
            if (membership == null)
            {
                var unread = new ValidationResult();
                unread.Add("Membership." + nameof(MembershipSettings.MemberOnlyProductIds), CoreMessages.MembershipMemberOnlyProducts(MembershipSettings.MaxMemberOnlyProducts));
                return unread;
            }
            var errors = membership.Validate((await ProductsAsync(membership)).Contains);
            return errors.IsValid ? await _settingsStore.SaveAsync(store, (await _settingsStore.LoadAsync(store)) with { Membership = membership }) : errors;
        }, RetentionLocales.MembershipAdmin("Saved"), nameof(Membership), MembershipView, model);
    }

    #endregion

    #region Utilities

    /// <summary>The products the settings name that exist in the catalog (not deleted).</summary>
    private async Task<HashSet<int>> ProductsAsync(MembershipSettings membership)
    {
        var named = membership.MemberOnlyProductIds.Append(membership.ProductId).Where(id => id > 0).Distinct().ToArray();
        return named.Length == 0 ? new HashSet<int>()
            : (await _productService.GetProductsByIdsAsync(named)).Where(p => p != null && !p.Deleted).Select(p => p.Id).ToHashSet();
    }

    #endregion
}
