using System.Text.Json;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Options per store in the <c>Options</c> table, as JSON. Store 0 holds the all-stores values, which apply to a
/// store without its own row, like nopCommerce's settings without a store override.
/// </summary>
public sealed class EfOptionsStore(SandboxDatabase database) : IOptionsStore
{
    public const int AllStores = JsonSettingsRows.AllStores;

    public async Task<RetentionOptions> LoadAsync(StoreId store, CancellationToken cancellationToken = default) =>
        await JsonSettingsRows.LoadAsync<OptionsRow>(database, store.Value, cancellationToken) is { } row
            ? JsonSerializer.Deserialize<RetentionOptions>(row.Json) ?? new RetentionOptions()
            : new RetentionOptions();

    public async Task<ValidationResult> SaveAsync(StoreId store, RetentionOptions options, CancellationToken cancellationToken = default)
    {
        var result = options.Validate();
        if (result.IsValid)
            await JsonSettingsRows.SaveAsync<OptionsRow>(database, store.Value, JsonSerializer.Serialize(options), cancellationToken);
        return result;
    }
}
