using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Dashboard;

/// <summary>
/// Issue 16, docs/decisions.md §19: the incremental refresh. The kept orders with the changed customers' orders spliced
/// in are the orders read whole; the refreshed snapshot is a full build's at the same day with the fit pinned; the
/// refresher refits once a day and whenever it has no state.
/// </summary>
public class DashboardRefreshTests
{
    private static DashboardOrder O(int customer, int id, string at, decimal total) =>
        new() { CustomerId = customer, Id = id, CreatedOnUtc = DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), OrderTotal = total };

    private static List<DashboardCustomerRow> Rows(DashboardOrderPass pass) => pass.CustomerRows(new DateOnly(2030, 1, 1));

    [Test]
    public void A_splice_gives_the_pass_of_the_orders_read_whole()
    {
        var old = DashboardOrderPass.Read(new[]
        {
            O(1, 1, "2025-01-01", 10), O(1, 2, "2025-02-01", 20),
            O(3, 3, "2025-01-05", 5),
            O(5, 4, "2025-03-01", 7), O(5, 5, "2025-03-02", 8),
            O(9, 6, "2025-04-01", 1),
        });
        // 3 gains an order, 5 loses all (cancelled), 2 and 7 are new, 9 is listed but unchanged.
        var fresh = DashboardOrderPass.Read(new[]
        {
            O(2, 10, "2025-05-01", 3),
            O(3, 3, "2025-01-05", 5), O(3, 11, "2025-05-02", 6),
            O(7, 12, "2025-05-03", 4),
            O(9, 6, "2025-04-01", 1),
        });
        var whole = DashboardOrderPass.Read(new[]
        {
            O(1, 1, "2025-01-01", 10), O(1, 2, "2025-02-01", 20),
            O(2, 10, "2025-05-01", 3),
            O(3, 3, "2025-01-05", 5), O(3, 11, "2025-05-02", 6),
            O(7, 12, "2025-05-03", 4),
            O(9, 6, "2025-04-01", 1),
        });

        var spliced = old.Splice(new HashSet<int> { 2, 3, 5, 7, 9 }, fresh);

        Assert.That(spliced.Count, Is.EqualTo(whole.Count));
        Assert.That(Rows(spliced).Select(r => (r.CustomerId, r.Orders, r.Revenue, r.FirstOrderUtc, r.LastOrderUtc)),
            Is.EqualTo(Rows(whole).Select(r => (r.CustomerId, r.Orders, r.Revenue, r.FirstOrderUtc, r.LastOrderUtc))));
        Assert.That(Rows(old).Select(r => r.CustomerId), Is.EqualTo(new[] { 1, 3, 5, 9 }), "the kept pass is left as it was");
    }

    [Test]
    public void A_splice_refuses_orders_of_a_customer_not_listed_as_changed()
    {
        var old = DashboardOrderPass.Read(new[] { O(1, 1, "2025-01-01", 10) });
        var fresh = DashboardOrderPass.Read(new[] { O(2, 2, "2025-01-02", 10) });

        Assert.Throws<ArgumentException>(() => old.Splice(new HashSet<int> { 1 }, fresh));
    }

    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    }

    [TestCase(1, 200, "2025-10-01", 2)]
    [TestCase(2, 300, "2026-02-01", 3)]
    [TestCase(3, 150, "2025-05-15", 4)]
    public async Task A_refresh_after_random_changes_equals_a_full_build_with_the_fit_pinned(int seed, int customers, string day, int changeSeed)
    {
        var before = DashboardSnapshotContract.RandomStore(seed, customers);
        var asOf = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var (after, changed) = DashboardSnapshotContract.Changed(before, changeSeed, asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(before.Customers);
        data.OrderList.AddRange(before.Orders);
        var builder = new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock());
        foreach (var store in new[] { 1, 2 })
        {
            var request = new DashboardRequest(new StoreId(store), asOf);
            var kept = await builder.BuildStateAsync(request, 0);
            data.OrderList.Clear();
            data.OrderList.AddRange(after.Orders);

            // The same day (changes only), then a day later, then two days later with nothing changed.
            var state = kept;
            foreach (var (days, list) in new[] { (0, changed), (1, changed), (2, new List<(int Store, int Customer)>()) })
            {
                var at = new DashboardRequest(new StoreId(store), asOf.AddDays(days));
                state = await builder.RefreshAsync(state, at, list.Where(c => c.Store == store).Select(c => c.Customer).ToList(), days + 1);
                var full = await new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock()) { PinnedFit = kept.Fit }.BuildAsync(at);
                SnapshotJson.AssertSame(state.Snapshot.ToJson(), full.ToJson());
                Assert.That(state.Snapshot.Prediction.ModelFittedOn, Is.EqualTo(asOf));
            }
            if (store == 1)
                Assert.That(kept.Snapshot.Prediction.CanPredict, Is.True, "the carried fit is a real one");
            data.OrderList.Clear();
            data.OrderList.AddRange(before.Orders);
        }
    }

    [Test]
    public async Task The_refresher_builds_whole_without_state_then_refreshes_from_the_feed_and_refits_after_a_day()
    {
        var clock = new TestClock(new DateTime(2026, 1, 10, 3, 0, 0, DateTimeKind.Utc));
        var seed = DashboardSnapshotContract.RandomStore(7, 200);
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(seed.Customers);
        data.OrderList.AddRange(seed.Orders);
        var tables = new InMemoryTables();
        var feed = new ChangedCustomerFeed(tables.Table<ChangedCustomerRow>(), new InMemoryQueryRunner(), clock);
        var refresher = new DashboardRefresher(clock);
        var builder = new DashboardBuilder(data, new InMemoryQueryRunner(), null, clock);
        var request = new DashboardRequest(new StoreId(1), new DateOnly(2026, 1, 10));

        var (first, firstIncremental) = await refresher.RefreshAsync(builder, feed, request);
        Assert.That(firstIncremental, Is.False, "no state: a full build");
        Assert.That(first.Prediction.ModelFittedOn, Is.EqualTo(new DateOnly(2026, 1, 10)));

        // A new customer's order and a cancellation, each marked as the store-events door marks them.
        var customer = seed.Customers.Max(c => c.Id) + 1;
        data.OrderList.Add(new OrderFact { Id = 100_000, StoreId = 1, CustomerId = customer, CreatedOnUtc = new DateTime(2026, 1, 10, 9, 0, 0, DateTimeKind.Utc), OrderStatusId = (int)OrderState.Complete, OrderTotal = 40m });
        await feed.MarkAsync(1, customer);
        var cancelled = data.OrderList.First(o => o.StoreId == 1 && o.OrderStatusId != (int)OrderState.Cancelled);
        cancelled.OrderStatusId = (int)OrderState.Cancelled;
        await feed.MarkAsync(1, cancelled.CustomerId);
        clock.UtcNow = clock.UtcNow.AddHours(20);
        var nextDay = new DashboardRequest(new StoreId(1), new DateOnly(2026, 1, 11));

        var (refreshed, incremental) = await refresher.RefreshAsync(builder, feed, nextDay);
        var kept = refresher.StateOf(new StoreId(1))!;
        var full = await new DashboardBuilder(data, new InMemoryQueryRunner(), null, clock) { PinnedFit = kept.Fit }.BuildAsync(nextDay);
        Assert.Multiple(() =>
        {
            Assert.That(incremental, Is.True);
            Assert.That(refreshed.Prediction.ModelFittedOn, Is.EqualTo(new DateOnly(2026, 1, 10)));
            Assert.That(refreshed.Prediction.Customers, Is.EqualTo(first.Prediction.Customers + 1));
            Assert.That(kept.Watermark, Is.EqualTo(2));
        });
        SnapshotJson.AssertSame(refreshed.ToJson(), full.ToJson());

        clock.UtcNow = clock.UtcNow.AddHours(5);
        var (refit, refitIncremental) = await refresher.RefreshAsync(builder, feed, new DashboardRequest(new StoreId(1), new DateOnly(2026, 1, 11)));
        Assert.That(refitIncremental, Is.False, "a day after the last full build the models are refitted");
        Assert.That(refit.Prediction.ModelFittedOn, Is.EqualTo(new DateOnly(2026, 1, 11)));
    }

    [Test]
    public async Task A_change_whose_orders_showed_only_after_its_feed_row_was_read_is_taken_up_by_the_next_refresh()
    {
        var clock = new TestClock(new DateTime(2026, 1, 10, 3, 0, 0, DateTimeKind.Utc));
        var seed = DashboardSnapshotContract.RandomStore(11, 150);
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(seed.Customers);
        data.OrderList.AddRange(seed.Orders);
        var feed = new ChangedCustomerFeed(new InMemoryTables().Table<ChangedCustomerRow>(), new InMemoryQueryRunner(), clock);
        var refresher = new DashboardRefresher(clock);
        var builder = new DashboardBuilder(data, new InMemoryQueryRunner(), null, clock);
        var request = new DashboardRequest(new StoreId(1), new DateOnly(2026, 1, 10));
        await refresher.RefreshAsync(builder, feed, request);

        // The race on a database: the feed row's id is handed out, a refresh reads past it, and only then do the
        // transaction's orders become visible. Here: the row is read while the order is not there yet.
        var late = seed.Customers.Max(c => c.Id) + 1;
        await feed.MarkAsync(1, late);
        clock.UtcNow = clock.UtcNow.AddHours(1);
        await refresher.RefreshAsync(builder, feed, request);
        data.OrderList.Add(new OrderFact { Id = 200_000, StoreId = 1, CustomerId = late, CreatedOnUtc = new DateTime(2026, 1, 5, 4, 0, 0, DateTimeKind.Utc), OrderStatusId = (int)OrderState.Complete, OrderTotal = 25m });

        // Any later change makes the next refresh, which reads the last rows below its watermark again.
        var other = data.OrderList.First(o => o.StoreId == 1 && o.CustomerId != late);
        other.OrderTotal += 10m;
        await feed.MarkAsync(1, other.CustomerId);
        clock.UtcNow = clock.UtcNow.AddHours(1);
        var (refreshed, incremental) = await refresher.RefreshAsync(builder, feed, request);

        var full = await new DashboardBuilder(data, new InMemoryQueryRunner(), null, clock) { PinnedFit = refresher.StateOf(new StoreId(1))!.Fit }.BuildAsync(request);
        Assert.That(incremental, Is.True);
        SnapshotJson.AssertSame(refreshed.ToJson(), full.ToJson());
    }
}

/// <summary>The feed's contract on the in-memory table.</summary>
public sealed class InMemoryChangedCustomerFeedContract : ChangedCustomerFeedContract
{
    protected override Task<ChangedCustomerFeedHandle> CreateAsync()
    {
        var tables = new InMemoryTables();
        var clock = new TestClock(Start);
        return Task.FromResult(new ChangedCustomerFeedHandle(new ChangedCustomerFeed(tables.Table<ChangedCustomerRow>(), new InMemoryQueryRunner(), clock), clock, tables));
    }
}
