using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

public class BgNbdModelTests
{
    private static readonly Lazy<BgNbdModel> CdnowFit = new(() => BgNbdModel.Fit(Cdnow.Summary.Select(c => c.Summary)));

    [Test]
    public void Bgnbd_fit_on_cdnow_reproduces_the_published_parameters()
    {
        var model = CdnowFit.Value;
        TestContext.Out.WriteLine(FormattableString.Invariant($"r={model.R:R} alpha={model.Alpha:R} a={model.A:R} b={model.B:R} ll={model.LogLikelihood:R}"));

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
}
