using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Stores;
using Retention.Core.Dashboard;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Dashboard;

/// <summary>
/// Issue 16: the hourly dashboard task makes the day's snapshot with a full build, leaves it alone while no order changed,
/// and refreshes it incrementally (the day's models carried) once the changed-customers feed lists a change.
/// </summary>
public class DashboardRefreshTaskTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 3, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task The_days_snapshot_is_built_whole_then_refreshed_only_when_the_feed_lists_a_change()
    {
        var clock = new TestClock(Now);
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(new[] { Build.Customer(1), Build.Customer(2), Build.Customer(3) });
        data.OrderList.AddRange(new[] { Build.Order(1, 1, Now.AddDays(-40), 30m), Build.Order(2, 1, Now.AddDays(-10), 50m), Build.Order(3, 2, Now.AddDays(-5), 20m) });
        var runner = new InMemoryQueryRunner();
        var feed = new ChangedCustomerFeed(new InMemoryTables().Table<ChangedCustomerRow>(), runner, clock);
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 1, Name = "Store 1" } });
        var (repository, rows) = FakeRepository.Create<RetentionMetricsSnapshot>(s => s.IdempotencyKey);
        var task = new RefreshMetricsTask(stores.Object, data, runner, clock, new InMemoryDistributedLock(), new InMemoryOptionsStore(), repository.Object,
            Array.Empty<global::Retention.Core.Loyalty.ILedgerData>(), Array.Empty<global::Retention.Core.Loyalty.ILoyaltySettingsStore>(), new LinqPurchaseGapQuery(data, runner),
            refresher: new DashboardRefresher(clock), feed: feed);
        double? Customers() => DashboardSnapshot.FromJson(rows.Single().MetricsJson)!.Periods[0].Kpis.Single(k => k.Key == "customers").Value;

        await task.ExecuteAsync();
        var first = rows.Single().ComputedOnUtc;
        Assert.That(Customers(), Is.EqualTo(2));

        clock.UtcNow = Now.AddHours(1);
        await task.ExecuteAsync();
        Assert.That(rows.Single().ComputedOnUtc, Is.EqualTo(first), "no change listed: the snapshot stands");

        // Customer 3's first order, back-dated to yesterday (an admin's entry), listed as the door lists it.
        data.OrderList.Add(Build.Order(4, 3, Now.AddDays(-1), 70m));
        await feed.MarkAsync(1, 3);
        clock.UtcNow = Now.AddHours(2);
        await task.ExecuteAsync();

        var refreshed = DashboardSnapshot.FromJson(rows.Single().MetricsJson)!;
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(1), "the day's one snapshot, refreshed in place");
            Assert.That(rows.Single().ComputedOnUtc, Is.EqualTo(Now.AddHours(2)));
            Assert.That(Customers(), Is.EqualTo(3));
            Assert.That(refreshed.Prediction.ModelFittedOn, Is.EqualTo(DateOnly.FromDateTime(Now)));
        });
    }
}
