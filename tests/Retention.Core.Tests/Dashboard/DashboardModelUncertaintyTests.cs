using System.Text.Json;
using Retention.Core.Analytics;
using Retention.Core.Dashboard;
using Retention.Core.Tests.Analytics;

namespace Retention.Core.Tests.Dashboard;

/// <summary>The model report's parameters carry their standard errors and intervals into the dashboard's JSON; none is ever NaN.</summary>
public class DashboardModelUncertaintyTests
{
    [Test]
    public void A_fitted_models_estimates_reach_the_json_with_their_standard_errors_and_intervals()
    {
        var model = BgNbdModel.Fit(Cdnow.Summary.Select(c => c.Summary));

        var json = JsonSerializer.Serialize(new DashboardBgNbd(model.R, model.Alpha, model.A, model.B, model.LogLikelihood, model.Estimates),
            DashboardSnapshot.JsonOptions);

        var r = JsonDocument.Parse(json).RootElement.GetProperty("estimates")[0];
        Assert.That(r.GetProperty("name").GetString(), Is.EqualTo("r"));
        Assert.That(r.GetProperty("standardError").GetDouble(), Is.EqualTo(0.012557).Within(1).Percent);
        Assert.That(r.GetProperty("lower95").GetDouble(), Is.EqualTo(0.217981).Within(0.5).Percent);
        Assert.That(r.GetProperty("upper95").GetDouble(), Is.EqualTo(0.267205).Within(0.5).Percent);
        var back = JsonSerializer.Deserialize<DashboardBgNbd>(json, DashboardSnapshot.JsonOptions)!;
        Assert.That(back.Estimates, Is.EqualTo(model.Estimates));
    }

    [Test]
    public void A_fits_convergence_boundary_and_gradient_reach_the_json_beside_its_estimates()
    {
        var model = BgNbdModel.Fit(Cdnow.Summary.Select(c => c.Summary));

        var json = JsonSerializer.Serialize(new DashboardBgNbd(model.R, model.Alpha, model.A, model.B, model.LogLikelihood, model.Estimates, model.Diagnostics),
            DashboardSnapshot.JsonOptions);

        var fit = JsonDocument.Parse(json).RootElement.GetProperty("fit");
        Assert.That(fit.GetProperty("converged").GetBoolean(), Is.True);
        Assert.That(fit.GetProperty("atBoundary").GetBoolean(), Is.False);
        Assert.That(fit.GetProperty("gradientNorm").GetDouble(), Is.EqualTo(model.Diagnostics!.GradientNorm));
        Assert.That(JsonSerializer.Deserialize<DashboardBgNbd>(json, DashboardSnapshot.JsonOptions)!.Fit, Is.EqualTo(model.Diagnostics));
    }

    [Test]
    public void Estimates_without_standard_errors_are_null_in_the_json_never_nan()
    {
        var stored = GammaGammaModel.FromParameters(6.25, 3.74, 15.44);

        var json = JsonSerializer.Serialize(new DashboardGammaGamma(stored.P, stored.Q, stored.V, stored.Estimates), DashboardSnapshot.JsonOptions);

        Assert.That(json, Does.Not.Contain("NaN"));
        var p = JsonDocument.Parse(json).RootElement.GetProperty("estimates")[0];
        Assert.That(p.GetProperty("standardError").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(p.GetProperty("lower95").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
