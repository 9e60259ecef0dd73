namespace Retention.Core.Analytics;

/// <summary>
/// The special functions the customer-base models need, written here so the engine has no numerics dependency:
/// log-gamma, digamma and the Gauss hypergeometric function ₂F₁ for real arguments.
/// </summary>
/// <remarks>
/// References: C. Lanczos (1964) and W. H. Press et al., <em>Numerical Recipes</em>, 3rd ed., §6.1 (log-gamma, g = 7,
/// n = 9 coefficients); M. Abramowitz &amp; I. A. Stegun, <em>Handbook of Mathematical Functions</em>, 6.3.18 (digamma
/// asymptotic series), 15.1.1 (₂F₁ series), 15.3.5 (Pfaff) and 15.3.6 (the z → 1 − z transformation).
/// </remarks>
public static class SpecialFunctions
{
    private const double LanczosG = 7.0;

    private static readonly double[] LanczosCoefficients =
    {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    };

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>ln Γ(x) for x &gt; 0 (relative error about 1e-15).</summary>
    /// <exception cref="ArgumentOutOfRangeException">x ≤ 0; use <see cref="LogAbsGamma"/> for negative arguments.</exception>
    public static double LogGamma(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (x <= 0)
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is defined here for x > 0.");
        if (double.IsPositiveInfinity(x))
            return double.PositiveInfinity;
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x); // reflection, sin(πx) > 0 here
        var y = x - 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
            sum += LanczosCoefficients[i] / (y + i);
        var t = y + LanczosG + 0.5;
        return HalfLogTwoPi + (y + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>
    /// ln |Γ(x)| and the sign of Γ(x) for any real x. At the poles (0, −1, −2, …) returns +∞ with sign 0, so that
    /// 1/Γ there is 0.
    /// </summary>
    public static double LogAbsGamma(double x, out int sign)
    {
        if (x > 0)
        {
            sign = 1;
            return LogGamma(x);
        }
        if (x == Math.Floor(x))
        {
            sign = 0;
            return double.PositiveInfinity;
        }
        // Γ(x) = π / (sin(πx) Γ(1 − x))
        var sin = SinPi(x);
        sign = sin > 0 ? 1 : -1;
        return Math.Log(Math.PI) - Math.Log(Math.Abs(sin)) - LogGamma(1 - x);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b &gt; 0.</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>The digamma function ψ(x) = d ln Γ(x) / dx, for any real x that is not 0, −1, −2, ….</summary>
    public static double Digamma(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (x <= 0)
        {
            if (x == Math.Floor(x))
                return double.NaN;
            // ψ(1 − x) − ψ(x) = π cot(πx)
            return Digamma(1 - x) - Math.PI / Math.Tan(Math.PI * x);
        }
        var result = 0.0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }
        var inv = 1 / x;
        var inv2 = inv * inv;
        result += Math.Log(x) - 0.5 * inv
                  - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
        return result;
    }

    /// <summary>
    /// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z &lt; 1.
    /// </summary>
    /// <remarks>
    /// 0 ≤ z ≤ 0.75: the defining series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ. z &gt; 0.75: the series converges slowly, so the
    /// function is rewritten around 1 − z (A&amp;S 15.3.6), whose two series converge fast; when c − a − b is within
    /// 1e-3 of an integer n that formula has cancelling poles, so it is evaluated at c − a − b = n ± 1e-3, n ± 2e-3
    /// and interpolated with a cubic (about 1e-10 relative error). z &lt; 0: Pfaff's transformation
    /// ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)) maps z into [0, 1).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">z ≥ 1, or c is 0, −1, −2, ….</exception>
    /// <exception cref="ArithmeticException">The series did not converge (only for extreme parameters).</exception>
    public static double Hyp2F1(double a, double b, double c, double z)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(z))
            return double.NaN;
        if (!(z < 1))
            throw new ArgumentOutOfRangeException(nameof(z), z, "Hyp2F1 is implemented for real z < 1.");
        if (c <= 0 && c == Math.Floor(c))
            throw new ArgumentOutOfRangeException(nameof(c), c, "c must not be 0 or a negative integer.");
        if (z == 0 || a == 0 || b == 0)
            return 1;
        if (z < 0)
            return Math.Pow(1 - z, -a) * Hyp2F1OnUnitInterval(a, c - b, c, z / (z - 1));
        return Hyp2F1OnUnitInterval(a, b, c, z);
    }

    private static double Hyp2F1OnUnitInterval(double a, double b, double c, double z)
    {
        if (z <= 0.75 || IsNonPositiveInteger(a) || IsNonPositiveInteger(b))
            return Hyp2F1Series(a, b, c, z);

        var s = c - a - b;
        var n = Math.Round(s);
        const double delta = 1e-3;
        if (Math.Abs(s - n) >= delta)
            return Hyp2F1AroundOne(a, b, c, z);

        // c − a − b is (nearly) an integer, where 15.3.6 has two cancelling poles. ₂F₁ is smooth in c, so evaluate it
        // where c − a − b = n ± δ, n ± 2δ (cancellation costs about 1e-10 there) and interpolate with the cubic
        // through those four points (error of order δ⁴).
        Span<double> nodes = stackalloc double[] { -2 * delta, -delta, delta, 2 * delta };
        Span<double> values = stackalloc double[4];
        for (var i = 0; i < 4; i++)
            values[i] = Hyp2F1AroundOne(a, b, c + (n + nodes[i] - s), z);
        var at = s - n;
        var result = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var basis = 1.0;
            for (var j = 0; j < 4; j++)
                if (j != i)
                    basis *= (at - nodes[j]) / (nodes[i] - nodes[j]);
            result += basis * values[i];
        }
        return result;
    }

    /// <summary>A&amp;S 15.3.6: ₂F₁(a,b;c;z) = A₁ ₂F₁(a,b;a+b−c+1;1−z) + (1−z)^(c−a−b) A₂ ₂F₁(c−a,c−b;c−a−b+1;1−z).</summary>
    private static double Hyp2F1AroundOne(double a, double b, double c, double z)
    {
        var w = 1 - z;
        var s = c - a - b;
        var logC = LogAbsGamma(c, out var signC);
        var first = GammaRatio(logC, signC, s, c - a, c - b);
        var second = GammaRatio(logC, signC, -s, a, b);
        var result = 0.0;
        if (first != 0)
            result += first * Hyp2F1Series(a, b, 1 - s, w);
        if (second != 0)
            result += second * Math.Pow(w, s) * Hyp2F1Series(c - a, c - b, 1 + s, w);
        return result;
    }

    /// <summary>Γ(c) Γ(numerator) / (Γ(d1) Γ(d2)), 0 when a denominator argument is a pole.</summary>
    private static double GammaRatio(double logGammaC, int signC, double numerator, double d1, double d2)
    {
        var logN = LogAbsGamma(numerator, out var signN);
        var log1 = LogAbsGamma(d1, out var sign1);
        var log2 = LogAbsGamma(d2, out var sign2);
        if (sign1 == 0 || sign2 == 0)
            return 0;
        return signC * signN * sign1 * sign2 * Math.Exp(logGammaC + logN - log1 - log2);
    }

    private static double Hyp2F1Series(double a, double b, double c, double z)
    {
        const int maxTerms = 1_000_000;
        var term = 1.0;
        var sum = 1.0;
        for (var n = 0; n < maxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0)
                return sum;
            // Stop once the term is negligible and the following terms shrink (ratio of the next term below 1).
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum)
                && Math.Abs((a + n + 1) * (b + n + 1) * z) < Math.Abs((c + n + 1) * (n + 2)))
                return sum;
            if (double.IsInfinity(sum) || double.IsNaN(sum))
                break;
        }
        throw new ArithmeticException(FormattableString.Invariant($"2F1({a}, {b}; {c}; {z}) series did not converge."));
    }

    private static bool IsNonPositiveInteger(double x) => x <= 0 && x == Math.Floor(x);

    /// <summary>sin(πx), with the argument reduced to [−½, ½] first so that it keeps its relative precision near
    /// the integers (where the reflection formula needs it most).</summary>
    private static double SinPi(double x)
    {
        var r = x - 2 * Math.Round(x / 2); // [−1, 1], exact
        if (r > 0.5)
            return Math.Sin(Math.PI * (1 - r));
        if (r < -0.5)
            return -Math.Sin(Math.PI * (1 + r));
        return Math.Sin(Math.PI * r);
    }
}
