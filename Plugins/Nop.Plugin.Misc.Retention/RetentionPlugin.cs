using System.Security.Cryptography;
using System.Text.Json;
using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Retention.Components;
using Nop.Services.Cms;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Web.Framework.Infrastructure;
using Nop.Web.Framework.Mvc.Routing;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention;

/// <summary>
/// The plugin's table of contents: what install creates (settings, locale resources, schedule tasks, message
/// templates, widget activation) and uninstall removes again. Tables come and go with the migration;
/// permissions are inserted by nopCommerce from <see cref="Services.RetentionPermissionConfigManager"/>.
/// </summary>
public class RetentionPlugin : BasePlugin, IWidgetPlugin, IMiscPlugin, IDiscountRequirementRule
{
    #region Fields

    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly ILocalizationService _localizationService;
    private readonly IMessageTemplateService _messageTemplateService;
    private readonly INopUrlHelper _nopUrlHelper;
    private readonly IPermissionService _permissionService;
    private readonly IScheduleTaskService _scheduleTaskService;
    private readonly ISettingService _settingService;
    private readonly IStoreService _storeService;
    private readonly WidgetSettings _widgetSettings;
    private readonly NopCouponRequirement _couponRequirement;
    private readonly IBuiltInReminders _builtInReminders;
    private readonly RetentionLanguagePack _languagePack;
    private readonly NopCardDiscounts _cardDiscounts;
    private readonly NopMembershipPerks _membershipPerks;
    private readonly NopMemberOrderSavings _memberSavings;

    #endregion

    #region Ctor

    public RetentionPlugin(EmailAccountSettings emailAccountSettings,
        ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService,
        INopUrlHelper nopUrlHelper,
        IPermissionService permissionService,
        IScheduleTaskService scheduleTaskService,
        ISettingService settingService,
        IStoreService storeService,
        WidgetSettings widgetSettings,
        NopCouponRequirement couponRequirement = null,
        IBuiltInReminders builtInReminders = null,
        RetentionLanguagePack languagePack = null,
        NopCardDiscounts cardDiscounts = null,
        NopMembershipPerks membershipPerks = null,
        NopMemberOrderSavings memberSavings = null)
    {
        _membershipPerks = membershipPerks;
        _memberSavings = memberSavings;
        _emailAccountSettings = emailAccountSettings;
        _localizationService = localizationService;
        _messageTemplateService = messageTemplateService;
        _nopUrlHelper = nopUrlHelper;
        _permissionService = permissionService;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
        _storeService = storeService;
        _widgetSettings = widgetSettings;
        _couponRequirement = couponRequirement;
        _builtInReminders = builtInReminders;
        _languagePack = languagePack;
        _cardDiscounts = cardDiscounts;
    }

    #endregion

    #region Methods

    public override string GetConfigurationPageUrl() => _nopUrlHelper.RouteUrl(RetentionDefaults.ConfigurationRouteName);

    /// <summary>The admin dashboard and customer page, checkout's order summary, the product page and the account navigation.</summary>
    public Task<IList<string>> GetWidgetZonesAsync() => Task.FromResult(RetentionWidgets.Zones());

    public Type GetWidgetViewComponent(string widgetZone) => RetentionWidgets.ComponentFor(widgetZone);

    public bool HideInWidgetList => false;

    /// <summary>The coupons' own requirement (attached on issue): only the customer the coupon was issued to passes.</summary>
    public async Task<DiscountRequirementValidationResult> CheckRequirementAsync(DiscountRequirementValidationRequest request)
    {
        var result = new DiscountRequirementValidationResult();
        if (request?.Customer == null)
            return result;
        // A discount card level's requirement: the customer is in the level's role, in that store.
        if (_cardDiscounts != null && await _cardDiscounts.IsHolderAsync(request.DiscountRequirementId, request.Customer, request.Store?.Id) is { } holder)
        {
            result.IsValid = holder;
            return result;
        }
        // A membership perk's requirement (the same role rule): the customer is in the store's member role.
        if (_membershipPerks != null && await _membershipPerks.IsMemberAsync(request.DiscountRequirementId, request.Customer, request.Store?.Id) is { } member)
        {
            result.IsValid = member;
            return result;
        }
        if (_couponRequirement == null)
            return result;
        result.IsValid = await _couponRequirement.IsIssuedToAsync(request.DiscountRequirementId, request.Customer.Id);
        return result;
    }

