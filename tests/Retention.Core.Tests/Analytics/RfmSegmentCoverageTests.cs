using Retention.Core.Analytics;
using Retention.Core.Common;

namespace Retention.Core.Tests.Analytics;

/// <summary>Issue 15: on a real store, where most customers bought once, every segment of the R × FM map can fill.</summary>
public class RfmSegmentCoverageTests
{
    /// <summary>
    /// A store shaped like the sandbox's demo: 59 % of 2,000 customers bought once, the rest 2–12 times; last orders
    /// spread over two years; spend per order varies independently of recency.
    /// </summary>
    internal static List<RfmCustomer> DemoShapedStore()
    {
        var random = new Random(15);
        return Enumerable.Range(1, 2000).Select(id =>
        {
            var purchases = random.NextDouble() < 0.59 ? 1 : 2 + (int)Math.Min(10, -Math.Log(1 - random.NextDouble()) * 2.5);
            var revenue = Enumerable.Range(0, purchases).Sum(_ => Math.Round(15m + (decimal)(random.NextDouble() * random.NextDouble() * 180), 2));
            return new RfmCustomer(new CustomerId(id), random.Next(0, 730), purchases, revenue);
        }).ToList();
    }

    [Test]
    public void Every_segment_gets_customers_on_a_store_where_most_customers_bought_once()
    {
        var report = RfmScoring.Score(DemoShapedStore());

        Assert.That(report.Segments.Where(s => s.Customers == 0).Select(s => s.Name), Is.Empty);
    }

    private static RfmReport CdnowScoredOn(DateOnly asOf) =>
        RfmScoring.Score(Cdnow.SampleTransactions
            .Select(c => (c.Key, Purchases: c.Value.Where(p => DateOnly.FromDateTime(p.Timestamp) < asOf).ToList()))
            .Where(c => c.Purchases.Count > 0)
            .Select(c => new RfmCustomer(new CustomerId(c.Key), asOf.DayNumber - DateOnly.FromDateTime(c.Purchases.Max(p => p.Timestamp)).DayNumber,
                c.Purchases.Count, c.Purchases.Sum(p => p.Amount))));

    [Test]
    public void Every_segment_gets_customers_on_cdnow_at_the_end_of_its_acquisition_quarter()
    {
        // Everyone in CDNOW first bought in Q1 1997: scored on 1 April the newest customers are there to be "New".
        var report = CdnowScoredOn(new DateOnly(1997, 4, 1));

        Assert.That(report.Segments.Where(s => s.Customers == 0).Select(s => s.Name), Is.Empty);
    }

    [Test]
    public void On_cdnows_last_day_only_the_segments_of_recent_one_time_buyers_are_empty_as_the_data_has_none()
    {
        // 15 months after the last first purchase no one-time buyer is recent: "New" and "Promising" are rightly empty,
        // every other segment fills (before, "Lost" was empty too).
        var report = CdnowScoredOn(Cdnow.ObservationEnd.AddDays(1));

        Assert.That(report.Segments.Where(s => s.Customers == 0).Select(s => s.Segment), Is.EquivalentTo(new[] { RfmSegment.New, RfmSegment.Promising }));
    }

    [Test]
    public void One_time_buyers_always_score_the_lowest_frequency_however_many_they_are()
    {
        var report = RfmScoring.Score(DemoShapedStore());

        Assert.That(report.Customers.Where(c => c.Frequency == 1).Count(), Is.EqualTo(DemoShapedStore().Count(c => c.Purchases == 1)));
    }
}

/// <summary>Issue 15: where the purchase model says a customer has probably gone, their segment says so too.</summary>
public class RfmSegmentGivenProbabilityAliveTests
{
    [Test]
    public void A_loyal_customer_the_model_thinks_gone_is_shown_at_risk_not_loyal()
    {
        // The customer: "Loyal" (R3, FM4) with P(alive) 0.2 % and 243 days since the last order.
        Assert.That(RfmScoring.SegmentOf(3, 4, 4), Is.EqualTo(RfmSegment.Loyal));

        Assert.That(RfmScoring.SegmentGivenProbabilityAlive(3, 4, 4, probabilityAlive: 0.002, atRiskBelow: 0.5), Is.EqualTo(RfmSegment.AtRisk));
    }

    [TestCase(5, 5, 5, 0.3, RfmSegment.CantLoseThem)] // a champion slipping away is one not to lose
    [TestCase(5, 1, 1, 0.3, RfmSegment.Hibernating)]  // a new one-time buyer the model doubts
    [TestCase(5, 1, 1, 0.05, RfmSegment.Lost)]        // … and one it has given up on
    [TestCase(4, 3, 3, 0.3, RfmSegment.AtRisk)]
    [TestCase(1, 1, 1, 0.3, RfmSegment.Lost)]         // already in the "long ago" rows: unchanged
    public void Below_the_at_risk_threshold_recency_drops_to_the_long_ago_rows(int r, int f, int m, double alive, RfmSegment expected)
    {
        Assert.That(RfmScoring.SegmentGivenProbabilityAlive(r, f, m, alive, atRiskBelow: 0.5), Is.EqualTo(expected));
    }

    [Test]
    public void A_customer_the_model_thinks_alive_keeps_the_rfm_segment()
    {
        Assert.That(RfmScoring.SegmentGivenProbabilityAlive(3, 4, 4, probabilityAlive: 0.8, atRiskBelow: 0.5), Is.EqualTo(RfmSegment.Loyal));
    }
}
