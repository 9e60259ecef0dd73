using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Contracts;

// Core's contract suites against the sandbox's EF Core ports, once on SQLite and once on PostgreSQL. The databases are
// shared by every fixture of this namespace (ContractDatabases); each test starts from empty tables.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfPointsLedgerContract(DatabaseProvider provider) : PointsLedgerContract
{
    protected override async Task<IPointsLedger> CreateAsync() => SandboxLoyaltyStores.Ledger(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfMessageOutboxContract(DatabaseProvider provider) : MessageOutboxContract
{
    protected override async Task<IMessageOutbox> CreateAsync() => SandboxStores.Outbox(await ContractDatabases.ClearedAsync(provider));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfCouponStoreContract(DatabaseProvider provider) : CouponIssuerContract
{
    private SandboxDatabase? _database;

    protected override async Task<ICouponIssuer> CreateAsync() => SandboxStores.Coupons(_database = await ContractDatabases.ClearedAsync(provider), new SystemClock());

    /// <summary>An order of the sandbox used the code: the row a checkout with a coupon writes.</summary>
    protected override async Task MarkUsedAsync(IssuedCoupon coupon, CouponRequest request)
    {
        await using var db = _database!.CreateContext();
        db.CouponRedemptions.Add(new CouponRedemptionRow { Code = coupon.Code, StoreId = request.Store.Value, OrderId = 1, UsedUtc = request.ExpiresUtc.AddDays(-1) });
        await db.SaveChangesAsync();
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfOptionsStoreContract(DatabaseProvider provider) : OptionsStoreContract
{
    protected override async Task<IOptionsStore> CreateAsync() => new EfOptionsStore(await ContractDatabases.ClearedAsync(provider));
}

/// <summary>Advisory locks on PostgreSQL, lease rows on SQLite: each "node" is a separate lock object with its own connections.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class SandboxDistributedLockContract(DatabaseProvider provider) : DistributedLockContract
{
    private SandboxDatabase? _database;

    protected override async Task<IDistributedLock> CreateAsync() => SandboxLocks.For(_database = await ContractDatabases.ClearedAsync(provider), new SystemClock());

    protected override Task<IDistributedLock> CreateSecondNodeAsync() => Task.FromResult(SandboxLocks.For(_database!, new SystemClock()));
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfStoreDataContract(DatabaseProvider provider) : StoreDataContract
{
    private readonly HeldContext _context = new();

    protected override async Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) =>
        new(new EfStoreData(_context.Open(await ContractDatabases.SeededAsync(provider, seed))), new EfQueryRunner());

    protected override Task ReleaseAsync() => _context.DisposeAsync().AsTask();
}

/// <summary>Core's store metrics, computed by EF Core's SQL on each provider, must match the hand-computed figures.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfStoreMetricsContract(DatabaseProvider provider) : StoreMetricsContract
{
    private readonly HeldContext _context = new();

    protected override async Task<StoreDataHandle> CreateWithAsync(StoreSeed seed) =>
        new(new EfStoreData(_context.Open(await ContractDatabases.SeededAsync(provider, seed))), new EfQueryRunner());

    protected override Task ReleaseAsync() => _context.DisposeAsync().AsTask();
}

/// <summary>The dashboard the sandbox builds (EF Core's SQL on each provider, its window-function gap query) equals Core's in memory.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfDashboardSnapshotContract(DatabaseProvider provider) : DashboardSnapshotContract
{
    private readonly HeldContext _context = new();

    protected override async Task<DashboardPortsHandle> CreateWithAsync(StoreSeed seed)
    {
        var database = await ContractDatabases.SeededAsync(provider, seed);
        var db = _context.Open(database);
        var ledger = SandboxLoyaltyStores.Ledger(database);
        return new DashboardPortsHandle(new EfStoreData(db), new EfQueryRunner(), ledger, ledger, SandboxStores.Events(database),
            SandboxStores.Surveys(database), new EfWorkflowData(db), new EfPurchaseGapQuery(db));
    }

    protected override Task ReleaseAsync() => _context.DisposeAsync().AsTask();
}
