using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

public class ParameterRecoveryTests
{
    private static readonly Lazy<IReadOnlyList<CustomerSummary>> Customers = new(() =>
        new SimulatedCustomers(seed: 20050101).Draw(100_000, r: 0.5, alpha: 20, a: 0.8, b: 2.5, p: 6, q: 3.7, v: 15));

    [Test]
    public void Bgnbd_fit_recovers_the_parameters_of_simulated_customers_in_days()
    {
        var groups = CustomerSummaryGroup.From(Customers.Value);

        var model = BgNbdModel.Fit(groups);

        TestContext.Out.WriteLine($"{groups.Count} groups; {model}");
        Assert.That(groups.Count, Is.GreaterThan(2 * LogSpaceFitWarmUpGroups), "large enough to take the subsample warm-up path");
        Assert.That(model.R, Is.EqualTo(0.5).Within(0.05));
        Assert.That(model.Alpha, Is.EqualTo(20).Within(2.5));
        Assert.That(model.A, Is.EqualTo(0.8).Within(0.1));
        Assert.That(model.B, Is.EqualTo(2.5).Within(0.35));
    }

    [Test]
    public void Gamma_gamma_fit_recovers_the_parameters_of_simulated_spend()
    {
        var model = GammaGammaModel.Fit(Customers.Value);

        TestContext.Out.WriteLine(model);
        Assert.That(model.P, Is.EqualTo(6).Within(0.4));
        Assert.That(model.Q, Is.EqualTo(3.7).Within(0.3));
        Assert.That(model.V, Is.EqualTo(15).Within(1.5));
        Assert.That(Math.Abs(model.FrequencySpendCorrelation), Is.LessThan(0.1), "spend was drawn independently of frequency");
    }

    private const int LogSpaceFitWarmUpGroups = 20_000;
}
