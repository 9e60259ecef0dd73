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
