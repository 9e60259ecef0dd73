using System.Linq.Expressions;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Configuration;
using Retention.Core.Configuration;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// Moves the configure page between nopCommerce settings and its model, including the per-store override
/// flags, so the controller only decides what happens.
/// </summary>
public class ConfigurationModelFactory
{
    private readonly ISettingService _settingService;
    private readonly IStoreContext _storeContext;

    public ConfigurationModelFactory(ISettingService settingService, IStoreContext storeContext)
    {
        _settingService = settingService;
        _storeContext = storeContext;
    }

    /// <summary>The settings in force for the store the admin is editing, with which of them that store overrides.</summary>
    public async Task<ConfigurationModel> PrepareAsync()
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var s = await _settingService.LoadSettingAsync<RetentionSettings>(storeScope);
        var model = new ConfigurationModel
        {
            ActiveStoreScopeConfiguration = storeScope,
            Enabled = s.Enabled,
            ActiveWindowDays = s.ActiveWindowDays,
            MetricsPeriodDays = s.MetricsPeriodDays,
            MarketingEmailsPerWeek = s.MarketingEmailsPerWeek,
            QuietHoursStart = s.QuietHoursStart,
            QuietHoursEnd = s.QuietHoursEnd,
            AbandonedCartDelayMinutes = s.AbandonedCartDelayMinutes,
        };
        if (storeScope > 0)
        {
            model.Enabled_OverrideForStore = await Overrides(s, x => x.Enabled, storeScope);
            model.ActiveWindowDays_OverrideForStore = await Overrides(s, x => x.ActiveWindowDays, storeScope);
            model.MetricsPeriodDays_OverrideForStore = await Overrides(s, x => x.MetricsPeriodDays, storeScope);
            model.MarketingEmailsPerWeek_OverrideForStore = await Overrides(s, x => x.MarketingEmailsPerWeek, storeScope);
            model.QuietHoursStart_OverrideForStore = await Overrides(s, x => x.QuietHoursStart, storeScope);
            model.QuietHoursEnd_OverrideForStore = await Overrides(s, x => x.QuietHoursEnd, storeScope);
            model.AbandonedCartDelayMinutes_OverrideForStore = await Overrides(s, x => x.AbandonedCartDelayMinutes, storeScope);
        }
        return model;
    }

    /// <summary>The options the admin typed, for validation by Core's rules.</summary>
    public static RetentionOptions ToOptions(ConfigurationModel model) => new()
    {
        Enabled = model.Enabled,
        ActiveWindowDays = model.ActiveWindowDays,
        MetricsPeriodDays = model.MetricsPeriodDays,
        MarketingEmailsPerWeek = model.MarketingEmailsPerWeek,
        QuietHoursStart = model.QuietHoursStart,
        QuietHoursEnd = model.QuietHoursEnd,
        AbandonedCartDelayMinutes = model.AbandonedCartDelayMinutes,
    };

    /// <summary>
    /// Saves valid input for the edited scope: for "all stores" every value; for one store each value it
    /// overrides, while the others fall back to the all-stores value.
    /// </summary>
    public async Task SaveAsync(ConfigurationModel model)
    {
        var storeScope = model.ActiveStoreScopeConfiguration;
        var s = RetentionSettings.From(ToOptions(model));
        await Save(s, x => x.Enabled, model.Enabled_OverrideForStore, storeScope);
        await Save(s, x => x.ActiveWindowDays, model.ActiveWindowDays_OverrideForStore, storeScope);
        await Save(s, x => x.MetricsPeriodDays, model.MetricsPeriodDays_OverrideForStore, storeScope);
        await Save(s, x => x.MarketingEmailsPerWeek, model.MarketingEmailsPerWeek_OverrideForStore, storeScope);
        await Save(s, x => x.QuietHoursStart, model.QuietHoursStart_OverrideForStore, storeScope);
        await Save(s, x => x.QuietHoursEnd, model.QuietHoursEnd_OverrideForStore, storeScope);
        await Save(s, x => x.AbandonedCartDelayMinutes, model.AbandonedCartDelayMinutes_OverrideForStore, storeScope);
        await _settingService.ClearCacheAsync();
    }

    private Task<bool> Overrides<T>(RetentionSettings settings, Expression<Func<RetentionSettings, T>> key, int storeScope) =>
        _settingService.SettingExistsAsync(settings, key, storeScope);

    private Task Save<T>(RetentionSettings settings, Expression<Func<RetentionSettings, T>> key, bool overrideForStore, int storeScope) =>
        _settingService.SaveSettingOverridablePerStoreAsync(settings, key, overrideForStore, storeScope, clearCache: false);
}
