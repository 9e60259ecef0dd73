namespace Retention.Core.Analytics;

/// <summary>A model could not be fitted: too little or degenerate data, or the optimiser did not converge.</summary>
public sealed class ModelFitException : Exception
{
    /// <summary>Creates the exception with a message a merchant-facing report can show.</summary>
    public ModelFitException(string message)
        : base(message)
    {
    }
}

/// <summary>Maximum-likelihood search in log-parameter space: BFGS from several starts, Nelder–Mead if that stalls.</summary>
internal static class LogSpaceFit
{
    /// <summary>Data sets with more groups than this search their starting points on a subsample first.</summary>
    public const int WarmUpGroups = 20_000;

    /// <summary>
    /// Minimises a mean negative log-likelihood over log-parameters and returns the best converged point.
    /// From each start BFGS runs, then again from its own answer (a fresh Hessian approximation catches a premature
    /// stop); when no start converges, Nelder–Mead from the best point hands over to BFGS once more. With a
    /// <paramref name="warmUp"/> objective (the same likelihood over an evenly spaced subsample of the groups), that
    /// whole search runs on the subsample and only its answer is polished on the full data, which then takes a few
    /// iterations: this is what makes a million customers fit in seconds.
    /// </summary>
    public static MinimizationResult Minimize(Objective objective, Objective? warmUp, IReadOnlyList<double[]> starts, string model)
    {
        if (warmUp is not null)
        {
            var rough = Search(warmUp, starts);
            if (double.IsFinite(rough.Value))
            {
                var polished = Polish(objective, rough with { Value = double.PositiveInfinity });
                if (polished.Converged && double.IsFinite(polished.Value))
                    return polished;
            }
        }
        var best = Search(objective, starts);
        if (!best.Converged || !best.Point.All(double.IsFinite) || !double.IsFinite(best.Value))
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

    private static MinimizationResult Search(Objective objective, IReadOnlyList<double[]> starts)
    {
        MinimizationResult? best = null;
        foreach (var start in starts)
        {
            var result = Minimizer.Bfgs(objective, start);
            if (double.IsFinite(result.Value))
                result = Polish(objective, result);
            if (best is null || Better(result, best))
                best = result;
        }
        if (best is null || !best.Converged)
        {
            var from = best is not null && double.IsFinite(best.Value) ? best.Point : starts[0];
            var simplex = Minimizer.NelderMead(objective, from);
            var result = Polish(objective, simplex with { Converged = false });
            if (best is null || Better(result, best))
                best = result;
        }
        return best;
    }

    private static MinimizationResult Polish(Objective objective, MinimizationResult result)
    {
        var again = Minimizer.Bfgs(objective, result.Point);
        return again.Value <= result.Value || !double.IsFinite(result.Value) ? again : result;
    }

    private static bool Better(MinimizationResult candidate, MinimizationResult incumbent)
    {
        if (candidate.Converged != incumbent.Converged && double.IsFinite(candidate.Value) && double.IsFinite(incumbent.Value)
            && Math.Abs(candidate.Value - incumbent.Value) < 1e-9 * (1 + Math.Abs(incumbent.Value)))
            return candidate.Converged;
        return candidate.Value < incumbent.Value;
    }
}
