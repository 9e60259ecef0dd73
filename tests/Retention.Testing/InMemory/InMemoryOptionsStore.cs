using Retention.Core.Common;
using Retention.Core.Configuration;

namespace Retention.Testing.InMemory;

/// <summary>Options per store, with store 0 as the all-stores values.</summary>
public sealed class InMemoryOptionsStore : IOptionsStore
{
    private readonly object _sync = new();
    private readonly Dictionary<int, RetentionOptions> _byStore = new();

    public Task<RetentionOptions> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_byStore.TryGetValue(store.Value, out var own))
                return Task.FromResult(own);
            return Task.FromResult(_byStore.TryGetValue(0, out var shared) ? shared : new RetentionOptions());
        }
    }

    public Task<ValidationResult> SaveAsync(StoreId store, RetentionOptions options, CancellationToken cancellationToken = default)
    {
        var result = options.Validate();
        if (result.IsValid)
            lock (_sync)
                _byStore[store.Value] = options;
        return Task.FromResult(result);
    }
}
