using Retention.Core.Localization;

namespace Retention.Core.Common;

/// <summary>
/// One rejected field, named as the settings property so a form can show the message beside it. <see cref="Message"/> is
/// the English sentence; <see cref="Text"/>, when Core made it, is the same sentence as a message key with its values,
/// which a host renders in the reader's language (<see cref="CoreMessages"/>).
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    public CoreText? Text { get; init; }

    /// <summary>The message in <paramref name="language"/>: <paramref name="resolve"/> gives a key's template (null: Core's own table).</summary>
    public string In(System.Globalization.CultureInfo language, Func<string, string?>? resolve = null) =>
        Text == null ? Message : Text.Render(resolve?.Invoke(Text.Key) ?? CoreMessages.TemplateFor(Text.Key, language), language);
}

/// <summary>The outcome of validating input a person typed: empty when it may be saved.</summary>
public sealed class ValidationResult
{
    private readonly List<FieldError> _errors = new();

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    /// <summary>Adds Core's sentence <paramref name="text"/>, kept as its key for the host's language.</summary>
    public void Add(string field, CoreText text) => _errors.Add(new FieldError(field, text.English()) { Text = text });

    /// <summary>Adds an error found by another validation, under <paramref name="field"/>.</summary>
    public void Add(string field, FieldError error) => _errors.Add(error with { Field = field });

    /// <summary>Adds an error when <paramref name="value"/> lies outside [min, max].</summary>
    public void Range(string field, decimal value, decimal min, decimal max)
    {
        if (value < min || value > max)
            Add(field, CoreMessages.Range(min, max));
    }
}
