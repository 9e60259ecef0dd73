using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>Expected values are exact identities or were computed with mpmath at 30 digits.</summary>
public class SpecialFunctionsTests
{
    [TestCase(0.5, 0.57236494292470009)] // ln √π
    [TestCase(1.0, 0.0)]
    [TestCase(2.0, 0.0)]
    [TestCase(5.0, 3.1780538303479458)] // ln 24
    [TestCase(0.1, 2.252712651734206)]
    [TestCase(3.7, 1.4280723266653879)]
    [TestCase(100.0, 359.1342053695754)]
    [TestCase(1000.5, 5908.6741758486775)]
    [TestCase(1e-5, 11.512919692895826)]
    public void Log_gamma_matches_known_values(double x, double expected)
    {
        Assert.That(SpecialFunctions.LogGamma(x), Is.EqualTo(expected).Within(1e-13 * Math.Max(1, Math.Abs(expected))));
    }

    [Test]
    public void Log_abs_gamma_handles_negative_arguments_and_poles()
    {
        // Γ(−0.5) = −2√π
        Assert.That(SpecialFunctions.LogAbsGamma(-0.5, out var sign), Is.EqualTo(Math.Log(2 * Math.Sqrt(Math.PI))).Within(1e-14));
        Assert.That(sign, Is.EqualTo(-1));
        // Γ(−1.5) = 4√π / 3
        Assert.That(SpecialFunctions.LogAbsGamma(-1.5, out sign), Is.EqualTo(Math.Log(4 * Math.Sqrt(Math.PI) / 3)).Within(1e-14));
        Assert.That(sign, Is.EqualTo(1));
        Assert.That(SpecialFunctions.LogAbsGamma(-2, out sign), Is.EqualTo(double.PositiveInfinity));
        Assert.That(sign, Is.EqualTo(0));
    }

    [TestCase(0.5, -1.9635100260214235)]
    [TestCase(1.0, -0.57721566490153286)]
    [TestCase(2.0, 0.42278433509846714)]
    [TestCase(0.1, -10.423754940411077)]
    [TestCase(3.7, 1.1671535393615114)]
    [TestCase(100.0, 4.6001618527380874)]
    [TestCase(-0.5, 0.036489973978576521)]
    public void Digamma_matches_known_values(double x, double expected)
    {
        Assert.That(SpecialFunctions.Digamma(x), Is.EqualTo(expected).Within(1e-13 * Math.Max(1, Math.Abs(expected))));
    }

    [TestCase(1, 1, 2, 0.5, 1.3862943611198906)] // −ln(1−z)/z: series
    [TestCase(1, 1, 2, 0.99, 4.6516870565536276)] // near 1 with c − a − b an integer
    [TestCase(1, 1, 2, -0.5, 0.81093021621632876)] // negative z (Pfaff)
    [TestCase(0.5, 0.5, 1.5, 0.95, 1.3802311542699661)] // arcsin(√z)/√z, near 1
    [TestCase(0.243, 2.426, 2.219, 0.9, 1.9476311698186014)] // CDNOW-like parameters
    [TestCase(2.5, 3.2, 1.1, 0.97, 39009743.24601471)] // c − a − b < 0: diverges towards 1
    [TestCase(-0.45, -0.207, 12.3, 0.999, 1.0076986741051601)]
    [TestCase(3, 4, 7, 0.8, 9.8943993027754675)] // c − a − b = 0 exactly
    [TestCase(3, 4, 7.0015, 0.8, 9.8873709973310631)] // c − a − b just outside the near-integer window
    [TestCase(3, 4, 7.0009, 0.8, 9.8901812836853334)] // … and just inside it
    [TestCase(1, 1, 2.0005, 0.9, 2.5575127097749725)]
    [TestCase(1, 1, 3, 0.999, 1.9881588189210589)]
    [TestCase(1.5, 2.5, 0.5, -3, -0.0859375)]
    [TestCase(0.3, -0.2, 2.1, 0.85, 0.97049219092919059)]
    [TestCase(-3, 2, 5, 0.95, 0.30351428571428571)] // a polynomial
    public void Hypergeometric_2f1_matches_known_values(double a, double b, double c, double z, double expected)
    {
        Assert.That(SpecialFunctions.Hyp2F1(a, b, c, z), Is.EqualTo(expected).Within(1e-9 * Math.Abs(expected)));
    }

    [Test]
    public void Hypergeometric_2f1_with_c_equal_b_is_a_power()
    {
        Assert.That(SpecialFunctions.Hyp2F1(1.7, 2.3, 2.3, 0.9), Is.EqualTo(Math.Pow(0.1, -1.7)).Within(1e-9 * Math.Pow(0.1, -1.7)));
    }

    [Test]
    public void Hypergeometric_2f1_is_continuous_across_the_switch_to_the_1_minus_z_form()
    {
        var below = SpecialFunctions.Hyp2F1(0.7, 1.9, 3.4, 0.75);
        var above = SpecialFunctions.Hyp2F1(0.7, 1.9, 3.4, 0.75 + 1e-12);

        Assert.That(above, Is.EqualTo(below).Within(1e-10 * below));
    }

    [Test]
    public void Hypergeometric_2f1_rejects_z_of_one_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.Hyp2F1(1, 1, 2, 1));
    }
}
