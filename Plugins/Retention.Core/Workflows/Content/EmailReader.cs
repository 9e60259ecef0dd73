using System.Globalization;
using Retention.Core.Localization;

namespace Retention.Core.Workflows.Content;

/// <summary>
/// How one email's customer reads: the culture of their language (dates, numbers, plural forms) and the texts of Core's
/// email sentences in it (<see cref="CoreMessages.EmailKeys"/>), as the host's translations have them — a merchant's own
/// translation wins over Core's table, which fills in any key the host has no text for.
/// </summary>
public sealed class EmailReader
{
    private readonly IReadOnlyDictionary<string, string> _templates;

    /// <param name="culture">The customer's language's culture.</param>
    /// <param name="templates">The host's texts of <see cref="CoreMessages.EmailKeys"/> in that language; a missing or empty one falls back to Core's table.</param>
    public EmailReader(CultureInfo culture, IReadOnlyDictionary<string, string>? templates = null)
    {
        ArgumentNullException.ThrowIfNull(culture);
        Culture = culture;
        _templates = templates ?? new Dictionary<string, string>();
    }

    /// <summary>A reader of English (United States), the language of a host without translations.</summary>
    public static EmailReader English { get; } = new(CultureInfo.GetCultureInfo("en-US"));

    public CultureInfo Culture { get; }

    /// <summary>The sentence in the reader's language.</summary>
    public string Say(CoreText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var template = _templates.GetValueOrDefault(text.Key);
        return text.Render(string.IsNullOrEmpty(template) ? CoreMessages.TemplateFor(text.Key, Culture) : template, Culture);
    }

    /// <summary>
    /// A day as the reader writes it (<c>March 5, 2026</c>, <c>5 марта 2026</c>), in <paramref name="zone"/> (else UTC). The
    /// pattern is a translatable text; one a merchant broke (an unclosed quote) gives way to Core's pattern for the language.
    /// </summary>
    public string Date(DateTime utc, TimeZoneInfo? zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone ?? TimeZoneInfo.Utc);
        try
        {
            return local.ToString(Say(CoreMessages.EmailDatePattern()), Culture);
        }
        catch (FormatException)
        {
            return local.ToString(CoreMessages.TemplateFor(CoreMessages.EmailDatePattern().Key, Culture), Culture);
        }
    }

    /// <summary>A whole number with the reader's group separator.</summary>
    public string Number(long value) => value.ToString("N0", Culture);
}
