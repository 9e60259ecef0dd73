using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Configuration;
using Retention.Core.Common;
using Retention.Core.Configuration;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>Core's options over nopCommerce settings: store 0 is "all stores", a store's own keys override them.</summary>
public class NopOptionsStore : IOptionsStore
{
    private readonly ISettingService _settings;

    public NopOptionsStore(ISettingService settings)
    {
        _settings = settings;
    }

    public async Task<RetentionOptions> LoadAsync(StoreId store, CancellationToken cancellationToken = default) =>
        (await _settings.LoadSettingAsync<RetentionSettings>(store.Value)).ToOptions();

    public async Task<ValidationResult> SaveAsync(StoreId store, RetentionOptions options, CancellationToken cancellationToken = default)
    {
        var result = options.Validate();
        if (!result.IsValid)
            return result;
        await _settings.SaveSettingAsync(RetentionSettings.From(options), store.Value);
        await _settings.ClearCacheAsync();
        return result;
    }
}
