using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Contracts;

// Core's contract suites against the sandbox's EF Core ports, once on SQLite and once on PostgreSQL. Each fixture
// has its own database (a temp file, or a uniquely named PostgreSQL database dropped afterwards); each test starts
// from empty tables.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfPointsLedgerContract(DatabaseProvider provider) : PointsLedgerContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IPointsLedger> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfPointsLedger(_db.Database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfMessageOutboxContract(DatabaseProvider provider) : MessageOutboxContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IMessageOutbox> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfMessageOutbox(_db.Database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfCouponIssuerContract(DatabaseProvider provider) : CouponIssuerContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<ICouponIssuer> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfCouponIssuer(_db.Database);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfOptionsStoreContract(DatabaseProvider provider) : OptionsStoreContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IOptionsStore> CreateAsync()
    {
        await _db!.ClearAsync();
        return new EfOptionsStore(_db.Database);
    }
}

/// <summary>Advisory locks on PostgreSQL, lease rows on SQLite: each "node" is a separate lock object with its own connections.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class SandboxDistributedLockContract(DatabaseProvider provider) : DistributedLockContract
{
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override async Task<IDistributedLock> CreateAsync()
    {
        await _db!.ClearAsync();
        return SandboxLocks.For(_db.Database, new SystemClock());
    }

    protected override Task<IDistributedLock> CreateSecondNodeAsync() => Task.FromResult(SandboxLocks.For(_db!.Database, new SystemClock()));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfStoreDataContract(DatabaseProvider provider) : StoreDataContract
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

/// <summary>Core's store metrics, computed by EF Core's SQL on each provider, must match the hand-computed figures.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfStoreMetricsContract(DatabaseProvider provider) : StoreMetricsContract
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
