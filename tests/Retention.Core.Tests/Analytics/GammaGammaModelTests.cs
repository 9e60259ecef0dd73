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
            Assert.That(model.V, Is.EqualTo(15.44).Within(0.02));
        });
    }
}
