using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>
/// The fits say how their search ended (issue 16, "trustworthy model output"): converged or stopped at the iteration
/// limit, inside the parameter box or on its edge, and the gradient there, instead of returning the last point silently.
/// </summary>
public class FitDiagnosticsTests
{
    private static IReadOnlyList<CustomerSummary> CdnowSummaries => Cdnow.Summary.Select(c => c.Summary).ToList();

    [Test]
    public void Cdnow_bgnbd_fit_converges_inside_the_box_with_a_vanishing_gradient_and_keeps_the_published_estimates()
    {
        var model = BgNbdModel.Fit(CdnowSummaries);

        Assert.That(model.Diagnostics, Is.Not.Null);
        Assert.That(model.Diagnostics!.Converged, Is.True);
        Assert.That(model.Diagnostics.AtBoundary, Is.False);
        Assert.That(model.Diagnostics.GradientNorm, Is.LessThan(1e-5));
        Assert.That(model.Diagnostics.Warning("BG/NBD"), Is.Null);
        Assert.That((Math.Round(model.R, 3), Math.Round(model.Alpha, 3), Math.Round(model.A, 3), Math.Round(model.B, 3)), Is.EqualTo((0.243, 4.414, 0.793, 2.426)));
    }

    [Test]
    public void Cdnow_gamma_gamma_fit_converges_inside_the_box()
    {
        var model = GammaGammaModel.Fit(Cdnow.SummaryWithSpend.Select(c => c.Summary));

        Assert.That((model.Diagnostics!.Converged, model.Diagnostics.AtBoundary), Is.EqualTo((true, false)));
        Assert.That(model.Diagnostics.GradientNorm, Is.LessThan(1e-5));
    }

    [Test]
    public void A_bgnbd_fit_forced_to_its_iteration_limit_reports_that_it_did_not_converge_instead_of_failing_or_staying_silent()
    {
        var model = BgNbdModel.Fit(CustomerSummaryGroup.From(CdnowSummaries), maxIterations: 2);

        Assert.That(model.Diagnostics!.Converged, Is.False);
        Assert.That(model.Diagnostics.Warning("BG/NBD"), Does.Contain("did not converge").And.Contain("iteration limit"));
    }

    [Test]
    public void A_gamma_gamma_fit_forced_to_its_iteration_limit_reports_that_it_did_not_converge()
    {
        var model = GammaGammaModel.Fit(Cdnow.SummaryWithSpend.Select(c => c.Summary), maxIterations: 2);

        Assert.That(model.Diagnostics!.Converged, Is.False);
    }

    [Test]
    public void Nobody_looking_dropped_out_pushes_the_drop_out_to_zero_and_the_fit_reports_the_boundary()
    {
        // Every customer bought at the very end of the window: the likelihood rises as a / (a + b) → 0.
        var customers = Enumerable.Range(0, 200).Select(i => new CustomerSummary(1 + i % 5, 40, 40)).ToList();

        var model = BgNbdModel.Fit(customers);

        Assert.That(model.A / (model.A + model.B), Is.LessThan(1e-4));
        Assert.That(model.Diagnostics!.AtBoundary, Is.True);
        Assert.That(model.A, Is.LessThan(1e-5), "a → 0");
        Assert.That(model.Diagnostics.Warning("BG/NBD"), Does.Contain("edge of the parameter space"));
    }

    [Test]
    public void Stored_parameters_have_no_diagnostics()
    {
        Assert.That(BgNbdModel.FromParameters(0.243, 4.414, 0.793, 2.426).Diagnostics, Is.Null);
        Assert.That(GammaGammaModel.FromParameters(6.25, 3.74, 15.44).Diagnostics, Is.Null);
    }
}