    /// <summary>The requirement has nothing to configure: the plugin attaches it to the coupons it issues.</summary>
    public string GetConfigurationUrl(int discountId, int? discountRequirementId) => null;

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(RetentionSettings.From(new RetentionOptions()));
        await EnsureLoyaltyAsync();
        await _localizationService.AddOrUpdateLocaleResourceAsync(RetentionLocales.English());

        await EnsureTasksAndTemplatesAsync();
        // After the English resources and the templates: the Russian ones go over them, per Russian language.
        if (_languagePack != null)
            await _languagePack.InstallAsync();

        if (!_widgetSettings.ActiveWidgetSystemNames.Contains(RetentionDefaults.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Add(RetentionDefaults.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        await base.InstallAsync();
    }

    /// <summary>
    /// A new version may bring tasks or templates (later workflows); the update adds the missing ones, leaves the
    /// merchant's edits of existing templates alone and brings the unedited templates of older versions up to date.
    /// </summary>
    public override async Task UpdateAsync(string currentVersion, string targetVersion)
    {
        await _localizationService.AddOrUpdateLocaleResourceAsync(RetentionLocales.English());
        await EnsureLoyaltyAsync();
        await EnsureTasksAndTemplatesAsync();
        await UpdateShippedTemplatesAsync();
        if (_languagePack != null)
            await _languagePack.InstallAsync();
        await base.UpdateAsync(currentVersion, targetVersion);
    }

    public override async Task UninstallAsync()
    {
        await RestoreNativeEarningAsync();
        await RestoreWalletScopesAsync();
        if (_builtInReminders != null)
            await _builtInReminders.RestoreAsync();

        if (_widgetSettings.ActiveWidgetSystemNames.Remove(RetentionDefaults.SystemName))
            await _settingService.SaveSettingAsync(_widgetSettings);

        foreach (var definition in RetentionDefaults.Templates.All.Concat(RetentionDefaults.Templates.Shipped))
            foreach (var template in await _messageTemplateService.GetMessageTemplatesByNameAsync(definition.Name))
            {
                if (_languagePack != null)
                    await _languagePack.RemoveTranslationsAsync(template);
                await _messageTemplateService.DeleteMessageTemplateAsync(template);
            }

        foreach (var definition in RetentionDefaults.Tasks.All)
            if (await _scheduleTaskService.GetTaskByTypeAsync(definition.Type) is { } task)
                await _scheduleTaskService.DeleteTaskAsync(task);

        // The card's discounts and roles: left behind, a discount would keep giving its percent to customers frozen in a role.
        if (_cardDiscounts != null)
            await _cardDiscounts.RemoveAllAsync();
        // The member discounts, the members-only products' ACL records and the member roles: a discount or an ACL record
        // left behind would keep giving perks to, or hiding products behind, a role nobody maintains.
        if (_membershipPerks != null)
            await _membershipPerks.RemoveAllAsync();
        // The shipping quotes noted on orders for membership's savings: nopCommerce would keep them with nobody reading them.
        if (_memberSavings != null)
            await _memberSavings.RemoveQuotesAsync();

        await _permissionService.DeletePermissionAsync(RetentionDefaults.Permissions.Manage);
        await _settingService.DeleteSettingAsync<RetentionSettings>();
        await _settingService.DeleteSettingAsync<RetentionLoyaltySettings>();
        await _settingService.DeleteSettingAsync<RetentionChallengeSettings>();
        await _settingService.DeleteSettingAsync<RetentionInstallSettings>();
        await _localizationService.DeleteLocaleResourcesAsync(RetentionDefaults.LocalePrefix);
        await _localizationService.DeleteLocaleResourcesAsync("Security.Permission." + RetentionDefaults.Permissions.Manage);

        await base.UninstallAsync();
    }

    #endregion

    #region Utilities

    /// <summary>
    /// Sets the loyalty program up once, on install or on the update that brings it to an installed store: the referral
    /// secret, the all-stores loyalty defaults with their redemption limits in nopCommerce's reward points settings,
    /// and the take-over of native earning. The native-earning backup marks it done, so a later update changes nothing
    /// the merchant has configured since.
    /// </summary>
    private async Task EnsureLoyaltyAsync()
    {
        await EnsureInstallSettingsAsync();
        await EnsurePerStoreWalletsAsync();
        if (!string.IsNullOrWhiteSpace((await _settingService.LoadSettingAsync<RetentionInstallSettings>()).NativeEarningBackup))
            return;
        await new NopLoyaltySettingsStore(_settingService).SaveAsync(new StoreId(0), new LoyaltySettings());
        await TakeOverNativeEarningAsync();
    }

    /// <summary>
    /// The per-install referral and link secrets, each created once (an update keeps existing ones and adds a missing
    /// one); a reinstall after uninstall makes new ones.
    /// </summary>
    private async Task EnsureInstallSettingsAsync()
    {
        var install = await _settingService.LoadSettingAsync<RetentionInstallSettings>();
        if (!string.IsNullOrWhiteSpace(install.ReferralSecret) && !string.IsNullOrWhiteSpace(install.LinkSecret))
            return;
        if (string.IsNullOrWhiteSpace(install.ReferralSecret))
            install.ReferralSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        if (string.IsNullOrWhiteSpace(install.LinkSecret))
            install.LinkSecret = Convert.ToBase64String(LinkSigner.NewSecret());
        await _settingService.SaveSettingAsync(install);
    }

    /// <summary>
    /// The plugin awards purchase and registration points itself (the ledger is the book of record), so nopCommerce's
    /// own awards are switched off in every store scope that sets them: the all-stores values, and each store whose
    /// values differ from them. What was there is remembered once (a repeated install keeps the first backup).
    /// </summary>
    private async Task TakeOverNativeEarningAsync()
    {
        var install = await _settingService.LoadSettingAsync<RetentionInstallSettings>();
        if (!string.IsNullOrWhiteSpace(install.NativeEarningBackup))
            return;

        var shared = await _settingService.LoadSettingAsync<RewardPointsSettings>(0);
        var backup = new List<NativeEarning> { new(0, shared.PointsForPurchases_Points, shared.PointsForRegistration) };
        foreach (var store in await _storeService.GetAllStoresAsync())
        {
            var own = await _settingService.LoadSettingAsync<RewardPointsSettings>(store.Id);
            if (own.PointsForPurchases_Points != shared.PointsForPurchases_Points || own.PointsForRegistration != shared.PointsForRegistration)
                backup.Add(new NativeEarning(store.Id, own.PointsForPurchases_Points, own.PointsForRegistration));
        }

        install.NativeEarningBackup = JsonSerializer.Serialize(backup);
        await _settingService.SaveSettingAsync(install);
        foreach (var scope in backup)
            await SaveNativeEarningAsync(scope with { PointsForPurchases = 0, PointsForRegistration = 0 });
        await _settingService.ClearCacheAsync();
    }

    /// <summary>
    /// One balance per store, in the wallet as in the ledger: nopCommerce's "points accumulated for all stores" (on by
    /// default) would let checkout in one store spend what another store's program gave. Switched off in the all-stores
    /// scope and every store that sets it, once (also on the update that brings this to an installed store); what was
    /// there is remembered for uninstall. From now on, wallet entries the plugin did not write are taken into the ledger.
    /// </summary>
    private async Task EnsurePerStoreWalletsAsync()
    {
        var install = await _settingService.LoadSettingAsync<RetentionInstallSettings>();
        if (!string.IsNullOrWhiteSpace(install.WalletScopeBackup))
            return;
        var shared = await _settingService.LoadSettingAsync<RewardPointsSettings>(0);
        var backup = new List<WalletScope> { new(0, shared.PointsAccumulatedForAllStores) };
        foreach (var store in await _storeService.GetAllStoresAsync())
        {
            var own = await _settingService.LoadSettingAsync<RewardPointsSettings>(store.Id);
            if (own.PointsAccumulatedForAllStores != shared.PointsAccumulatedForAllStores)
                backup.Add(new WalletScope(store.Id, own.PointsAccumulatedForAllStores));
        }
        install.WalletScopeBackup = JsonSerializer.Serialize(backup);
        install.WalletSinceUtc ??= DateTime.UtcNow;
        await _settingService.SaveSettingAsync(install);
        foreach (var scope in backup)
            await SaveWalletScopeAsync(scope with { AllStores = false });
        await _settingService.ClearCacheAsync();
    }

    private async Task RestoreWalletScopesAsync()
    {
        var install = await _settingService.LoadSettingAsync<RetentionInstallSettings>();
        if (string.IsNullOrWhiteSpace(install.WalletScopeBackup))
            return;
        foreach (var scope in JsonSerializer.Deserialize<List<WalletScope>>(install.WalletScopeBackup) ?? [])
            await SaveWalletScopeAsync(scope);
        await _settingService.ClearCacheAsync();
    }

    private async Task SaveWalletScopeAsync(WalletScope scope)
    {
        var settings = await _settingService.LoadSettingAsync<RewardPointsSettings>(scope.StoreId);
        settings.PointsAccumulatedForAllStores = scope.AllStores;
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.PointsAccumulatedForAllStores, true, scope.StoreId, false);
    }

    /// <summary>nopCommerce's "points accumulated for all stores" of one store scope (0 = all stores).</summary>
    private sealed record WalletScope(int StoreId, bool AllStores);

    /// <summary>Puts back nopCommerce's own earning settings as install found them.</summary>
    private async Task RestoreNativeEarningAsync()
    {
        var install = await _settingService.LoadSettingAsync<RetentionInstallSettings>();
        if (string.IsNullOrWhiteSpace(install.NativeEarningBackup))
            return;
        foreach (var scope in JsonSerializer.Deserialize<List<NativeEarning>>(install.NativeEarningBackup) ?? [])
            await SaveNativeEarningAsync(scope);
        await _settingService.ClearCacheAsync();
    }

    private async Task SaveNativeEarningAsync(NativeEarning scope)
    {
        var settings = await _settingService.LoadSettingAsync<RewardPointsSettings>(scope.StoreId);
        settings.PointsForPurchases_Points = scope.PointsForPurchases;
        settings.PointsForRegistration = scope.PointsForRegistration;
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.PointsForPurchases_Points, true, scope.StoreId, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.PointsForRegistration, true, scope.StoreId, false);
    }

