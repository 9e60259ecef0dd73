namespace Retention.Core.Analytics;

/// <summary>
/// A fitted parameter with its uncertainty, as lifetimes' <c>summary</c> shows it: the estimate, its standard error and
/// the 95 % interval estimate ± 1.96 standard errors. The error is null when the fit cannot give one (parameters stored
/// rather than fitted, an optimum on the edge of the parameter space, a direction the data do not identify).
/// </summary>
/// <param name="Name">As the papers write it: <c>r</c>, <c>alpha</c>, <c>a</c>, <c>b</c>; <c>p</c>, <c>q</c>, <c>v</c>.</param>
/// <param name="Value">The maximum-likelihood estimate.</param>
/// <param name="StandardError">Its standard error; null when there is none.</param>
public sealed record ParameterEstimate(string Name, double Value, double? StandardError)
{
    /// <summary>Lower end of the 95 % interval (may be negative for a poorly determined parameter, as in lifetimes).</summary>
    public double? Lower95 => StandardError is { } se ? Value - LogSpaceFit.Z95 * se : null;

    /// <summary>Upper end of the 95 % interval.</summary>
    public double? Upper95 => StandardError is { } se ? Value + LogSpaceFit.Z95 * se : null;

    internal static IReadOnlyList<ParameterEstimate> Of(string[] names, double[] values, double[]? errors) =>
        names.Select((name, i) => new ParameterEstimate(name, values[i], errors?[i])).ToList();
}
