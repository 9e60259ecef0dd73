using Nop.Plugin.Misc.Retention.Services;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nop.Core.Configuration;
using Nop.Services.Configuration;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// A store's workflow program as one nopCommerce setting: the whole <see cref="WorkflowProgramSettings"/> as JSON in
/// <c>retentionworkflowsettings.programjson</c>. Store 0 holds the all-stores program; a store that saved its own holds
/// a complete copy that overrides it whole (a program is edited as one form, so per-field overrides would only let
/// two halves of different programs mix).
/// </summary>
public class RetentionWorkflowSettings : ISettings
{
    /// <summary>The program as JSON; empty until someone saves one (the catalog's defaults apply).</summary>
    public string ProgramJson { get; set; }
}

/// <summary>Core's workflow settings over nopCommerce settings, per store with the all-stores program underneath.</summary>
public class NopWorkflowSettingsStore : IWorkflowSettingsStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ISettingService _settings;
    private readonly IStoreService _stores;

    public NopWorkflowSettingsStore(ISettingService settings, IStoreService stores)
    {
        _settings = settings;
        _stores = stores;
    }

    public async Task<WorkflowProgramSettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var json = (await _settings.LoadSettingAsync<RetentionWorkflowSettings>(store.Value))?.ProgramJson;
        return string.IsNullOrWhiteSpace(json) ? WorkflowCatalog.Defaults() : Read(json);
    }

    public async Task<ValidationResult> SaveAsync(StoreId store, WorkflowProgramSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate();
        if (!result.IsValid)
            return result;
        await _settings.SaveSettingAsync(new RetentionWorkflowSettings { ProgramJson = JsonSerializer.Serialize(settings, Json) }, store.Value);
        return result;
    }

    public async Task<IReadOnlyList<StoreId>> StoresAsync(CancellationToken cancellationToken = default) =>
        (await _stores.GetAllStoresAsync()).Select(s => new StoreId(s.Id)).ToList();

    // The value can be edited by hand under "All settings": a broken one must name its key, and a workflow the saved
    // program does not list (one added by a later version) runs with the catalog's defaults.
    private static WorkflowProgramSettings Read(string json)
    {
        WorkflowProgramSettings saved;
        try
        {
            saved = JsonSerializer.Deserialize<WorkflowProgramSettings>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The setting retentionworkflowsettings.programjson is not a valid workflow program: {e.Message}", e);
        }
        if (saved == null)
            return WorkflowCatalog.Defaults();
        var missing = WorkflowCatalog.All.Where(kind => saved.Workflows.All(w => w.Kind != kind)).Select(WorkflowCatalog.Default);
        return saved with { Workflows = saved.Workflows.Concat(missing).ToList() };
    }
}
