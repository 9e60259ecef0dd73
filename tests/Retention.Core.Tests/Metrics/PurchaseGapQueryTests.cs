using Moq;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Metrics;

public class PurchaseGapQueryTests
{
    private static readonly DateTime AsOf = OrderHistory.Utc(2026, 3, 1);

    private static DateTime Utc(int year, int month, int day, int hour = 0) => OrderHistory.Utc(year, month, day, hour);

    private static Task<PurchaseGapSummary> InMemoryAsync(OrderHistory history, int? store = null) =>
        new InMemoryPurchaseGapQuery(history.ToSeed().Orders).SummarizeAsync(new CountedOrders(AsOf, store));

    [Test]
    public async Task In_memory_median_of_an_even_number_of_gaps_is_the_mean_of_the_two_middle_gaps()
    {
        var history = new OrderHistory()
            .Orders(1, Utc(2026, 1, 1), Utc(2026, 1, 2), Utc(2026, 1, 12))      // 1 and 10 days
            .Orders(2, Utc(2026, 1, 1), Utc(2026, 1, 4, 12), Utc(2026, 2, 10)); // 3.5 and 36.5 days

        Assert.That(await InMemoryAsync(history), Is.EqualTo(new PurchaseGapSummary(4, (3.5 + 10) / 2)));
    }

    [Test]
    public async Task In_memory_gaps_leave_out_cancelled_orders_orders_at_as_of_and_other_stores()
    {
        var history = new OrderHistory()
            .Order(1, Utc(2026, 1, 1)).Order(1, Utc(2026, 1, 3), status: OrderState.Cancelled).Order(1, Utc(2026, 1, 5))
            .Order(1, AsOf)                                           // not counted: at as_of
            .Order(2, Utc(2026, 1, 1), store: 2).Order(2, Utc(2026, 1, 2), store: 2);

        Assert.Multiple(async () =>
        {
            Assert.That(await InMemoryAsync(history), Is.EqualTo(new PurchaseGapSummary(2, (1 + 4) / 2d)), "gaps 4 (cancelled order skipped) and 1");
            Assert.That(await InMemoryAsync(history, store: 1), Is.EqualTo(new PurchaseGapSummary(1, 4d)));
        });
    }

    [Test]
    public async Task In_memory_store_of_one_time_buyers_has_no_gap_and_no_median()
    {
        var history = new OrderHistory().Order(1, Utc(2026, 1, 1)).Order(2, Utc(2026, 1, 2));

        Assert.That(await InMemoryAsync(history), Is.EqualTo(new PurchaseGapSummary(0, null)));
    }

    [Test]
    public async Task Portable_search_and_in_memory_sort_agree_on_a_random_store()
    {
        var seed = RandomStore(seed: 11, customers: 80);
        var store = MetricsStore.From(seed);

        foreach (var scope in new[] { new CountedOrders(AsOf, null), new CountedOrders(AsOf, 2), new CountedOrders(AsOf.AddDays(-200), null) })
        {
            var expected = await new InMemoryPurchaseGapQuery(seed.Orders).SummarizeAsync(scope);
            var searched = await new LinqPurchaseGapQuery(store.Data, store.Runner, fetchLimit: 3).SummarizeAsync(scope);

            Assert.That(searched.Gaps, Is.EqualTo(expected.Gaps), scope.ToString());
            Assert.That(searched.MedianDays, Is.EqualTo(expected.MedianDays).Within(1e-6), scope.ToString());
        }
    }

    [Test]
    public async Task Search_over_a_hosts_own_pairing_of_orders_agrees_with_the_in_memory_sort()
    {
        var seed = RandomStore(seed: 23, customers: 80);
        var store = MetricsStore.From(seed);

        foreach (var scope in new[] { new CountedOrders(AsOf, null), new CountedOrders(AsOf, 1) })
        {
            var expected = await new InMemoryPurchaseGapQuery(seed.Orders).SummarizeAsync(scope);
            var searched = await new LinqPurchaseGapQuery(store.Data, store.Runner, SortedPairing, fetchLimit: 3).SummarizeAsync(scope);

            Assert.That(searched.Gaps, Is.EqualTo(expected.Gaps), scope.ToString());
            Assert.That(searched.MedianDays, Is.EqualTo(expected.MedianDays).Within(1e-6), scope.ToString());
        }
    }

