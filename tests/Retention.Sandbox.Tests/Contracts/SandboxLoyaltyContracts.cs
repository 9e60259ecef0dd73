using Retention.Core.Loyalty;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

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
    protected override async Task<ITierStandingStore> CreateAsync() =>
        SandboxLoyaltyStores.TierStandings(await ContractDatabases.ClearedAsync(provider), new TestClock(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)));
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
    protected override async Task<LedgerDataHandle> CreateAsync()
    {
        var ledger = SandboxLoyaltyStores.Ledger(await ContractDatabases.ClearedAsync(provider));
        return new LedgerDataHandle(ledger, ledger, new EfQueryRunner());
    }
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

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfCardStandingStoreContract(DatabaseProvider provider) : CardStandingStoreContract
{
    protected override async Task<Retention.Core.Loyalty.Cards.ICardStandingStore> CreateAsync() =>
        SandboxLoyaltyStores.CardStandings(await ContractDatabases.ClearedAsync(provider), new TestClock(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfStampStoreContract(DatabaseProvider provider) : StampStoreContract
{
    protected override async Task<Retention.Core.Tables.StampStore> CreateAsync() => SandboxStores.Stamps(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfCashbackStoreContract(DatabaseProvider provider) : CashbackStoreContract
{
    protected override async Task<Retention.Core.Tables.CashbackStore> CreateAsync() =>
        SandboxStores.Cashback(await ContractDatabases.ClearedAsync(provider), new TestClock(new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc)));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfMembershipStoreContract(DatabaseProvider provider) : MembershipStoreContract
{
    protected override async Task<Retention.Core.Tables.MembershipStore> CreateAsync() => SandboxStores.Membership(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfChangedCustomerFeedContract(DatabaseProvider provider) : ChangedCustomerFeedContract
{
    protected override async Task<ChangedCustomerFeedHandle> CreateAsync()
    {
        var database = await ContractDatabases.ClearedAsync(provider);
        var clock = new TestClock(Start);
        return new ChangedCustomerFeedHandle(SandboxStores.ChangedCustomers(database, clock), clock, new EfTables(database));
    }
}
