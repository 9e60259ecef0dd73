using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public class LiftStatisticsTests
{
    [Test]
    public void Wilson_interval_of_five_in_ten_matches_the_hand_computation()
    {
        // p = 0.5; centre = (p + z²/2n)/(1 + z²/n) = 0.5; half = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²) = 1.4160101·0.1860206 = 0.2634070.
        var interval = WorkflowStatistics.Wilson(5, 10)!;

        Assert.That(interval.Estimate, Is.EqualTo(0.5));
        Assert.That(interval.Low, Is.EqualTo(0.236593).Within(1e-6));
        Assert.That(interval.High, Is.EqualTo(0.763407).Within(1e-6));
    }

    [Test]
    public void Wilson_interval_stays_inside_zero_and_one_at_the_edges()
    {
        var none = WorkflowStatistics.Wilson(0, 20)!;
        var all = WorkflowStatistics.Wilson(20, 20)!;

        Assert.That((none.Low, all.High), Is.EqualTo((0.0, 1.0)));
        Assert.That(none.High, Is.EqualTo(0.161125).Within(1e-6));
        Assert.That(WorkflowStatistics.Wilson(0, 0), Is.Null);
    }

    [Test]
    public void Newcombe_difference_reproduces_the_published_example()
    {
        // Newcombe (1998), Statistics in Medicine 17:873–890, table II, example (a): 56/70 − 48/80, method 10: 0.0524 to 0.3339.
        var difference = WorkflowStatistics.DifferenceOfProportions(56, 70, 48, 80)!;

        Assert.That(difference.Estimate, Is.EqualTo(0.2).Within(1e-12));
        Assert.That(difference.Low, Is.EqualTo(0.0524).Within(1e-4));
        Assert.That(difference.High, Is.EqualTo(0.3339).Within(1e-4));
    }

    [Test]
    public void Difference_of_proportions_needs_both_groups()
    {
        Assert.That(WorkflowStatistics.DifferenceOfProportions(3, 10, 0, 0), Is.Null);
    }

    [Test]
    public void Mean_and_variance_come_from_sums_and_sums_of_squares()
    {
        // {1, 2, 3, 4}: sum 10, sum of squares 30 → mean 2.5, variance (30 − 4·2.5²)/3 = 5/3.
        var (mean, variance) = WorkflowStatistics.MeanAndVariance(4, 10, 30);

        Assert.That(mean, Is.EqualTo(2.5));
        Assert.That(variance, Is.EqualTo(5.0 / 3).Within(1e-12));
    }

    [Test]
    public void Welch_interval_matches_the_hand_computation()
    {
        // Sent: n 50, mean 10, variance 4 → sum 500, Σx² = 4·49 + 50·100 = 5196.
        // Control: n 40, mean 8, variance 9 → sum 320, Σx² = 9·39 + 40·64 = 2911.
        // se² = 4/50 + 9/40 = 0.305; df = 0.305² / (0.08²/49 + 0.225²/39) = 65.11; t(65.11) = 1.9971; half-width 1.1029.
        var difference = WorkflowStatistics.DifferenceOfMeans(50, 500, 5196, 40, 320, 2911)!;

        Assert.That(difference.Estimate, Is.EqualTo(2.0).Within(1e-12));
        Assert.That(difference.Low, Is.EqualTo(0.8971).Within(5e-4));
        Assert.That(difference.High, Is.EqualTo(3.1029).Within(5e-4));
    }

    [Test]
    public void Welch_interval_with_few_degrees_of_freedom_errs_wide()
    {
        // {1,2,3,4} vs {2,4,6}: d = −1.5, se = √1.75, df = 3.23 → t taken at 3 df (3.1824) rather than at 3.23 (≈ 3.10).
        var difference = WorkflowStatistics.DifferenceOfMeans(4, 10, 30, 3, 12, 56)!;

        Assert.That(difference.Estimate, Is.EqualTo(-1.5).Within(1e-12));
        Assert.That(difference.High - difference.Estimate, Is.EqualTo(3.182446 * Math.Sqrt(1.75)).Within(1e-5));
    }

    [Test]
    public void Welch_interval_needs_two_in_each_group_and_collapses_without_variance()
    {
        Assert.That(WorkflowStatistics.DifferenceOfMeans(1, 5, 25, 10, 10, 10), Is.Null);
        var flat = WorkflowStatistics.DifferenceOfMeans(3, 6, 12, 2, 2, 2)!;
        Assert.That((flat.Estimate, flat.Low, flat.High), Is.EqualTo((1.0, 1.0, 1.0)));
    }

    [TestCase(1, 12.7062)]
    [TestCase(4, 2.7764)]
    [TestCase(5, 2.5706)]
    [TestCase(10, 2.2281)]
    [TestCase(30, 2.0423)]
    [TestCase(120, 1.9799)]
    public void Student_t_quantile_matches_the_tables(double df, double expected)
    {
        Assert.That(WorkflowStatistics.StudentT975(df), Is.EqualTo(expected).Within(3e-4));
    }

    [Test]
    public void Student_t_quantile_refuses_nonsense_degrees_of_freedom()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkflowStatistics.StudentT975(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkflowStatistics.StudentT975(double.NaN));
    }

    [Test]
    public void Nps_is_promoters_minus_detractors_in_percent()
    {
        // 20 answers: 10 promoters (9–10), 5 passives (7–8), 5 detractors (0–6) → 50 % − 25 % = 25.
        var counts = new Dictionary<int, int> { [10] = 5, [9] = 5, [8] = 4, [7] = 1, [6] = 3, [0] = 2 };

        Assert.That(WorkflowStatistics.NetPromoterScore(counts), Is.EqualTo(25.0).Within(1e-12));
        Assert.That(WorkflowStatistics.NetPromoterScore(new Dictionary<int, int>()), Is.Null);
    }

    [Test]
    public void Csat_is_the_share_of_fours_and_fives()
    {
        var counts = new Dictionary<int, int> { [5] = 3, [4] = 3, [3] = 2, [1] = 2 };

        Assert.That(WorkflowStatistics.CustomerSatisfaction(counts), Is.EqualTo(0.6).Within(1e-12));
        Assert.That(WorkflowStatistics.CustomerSatisfaction(new Dictionary<int, int> { [3] = 0 }), Is.Null);
    }
}
