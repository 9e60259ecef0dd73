using System.Text.Json;
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
/// The dashboard's per-customer query and the whole snapshot must translate on each provider and agree with the same
/// LINQ run in memory (the RFM segment query has its own such test, <c>EfRfmQueryTests</c>, on both providers).
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
        _seed = RandomStore(seed: 47, customers: 400);
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

    [Test]
    public async Task The_whole_snapshot_built_in_sql_matches_the_one_built_in_memory()
    {
        await using var db = _db!.Database.CreateContext();
        var request = new DashboardRequest(Store1, AsOf) { TrendPoints = 3, OtherPeriodDays = new[] { 90 } };

        var sql = await new DashboardBuilder(new EfStoreData(db), new EfQueryRunner(), null, new FixedClock(), new EfPurchaseGapQuery(db)).BuildAsync(request);
        var memory = await new DashboardBuilder(InMemory(), new InMemoryQueryRunner(), null, new FixedClock()).BuildAsync(request);

        Assert.That(sql.Prediction.CanPredict, Is.True, sql.Prediction.Explanation);
        Assert.That(sql.Cohorts, Is.Not.Empty);
        AssertSameJson(JsonDocument.Parse(sql.ToJson()).RootElement, JsonDocument.Parse(memory.ToJson()).RootElement, "$");
    }

    /// <summary>Equal JSON, numbers within 1e-9 relative (a fit's last digits depend on the order rows arrive in).</summary>
    private static void AssertSameJson(JsonElement actual, JsonElement expected, string path)
    {
        Assert.That(actual.ValueKind, Is.EqualTo(expected.ValueKind), path);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.That(actual.EnumerateObject().Select(p => p.Name), Is.EqualTo(expected.EnumerateObject().Select(p => p.Name)), path);
                foreach (var property in expected.EnumerateObject())
                    AssertSameJson(actual.GetProperty(property.Name), property.Value, path + "." + property.Name);
                break;
            case JsonValueKind.Array:
                Assert.That(actual.GetArrayLength(), Is.EqualTo(expected.GetArrayLength()), path);
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    AssertSameJson(actual[i], expected[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                var e = expected.GetDouble();
                Assert.That(actual.GetDouble(), Is.EqualTo(e).Within(1e-9 * Math.Max(1, Math.Abs(e))), path);
                break;
            default:
                Assert.That(actual.ToString(), Is.EqualTo(expected.ToString()), path);
                break;
        }
    }

    /// <summary>Two stores, cancellations, several orders on one day now and then, over two years.</summary>
    private static StoreSeed RandomStore(int seed, int customers)
    {
        var random = new Random(seed);
        var history = new OrderHistory();
        for (var customer = 1; customer <= customers; customer++)
        {
            var at = OrderHistory.Utc(2024, 3, 1).AddMinutes(random.Next(0, 700 * 24 * 60));
            for (var k = random.Next(1, 8); k > 0; k--)
            {
                history.Order(customer, at, 5m + random.Next(0, 40) * 2.5m, random.NextDouble() < 0.08 ? OrderState.Cancelled : OrderState.Complete,
                    random.NextDouble() < 0.85 ? 1 : 2);
                at = at.AddMinutes(random.NextDouble() < 0.15 ? random.Next(1, 300) : random.Next(1, 120 * 24 * 60));
            }
        }
        return history.ToSeed();
    }
}
