using Retention.Core.Challenges;
using Retention.Sandbox.Ports;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Sandbox.Tests.Contracts;

// Core's challenge store over the sandbox's EF Core table, on SQLite and PostgreSQL.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfChallengeStoreContract(DatabaseProvider provider) : ChallengeStoreContract
{
    protected override async Task<ChallengeStore> CreateAsync() =>
        SandboxChallengeStores.Records(await ContractDatabases.ClearedAsync(provider), new TestClock(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
}
