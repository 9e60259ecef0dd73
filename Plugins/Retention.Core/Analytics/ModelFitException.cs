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
    /// <summary>
    /// Minimises a mean negative log-likelihood over log-parameters from each start and returns the best converged
    /// point. BFGS runs twice from its own answer (a fresh Hessian approximation catches a premature stop); when no
    /// start converges, Nelder–Mead from the best point hands over to BFGS once more.
    /// </summary>
    public static MinimizationResult Minimize(Objective objective, IEnumerable<double[]> starts, string model)
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
            var from = best is not null && double.IsFinite(best.Value) ? best.Point : starts.First();
            var simplex = Minimizer.NelderMead(objective, from);
            var result = Polish(objective, simplex with { Converged = false });
            if (best is null || Better(result, best))
                best = result;
        }
        if (!best.Converged || !best.Point.All(double.IsFinite) || !double.IsFinite(best.Value))
            throw new ModelFitException(FormattableString.Invariant(
                $"The {model} fit did not converge (largest gradient component {best.GradientNorm:G3} after {best.Iterations} iterations)."));
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
