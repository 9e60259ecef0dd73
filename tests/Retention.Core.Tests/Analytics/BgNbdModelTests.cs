using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

public class BgNbdModelTests
{
    /// <summary>The paper's estimates for CDNOW (weeks); the oracle values below were computed with mpmath from the
    /// untransformed formulas at these parameters.</summary>
    private static readonly BgNbdModel Paper = BgNbdModel.FromParameters(0.243, 4.414, 0.793, 2.426);

    private static readonly Lazy<BgNbdModel> CdnowFit = new(() => BgNbdModel.Fit(Cdnow.Summary.Select(c => c.Summary)));

    [Test]
    public void Bgnbd_fit_on_cdnow_reproduces_the_published_parameters()
    {
        var model = CdnowFit.Value;
        TestContext.Out.WriteLine(model);

        Assert.Multiple(() =>
        {
            Assert.That(model.Customers, Is.EqualTo(2357));
            Assert.That(Math.Round(model.R, 3), Is.EqualTo(0.243));
            Assert.That(Math.Round(model.Alpha, 3), Is.EqualTo(4.414));
            Assert.That(Math.Round(model.A, 3), Is.EqualTo(0.793));
            Assert.That(Math.Round(model.B, 3), Is.EqualTo(2.426));
            Assert.That(Math.Round(model.LogLikelihood, 1), Is.EqualTo(-9582.4));
        });
    }

    [Test]
    public void Fit_log_likelihood_is_the_sum_of_the_customers_log_likelihoods()
    {
        var model = CdnowFit.Value;

        var sum = Cdnow.Summary.Sum(c => model.LogLikelihoodOf(c.Summary));

        Assert.That(sum, Is.EqualTo(model.LogLikelihood).Within(1e-6));
    }

    [Test]
    public void Fitting_grouped_summaries_gives_the_same_model_as_fitting_each_customer()
    {
        var customers = Cdnow.Summary.Select(c => c.Summary).ToList();
        var grouped = customers
            .GroupBy(c => (c.Frequency, c.Recency, c.Age))
            .Select(g => new CustomerSummaryGroup(g.Key.Frequency, g.Key.Recency, g.Key.Age, g.Count()))
            .ToList();

        var model = BgNbdModel.Fit(grouped);

        Assert.That(grouped.Count, Is.LessThan(customers.Count));
        Assert.That(model.R, Is.EqualTo(CdnowFit.Value.R).Within(1e-6));
        Assert.That(model.LogLikelihood, Is.EqualTo(CdnowFit.Value.LogLikelihood).Within(1e-6));
    }

    [Test]
    public void Customer_without_repeat_purchases_is_alive_with_probability_one()
    {
        Assert.That(Paper.ProbabilityAlive(0, 0, 38.86), Is.EqualTo(1));
        Assert.That(Paper.ProbabilityAlive(0, 0, 1000), Is.EqualTo(1));
    }

    [TestCase(2, 30.43, 38.86, 0.72657857008067291)]
    [TestCase(1, 1.71, 38.86, 0.21210098537737908)]
    [TestCase(10, 35, 38.86, 0.8469414075242529)]
    [TestCase(7, 10, 38.86, 0.0036866171342439906)]
    public void Probability_alive_matches_the_papers_formula(int x, double tx, double age, double expected)
    {
        Assert.That(Paper.ProbabilityAlive(x, tx, age), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Probability_alive_is_one_for_a_customer_who_just_bought_and_falls_with_silence()
    {
        // x > 0, t_x = T: P = 1 / (1 + a / (b + x − 1)).
        Assert.That(Paper.ProbabilityAlive(3, 20, 20), Is.EqualTo(1 / (1 + 0.793 / (2.426 + 2))).Within(1e-14));
        Assert.That(Paper.ProbabilityAlive(3, 10, 20), Is.LessThan(Paper.ProbabilityAlive(3, 15, 20)));
    }

    [TestCase(1, 0.05326789117165828)]
    [TestCase(39, 1.1967231933208168)]
    [TestCase(78, 1.8605190579427685)]
    [TestCase(520, 4.9746178618496597)]
    public void Expected_purchases_of_a_new_customer_match_the_papers_formula(double t, double expected)
    {
        Assert.That(Paper.ExpectedPurchases(t), Is.EqualTo(expected).Within(1e-10 * expected));
    }

    [Test]
    public void Expected_purchases_over_no_time_are_zero()
    {
        Assert.That(Paper.ExpectedPurchases(0), Is.EqualTo(0));
        Assert.That(Paper.ConditionalExpectedPurchases(0, 2, 30.43, 38.86), Is.EqualTo(0));
    }

    [TestCase(39, 2, 30.43, 38.86, 1.2260281747671444)] // the paper's worked example: 1.226
    [TestCase(39, 0, 0, 38.86, 0.19509805201126264)]
    [TestCase(39, 1, 1.71, 38.86, 0.20318698707975406)]
    [TestCase(39, 10, 35, 38.86, 6.1636380350169371)]
    [TestCase(39, 60, 38, 38.86, 39.948339450638172)] // a very frequent buyer: no overflow
    [TestCase(1000, 7, 20, 38.86, 5.3771152348249908)] // long horizon: 2F1 argument near 1
    [TestCase(39, 7, 10, 38.86, 0.019169951117219453)]
    public void Conditional_expected_purchases_match_the_papers_formula(double t, int x, double tx, double age, double expected)
    {
        Assert.That(Paper.ConditionalExpectedPurchases(t, x, tx, age), Is.EqualTo(expected).Within(1e-9 * expected));
    }

    [Test]
    public void Conditional_expectation_of_a_brand_new_customer_is_the_unconditional_one()
    {
        Assert.That(Paper.ConditionalExpectedPurchases(39, 0, 0, 0), Is.EqualTo(Paper.ExpectedPurchases(39)).Within(1e-12));
    }

    [Test]
    public void Fit_without_repeat_buyers_fails_with_a_clear_reason()
    {
        var customers = Enumerable.Range(1, 100).Select(i => new CustomerSummary(0, 0, i));

        var error = Assert.Throws<ModelFitException>(() => BgNbdModel.Fit(customers));

        Assert.That(error!.Message, Does.Contain("repeat purchase"));
    }

    [Test]
    public void Impossible_summary_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => BgNbdModel.Fit(new[] { new CustomerSummary(1, 5, 4) }));
        Assert.Throws<ArgumentException>(() => Paper.ProbabilityAlive(-1, 0, 4));
    }

    [Test]
    public void Parameters_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdModel.FromParameters(0, 1, 1, 1));
    }
}
