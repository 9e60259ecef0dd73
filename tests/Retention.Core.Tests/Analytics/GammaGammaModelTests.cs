using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

public class GammaGammaModelTests
{
    private static readonly Lazy<GammaGammaModel> CdnowFit = new(() => GammaGammaModel.Fit(Cdnow.SummaryWithSpend.Select(c => c.Summary)));

    [Test]
    public void Gamma_gamma_fit_on_cdnow_repeat_buyers_gives_the_documented_parameters()
    {
        var model = CdnowFit.Value;
        TestContext.Out.WriteLine(FormattableString.Invariant($"p={model.P:R} q={model.Q:R} v={model.V:R} ll={model.LogLikelihood:R} corr={model.FrequencySpendCorrelation:R}"));

        Assert.Multiple(() =>
        {
            Assert.That(model.Customers, Is.EqualTo(946));
            Assert.That(Math.Round(model.P, 2), Is.EqualTo(6.25));
            Assert.That(Math.Round(model.Q, 2), Is.EqualTo(3.74));
            Assert.That(Math.Round(model.V, 2), Is.EqualTo(15.45)); // lifetimes prints 15.45; Fader & Hardie's note 15.44
            Assert.That(Math.Round(model.LogLikelihood, 1), Is.EqualTo(-4055.9));
        });
    }

    /// <summary>Fader &amp; Hardie's CDNOW parameters; oracle values computed with mpmath.</summary>
    private static readonly GammaGammaModel Note = GammaGammaModel.FromParameters(6.25, 3.74, 15.44);

    [Test]
    public void Expected_spend_is_a_weighted_mean_of_the_population_mean_and_the_customers_own()
    {
        Assert.That(Note.PopulationMeanSpend, Is.EqualTo(35.218978102189781).Within(1e-12));
        Assert.That(Note.ConditionalExpectedAverageSpend(2, 22.35), Is.EqualTo(24.663713910761155).Within(1e-12));
    }

    [Test]
    public void Customer_without_repeat_purchases_is_expected_to_spend_the_population_mean()
    {
        Assert.That(Note.ConditionalExpectedAverageSpend(0, 0), Is.EqualTo(Note.PopulationMeanSpend));
    }

    [Test]
    public void Frequent_buyers_expected_spend_approaches_their_own_mean()
    {
        Assert.That(Note.ConditionalExpectedAverageSpend(1000, 50), Is.EqualTo(50).Within(0.01));
    }

    [Test]
    public void Clv_sums_discounted_monthly_purchases_times_expected_spend()
    {
        var purchases = BgNbdModel.FromParameters(0.243, 4.414, 0.793, 2.426);

        var repeatBuyer = Note.CustomerLifetimeValue(purchases, new CustomerSummary(2, 30.43, 38.86, 22.35), 12, 0.01, TimeUnit.Week);
        var oneTimeBuyer = Note.CustomerLifetimeValue(purchases, new CustomerSummary(0, 0, 38.86), 12, 0.01, TimeUnit.Week);

        Assert.That(repeatBuyer, Is.EqualTo(36.289211125599216).Within(1e-8));
        Assert.That(oneTimeBuyer, Is.EqualTo(8.3690043589204615).Within(1e-8));
    }

    [Test]
    public void Clv_without_discount_is_expected_purchases_times_expected_spend()
    {
        var purchases = BgNbdModel.FromParameters(0.243, 4.414, 0.793, 2.426);
        var customer = new CustomerSummary(2, 30.43, 38.86, 22.35);

        var clv = Note.CustomerLifetimeValue(purchases, customer, 12, 0, TimeUnit.Week);

        var expected = purchases.ConditionalExpectedPurchases(12 * 4.345, customer) * Note.ConditionalExpectedAverageSpend(customer);
        Assert.That(clv, Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void Fit_log_likelihood_is_the_sum_of_the_customers_log_likelihoods()
    {
        var model = CdnowFit.Value;

        var sum = Cdnow.SummaryWithSpend.Where(c => c.Summary.Frequency > 0).Sum(c => model.LogLikelihoodOf(c.Summary.Frequency, c.Summary.MonetaryValue));

        Assert.That(sum, Is.EqualTo(model.LogLikelihood).Within(1e-6));
    }

    [Test]
    public void Fit_needs_repeat_buyers_with_spend()
    {
        Assert.Throws<ModelFitException>(() => GammaGammaModel.Fit(new[] { new CustomerSummary(0, 0, 10), new CustomerSummary(1, 3, 10, 0) }));
    }

    [Test]
    public void Model_without_finite_mean_spend_refuses_to_predict_spend()
    {
        var model = GammaGammaModel.FromParameters(2, 0.8, 10);

        Assert.Throws<InvalidOperationException>(() => model.ConditionalExpectedAverageSpend(3, 20));
    }
}