    /// <summary>nopCommerce's own earning settings of one store scope (0 = all stores).</summary>
    private sealed record NativeEarning(int StoreId, int PointsForPurchases, int PointsForRegistration);

    /// <summary>Inserts each schedule task and message template the plugin defines that the store does not have yet.</summary>
    private async Task EnsureTasksAndTemplatesAsync()
    {
        foreach (var definition in RetentionDefaults.Tasks.All)
        {
            if (await _scheduleTaskService.GetTaskByTypeAsync(definition.Type) != null)
                continue;
            await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
            {
                Name = definition.Name,
                Type = definition.Type,
                Seconds = definition.Seconds,
                Enabled = true,
                LastEnabledUtc = DateTime.UtcNow,
                StopOnError = false,
            });
        }

        foreach (var definition in RetentionDefaults.Templates.All)
        {
            if ((await _messageTemplateService.GetMessageTemplatesByNameAsync(definition.Name)).Any())
                continue;
            // Active only for the workflows a fresh install switches on, each of which starts from a new event after
            // install: installing never emails a customer about anything that happened before.
            await _messageTemplateService.InsertMessageTemplateAsync(new MessageTemplate
            {
                Name = definition.Name,
                Subject = definition.Subject,
                Body = definition.Body,
                IsActive = WorkflowCatalog.Default(definition.Workflow).Enabled,
                EmailAccountId = _emailAccountSettings.DefaultEmailAccountId,
                LimitedToStores = false,
            });
        }
    }

    /// <summary>
    /// Brings the templates earlier versions installed up to date. A template the merchant edited (subject or body no
    /// longer as shipped) is never overwritten; if its name is no longer used it is kept for them to copy from but
    /// deactivated, so nothing sends it. Localized texts are not compared: they are the merchant's own in any case.
    /// </summary>
    private async Task UpdateShippedTemplatesAsync()
    {
        foreach (var shipped in RetentionDefaults.Templates.Shipped)
        {
            var current = RetentionDefaults.Templates.Current(shipped.Name);
            foreach (var template in await _messageTemplateService.GetMessageTemplatesByNameAsync(shipped.Name))
            {
                var asShipped = template.Subject == shipped.Subject && template.Body == shipped.Body;
                if (current != null && asShipped)
                {
                    template.Subject = current.Subject;
                    template.Body = current.Body;
                    await _messageTemplateService.UpdateMessageTemplateAsync(template);
                }
                else if (current == null && asShipped)
                    await _messageTemplateService.DeleteMessageTemplateAsync(template);
                else if (current == null && template.IsActive)
                {
                    template.IsActive = false;
                    await _messageTemplateService.UpdateMessageTemplateAsync(template);
                }
            }
        }
    }

    #endregion
}
