using System.Runtime.CompilerServices;

// The tests check the Hessian behind the standard errors against one from function values alone.
[assembly: InternalsVisibleTo("Retention.Core.Tests")]

namespace Retention.Core.Analytics;

/// <summary>
/// The fitting every model shares, as lifetimes' <c>BaseFitter</c>: maximum-likelihood search in log-parameter space
/// (BFGS from several starts, Nelder–Mead if that stalls) and the uncertainty of the estimates it finds (standard errors
/// from the inverse Hessian of the negative log-likelihood at the optimum, 95 % intervals).
/// </summary>
internal static class LogSpaceFit
{
    /// <summary>The normal quantile of a two-sided 95 % interval, as lifetimes uses.</summary>
    public const double Z95 = 1.96;

    /// <summary>A point whose box share (0 to 1) is closer than this to either end lies on the box's edge.</summary>
    private const double EdgeShare = 1e-3;

    /// <summary>Data sets with more groups than this search their starting points on a subsample first.</summary>
    public const int WarmUpGroups = 20_000;

    /// <summary>Half-width of the log-parameter box: parameters stay within a factor of 10⁶ of their natural scale.</summary>
    public const double LogRange = 13.815510557964274; // ln 1e6

    /// <summary>
    /// Minimises a mean negative log-likelihood over log-parameters and returns the best converged point.
    /// From each start BFGS runs, then again from its own answer (a fresh Hessian approximation catches a premature
    /// stop); when no start converges, Nelder–Mead from the best point hands over to BFGS once more. With a
    /// <paramref name="warmUp"/> objective (the same likelihood over an evenly spaced subsample of the groups), that
    /// whole search runs on the subsample and only its answer is polished on the full data, which then takes a few
    /// iterations: this is what makes a million customers fit in seconds.
    /// </summary>
    /// <remarks>
    /// <b>Bounds.</b> With a <paramref name="box"/>, each log-parameter θ is written θ = lo + (hi − lo)·σ(u) with σ the
    /// logistic function and the search runs over u. Large data sets often have their maximum on the edge of the
    /// parameter space rather than inside it: no heterogeneity in drop-out (a, b → ∞ with a / (a + b) fixed) or in
    /// spend (q, v → ∞). Unbounded, BFGS then walks along a ridge towards infinity until its iteration limit
    /// ("did not converge" after minutes on a million customers); bounded, the walk ends at the box, where the
    /// gradient in u vanishes and the fit converges to the edge, which predicts as the limit model does. An interior
    /// maximum (CDNOW) is the same point either way.
    /// </remarks>
    /// <remarks>
    /// <b>Not converged.</b> When no search converges within <paramref name="maxIterations"/>, the best finite point is
    /// returned with <see cref="MinimizationResult.Converged"/> false, for the model to report (<see cref="FitDiagnostics"/>);
    /// only a search that found no finite point at all throws.
    /// </remarks>
    /// <exception cref="ModelFitException">No start led to a finite likelihood.</exception>
    public static MinimizationResult Minimize(Objective objective, Objective? warmUp, IReadOnlyList<double[]> starts, string model,
        IReadOnlyList<(double Lower, double Upper)>? box = null, double[,]? axes = null, int maxIterations = Minimizer.MaxIterations)
    {
        if (axes is not null)
        {
            // θ = M φ: the search runs over φ, whose axes follow the likelihood's ridges (see the models).
            var inverse = Invert(axes);
            var along = Minimize(Linear(objective, axes), warmUp is null ? null : Linear(warmUp, axes),
                starts.Select(s => Multiply(inverse, s)).ToList(), model, box, maxIterations: maxIterations);
            return along with { Point = Multiply(axes, along.Point) };
        }
        if (box is not null)
        {
            var bounded = Minimize(Bounded(objective, box), warmUp is null ? null : Bounded(warmUp, box),
                starts.Select(s => ToBox(s, box)).ToList(), model, maxIterations: maxIterations);
            return bounded with { Point = FromBox(bounded.Point, box) };
        }

        if (warmUp is not null)
        {
            var rough = Search(warmUp, starts, maxIterations);
            if (double.IsFinite(rough.Value))
            {
                var polished = Polish(objective, rough with { Value = double.PositiveInfinity }, maxIterations);
                if (polished.Converged && double.IsFinite(polished.Value))
                    return polished;
            }
        }
        var best = Search(objective, starts, maxIterations);
        if (!best.Point.All(double.IsFinite) || !double.IsFinite(best.Value))
            throw new ModelFitException(FormattableString.Invariant(
                $"The {model} fit did not converge (largest gradient component {best.GradientNorm:G3} after {best.Iterations} iterations)."));
        return best;
    }

