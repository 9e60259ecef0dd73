using Retention.Core.Loyalty;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Contracts;

// Core's contract suites for the loyalty ports against the sandbox's EF Core implementations, on SQLite and PostgreSQL.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfLoyaltySettingsStoreContract(DatabaseProvider provider) : LoyaltySettingsStoreContract
{
    protected override async Task<ILoyaltySettingsStore> CreateAsync() => new EfLoyaltySettingsStore(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfTierStandingStoreContract(DatabaseProvider provider) : TierStandingStoreContract
{
    protected override async Task<ITierStandingStore> CreateAsync() => new EfTierStandingStore(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfReferralStoreContract(DatabaseProvider provider) : ReferralStoreContract
{
    protected override async Task<IReferralStore> CreateAsync() => SandboxStores.Referrals(await ContractDatabases.ClearedAsync(provider), new Retention.Core.Common.SystemClock());
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfLedgerDataContract(DatabaseProvider provider) : LedgerDataContract
{
    private readonly HeldContext _context = new();

    protected override async Task<LedgerDataHandle> CreateAsync()
    {
        var database = await ContractDatabases.ClearedAsync(provider);
        return new LedgerDataHandle(new EfPointsLedger(database), new EfLedgerData(_context.Open(database)), new EfQueryRunner());
    }

    protected override Task ReleaseAsync() => _context.DisposeAsync().AsTask();
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfLoyaltyStoreQueriesContract(DatabaseProvider provider) : LoyaltyStoreQueriesContract
{
    private readonly HeldContext _context = new();

    protected override async Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) =>
        new(new EfStoreData(_context.Open(await ContractDatabases.SeededAsync(provider, seed))), new EfQueryRunner());

    protected override Task ReleaseAsync() => _context.DisposeAsync().AsTask();
}