    [Test]
    public async Task Search_reads_the_gaps_from_the_hosts_pairing_not_its_own_subquery()
    {
        var store = MetricsStore.From(new OrderHistory().Orders(1, Utc(2026, 1, 1), Utc(2026, 1, 11)).ToSeed());
        // A pairing that claims every order is followed three days later: the answer can only come from it.
        IQueryable<PurchaseGapRow> ThreeDaysLater(IQueryable<OrderFact> counted) =>
            counted.Select(o => new PurchaseGapRow { OrderId = o.Id, Created = o.CreatedOnUtc, Next = o.CreatedOnUtc.AddDays(3) });

        var summary = await new LinqPurchaseGapQuery(store.Data, store.Runner, ThreeDaysLater).SummarizeAsync(new CountedOrders(AsOf, null));

        Assert.That(summary, Is.EqualTo(new PurchaseGapSummary(2, 3d)));
    }

    /// <summary>What a window function does (each order with the customer's next by date, then id), in memory.</summary>
    private static IQueryable<PurchaseGapRow> SortedPairing(IQueryable<OrderFact> counted) =>
        counted.AsEnumerable()
            .GroupBy(o => o.CustomerId)
            .SelectMany(customer =>
            {
                var ordered = customer.OrderBy(o => o.CreatedOnUtc).ThenBy(o => o.Id).ToList();
                return ordered.Select((o, i) => new PurchaseGapRow
                {
                    OrderId = o.Id,
                    Created = o.CreatedOnUtc,
                    Next = i + 1 < ordered.Count ? ordered[i + 1].CreatedOnUtc : null,
                });
            })
            .AsQueryable();

    [Test]
    public async Task Calculator_takes_the_median_from_the_hosts_gap_query_when_given()
    {
        var store = MetricsStore.From(new OrderHistory().Orders(1, Utc(2026, 1, 1), Utc(2026, 1, 11)).ToSeed());
        var gaps = new Mock<IPurchaseGapQuery>();
        gaps.Setup(g => g.SummarizeAsync(new CountedOrders(AsOf, null), It.IsAny<CancellationToken>())).ReturnsAsync(new PurchaseGapSummary(1, 42.5));

        var metrics = await new StoreMetricsCalculator(store.Data, store.Runner, gaps.Object).CalculateAsync(new StoreMetricsRequest(DateOnly.FromDateTime(AsOf)));

        Assert.That((metrics.PurchaseGaps, metrics.TbpMedianDays), Is.EqualTo((1, (double?)42.5)));
    }

    [Test]
    public async Task Calculator_does_not_ask_the_gap_query_about_a_store_without_orders()
    {
        var store = MetricsStore.From(new StoreSeed());
        var gaps = new Mock<IPurchaseGapQuery>(MockBehavior.Strict);

        var metrics = await new StoreMetricsCalculator(store.Data, store.Runner, gaps.Object).CalculateAsync(new StoreMetricsRequest(DateOnly.FromDateTime(AsOf)));

        Assert.That(metrics.TbpMedianDays, Is.Null);
    }

    /// <summary>
    /// Customers with 0–7 orders each over two years, some at the same instant, some cancelled, some at or after
    /// as_of, in two stores: every case the gap definitions distinguish.
    /// </summary>
    internal static StoreSeed RandomStore(int seed, int customers)
    {
        var random = new Random(seed);
        var history = new OrderHistory();
        var origin = Utc(2024, 3, 1);
        for (var customer = 1; customer <= customers; customer++)
        {
            var at = origin.AddMinutes(random.Next(0, 700 * 24 * 60));
            var orders = random.Next(0, 8);
            for (var k = 0; k < orders; k++)
            {
                var status = random.NextDouble() < 0.1 ? OrderState.Cancelled : OrderState.Complete;
                history.Order(customer, at, 10m + random.Next(0, 90), status, store: 1 + random.Next(0, 2));
                // One time in five the next order comes at the same instant.
                if (random.NextDouble() >= 0.2)
                    at = at.AddSeconds(random.Next(1, 90 * 86_400));
            }
        }
        return history.ToSeed();
    }
}
