using System.Globalization;
using static Retention.Core.Analytics.SpecialFunctions;

namespace Retention.Core.Analytics;

/// <summary>
/// A fitted BG/NBD ("beta-geometric / negative binomial distribution") model of how many purchases customers make
/// and when they drop out: P. S. Fader, B. G. S. Hardie &amp; K. L. Lee (2005), "'Counting Your Customers' the Easy
/// Way: An Alternative to the Pareto/NBD Model", <em>Marketing Science</em> 24(2), 275–284. Immutable: fit once with
/// <see cref="Fit(IEnumerable{CustomerSummary})"/>, then ask. Modelled on the <c>BetaGeoFitter</c> of the Python
/// <c>lifetimes</c> library. Times are in the unit the summaries were built in.
/// </summary>
/// <remarks>
/// The model: while active, a customer buys at rate λ (a Poisson process), λ ~ Gamma(r, α) across customers; after
/// each purchase they drop out with probability p, p ~ Beta(a, b) across customers. With x repeat purchases, the last
/// at t_x, observed for T (paper equations 6, 9, 10, 13):
/// <code>
/// L(r, α, a, b | x, t_x, T) = Γ(r+x) α^r / (Γ(r) (α+T)^(r+x)) · B(a, b+x) / B(a, b)
///                            + δ(x&gt;0) Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)) · B(a+1, b+x−1) / B(a, b)
/// E[X(t)]              = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]
/// E[Y(t) | x, t_x, T]  = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
///                        / (1 + δ(x&gt;0) a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
/// P(alive | x, t_x, T) = 1 / (1 + δ(x&gt;0) a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
/// </code>
/// The expectations are evaluated after Euler's transformation ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z),
/// which turns (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) into (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z): equal in
/// value, but free of the huge factors that cancel for frequent buyers. The formulas need a ≠ 1 (a fit lands on
/// exactly 1 with probability zero).
/// </remarks>
public sealed class BgNbdModel
{
    private static readonly string[] Names = ["r", "alpha", "a", "b"];

    private BgNbdModel(double r, double alpha, double a, double b, double logLikelihood, long customers, double[]? standardErrors = null,
        FitDiagnostics? diagnostics = null)
    {
        Diagnostics = diagnostics;
        Estimates = ParameterEstimate.Of(Names, [r, alpha, a, b], standardErrors);
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
        LogLikelihood = logLikelihood;
        Customers = customers;
    }

    /// <summary>r: shape of the gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>α: scale of the gamma distribution of purchase rates (in the time unit of the data).</summary>
    public double Alpha { get; }

    /// <summary>a: first shape parameter of the beta distribution of drop-out probabilities.</summary>
    public double A { get; }

    /// <summary>b: second shape parameter of the beta distribution of drop-out probabilities.</summary>
    public double B { get; }

    /// <summary>The log-likelihood of the data the model was fitted on (NaN for a model made from stored parameters).</summary>
    public double LogLikelihood { get; }

    /// <summary>Customers the model was fitted on (0 for a model made from stored parameters).</summary>
    public long Customers { get; }

    /// <summary>r, α, a, b with their standard errors and 95 % intervals (lifetimes' <c>summary</c>); errors null for stored parameters.</summary>
    public IReadOnlyList<ParameterEstimate> Estimates { get; }

    /// <summary>How the fit's search ended (converged, on the box's edge, gradient norm); null for stored parameters.</summary>
    public FitDiagnostics? Diagnostics { get; }

    /// <summary>A model with known parameters, e.g. read back from a stored snapshot or taken from a paper.</summary>
    public static BgNbdModel FromParameters(double r, double alpha, double a, double b, double logLikelihood = double.NaN, long customers = 0)
    {
        foreach (var (name, value) in new[] { ("r", r), ("alpha", alpha), ("a", a), ("b", b) })
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(name, value, "BG/NBD parameters must be positive and finite.");
        return new BgNbdModel(r, alpha, a, b, logLikelihood, customers);
    }

