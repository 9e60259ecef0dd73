using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Challenges;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

// Core's challenge store over the plugin's table (RetentionChallengeRecord, made by its migration) on the real data layer.

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealChallengeStoreContract(DatabaseKind kind) : ChallengeStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<ChallengeStore> CreateAsync() => _db.OpenAsync(db =>
        new ChallengeStore(new NopTable<ChallengeRecordRow, RetentionChallengeRecord>(db.Repository<RetentionChallengeRecord>(), Adapters.Runner), Adapters.Runner,
            new TestClock(Adapters.Now)));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}
