using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>
/// Data whose likelihood has its maximum at infinity (every customer with the same drop-out probability, every customer
/// with the same mean spend): unbounded, the fits walked the ridge until "did not converge" (minutes on a million
/// customers); now they end on the parameter box and keep what the data do identify.
/// </summary>
public class BoundaryFitTests
{
    private static readonly IReadOnlyList<CustomerSummary> SameDropOutAndSpend =
        // Drop-out ~ Beta(3e4, 7e4), i.e. 0.3 for everyone; mean spend p / ν with ν ~ Gamma(1e5, 1/1e6), i.e. 4 / 0.1 = 40 for everyone.
        new SimulatedCustomers(seed: 17).Draw(20_000, r: 0.5, alpha: 10, a: 3e4, b: 7e4, p: 4, q: 1e5, v: 1e6);

    [Test]
    public void Bgnbd_fit_converges_when_every_customer_has_the_same_drop_out_probability()
    {
        var model = BgNbdModel.Fit(SameDropOutAndSpend);

        Assert.That(model.A / (model.A + model.B), Is.EqualTo(0.3).Within(0.03), "the mean drop-out probability stays identified");
        Assert.That(model.A, Is.GreaterThan(100), "no heterogeneity: a and b run to the box");
        Assert.That(model.R / model.Alpha, Is.EqualTo(0.5 / 10).Within(0.005), "the mean purchase rate stays identified");
        Assert.That((model.Diagnostics!.Converged, model.Diagnostics.AtBoundary), Is.EqualTo((true, true)), "converged, on the box's edge");
    }

    [Test]
    public void Gamma_gamma_fit_converges_when_every_customer_has_the_same_mean_spend()
    {
        var model = GammaGammaModel.Fit(SameDropOutAndSpend);

        Assert.That(model.P * model.V / (model.Q - 1), Is.EqualTo(40).Within(2), "the population mean spend stays identified");
        Assert.That(model.Q, Is.GreaterThan(100), "no heterogeneity: q and v run to the box");
        Assert.That((model.Diagnostics!.Converged, model.Diagnostics.AtBoundary), Is.EqualTo((true, true)), "converged, on the box's edge");
    }
}
