using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Sandbox.Tests.Dashboard;

/// <summary>
/// The dashboard's per-customer query must translate on each provider and agree with the hand-computed rows and the same
/// LINQ run in memory (the whole snapshot is <see cref="DashboardSnapshotContract"/>'s, run on every host; the RFM segment
/// query has its own such test, <c>EfRfmQueryTests</c>, on both providers).
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfDashboardQueryTests(DatabaseProvider provider)
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly StoreId Store1 = new(1);
    private TestDatabase? _db;
    private StoreSeed _seed = null!;

    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    }

    [OneTimeSetUp]
    public async Task OpenAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _seed = DashboardSnapshotContract.RandomStore(seed: 47, customers: 400);
        await _db.ClearAsync();
        await _db.SeedAsync(_seed);
    }

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    private InMemoryStoreData InMemory()
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(_seed.Customers);
        data.OrderList.AddRange(_seed.Orders);
        return data;
    }

    [Test]
    public async Task Customer_rows_in_sql_match_the_hand_computed_rows_and_the_in_memory_query()
    {
        await using var db = _db!.Database.CreateContext();
        var end = AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var expected = _seed.Orders
            .Where(o => o.StoreId == 1 && o.OrderStatusId != (int)OrderState.Cancelled && o.CreatedOnUtc < end)
            .GroupBy(o => o.CustomerId)
            .Select(c =>
            {
                var days = c.GroupBy(o => o.CreatedOnUtc.Date).OrderBy(d => d.Key).ToList();
                return (c.Key, c.Count(), days.Count, c.Sum(o => o.OrderTotal), days[0].Sum(o => o.OrderTotal), c.Min(o => o.CreatedOnUtc), c.Max(o => o.CreatedOnUtc));
            })
            .OrderBy(r => r.Key)
            .ToList();

        var sql = await new DashboardBuilder(new EfStoreData(db), new EfQueryRunner(), null, new FixedClock()).CustomerRowsAsync(Store1, AsOf);
        var memory = await new DashboardBuilder(InMemory(), new InMemoryQueryRunner(), null, new FixedClock()).CustomerRowsAsync(Store1, AsOf);

        static List<(int, int, int, decimal, decimal, DateTime, DateTime)> Rows(IEnumerable<DashboardCustomerRow> rows) => rows
            .Select(r => (r.CustomerId, r.Orders, r.PurchaseDays, r.Revenue, r.FirstDayRevenue, r.FirstOrderUtc, r.LastOrderUtc))
            .OrderBy(r => r.CustomerId)
            .ToList();
        Assert.That(expected.Count(r => r.Item3 > 1), Is.GreaterThan(50), "the store must have repeat customers");
        Assert.That(expected.Count(r => r.Item2 > r.Item3), Is.GreaterThan(5), "and same-day orders");
        Assert.That(Rows(sql), Is.EqualTo(expected));
        Assert.That(Rows(memory), Is.EqualTo(expected));
    }
}
