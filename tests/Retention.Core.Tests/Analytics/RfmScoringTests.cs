using Retention.Core.Analytics;
using Retention.Core.Common;

namespace Retention.Core.Tests.Analytics;

public class RfmScoringTests
{
    private static RfmCustomer Customer(int id, int days, int purchases, decimal revenue) => new(new CustomerId(id), days, purchases, revenue);

    [Test]
    public void Five_distinct_customers_get_one_score_each_from_1_to_5()
    {
        var customers = Enumerable.Range(1, 5).Select(i => Customer(i, days: 100 - 10 * i, purchases: i, revenue: 10m * i)).ToList();

        var report = RfmScoring.Score(customers);

        // Frequency is banded (4–5 purchases score 4), so five purchases score F4; FM = (4 + 5) / 2 still rounds to 5.
        Assert.That(report.Customers.Select(c => c.Code), Is.EqualTo(new[] { "111", "222", "333", "444", "545" }));
        Assert.That(report.Customers.Select(c => c.Segment), Is.EqualTo(new[]
        {
            RfmSegment.Lost, RfmSegment.Hibernating, RfmSegment.NeedAttention, RfmSegment.Loyal, RfmSegment.Champions,
        }));
    }

    [Test]
    public void Ten_distinct_values_fill_each_quintile_with_two()
    {
        Assert.That(RfmScoring.Quintiles(Enumerable.Range(1, 10).Select(i => (long)i).ToList()), Is.EqualTo(new[] { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 }));
    }

    [Test]
    public void A_single_customer_scores_the_middle_on_the_ranked_dimensions_and_their_purchase_count_on_frequency()
    {
        var report = RfmScoring.Score(new[] { Customer(7, 3, 1, 20m) });

        Assert.That(report.Customers.Single().Code, Is.EqualTo("313"));
        Assert.That(report.Customers.Single().Segment, Is.EqualTo(RfmSegment.AboutToSleep));
        Assert.That(report.Segments.Single(s => s.Segment == RfmSegment.AboutToSleep), Is.EqualTo(new RfmSegmentSummary(RfmSegment.AboutToSleep, "About to sleep", 1, 1.0, 20m)));
    }

    [Test]
    public void Customers_who_are_all_alike_share_the_middle_score_and_the_band_of_their_purchase_count()
    {
        var report = RfmScoring.Score(Enumerable.Range(1, 8).Select(i => Customer(i, 30, 2, 50m)));

        Assert.That(report.Customers.Select(c => c.Code).Distinct(), Is.EqualTo(new[] { "323" }));
    }

