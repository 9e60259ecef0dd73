namespace Retention.Core.Analytics;

/// <summary>
/// An objective to minimise: returns f(x) and, when <c>gradient</c> is not null, writes ∇f(x) into it.
/// Returns +∞ (or NaN) where f is undefined; the minimisers step back from such points.
/// </summary>
internal delegate double Objective(double[] x, double[]? gradient);

/// <summary>Where a minimisation stopped.</summary>
internal sealed record MinimizationResult(double[] Point, double Value, double GradientNorm, int Iterations, bool Converged);

/// <summary>
/// Unconstrained minimisers for the models' negative log-likelihoods: BFGS (Nocedal &amp; Wright, <em>Numerical
/// Optimization</em>, 2nd ed., algorithm 6.1, with a backtracking Armijo line search) and Nelder–Mead (Lagarias et
/// al. 1998 coefficients) as a derivative-free fallback. The models fit in log-parameter space, so every point is
/// admissible.
/// </summary>
internal static class Minimizer
{
    /// <summary>The iterations a BFGS run may take before it stops unconverged.</summary>
    public const int MaxIterations = 500;

    /// <summary>A gradient this small counts as zero once f has stopped changing (see <see cref="Bfgs"/>).</summary>
    private const double NoiseFloorGradient = 1e-6;

    /// <summary>The largest gradient component accepted once f has stopped moving (see <see cref="Bfgs"/>).</summary>
    private const double StalledGradient = 1e-4;

    /// <summary>
    /// Minimises <paramref name="f"/> from <paramref name="start"/> with BFGS; converged when every gradient component
    /// is below <paramref name="gradientTolerance"/>, or when f stops decreasing in its 15th significant digit with every
    /// gradient component below 1e-6 (the rounding-noise floor of a sum over a million customers). Steps are capped at
    /// <paramref name="maxStep"/> in every coordinate.
    /// </summary>
    public static MinimizationResult Bfgs(Objective f, double[] start, double gradientTolerance = 1e-9, int maxIterations = MaxIterations, double maxStep = 4)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var fx = f(x, g);
        if (!IsFinite(fx) || !g.All(double.IsFinite))
            return new MinimizationResult(x, double.PositiveInfinity, double.PositiveInfinity, 0, false);

