using System.Globalization;

namespace Retention.Core.Analytics;

/// <summary>
/// How a model's maximum-likelihood search ended, so a reader can tell an optimum from a point where the search gave
/// up: the estimates of a fit that stopped at its iteration limit, or on the edge of the parameter space, are the last
/// point reached, not a maximum of the likelihood, and a merchant should not read them as one.
/// </summary>
/// <param name="Converged">
/// The search stopped because the gradient vanished (to the minimiser's tolerance, or to its rounding-noise floor
/// once the likelihood stopped moving), not because it ran out of iterations.
/// </param>
/// <param name="AtBoundary">
/// A parameter (or, along the model's ridge axes, a ratio or product of two) ended within a factor of 10 of the search
/// box's edge, over 10⁵ times off its natural scale: the likelihood rises (or stays flat) towards the edge, e.g.
/// BG/NBD's a → 0 when nobody looks dropped out, or a, b → ∞ when everyone drops out alike, where a and b cannot be
/// told apart. The estimates then stand for a limit model, and their standard errors (null on the edge itself) say little.
/// </param>
/// <param name="GradientNorm">
/// The Euclidean norm of the gradient of the mean negative log-likelihood per customer with respect to the
/// log-parameters (ln r, ln α, …) at the estimates: near 0 at an interior maximum, visibly not at a boundary or limit.
/// </param>
/// <param name="Iterations">Iterations of the last BFGS run (the search restarts from its own answer to polish it).</param>
public sealed record FitDiagnostics(bool Converged, bool AtBoundary, double GradientNorm, int Iterations)
{
    /// <summary>Why the estimates of <paramref name="model"/> are not a maximum, as a sentence without its full stop; null when they are one.</summary>
    public string? Warning(string model) =>
        !Converged
            ? string.Create(CultureInfo.InvariantCulture, $"the {model} fit did not converge: it stopped at its iteration limit ({Iterations} iterations) with gradient norm {GradientNorm:G3}, so its parameters are the last point reached, not a maximum")
            : AtBoundary
                ? string.Create(CultureInfo.InvariantCulture, $"the {model} fit ended on the edge of the parameter space (gradient norm {GradientNorm:G3}): the likelihood still rises beyond it, so some parameters are only identified as a ratio and have no standard error")
                : null;
}