    [Test]
    public void Tied_customers_always_share_a_score_whatever_the_input_order()
    {
        // 6 one-time buyers and 4 repeat buyers: the one-time buyers' tie spans quintiles 1–3 and takes its middle.
        var frequencies = new long[] { 1, 1, 1, 1, 1, 1, 2, 3, 3, 9 };

        var scores = RfmScoring.Quintiles(frequencies);
        var reversed = RfmScoring.Quintiles(frequencies.Reverse().ToList());

        Assert.That(scores, Is.EqualTo(new[] { 2, 2, 2, 2, 2, 2, 4, 5, 5, 5 }));
        Assert.That(reversed.Reverse(), Is.EqualTo(scores));
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 3)]
    [TestCase(4, 4)]
    [TestCase(5, 4)]
    [TestCase(6, 5)]
    [TestCase(40, 5)]
    public void Frequency_scores_come_from_fixed_purchase_count_bands(int purchases, int expected)
    {
        Assert.That(RfmScoring.FrequencyScore(purchases), Is.EqualTo(expected));
    }

    [Test]
    public void Fewer_days_since_the_last_purchase_is_a_better_recency_score()
    {
        var report = RfmScoring.Score(new[] { Customer(1, 300, 1, 1m), Customer(2, 1, 1, 1m), Customer(3, 40, 1, 1m) });

        Assert.That(report.Customers.Select(c => c.Recency), Is.EqualTo(new[] { 1, 5, 3 }));
    }

    [TestCase(5, 5, 5, RfmSegment.Champions)]
    [TestCase(5, 4, 3, RfmSegment.Champions)] // FM = 3.5 rounds up to 4
    [TestCase(4, 5, 5, RfmSegment.Loyal)]
    [TestCase(3, 4, 4, RfmSegment.Loyal)]
    [TestCase(5, 3, 3, RfmSegment.PotentialLoyalist)]
    [TestCase(4, 2, 2, RfmSegment.PotentialLoyalist)]
    [TestCase(5, 1, 1, RfmSegment.New)]
    [TestCase(4, 1, 1, RfmSegment.Promising)]
    [TestCase(3, 3, 3, RfmSegment.NeedAttention)]
    [TestCase(3, 1, 2, RfmSegment.AboutToSleep)]
    [TestCase(2, 3, 4, RfmSegment.AtRisk)]
    [TestCase(1, 4, 4, RfmSegment.AtRisk)]
    [TestCase(1, 5, 5, RfmSegment.CantLoseThem)]
    [TestCase(2, 5, 4, RfmSegment.CantLoseThem)]
    [TestCase(2, 1, 1, RfmSegment.Hibernating)]
    [TestCase(1, 2, 2, RfmSegment.Hibernating)]
    [TestCase(1, 1, 1, RfmSegment.Lost)]
    public void Scores_map_to_segments_through_the_r_fm_grid(int r, int f, int m, RfmSegment expected)
    {
        Assert.That(RfmScoring.SegmentOf(r, f, m), Is.EqualTo(expected));
    }

    [Test]
    public void Every_score_triple_has_exactly_one_segment_and_every_segment_is_reachable()
    {
        var segments = new HashSet<RfmSegment>();
        for (var r = 1; r <= 5; r++)
            for (var f = 1; f <= 5; f++)
                for (var m = 1; m <= 5; m++)
                    segments.Add(RfmScoring.SegmentOf(r, f, m));

        Assert.That(segments, Is.EquivalentTo(Enum.GetValues<RfmSegment>()));
    }

    [Test]
    public void Segment_summary_has_all_eleven_segments_with_count_share_and_revenue()
    {
        var customers = Enumerable.Range(1, 5).Select(i => Customer(i, 100 - 10 * i, i, 10m * i)).ToList();

        var report = RfmScoring.Score(customers);

        Assert.That(report.Segments.Select(s => s.Segment), Is.EqualTo(Enum.GetValues<RfmSegment>()));
        Assert.That(report.Segments.Sum(s => s.Customers), Is.EqualTo(5));
        Assert.That(report.Segments.Sum(s => s.Share), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(report.Segments.Sum(s => s.Revenue), Is.EqualTo(150m));
        Assert.That(report.Segments.Single(s => s.Segment == RfmSegment.Champions), Is.EqualTo(new RfmSegmentSummary(RfmSegment.Champions, "Champions", 1, 0.2, 50m)));
        Assert.That(report.Segments.Single(s => s.Segment == RfmSegment.CantLoseThem).Name, Is.EqualTo("Can't lose them"));
    }

    [Test]
    public void No_customers_give_empty_segments()
    {
        var report = RfmScoring.Score(Array.Empty<RfmCustomer>());

        Assert.That(report.Customers, Is.Empty);
        Assert.That(report.Segments.All(s => s.Customers == 0 && s.Share == 0 && s.Revenue == 0), Is.True);
    }

    [Test]
    public void The_same_customer_twice_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => RfmScoring.Score(new[] { Customer(1, 1, 1, 1m), Customer(1, 2, 2, 2m) }));
    }

    [TestCase("Champions", RfmSegment.Champions)]
    [TestCase(" cantlosethem ", RfmSegment.CantLoseThem)]
    [TestCase("LOST", RfmSegment.Lost)]
    public void A_segment_is_read_from_its_name_whatever_the_case(string text, RfmSegment expected)
    {
        Assert.That(RfmScoring.TryParseSegment(text, out var segment), Is.True);
        Assert.That(segment, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("42")]
    [TestCase("-1")]
    [TestCase("Royalty")]
    [TestCase("Champions,Lost")]
    public void Numbers_unknown_names_and_lists_are_not_segments(string? text) =>
        Assert.That(RfmScoring.TryParseSegment(text, out _), Is.False);
}