    /// <summary>
    /// Fits r, α, a, b by maximum likelihood. Identical summaries are grouped first. A search that stops at its
    /// iteration limit or on the parameter box's edge still returns its point, and says so in <see cref="Diagnostics"/>.
    /// </summary>
    /// <exception cref="ModelFitException">No customers, no repeat purchase, or no finite likelihood anywhere the search went.</exception>
    public static BgNbdModel Fit(IEnumerable<CustomerSummary> customers) => Fit(CustomerSummaryGroup.From(customers));

    /// <summary>Fits r, α, a, b by maximum likelihood on grouped summaries (each group weighted by its customers).</summary>
    /// <inheritdoc cref="Fit(IEnumerable{CustomerSummary})"/>
    public static BgNbdModel Fit(IEnumerable<CustomerSummaryGroup> groups) => Fit(groups, Minimizer.MaxIterations);

    /// <summary>The fit with another iteration limit per BFGS run (tests force a fit to stop unconverged with it).</summary>
    internal static BgNbdModel Fit(IEnumerable<CustomerSummaryGroup> groups, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = groups.ToList();
        var likelihood = new Likelihood(list);
        if (likelihood.Customers == 0)
            throw new ModelFitException("There are no customers to fit the BG/NBD model on.");
        if (likelihood.RepeatCustomers == 0)
            throw new ModelFitException("No customer made a repeat purchase, so the BG/NBD model cannot be fitted.");

        var logMeanAge = Math.Log(Math.Max(likelihood.MeanAge, 1e-3));
        var starts = new[]
        {
            new[] { 0.0, 0.0, 0.0, 0.0 }, // r = α = a = b = 1, as lifetimes starts
            new[] { Math.Log(0.5), logMeanAge - Math.Log(4), Math.Log(0.5), Math.Log(2) },
            new[] { Math.Log(2), logMeanAge, Math.Log(2), Math.Log(8) },
        };
        var sample = LogSpaceFit.WarmUpSample(list.Count);
        Objective? warmUp = sample is null ? null : new Likelihood(sample.Select(i => list[i]).ToList()).MeanNegativeLogLikelihood;
        // The search runs over φ = (ln r, ln α, ln a − ln b, ln a + ln b): when the data show no heterogeneity in
        // drop-out, the maximum lies at a, b → ∞ with a / (a + b) fixed, a ridge along one φ axis that the box ends
        // (a and b each within a factor 10⁶ of 1, ln a + ln b within twice that; α within 10⁶ of the mean age).
        var axes = new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 0.5, 0.5 }, { 0, 0, -0.5, 0.5 } };
        var range = LogSpaceFit.LogRange;
        var box = new[] { (-range, range), (logMeanAge - range, logMeanAge + range), (-range, range), (-2 * range, 2 * range) };
        var best = LogSpaceFit.Minimize(likelihood.MeanNegativeLogLikelihood, warmUp, starts, "BG/NBD", box, axes, maxIterations);
        var p = best.Point.Select(Math.Exp).ToArray();
        if (!p.All(v => v > 0 && double.IsFinite(v)))
            throw new ModelFitException("The BG/NBD fit ran off to degenerate parameters.");
        var errors = LogSpaceFit.StandardErrors(likelihood.MeanNegativeLogLikelihood, best.Point, likelihood.Customers, box, axes);
        return new BgNbdModel(p[0], p[1], p[2], p[3], -best.Value * likelihood.Customers, likelihood.Customers, errors,
            LogSpaceFit.Diagnose(likelihood.MeanNegativeLogLikelihood, best, box, axes));
    }

    /// <summary>The mean negative log-likelihood over θ = (ln r, ln α, ln a, ln b) that <see cref="Fit(IEnumerable{CustomerSummaryGroup})"/> minimises.</summary>
    internal static Objective MeanNegativeLogLikelihood(IEnumerable<CustomerSummaryGroup> groups) => new Likelihood(groups.ToList()).MeanNegativeLogLikelihood;

    /// <summary>
    /// E[X(t)]: expected purchases in a period of length <paramref name="t"/> by a customer who has just made their first
    /// purchase (paper eq. 9).
    /// </summary>
    public double ExpectedPurchases(double t)
    {
        RequireNonNegative(t, nameof(t));
        if (t == 0)
            return 0;
        return ExpectedRepeatPurchases(t, 0, Alpha);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T]: expected purchases in the next <paramref name="t"/> by a customer with this history
    /// (paper eq. 10; <c>conditional_expected_number_of_purchases_up_to_time</c> in lifetimes).
    /// </summary>
    public double ConditionalExpectedPurchases(double t, int frequency, double recency, double age)
    {
        RequireNonNegative(t, nameof(t));
        new CustomerSummary(frequency, recency, age).Validate();
        if (t == 0)
            return 0;
        return ExpectedRepeatPurchases(t, frequency, Alpha + age) * ProbabilityAlive(frequency, recency, age);
    }

    /// <inheritdoc cref="ConditionalExpectedPurchases(double, int, double, double)"/>
    public double ConditionalExpectedPurchases(double t, CustomerSummary customer) =>
        ConditionalExpectedPurchases(t, customer.Frequency, customer.Recency, customer.Age);

    /// <summary>
    /// P(Y(t) ≥ 1 | x, t_x, T): the probability that a customer with this history buys at least once in the next
    /// <paramref name="t"/>. In the BG/NBD model drop-out happens only right after a purchase, so an alive customer
    /// cannot leave before their next purchase: P = P(alive) · (1 − ((α + T) / (α + T + t))^(r + x)), the second factor
    /// being the chance of a first event of a Poisson process whose rate has the posterior Gamma(r + x, α + T).
    /// </summary>
    public double ProbabilityOfPurchaseWithin(double t, CustomerSummary customer)
    {
        RequireNonNegative(t, nameof(t));
        customer.Validate();
        if (t == 0)
            return 0;
        var none = Math.Exp((R + customer.Frequency) * Math.Log((Alpha + customer.Age) / (Alpha + customer.Age + t)));
        return ProbabilityAlive(customer) * (1 - none);
    }

    /// <summary>
    /// P(alive | x, t_x, T): the probability that a customer with this history has not dropped out (paper eq. 13).
    /// Always 1 for a customer without repeat purchases: in the BG/NBD model drop-out happens only right after a purchase.
    /// </summary>
    public double ProbabilityAlive(int frequency, double recency, double age)
    {
        new CustomerSummary(frequency, recency, age).Validate();
        if (frequency == 0)
            return 1;
        var logRatio = (R + frequency) * Math.Log((Alpha + age) / (Alpha + recency)) + Math.Log(A / (B + frequency - 1));
        return 1 / (1 + Math.Exp(logRatio));
    }

    /// <inheritdoc cref="ProbabilityAlive(int, double, double)"/>
    public double ProbabilityAlive(CustomerSummary customer) => ProbabilityAlive(customer.Frequency, customer.Recency, customer.Age);

    /// <summary>ln L(r, α, a, b | x, t_x, T) of one customer (paper eq. 6).</summary>
    public double LogLikelihoodOf(CustomerSummary customer)
    {
        customer.Validate();
        var x = customer.Frequency;
        var common = LogGamma(R + x) - LogGamma(R) + R * Math.Log(Alpha)
                     + LogGamma(A + B) + LogGamma(B + x) - LogGamma(B) - LogGamma(A + B + x);
        var a3 = -(R + x) * Math.Log(Alpha + customer.Age);
        if (x == 0)
            return common + a3;
        var a4 = Math.Log(A) - Math.Log(B + x - 1) - (R + x) * Math.Log(Alpha + customer.Recency);
        return common + LogAddExp(a3, a4);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BG/NBD fitted on {Customers} customers: r = {R:F3}, alpha = {Alpha:F3}, a = {A:F3}, b = {B:F3}, log-likelihood = {LogLikelihood:F1}");

    /// <summary>
    /// (a+b+x−1)/(a−1) · [1 − (scale/(scale+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(scale+t))], evaluated after Euler's
    /// transformation (see the remarks on the class).
    /// </summary>
    /// <remarks>
    /// The closed form fails where a fit without drop-out evidence lands on huge a and b (the series' terms overflow
    /// before they shrink) and at a = 1 (a division by zero). There the same expectation is integrated instead
    /// (<see cref="ExpectedRepeatPurchasesByIntegration"/>); the closed form stays first because it is exact and fast.
    /// </remarks>
    private double ExpectedRepeatPurchases(double t, int x, double scale)
    {
        var z = t / (scale + t);
        var c = A + B + x - 1;
        try
        {
            var tail = Math.Pow(1 - z, A - 1) * Hyp2F1(A + B - 1 - R, A - 1, c, z);
            var closedForm = c / (A - 1) * (1 - tail);
            if (double.IsFinite(closedForm) && closedForm >= 0)
                return closedForm;
        }
        catch (ArithmeticException)
        {
        }
        return ExpectedRepeatPurchasesByIntegration(t, x, scale);
    }

    /// <summary>
    /// The same expectation as an integral: a customer alive now, with purchase rate λ ~ Gamma(r+x, scale) and drop-out
    /// probability p ~ Beta(a, b+x) after x repeat purchases, makes (1 − e^(−λpt)) / p purchases in t on average
    /// (paper eq. 7), so E = ∫ (1 − (scale/(scale+p·t))^(r+x)) / p · Beta(p; a, b+x) dp.
    /// </summary>
    /// <remarks>
    /// In u = logit p the beta density becomes p^a (1−p)^(b+x) / B, log-concave with its peak at u* = ln(a/(b+x)) and
    /// width about √(1/a + 1/(b+x)); the integrand decays exponentially on both sides and is analytic in a strip of
    /// half-width π around the real axis, so the trapezoidal rule converges geometrically (error ≈ e^(−2π²/h)). The
    /// step is a quarter of the width (at most ½), halved until two successive sums agree to 1e-13. The density is
    /// normalised by the same sum, so no beta function of huge arguments is formed. Works for any a &gt; 0, b &gt; 0.
    /// </remarks>
    private double ExpectedRepeatPurchasesByIntegration(double t, int x, double scale)
    {
        var a = A;
        var b = B + x;
        var k = R + x;
        var rate = t / scale;
        var center = Math.Log(a / b);
        double LogDensity(double u) => -a * LogOnePlusExp(-u) - b * LogOnePlusExp(u);
        double Spend(double u)
        {
            var p = 1 / (1 + Math.Exp(-u));
            var y = k * LogOnePlus(p * rate);
            return -ExpMinusOne(-y) / p;
        }
        var peak = LogDensity(center);

        // The trapezoid sums over u = center + i·h: every i (parity 0), or odd i only (the midpoints added when h is
        // halved), outwards from the peak until the terms fall below 1e-18 of the sum (log-concave: they only shrink).
        (double Weighted, double Total) Sum(double h, int parity)
        {
            double weighted = 0, total = 0;
            if (parity == 0)
                (weighted, total) = (Spend(center), 1);
            foreach (var direction in new[] { 1, -1 })
            {
                for (var i = 1; ; i += 1 + parity)
                {
                    var u = center + direction * i * h;
                    var w = Math.Exp(LogDensity(u) - peak);
                    weighted += w * Spend(u);
                    total += w;
                    if (w < 1e-18 * total)
                        break;
                }
            }
            return (weighted, total);
        }

        var step = Math.Min(0.5, Math.Sqrt(1 / a + 1 / b) / 4);
        var (sumWeighted, sumTotal) = Sum(step, 0);
        var estimate = sumWeighted / sumTotal;
        for (var refinement = 0; refinement < 6; refinement++)
        {
            // Halving the step adds the midpoints only (odd multiples of the new step).
            step /= 2;
            var (midWeighted, midTotal) = Sum(step, 1);
            sumWeighted += midWeighted;
            sumTotal += midTotal;
            var refined = sumWeighted / sumTotal;
            var converged = Math.Abs(refined - estimate) <= 1e-13 * Math.Abs(refined);
            estimate = refined;
            if (converged)
                break;
        }
        return estimate;
    }

    /// <summary>ln(1 + eᵛ) without overflow.</summary>
    private static double LogOnePlusExp(double v) => v > 0 ? v + LogOnePlus(Math.Exp(-v)) : LogOnePlus(Math.Exp(v));

    /// <summary>ln(1 + v), accurate for small v (Goldberg's trick; .NET's double.LogP1 is ln(1 + v) as written).</summary>
    private static double LogOnePlus(double v)
    {
        var u = 1 + v;
        return u == 1 ? v : Math.Log(u) * v / (u - 1);
    }

    /// <summary>eᵛ − 1, accurate for small v (Kahan's trick).</summary>
    private static double ExpMinusOne(double v)
    {
        var u = Math.Exp(v);
        if (u == 1)
            return v;
        if (u - 1 == -1)
            return -1;
        return (u - 1) * v / Math.Log(u);
    }

    private static double LogAddExp(double u, double v)
    {
        var max = Math.Max(u, v);
        return max + Math.Log(1 + Math.Exp(-Math.Abs(u - v)));
    }

    private static void RequireNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite non-negative time.");
    }

    /// <summary>
    /// The mean negative log-likelihood over grouped customers and its gradient in log-parameters. Terms that
    /// depend only on x (the log-gammas and digammas) are computed once per distinct x, and ln(α+T), ln(α+t_x) once
    /// per distinct T and t_x, so one evaluation costs a few arithmetic operations, one exp and one log per group.
    /// </summary>
    private sealed class Likelihood
    {
        private readonly int[] _frequencies;
        private readonly double[] _ages;
        private readonly double[] _recencies;
        private readonly int[] _xIndex;
        private readonly int[] _ageIndex;
        private readonly int[] _recencyIndex;
        private readonly double[] _weights;

        public Likelihood(IReadOnlyList<CustomerSummaryGroup> groups)
        {
            var frequencies = new Dictionary<int, int>();
            var ages = new Dictionary<double, int>();
            var recencies = new Dictionary<double, int>();
            _xIndex = new int[groups.Count];
            _ageIndex = new int[groups.Count];
            _recencyIndex = new int[groups.Count];
            _weights = new double[groups.Count];
            double ageSum = 0;
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                new CustomerSummary(g.Frequency, g.Recency, g.Age).Validate();
                if (g.Customers <= 0)
                    throw new ArgumentException("Every group must count at least one customer.", nameof(groups));
                _xIndex[i] = IndexOf(frequencies, g.Frequency);
                _ageIndex[i] = IndexOf(ages, g.Age);
                _recencyIndex[i] = IndexOf(recencies, g.Recency);
                _weights[i] = g.Customers;
                Customers += g.Customers;
                if (g.Frequency > 0)
                    RepeatCustomers += g.Customers;
                ageSum += g.Age * g.Customers;
            }
            _frequencies = Ordered(frequencies);
            _ages = Ordered(ages);
            _recencies = Ordered(recencies);
            MeanAge = Customers == 0 ? 0 : ageSum / Customers;
        }

        public long Customers { get; }

        public long RepeatCustomers { get; }

        public double MeanAge { get; }

        public double MeanNegativeLogLikelihood(double[] theta, double[]? gradient)
        {
            var r = Math.Exp(theta[0]);
            var alpha = Math.Exp(theta[1]);
            var a = Math.Exp(theta[2]);
            var b = Math.Exp(theta[3]);
            if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || double.IsInfinity(r + alpha + a + b))
                return double.PositiveInfinity;

            var nx = _frequencies.Length;
            var common = new double[nx];
            var logBx = new double[nx];
            var dCommonDr = new double[nx];
            var dCommonDa = new double[nx];
            var dCommonDb = new double[nx];
            var lgR = LogGamma(r);
            var lgB = LogGamma(b);
            var lgAb = LogGamma(a + b);
            var logAlpha = Math.Log(alpha);
            var psiR = Digamma(r);
            var psiB = Digamma(b);
            var psiAb = Digamma(a + b);
            for (var k = 0; k < nx; k++)
            {
                var x = _frequencies[k];
                common[k] = LogGamma(r + x) - lgR + r * logAlpha + lgAb + LogGamma(b + x) - lgB - LogGamma(a + b + x);
                logBx[k] = x > 0 ? Math.Log(b + x - 1) : 0;
                if (gradient is null)
                    continue;
                var psiAbx = Digamma(a + b + x);
                dCommonDr[k] = Digamma(r + x) - psiR + logAlpha;
                dCommonDa[k] = psiAb - psiAbx;
                dCommonDb[k] = psiAb + Digamma(b + x) - psiB - psiAbx;
            }
            var logAlphaT = new double[_ages.Length];
            for (var k = 0; k < _ages.Length; k++)
                logAlphaT[k] = Math.Log(alpha + _ages[k]);
            var logAlphaTx = new double[_recencies.Length];
            for (var k = 0; k < _recencies.Length; k++)
                logAlphaTx[k] = Math.Log(alpha + _recencies[k]);
            var logA = Math.Log(a);

            double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
            for (var i = 0; i < _weights.Length; i++)
            {
                var k = _xIndex[i];
                var x = _frequencies[k];
                var w = _weights[i];
                var rx = r + x;
                var lt = logAlphaT[_ageIndex[i]];
                var a3 = -rx * lt;
                if (x == 0)
                {
                    ll += w * (common[k] + a3);
                    if (gradient is not null)
                    {
                        gr += w * (dCommonDr[k] - lt);
                        gAlpha += w * (r / alpha - rx / (alpha + _ages[_ageIndex[i]]));
                        ga += w * dCommonDa[k];
                        gb += w * dCommonDb[k];
                    }
                    continue;
                }
                var ltx = logAlphaTx[_recencyIndex[i]];
                var a4 = logA - logBx[k] - rx * ltx;
                var d = a4 - a3;
                double lse, share; // share: the weight of the "dropped out at t_x" term in the sum
                if (d > 0)
                {
                    var e = Math.Exp(-d);
                    lse = a4 + Math.Log(1 + e);
                    share = 1 / (1 + e);
                }
                else
                {
                    var e = Math.Exp(d);
                    lse = a3 + Math.Log(1 + e);
                    share = e / (1 + e);
                }
                ll += w * (common[k] + lse);
                if (gradient is not null)
                {
                    gr += w * (dCommonDr[k] - (1 - share) * lt - share * ltx);
                    gAlpha += w * (r / alpha - (1 - share) * rx / (alpha + _ages[_ageIndex[i]]) - share * rx / (alpha + _recencies[_recencyIndex[i]]));
                    ga += w * (dCommonDa[k] + share / a);
                    gb += w * (dCommonDb[k] - share / (b + x - 1));
                }
            }
            var n = (double)Customers;
            if (gradient is not null)
            {
                gradient[0] = -r * gr / n;
                gradient[1] = -alpha * gAlpha / n;
                gradient[2] = -a * ga / n;
                gradient[3] = -b * gb / n;
            }
            var value = -ll / n;
            return double.IsNaN(value) ? double.PositiveInfinity : value;
        }

        private static int IndexOf<T>(Dictionary<T, int> index, T value)
            where T : notnull
        {
            if (!index.TryGetValue(value, out var i))
            {
                i = index.Count;
                index[value] = i;
            }
            return i;
        }

        private static T[] Ordered<T>(Dictionary<T, int> index)
            where T : notnull
        {
            var values = new T[index.Count];
            foreach (var (value, i) in index)
                values[i] = value;
            return values;
        }
    }
}
