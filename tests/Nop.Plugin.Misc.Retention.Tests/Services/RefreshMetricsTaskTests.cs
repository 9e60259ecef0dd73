using System.Text.Json;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Components;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

public class RefreshMetricsTaskTests
{
    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    private static (RefreshMetricsTask Task, List<RetentionMetricsSnapshot> Snapshots) Create(DateTime now, params int[] storeIds)
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(new[] { Build.Customer(1), Build.Customer(2) });
        data.OrderList.AddRange(new[]
        {
            Build.Order(1, 1, now.AddDays(-40), 30m),
            Build.Order(2, 1, now.AddDays(-10), 50m),
            Build.Order(3, 2, now.AddDays(-5), 20m, store: 2),
            Build.Order(4, 2, now.AddDays(-3), 99m, OrderState.Cancelled),
        });
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(storeIds.Select(id => new Store { Id = id }).ToList());
        var (repository, rows) = FakeRepository.Create<RetentionMetricsSnapshot>(s => s.IdempotencyKey);
        var task = new RefreshMetricsTask(stores.Object, data, new InMemoryQueryRunner(), new FixedClock(now),
            new InMemoryDistributedLock(), new InMemoryOptionsStore(), repository.Object);
        return (task, rows);
    }

    [Test]
    public async Task Each_store_gets_one_dated_snapshot_of_its_own_orders()
    {
        var now = new DateTime(2026, 6, 15, 3, 0, 0, DateTimeKind.Utc);
        var (task, snapshots) = Create(now, 1, 2);

        await task.ExecuteAsync();

        Assert.That(snapshots.Select(s => s.StoreId), Is.EquivalentTo(new[] { 1, 2 }));
        var store1 = snapshots.Single(s => s.StoreId == 1);
        Assert.That(store1.AsOfUtc, Is.EqualTo(new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc)));
        var model = RetentionDashboardViewComponent.ToModel(store1);
        Assert.That(model.Orders, Is.EqualTo(2), "the cancelled order and store 2's order are not store 1's");
        Assert.That(model.Revenue, Is.EqualTo(80m));
        Assert.That(model.Customers, Is.EqualTo(1));
        Assert.That(model.RepeatPurchaseRate, Is.EqualTo(1.0));
    }

    [Test]
    public async Task Running_again_the_same_day_adds_no_second_snapshot()
    {
        var now = new DateTime(2026, 6, 15, 3, 0, 0, DateTimeKind.Utc);
        var (task, snapshots) = Create(now, 1);

        await task.ExecuteAsync();
        await task.ExecuteAsync();

        Assert.That(snapshots, Has.Count.EqualTo(1));
    }

    [Test]
    public void Dashboard_without_a_snapshot_shows_the_empty_state()
    {
        Assert.That(RetentionDashboardViewComponent.ToModel(null).HasSnapshot, Is.False);
    }

    [Test]
    public void Dashboard_shows_no_rate_where_the_snapshot_has_none()
    {
        var snapshot = new RetentionMetricsSnapshot
        {
            AsOfUtc = Build.Epoch,
            MetricsJson = JsonSerializer.Serialize(new { Customers = 0, Orders = 0, Revenue = 0m, Rpr = (double?)null, Crr = (double?)null, ChurnRate = (double?)null, Aov = (decimal?)null }),
        };

        var model = RetentionDashboardViewComponent.ToModel(snapshot);

        Assert.That(model.HasSnapshot, Is.True);
        Assert.That(model.RepeatPurchaseRate, Is.Null);
        Assert.That(model.AverageOrderValue, Is.Null);
    }
}
