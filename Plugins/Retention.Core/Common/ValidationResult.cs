namespace Retention.Core.Common;

/// <summary>One rejected field, named as the settings property so a form can show the message beside it.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The outcome of validating input a person typed: empty when it may be saved.</summary>
public sealed class ValidationResult
{
    private readonly List<FieldError> _errors = new();

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    /// <summary>Adds an error when <paramref name="value"/> lies outside [min, max].</summary>
    public void Range(string field, decimal value, decimal min, decimal max)
    {
        if (value < min || value > max)
            Add(field, $"Must be between {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} and {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }
}
