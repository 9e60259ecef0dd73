using Retention.Core.Loyalty;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Contracts;

// Core's contract suites for the loyalty ports against the sandbox's EF Core implementations, on SQLite and PostgreSQL.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfLoyaltySettingsStoreContract(DatabaseProvider provider) : LoyaltySettingsStoreContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<ILoyaltySettingsStore> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfLoyaltySettingsStore(_db.Database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfTierStandingStoreContract(DatabaseProvider provider) : TierStandingStoreContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<ITierStandingStore> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfTierStandingStore(_db.Database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfReferralStoreContract(DatabaseProvider provider) : ReferralStoreContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IReferralStore> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfReferralStore(_db.Database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfLedgerDataContract(DatabaseProvider provider) : LedgerDataContract
{
    private TestDatabase? _db;
    private SandboxDbContext? _context;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<LedgerDataHandle> CreateAsync()
    {
        await _db!.ClearAsync();
        _context = _db.Database.CreateContext();
        return new LedgerDataHandle(new EfPointsLedger(_db.Database), new EfLedgerData(_context), new EfQueryRunner());
    }

    protected override async Task ReleaseAsync()
    {
        if (_context != null)
            await _context.DisposeAsync();
        _context = null;
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfLoyaltyStoreQueriesContract(DatabaseProvider provider) : LoyaltyStoreQueriesContract
{
    private TestDatabase? _db;
    private SandboxDbContext? _context;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<StoreDataHandle> CreateWithAsync(StoreSeed seed)
    {
        await _db!.ClearAsync();
        await _db.SeedAsync(seed);
        _context = _db.Database.CreateContext();
        return new StoreDataHandle(new EfStoreData(_context), new EfQueryRunner());
    }

    protected override async Task ReleaseAsync()
    {
        if (_context != null)
            await _context.DisposeAsync();
        _context = null;
    }
}
