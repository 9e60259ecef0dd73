using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Store;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Dashboard;

/// <summary>
/// Issue 16: the dashboard's one read of the orders must give exactly the snapshot of the per-point aggregate queries
/// (<see cref="DashboardBuilder.UseQueries"/>). Here over many randomized stores in memory; the host contract
/// (<see cref="DashboardSnapshotContract"/>) repeats it on SQLite, PostgreSQL and the plugin's databases.
/// </summary>
public class DashboardOrderPassTests
{
    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>Hands the rows over last first: a host that loses the query's order.</summary>
    private sealed class ReversingRunner : IQueryRunner
    {
        public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) =>
            Task.FromResult(Enumerable.Reverse(query.ToList()).ToList());

        public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => Task.FromResult(query.Count());
    }

    private static InMemoryStoreData Store(int seed, int customers)
    {
        var store = DashboardSnapshotContract.RandomStore(seed, customers);
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(store.Customers);
        data.OrderList.AddRange(store.Orders);
        return data;
    }

    [TestCase(1, 120, "2026-03-01", 30, 365)]
    [TestCase(2, 200, "2025-01-15", 30, 365)]
    [TestCase(3, 80, "2024-04-10", 7, 30)]
    [TestCase(4, 150, "2025-09-01", 90, 180)]
    [TestCase(5, 60, "2024-03-01", 30, 365)]
    [TestCase(6, 250, "2027-06-30", 14, 60)]
    public async Task One_pass_gives_the_snapshot_of_the_per_point_queries(int seed, int customers, string day, int period, int window)
    {
        var data = Store(seed, customers);
        foreach (var store in new[] { 1, 2 })
        {
            var request = new DashboardRequest(new StoreId(store), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture))
            {
                DefaultPeriodDays = period, ActiveWindowDays = window, TrendPoints = 5,
            };
            var onePass = await new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock()).BuildAsync(request);
            var queries = await new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock()) { UseQueries = true }.BuildAsync(request);

            SnapshotJson.AssertSame(onePass.ToJson(), queries.ToJson());
        }
    }

    [Test]
    public async Task The_snapshots_compared_carry_figures_and_not_only_empty_tiles()
    {
        var snapshot = await new DashboardBuilder(Store(1, 120), new InMemoryQueryRunner(), null, new FixedClock())
            .BuildAsync(new DashboardRequest(new StoreId(1), new DateOnly(2026, 3, 1)));

        var kpis = snapshot.Periods[0].Kpis.ToDictionary(k => k.Key);
        Assert.Multiple(() =>
        {
            Assert.That(kpis["customers"].Trend, Has.All.GreaterThan(0));
            Assert.That(kpis["crr"].Value, Is.GreaterThan(0).And.LessThan(1));
            Assert.That(kpis["tbp"].Value, Is.GreaterThan(0));
            Assert.That(snapshot.Cohorts, Has.Count.GreaterThan(12));
            Assert.That(snapshot.Prediction.Customers, Is.GreaterThan(50));
        });
    }

    [Test]
    public void A_host_that_loses_the_orders_sorting_is_refused_rather_than_miscounted()
    {
        var builder = new DashboardBuilder(Store(1, 50), new ReversingRunner(), null, new FixedClock());

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => builder.BuildAsync(new DashboardRequest(new StoreId(1), new DateOnly(2026, 3, 1))));
        Assert.That(error!.Message, Does.Contain("sorted by customer"));
    }
}
