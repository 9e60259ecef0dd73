using Retention.Testing.Contracts;

namespace Retention.Core.Tests.Metrics;

/// <summary>The metrics contract over LINQ-to-objects; the sandbox runs the same suite on SQLite and PostgreSQL.</summary>
public sealed class InMemoryStoreMetricsContract : StoreMetricsContract
{
    protected override Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) => Task.FromResult(MetricsStore.From(seed));
}
