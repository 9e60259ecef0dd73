using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>
/// E[Y(t) | x, t_x, T] where the ₂F₁ series cannot be summed: a calibration fit that finds almost no drop-out lands on
/// huge a and b (the likelihood's ridge), and the series' terms overflow long before they shrink. The model then
/// integrates over the drop-out probability instead. Every expectation here is checked against an independent
/// numerical integration written in this file (Simpson's rule over p), which is itself checked against the closed form
/// at the paper's CDNOW parameters.
/// </summary>
public class ConditionalExpectationRobustnessTests
{
    private static readonly BgNbdModel Cdnow = BgNbdModel.FromParameters(0.243, 4.414, 0.793, 2.426);

    /// <summary>Drop-out probability concentrated at 0.2 (sd ≈ 0.0004): what the demo store's calibration fit produced.</summary>
    private static readonly BgNbdModel NoDropOutEvidence = BgNbdModel.FromParameters(0.404, 87.3, 2.0e5, 8.0e5);

    [Test]
    public void The_2F1_series_overflows_at_parameters_from_a_fit_without_drop_out_evidence()
    {
        var (r, a, b, x, age, t) = (NoDropOutEvidence.R, NoDropOutEvidence.A, NoDropOutEvidence.B, 3, 52.0, 34.7);
        var z = t / (NoDropOutEvidence.Alpha + age + t);

        Assert.That(() => SpecialFunctions.Hyp2F1(a + b - 1 - r, a - 1, a + b + x - 1, z), Throws.InstanceOf<ArithmeticException>(),
            "the case the closed form cannot evaluate");
    }

    [TestCase(34.7, 3, 40.0, 52.0)]
    [TestCase(34.7, 0, 0.0, 30.0)]
    [TestCase(10.0, 12, 80.0, 81.0)]
    [TestCase(100.0, 1, 2.0, 90.0)]
    public void Conditional_expectation_without_drop_out_evidence_is_finite_and_matches_direct_integration(double t, int x, double tx, double age)
    {
        var expected = DirectConditionalExpectation(NoDropOutEvidence, t, x, tx, age);

        var actual = NoDropOutEvidence.ConditionalExpectedPurchases(t, x, tx, age);

        Assert.That(actual, Is.EqualTo(expected).Within(1e-8 * expected));
    }

    [Test]
    public void Unconditional_expectation_without_drop_out_evidence_matches_direct_integration()
    {
        Assert.That(NoDropOutEvidence.ExpectedPurchases(39), Is.EqualTo(DirectConditionalExpectation(NoDropOutEvidence, 39, 0, 0, 0)).Within(1e-8));
    }

    [TestCase(39.0, 2, 30.43, 38.86)]
    [TestCase(39.0, 0, 0.0, 38.86)]
    [TestCase(39.0, 7, 35.0, 36.0)]
    [TestCase(10.0, 1, 5.0, 20.0)]
    public void The_independent_integration_reproduces_the_closed_form_at_the_CDNOW_parameters(double t, int x, double tx, double age)
    {
        var closedForm = Cdnow.ConditionalExpectedPurchases(t, x, tx, age);

        Assert.That(DirectConditionalExpectation(Cdnow, t, x, tx, age), Is.EqualTo(closedForm).Within(1e-7 * closedForm));
    }

    [Test]
    public void Drop_out_shape_a_of_exactly_one_where_the_closed_form_divides_by_zero_gives_the_limit_from_both_sides()
    {
        var atOne = BgNbdModel.FromParameters(0.3, 5, 1.0, 3).ConditionalExpectedPurchases(20, 2, 10, 30);
        var below = BgNbdModel.FromParameters(0.3, 5, 1.0 - 1e-6, 3).ConditionalExpectedPurchases(20, 2, 10, 30);
        var above = BgNbdModel.FromParameters(0.3, 5, 1.0 + 1e-6, 3).ConditionalExpectedPurchases(20, 2, 10, 30);

        Assert.That(double.IsFinite(atOne), Is.True);
        Assert.That(atOne, Is.EqualTo((below + above) / 2).Within(1e-6 * atOne));
    }

    [Test]
    public void Holdout_report_of_a_model_without_drop_out_evidence_is_finite()
    {
        var customers = new[]
        {
            new CalibrationHoldoutSummary(new CustomerSummary(0, 0, 30), 1),
            new CalibrationHoldoutSummary(new CustomerSummary(3, 40, 52), 2),
            new CalibrationHoldoutSummary(new CustomerSummary(12, 80, 81), 9),
        };

        var report = HoldoutEvaluation.Evaluate(NoDropOutEvidence, customers, holdoutLength: 34.7);

        var expected = customers.Sum(c => DirectConditionalExpectation(NoDropOutEvidence, 34.7, c.Calibration.Frequency, c.Calibration.Recency, c.Calibration.Age));
        Assert.That(report.PredictedPurchases, Is.EqualTo(expected).Within(1e-8 * expected));
        Assert.That(double.IsFinite(report.RootMeanSquaredError), Is.True);
    }

    /// <summary>
    /// P(alive) · E over p ~ Beta(a, b + x) of (1 − ((α+T)/(α+T+p·t))^(r+x)) / p — the expected purchases of a customer
    /// alive at T with rate λ ~ Gamma(r+x, α+T) who drops out after each purchase with probability p (the paper's
    /// eq. 7 averaged over the posterior) — by Simpson's rule. The beta density is normalised by the same rule, so no
    /// beta function is needed; with a &lt; 1 the substitution p = y^(1/a) removes the singularity at 0.
    /// </summary>
    private static double DirectConditionalExpectation(BgNbdModel m, double t, int x, double tx, double age)
    {
        var (a, b, k, scale) = (m.A, m.B + x, m.R + x, m.Alpha + age);
        double Spend(double p) => (1 - Math.Pow(1 + p * t / scale, -k)) / p;
        double expectation;
        if (a < 1)
        {
            // ∫ p^(a−1) (1−p)^(b−1) g(p) dp = (1/a) ∫ (1 − y^(1/a))^(b−1) g(y^(1/a)) dy
            double Weight(double y) => Math.Pow(1 - Math.Pow(y, 1 / a), b - 1);
            double Value(double y) => y == 0 ? k * t / scale : Spend(Math.Pow(y, 1 / a));
            expectation = Simpson(y => Weight(y) * Value(y), 0, 1, 400_000) / Simpson(Weight, 0, 1, 400_000);
        }
        else
        {
            var mean = a / (a + b);
            var sd = Math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
            var (lo, hi) = (Math.Max(1e-300, mean - 40 * sd), Math.Min(1 - 1e-16, mean + 40 * sd));
            var mode = (a - 1) / (a + b - 2);
            var logAtMode = (a - 1) * Math.Log(mode) + (b - 1) * Math.Log(1 - mode);
            double Weight(double p) => Math.Exp((a - 1) * Math.Log(p) + (b - 1) * Math.Log(1 - p) - logAtMode);
            expectation = Simpson(p => Weight(p) * Spend(p), lo, hi, 400_000) / Simpson(Weight, lo, hi, 400_000);
        }
        var alive = x == 0 ? 1 : m.ProbabilityAlive(x, tx, age);
        return alive * expectation;
    }

    private static double Simpson(Func<double, double> f, double lo, double hi, int intervals)
    {
        var h = (hi - lo) / intervals;
        var sum = f(lo) + f(hi);
        for (var i = 1; i < intervals; i++)
            sum += f(lo + i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
