using Retention.Core.Analytics;
using Retention.Core.Common;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Tests.Metrics;
using Retention.Testing.Contracts;

namespace Retention.Core.Tests.Analytics;

public class RfmQueryTests
{
    private static readonly DateTime AsOf = OrderHistory.Utc(2026, 3, 1);

    /// <summary>RfmScoring over the same customers, scored in memory: the reference the query must reproduce.</summary>
    internal static RfmReport Reference(StoreSeed seed, CountedOrders scope) =>
        RfmScoring.Score(seed.Orders.Where(scope.Includes).GroupBy(o => o.CustomerId).Select(g => new RfmCustomer(
            new CustomerId(g.Key),
            DateOnly.FromDateTime(scope.AsOfUtc).DayNumber - DateOnly.FromDateTime(g.Max(o => o.CreatedOnUtc)).DayNumber,
            g.Count(),
            g.Sum(o => o.OrderTotal))));

    [Test]
    public async Task Segments_counted_by_the_query_match_rfm_scoring_in_memory()
    {
        var seed = PurchaseGapQueryTests.RandomStore(seed: 5, customers: 300);
        var store = MetricsStore.From(seed);
        var scope = new CountedOrders(AsOf, null);

        var segments = await new RfmQuery(store.Data, store.Runner).SegmentsAsync(scope);

        Assert.That(segments, Is.EqualTo(Reference(seed, scope).Segments));
        Assert.That(segments.Count(s => s.Customers > 0), Is.GreaterThan(5), "the random store must fill several segments");
    }

    [Test]
    public async Task A_segments_customers_carry_the_scores_rfm_scoring_gives_them()
    {
        var seed = PurchaseGapQueryTests.RandomStore(seed: 8, customers: 300);
        var store = MetricsStore.From(seed);
        var scope = new CountedOrders(AsOf, 1);
        var reference = Reference(seed, scope).Customers;

        foreach (var segment in Enum.GetValues<RfmSegment>())
        {
            var customers = await new RfmQuery(store.Data, store.Runner).CustomersAsync(scope, segment);
            Assert.That(customers, Is.EqualTo(reference.Where(c => c.Segment == segment).OrderBy(c => c.Customer.Value)), segment.ToString());
        }
    }

    [Test]
    public async Task Five_customers_differing_on_every_dimension_score_one_to_five_and_export_as_csv()
    {
        // Customer k (1–5): last order 6 − k days before as_of, k orders of 10. Five distinct values on each
        // dimension score 1–5 (frequency in bands: 5 orders score 4), so customer k scores kkk but 5 scores 545: 111 Lost,
        // 222 Hibernating, 333 Need attention, 444 Loyal, 545 Champions.
        var history = new OrderHistory();
        for (var k = 1; k <= 5; k++)
            for (var i = 0; i < k; i++)
                history.Order(k, AsOf.AddDays(-(6 - k) - 10 * i), 10m);
        var store = MetricsStore.From(history.ToSeed());
        var query = new RfmQuery(store.Data, store.Runner);
        var scope = new CountedOrders(AsOf, null);

        var found = new List<string>();
        foreach (var segment in new[] { RfmSegment.Lost, RfmSegment.Hibernating, RfmSegment.NeedAttention, RfmSegment.Loyal, RfmSegment.Champions })
            found.AddRange((await query.CustomersAsync(scope, segment)).Select(c => $"{c.Customer.Value}:{c.Code}"));
        var lost = await query.CustomersAsync(scope, RfmSegment.Lost);

        Assert.That(found, Is.EqualTo(new[] { "1:111", "2:222", "3:333", "4:444", "5:545" }));
        Assert.That(RfmQuery.ToCsv(lost), Is.EqualTo("customer_id,recency,frequency,monetary,rfm,segment,revenue\n1,1,1,1,111,\"Lost\",10\n"));
    }

    [Test]
    public async Task Store_without_counted_orders_has_eleven_empty_segments()
    {
        var store = MetricsStore.From(new OrderHistory().Order(1, AsOf.AddDays(-3), status: OrderState.Cancelled).ToSeed());

        var segments = await new RfmQuery(store.Data, store.Runner).SegmentsAsync(new CountedOrders(AsOf, null));

        Assert.That(segments.Select(s => (s.Customers, s.Share, s.Revenue)).ToList(), Has.Count.EqualTo(11).And.All.EqualTo((0, 0d, 0m)));
    }
}