        var h = Identity(n);
        var p = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[n];
        var y = new double[n];
        var hy = new double[n];
        var freshHessian = true;
        var iterations = 0;
        while (iterations < maxIterations)
        {
            if (MaxAbs(g) < gradientTolerance)
                return new MinimizationResult(x, fx, MaxAbs(g), iterations, true);
            iterations++;

            MultiplyNegated(h, g, p);
            var slope = Dot(g, p);
            if (!(slope < 0))
            {
                h = Identity(n);
                freshHessian = true;
                for (var i = 0; i < n; i++)
                    p[i] = -g[i];
                slope = Dot(g, p);
            }
            var longest = MaxAbs(p);
            if (longest > maxStep)
            {
                for (var i = 0; i < n; i++)
                    p[i] *= maxStep / longest;
                slope *= maxStep / longest;
            }

            // Backtracking line search: the Armijo condition f(x + αp) ≤ f(x) + 1e-4 α ∇f·p.
            var step = 1.0;
            var accepted = false;
            double fNew = double.NaN;
            for (var k = 0; k < 60; k++)
            {
                for (var i = 0; i < n; i++)
                    xNew[i] = x[i] + step * p[i];
                fNew = f(xNew, gNew);
                if (IsFinite(fNew) && gNew.All(double.IsFinite) && fNew <= fx + 1e-4 * step * slope)
                {
                    accepted = true;
                    break;
                }
                step *= IsFinite(fNew) ? Math.Max(0.1, Math.Min(0.5, -slope * step / (2 * (fNew - fx - slope * step)))) : 0.25;
            }
            if (!accepted)
            {
                if (freshHessian)
                    return new MinimizationResult(x, fx, MaxAbs(g), iterations, MaxAbs(g) < NoiseFloorGradient);
                h = Identity(n);
                freshHessian = true;
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            var sy = Dot(s, y);
            if (sy > 1e-14 * Math.Sqrt(Dot(s, s) * Dot(y, y)))
            {
                if (freshHessian)
                {
                    // Scale the first approximation to the curvature just seen (Nocedal & Wright eq. 6.20).
                    var scale = sy / Dot(y, y);
                    for (var i = 0; i < n; i++)
                        for (var j = 0; j < n; j++)
                            h[i, j] = i == j ? scale : 0;
                    freshHessian = false;
                }
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                var rho = 1 / sy;
                for (var i = 0; i < n; i++)
                {
                    hy[i] = 0;
                    for (var j = 0; j < n; j++)
                        hy[i] += h[i, j] * y[j];
                }
                var yhy = Dot(y, hy);
                for (var i = 0; i < n; i++)
                    for (var j = 0; j < n; j++)
                        h[i, j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }

            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            var decrease = fx - fNew;
            fx = fNew;
            // With many customers the gradient is a sum of many terms and cannot get below its rounding noise: accept
            // a point where f no longer moves in the 15th digit and the gradient is already small.
            // Stalled: a whole accepted step left f unchanged in its 15th digit. Once that happens, every later step
            // is accepted on equal values and the walk stays in place until the iteration limit (minutes on a
            // million customers); the gradient then reflects the accuracy of the special functions in the analytic
            // derivatives (about 1e-5 after the chain rule of the bounded reparametrisation), not a direction of descent.
            if (decrease <= 1e-15 * (1 + Math.Abs(fx)) && MaxAbs(g) < StalledGradient)
                return new MinimizationResult(x, fx, MaxAbs(g), iterations, true);
        }
        return new MinimizationResult(x, fx, MaxAbs(g), iterations, MaxAbs(g) < gradientTolerance);
    }

    /// <summary>Minimises <paramref name="f"/> without derivatives (Nelder–Mead simplex, restarted until it stays put).</summary>
    public static MinimizationResult NelderMead(Objective f, double[] start, double initialStep = 0.5, int maxEvaluations = 20_000, double tolerance = 1e-12)
    {
        var n = start.Length;
        var best = (double[])start.Clone();
        var bestValue = f(best, null);
        var evaluations = 1;
        for (var restart = 0; restart < 10 && evaluations < maxEvaluations; restart++)
        {
            var simplex = new double[n + 1][];
            var values = new double[n + 1];
            simplex[0] = (double[])best.Clone();
            values[0] = bestValue;
            for (var i = 0; i < n; i++)
            {
                simplex[i + 1] = (double[])best.Clone();
                simplex[i + 1][i] += initialStep;
                values[i + 1] = Safe(f(simplex[i + 1], null));
                evaluations++;
            }
            while (evaluations < maxEvaluations)
            {
                var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
                simplex = order.Select(i => simplex[i]).ToArray();
                values = order.Select(i => values[i]).ToArray();
                if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + 1e-300))
                    break;
                var centroid = new double[n];
                for (var i = 0; i < n; i++)
                    for (var j = 0; j < n; j++)
                        centroid[j] += simplex[i][j] / n;
                double[] Along(double t) => centroid.Select((c, j) => c + t * (simplex[n][j] - c)).ToArray();

                var reflected = Along(-1);
                var fr = Safe(f(reflected, null));
                evaluations++;
                if (fr < values[0])
                {
                    var expanded = Along(-2);
                    var fe = Safe(f(expanded, null));
                    evaluations++;
                    (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
                }
                else if (fr < values[n - 1])
                {
                    (simplex[n], values[n]) = (reflected, fr);
                }
                else
                {
                    var contracted = fr < values[n] ? Along(-0.5) : Along(0.5);
                    var fc = Safe(f(contracted, null));
                    evaluations++;
                    if (fc < Math.Min(fr, values[n]))
                    {
                        (simplex[n], values[n]) = (contracted, fc);
                    }
                    else
                    {
                        for (var i = 1; i <= n; i++)
                        {
                            simplex[i] = simplex[i].Select((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j])).ToArray();
                            values[i] = Safe(f(simplex[i], null));
                            evaluations++;
                        }
                    }
                }
            }
            var improved = values[0] < bestValue - tolerance * Math.Abs(bestValue);
            if (values[0] < bestValue)
            {
                best = simplex[0];
                bestValue = values[0];
            }
            if (!improved && restart > 0)
                return new MinimizationResult(best, bestValue, double.NaN, evaluations, true);
            initialStep *= 0.5;
        }
        return new MinimizationResult(best, bestValue, double.NaN, evaluations, false);
    }

    /// <summary>Central-difference gradient, for objectives without an analytic one (and to check those that have one).</summary>
    public static double[] NumericGradient(Func<double[], double> f, double[] x, double relativeStep = 1e-6)
    {
        var gradient = new double[x.Length];
        var probe = (double[])x.Clone();
        for (var i = 0; i < x.Length; i++)
        {
            var h = relativeStep * Math.Max(1, Math.Abs(x[i]));
            probe[i] = x[i] + h;
            var up = f(probe);
            probe[i] = x[i] - h;
            var down = f(probe);
            probe[i] = x[i];
            gradient[i] = (up - down) / (2 * h);
        }
        return gradient;
    }

    private static double Safe(double value) => IsFinite(value) ? value : double.PositiveInfinity;

    private static bool IsFinite(double value) => double.IsFinite(value);

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
            m[i, i] = 1;
        return m;
    }

    private static void MultiplyNegated(double[,] m, double[] v, double[] result)
    {
        for (var i = 0; i < v.Length; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < v.Length; j++)
                sum += m[i, j] * v[j];
            result[i] = -sum;
        }
    }

    private static double Dot(double[] u, double[] v)
    {
        var sum = 0.0;
        for (var i = 0; i < u.Length; i++)
            sum += u[i] * v[i];
        return sum;
    }

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : v.Max(Math.Abs);
}