    /// <summary>Every group when there are few; otherwise about <see cref="WarmUpGroups"/> evenly spaced ones.</summary>
    public static IReadOnlyList<int>? WarmUpSample(int groups)
    {
        if (groups <= 2 * WarmUpGroups)
            return null;
        var step = (double)groups / WarmUpGroups;
        return Enumerable.Range(0, WarmUpGroups).Select(i => (int)(i * step)).ToList();
    }

    /// <summary>The objective over φ with θ = M φ; its gradient is Mᵀ ∇θ.</summary>
    private static Objective Linear(Objective objective, double[,] m) => (phi, gradient) =>
    {
        var theta = Multiply(m, phi);
        if (gradient is null)
            return objective(theta, null);
        var g = new double[theta.Length];
        var value = objective(theta, g);
        for (var j = 0; j < phi.Length; j++)
        {
            gradient[j] = 0;
            for (var i = 0; i < theta.Length; i++)
                gradient[j] += m[i, j] * g[i];
        }
        return value;
    };

    private static double[] Multiply(double[,] m, double[] v)
    {
        var result = new double[v.Length];
        for (var i = 0; i < v.Length; i++)
            for (var j = 0; j < v.Length; j++)
                result[i] += m[i, j] * v[j];
        return result;
    }

    /// <summary>Gauss–Jordan inverse of a small well-conditioned matrix (the axes are fixed, hand-written ones).</summary>
    private static double[,] Invert(double[,] m)
    {
        var n = m.GetLength(0);
        var a = (double[,])m.Clone();
        var inv = new double[n, n];
        for (var i = 0; i < n; i++)
            inv[i, i] = 1;
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
                if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c]))
                    pivot = r;
            for (var k = 0; k < n; k++)
            {
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
                (inv[c, k], inv[pivot, k]) = (inv[pivot, k], inv[c, k]);
            }
            var d = a[c, c];
            for (var k = 0; k < n; k++)
            {
                a[c, k] /= d;
                inv[c, k] /= d;
            }
            for (var r = 0; r < n; r++)
            {
                if (r == c)
                    continue;
                var f = a[r, c];
                for (var k = 0; k < n; k++)
                {
                    a[r, k] -= f * a[c, k];
                    inv[r, k] -= f * inv[c, k];
                }
            }
        }
        return inv;
    }

    /// <summary>The objective over u, θ = lo + (hi − lo)·σ(u), with the chain rule applied to its gradient.</summary>
    private static Objective Bounded(Objective objective, IReadOnlyList<(double Lower, double Upper)> box) => (u, gradient) =>
    {
        var theta = FromBox(u, box);
        var value = objective(theta, gradient);
        if (gradient is not null)
            for (var i = 0; i < u.Length; i++)
            {
                var sigma = Logistic(u[i]);
                gradient[i] *= (box[i].Upper - box[i].Lower) * sigma * (1 - sigma);
            }
        return value;
    };

    private static double[] FromBox(double[] u, IReadOnlyList<(double Lower, double Upper)> box) =>
        u.Select((v, i) => box[i].Lower + (box[i].Upper - box[i].Lower) * Logistic(v)).ToArray();

    private static double[] ToBox(double[] theta, IReadOnlyList<(double Lower, double Upper)> box) =>
        theta.Select((t, i) =>
        {
            var share = Math.Clamp((t - box[i].Lower) / (box[i].Upper - box[i].Lower), 1e-9, 1 - 1e-9);
            return Math.Log(share / (1 - share));
        }).ToArray();

    private static double Logistic(double u) => u >= 0 ? 1 / (1 + Math.Exp(-u)) : Math.Exp(u) / (1 + Math.Exp(u));

    private static MinimizationResult Search(Objective objective, IReadOnlyList<double[]> starts, int maxIterations)
    {
        MinimizationResult? best = null;
        foreach (var start in starts)
        {
            var result = Minimizer.Bfgs(objective, start, maxIterations: maxIterations);
            if (double.IsFinite(result.Value))
                result = Polish(objective, result, maxIterations);
            if (best is null || Better(result, best))
                best = result;
        }
        if (best is null || !best.Converged)
        {
            var from = best is not null && double.IsFinite(best.Value) ? best.Point : starts[0];
            var simplex = Minimizer.NelderMead(objective, from);
            var result = Polish(objective, simplex with { Converged = false }, maxIterations);
            if (best is null || Better(result, best))
                best = result;
        }
        return best;
    }

    private static MinimizationResult Polish(Objective objective, MinimizationResult result, int maxIterations)
    {
        var again = Minimizer.Bfgs(objective, result.Point, maxIterations: maxIterations);
        return again.Value <= result.Value || !double.IsFinite(result.Value) ? again : result;
    }

    private static bool Better(MinimizationResult candidate, MinimizationResult incumbent)
    {
        if (candidate.Converged != incumbent.Converged && double.IsFinite(candidate.Value) && double.IsFinite(incumbent.Value)
            && Math.Abs(candidate.Value - incumbent.Value) < 1e-9 * (1 + Math.Abs(incumbent.Value)))
            return candidate.Converged;
        return candidate.Value < incumbent.Value;
    }

    /// <summary>
    /// How the search that ended at <paramref name="result"/> (in log-parameters θ) ended: its convergence, whether θ is
    /// on the box's edge, and the Euclidean norm of the objective's gradient in θ there.
    /// </summary>
    public static FitDiagnostics Diagnose(Objective objective, MinimizationResult result,
        IReadOnlyList<(double Lower, double Upper)>? box = null, double[,]? axes = null)
    {
        var gradient = new double[result.Point.Length];
        objective(result.Point, gradient);
        return new FitDiagnostics(result.Converged, NearEdge(result.Point, box, axes), Math.Sqrt(gradient.Sum(g => g * g)), result.Iterations);
    }

    /// <summary>
    /// A search coordinate closer than this (in log units: a factor of 10) to the box's edge counts as on the boundary
    /// for <see cref="FitDiagnostics.AtBoundary"/>. The box is a factor 10⁶ either side of the natural scale, so this is a
    /// parameter (or a ratio of two) over 10⁵ times off its scale: no interior optimum of real data lies there, while a
    /// likelihood rising towards the edge often flattens below the search's tolerance just short of it (BG/NBD's a → 0
    /// stops at a / b ≈ 10⁻⁶·⁰ with r and α running off together).
    /// </summary>
    private const double BoundaryLogDistance = 2.302585092994046; // ln 10

    /// <summary>Whether θ lies within <see cref="BoundaryLogDistance"/> of the search box's edge (in the search's coordinates).</summary>
    private static bool NearEdge(double[] theta, IReadOnlyList<(double Lower, double Upper)>? box, double[,]? axes)
    {
        if (box is null)
            return false;
        var phi = axes is null ? theta : Multiply(Invert(axes), theta);
        for (var i = 0; i < phi.Length; i++)
            if (!(phi[i] - box[i].Lower > BoundaryLogDistance && box[i].Upper - phi[i] > BoundaryLogDistance))
                return true;
        return false;
    }

    /// <summary>
    /// Standard errors of the parameters exp(θ) at the optimum θ of a mean negative log-likelihood over
    /// <paramref name="customers"/>, as lifetimes computes them: Var(ln p) = H⁻¹ / n with H the Hessian of the mean
    /// negative log-likelihood in θ = ln p, then the delta method, se(p) = p · √Var(ln p). Null when there is none to
    /// give: the optimum lies on the search box's edge (the likelihood still rises beyond it, so the curvature there
    /// says nothing about the uncertainty) or the Hessian is not positive definite (a flat direction: not identified).
    /// </summary>
    public static double[]? StandardErrors(Objective objective, double[] theta, double customers,
        IReadOnlyList<(double Lower, double Upper)>? box = null, double[,]? axes = null)
    {
        if (!(customers > 0) || OnEdge(theta, box, axes))
            return null;
        var hessian = Hessian(objective, theta);
        if (hessian is null || InverseDiagonal(hessian) is not { } diagonal)
            return null;
        var errors = new double[theta.Length];
        for (var i = 0; i < theta.Length; i++)
        {
            errors[i] = Math.Exp(theta[i]) * Math.Sqrt(diagonal[i] / customers);
            if (!double.IsFinite(errors[i]))
                return null;
        }
        return errors;
    }

    /// <summary>
    /// The Hessian of <paramref name="objective"/> at <paramref name="x"/>: central differences of its analytic gradient
    /// (step 10⁻⁵ relative), symmetrised. Null when a gradient there is not finite.
    /// </summary>
    public static double[,]? Hessian(Objective objective, double[] x)
    {
        var n = x.Length;
        var hessian = new double[n, n];
        var plus = new double[n];
        var minus = new double[n];
        for (var j = 0; j < n; j++)
        {
            var h = 1e-5 * Math.Max(1, Math.Abs(x[j]));
            var at = (double[])x.Clone();
            at[j] = x[j] + h;
            objective(at, plus);
            at[j] = x[j] - h;
            objective(at, minus);
            for (var i = 0; i < n; i++)
                hessian[i, j] = (plus[i] - minus[i]) / (2 * h);
        }
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++)
                hessian[i, j] = hessian[j, i] = (hessian[i, j] + hessian[j, i]) / 2;
        foreach (var value in hessian)
            if (!double.IsFinite(value))
                return null;
        return hessian;
    }

    /// <summary>Whether θ lies on the edge of the search box (in the rotated coordinates when the search ran along <paramref name="axes"/>).</summary>
    public static bool OnEdge(double[] theta, IReadOnlyList<(double Lower, double Upper)>? box, double[,]? axes = null)
    {
        if (box is null)
            return false;
        var phi = axes is null ? theta : Multiply(Invert(axes), theta);
        for (var i = 0; i < phi.Length; i++)
        {
            var share = (phi[i] - box[i].Lower) / (box[i].Upper - box[i].Lower);
            if (!(share > EdgeShare && share < 1 - EdgeShare))
                return true;
        }
        return false;
    }

    /// <summary>The diagonal of the inverse of a symmetric matrix by Cholesky; null unless it is positive definite.</summary>
    private static double[]? InverseDiagonal(double[,] m)
    {
        var n = m.GetLength(0);
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var d = m[j, j];
            for (var k = 0; k < j; k++)
                d -= l[j, k] * l[j, k];
            if (!(d > 0))
                return null;
            l[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < n; i++)
            {
                var s = m[i, j];
                for (var k = 0; k < j; k++)
                    s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        // (LLᵀ)⁻¹ = L⁻ᵀ L⁻¹: its i-th diagonal entry is the sum of squares of L⁻¹'s i-th column, which solves L c = eᵢ.
        var diagonal = new double[n];
        for (var c = 0; c < n; c++)
        {
            var column = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = i == c ? 1.0 : 0.0;
                for (var k = 0; k < i; k++)
                    s -= l[i, k] * column[k];
                column[i] = s / l[i, i];
            }
            for (var i = 0; i < n; i++)
                diagonal[c] += column[i] * column[i];
        }
        return diagonal;
    }
}
