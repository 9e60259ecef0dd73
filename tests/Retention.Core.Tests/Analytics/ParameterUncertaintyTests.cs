using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>
/// Standard errors and 95 % intervals next to the estimates, as the Python lifetimes library reports them (inverse Hessian
/// of the negative log-likelihood at the optimum, over log-parameters, then the delta method). lifetimes takes its
/// Hessian by automatic differentiation, ours by differences of the analytic gradient; the optimum itself differs in the
/// last digits, so the errors agree to well within 1 %.
/// </summary>
public class ParameterUncertaintyTests
{
    private static readonly Lazy<BgNbdModel> BgNbd = new(() => BgNbdModel.Fit(Cdnow.Summary.Select(c => c.Summary)));
    private static readonly Lazy<GammaGammaModel> GammaGamma = new(() => GammaGammaModel.Fit(Cdnow.SummaryWithSpend.Select(c => c.Summary)));

    private static void AssertEstimates(IReadOnlyList<ParameterEstimate> estimates, params (string Name, double Value, double Error)[] expected)
    {
        foreach (var e in estimates)
            TestContext.Out.WriteLine(FormattableString.Invariant($"{e.Name} {e.Value:F6} se {e.StandardError:F6} [{e.Lower95:F6}, {e.Upper95:F6}]"));
        Assert.That(estimates.Select(e => e.Name), Is.EqualTo(expected.Select(e => e.Name)));
        Assert.Multiple(() =>
        {
            foreach (var (estimate, (name, value, error)) in estimates.Zip(expected))
            {
                Assert.That(estimate.Value, Is.EqualTo(value).Within(0.5).Percent, name);
                Assert.That(estimate.StandardError, Is.EqualTo(error).Within(1).Percent, name + " standard error");
                Assert.That(estimate.Lower95, Is.EqualTo(estimate.Value - 1.96 * estimate.StandardError!.Value).Within(1e-12), name);
                Assert.That(estimate.Upper95, Is.EqualTo(estimate.Value + 1.96 * estimate.StandardError!.Value).Within(1e-12), name);
            }
        });
    }

    [Test]
    public void Bgnbd_on_cdnow_reports_the_standard_errors_lifetimes_prints()
    {
        // lifetimes' Quickstart, bgf.summary on cdnow_customers_summary (weeks).
        AssertEstimates(BgNbd.Value.Estimates, ("r", 0.242593, 0.012557), ("alpha", 4.413532, 0.378221), ("a", 0.792886, 0.185719), ("b", 2.425752, 0.705345));
    }

    [Test]
    public void Gamma_gamma_on_cdnows_946_returning_customers_reports_the_standard_errors_lifetimes_prints()
    {
        AssertEstimates(GammaGamma.Value.Estimates, ("p", 6.248802, 1.189687), ("q", 3.744588, 0.290166), ("v", 15.447748, 4.159994));
    }

    [Test]
    public void Stored_parameters_have_no_standard_errors()
    {
        var model = BgNbdModel.FromParameters(0.24, 4.4, 0.79, 2.4);

        Assert.That(model.Estimates.Select(e => e.Value), Is.EqualTo(new[] { 0.24, 4.4, 0.79, 2.4 }));
        Assert.That(model.Estimates.Select(e => (e.StandardError, e.Lower95, e.Upper95)), Is.All.EqualTo(((double?)null, (double?)null, (double?)null)));
    }

    [Test]
    public void A_fit_on_the_edge_of_the_parameter_space_reports_no_standard_errors_rather_than_nonsense()
    {
        // Every customer has the same drop-out probability and the same mean spend: a, b and q, v run to the box (BoundaryFitTests).
        var customers = new SimulatedCustomers(seed: 17).Draw(20_000, r: 0.5, alpha: 10, a: 3e4, b: 7e4, p: 4, q: 1e5, v: 1e6);

        var bgnbd = BgNbdModel.Fit(customers);
        var spend = GammaGammaModel.Fit(customers);

        Assert.That(bgnbd.Estimates.Select(e => e.StandardError), Is.All.Null);
        Assert.That(spend.Estimates.Select(e => e.StandardError), Is.All.Null);
    }

    [Test]
    public void The_hessian_from_the_analytic_gradient_matches_one_from_function_values_alone()
    {
        var bgnbd = BgNbdModel.MeanNegativeLogLikelihood(CustomerSummaryGroup.From(Cdnow.Summary.Select(c => c.Summary)));
        var model = BgNbd.Value;
        AssertHessiansAgree(bgnbd, [Math.Log(model.R), Math.Log(model.Alpha), Math.Log(model.A), Math.Log(model.B)]);

        var spend = GammaGammaModel.MeanNegativeLogLikelihood(Cdnow.SummaryWithSpend.Select(c => c.Summary).Where(c => c.Frequency > 0)
            .GroupBy(c => (c.Frequency, c.MonetaryValue)).Select(g => new KeyValuePair<(int, double), long>(g.Key, g.Count())));
        var fitted = GammaGamma.Value;
        AssertHessiansAgree(spend, [Math.Log(fitted.P), Math.Log(fitted.Q), Math.Log(fitted.V)]);
        // And away from the optimum, where the gradient is not zero.
        AssertHessiansAgree(spend, [Math.Log(2), Math.Log(5), Math.Log(30)]);
    }

    private static void AssertHessiansAgree(Objective objective, double[] x)
    {
        var fromGradient = LogSpaceFit.Hessian(objective, x)!;
        var n = x.Length;
        const double h = 1e-4;
        double F(int i, int si, int j, int sj)
        {
            var at = (double[])x.Clone();
            at[i] += si * h;
            at[j] += sj * h;
            return objective(at, null);
        }
        Assert.Multiple(() =>
        {
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    var fromValues = (F(i, 1, j, 1) - F(i, 1, j, -1) - F(i, -1, j, 1) + F(i, -1, j, -1)) / (4 * h * h);
                    Assert.That(fromGradient[i, j], Is.EqualTo(fromValues).Within(1e-4 + 1e-3 * Math.Abs(fromValues)), $"H[{i},{j}]");
                }
        });
    }
}
