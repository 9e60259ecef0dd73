using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Metrics;

/// <summary>
/// The sandbox's window-function median (LAG in SQL) must agree with Core's in-memory sort and Core's portable LINQ
/// search on each provider, and give the hand-computed figures of the metrics contract.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfPurchaseGapQueryTests(DatabaseProvider provider)
{
    private static readonly DateTime AsOf = OrderHistory.Utc(2026, 3, 1);
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    private async Task<SandboxDbContext> SeededAsync(StoreSeed seed)
    {
        await _db!.ClearAsync();
        await _db.SeedAsync(seed);
        return _db.Database.CreateContext();
    }

    [Test]
    public async Task Window_function_median_agrees_with_the_in_memory_sort_and_the_portable_search()
    {
        var seed = RandomStore(seed: 23, customers: 120);
        await using var db = await SeededAsync(seed);

        foreach (var scope in new[] { new CountedOrders(AsOf, null), new CountedOrders(AsOf, 2), new CountedOrders(AsOf.AddDays(-300), 1) })
        {
            var expected = await new InMemoryPurchaseGapQuery(seed.Orders).SummarizeAsync(scope);
            var window = await new EfPurchaseGapQuery(db).SummarizeAsync(scope);
            var portable = await new LinqPurchaseGapQuery(new EfStoreData(db), new EfQueryRunner(), fetchLimit: 5).SummarizeAsync(scope);

            Assert.That(expected.Gaps, Is.GreaterThan(10), "the random store must have gaps to compare");
            Assert.That((window.Gaps, portable.Gaps), Is.EqualTo((expected.Gaps, expected.Gaps)), scope.ToString());
            Assert.That(window.MedianDays, Is.EqualTo(expected.MedianDays).Within(1e-6), scope.ToString());
            Assert.That(portable.MedianDays, Is.EqualTo(expected.MedianDays).Within(1e-6), scope.ToString());
        }
    }

    [Test]
    public async Task Calculator_with_the_window_function_gives_the_small_shops_hand_computed_median()
    {
        await using var db = await SeededAsync(StoreMetricsContract.SmallShop());
        var request = new StoreMetricsRequest(new DateOnly(2026, 4, 1)) { ActiveWindowDays = 60, PeriodDays = 30 };

        var metrics = await new StoreMetricsCalculator(new EfStoreData(db), new EfQueryRunner(), new EfPurchaseGapQuery(db)).CalculateAsync(request);

        // Gaps: Gus 30.5, Hal 46, Ann 54 and 66, Dee 292 days.
        Assert.That(metrics.PurchaseGaps, Is.EqualTo(5));
        Assert.That(metrics.TbpMedianDays, Is.EqualTo(54d).Within(1e-6));
    }

    [Test]
    public async Task Even_count_same_instant_orders_and_an_empty_scope()
    {
        var seed = new OrderHistory()
            .Orders(1, OrderHistory.Utc(2026, 1, 1), OrderHistory.Utc(2026, 1, 1), OrderHistory.Utc(2026, 1, 3)) // 0 and 2 days
            .Orders(2, OrderHistory.Utc(2026, 1, 1), OrderHistory.Utc(2026, 1, 4, 12))                          // 3.5 days
            .Order(2, OrderHistory.Utc(2026, 1, 20), status: OrderState.Cancelled)
            .Order(3, OrderHistory.Utc(2026, 2, 1), store: 3)
            .ToSeed();
        await using var db = await SeededAsync(seed);
        var query = new EfPurchaseGapQuery(db);

        var all = await query.SummarizeAsync(new CountedOrders(AsOf, null));
        var none = await query.SummarizeAsync(new CountedOrders(AsOf, 3));

        Assert.That(all.Gaps, Is.EqualTo(3));
        Assert.That(all.MedianDays, Is.EqualTo(2d).Within(1e-6), "gaps 0, 2 and 3.5 days");
        Assert.That(none, Is.EqualTo(new PurchaseGapSummary(0, null)));
    }

    private static StoreSeed RandomStore(int seed, int customers)
    {
        var random = new Random(seed);
        var history = new OrderHistory();
        var origin = OrderHistory.Utc(2024, 3, 1);
        for (var customer = 1; customer <= customers; customer++)
        {
            // Whole milliseconds: the databases keep no finer time.
            var at = origin.AddMilliseconds(random.NextInt64(0, 700L * 86_400_000));
            var orders = random.Next(0, 8);
            for (var k = 0; k < orders; k++)
            {
                var status = random.NextDouble() < 0.1 ? OrderState.Cancelled : OrderState.Complete;
                history.Order(customer, at, 10m + random.Next(0, 90), status, store: 1 + random.Next(0, 2));
                if (random.NextDouble() >= 0.2)
                    at = at.AddMilliseconds(random.NextInt64(1, 90L * 86_400_000));
            }
        }
        return history.ToSeed();
    }
}
