using System.Globalization;
using Nop.Services.Localization;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>Core's validation messages and ledger notes in the working language, from the plugin's locale resources.</summary>
public static class CoreTextLocalization
{
    /// <summary>
    /// <paramref name="validation"/> with every message Core keyed (<see cref="FieldError.Text"/>) rendered from its
    /// resource <see cref="RetentionLocales.CoreMessage"/> in the request's culture (nopCommerce sets it to the working
    /// language), so a merchant's own translation is used; a resource missing in that language falls back to Core's table.
    /// </summary>
    public static async Task<ValidationResult> LocalizeAsync(this ILocalizationService localization, ValidationResult validation)
    {
        if (validation == null || validation.IsValid)
            return validation;
        var localized = new ValidationResult();
        foreach (var error in validation.Errors)
        {
            if (error.Text == null)
            {
                localized.Add(error.Field, error);
                continue;
            }
            var name = RetentionLocales.CoreMessage(error.Text.Key);
            var template = await localization.GetResourceAsync(name);
            // nopCommerce answers a resource it does not have with the resource's name.
            var found = !string.IsNullOrEmpty(template) && !string.Equals(template, name, StringComparison.OrdinalIgnoreCase);
            localized.Add(error.Field, error with { Message = error.In(CultureInfo.CurrentCulture, _ => found ? template : null) });
        }
        return localized;
    }

    /// <summary>
    /// A sentence Core said (Core's <c>CoreText</c>) in the request's culture, from its resource
    /// <see cref="RetentionLocales.CoreMessage"/> (Core's table where the language lacks one).
    /// </summary>
    public static async Task<string> SayAsync(this ILocalizationService localization, global::Retention.Core.Localization.CoreText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = RetentionLocales.CoreMessage(text.Key);
        var template = await localization.GetResourceAsync(name);
        var found = !string.IsNullOrEmpty(template) && !string.Equals(template, name, StringComparison.OrdinalIgnoreCase);
        return text.Render(found ? template : global::Retention.Core.Localization.CoreMessages.TemplateFor(text.Key, CultureInfo.CurrentCulture), CultureInfo.CurrentCulture);
    }

    /// <summary>
    /// A ledger line's note in the request's culture: Core's keyed notes (<see cref="LedgerNotes"/>) from their resources
    /// <see cref="RetentionLocales.CoreMessage"/> (Core's table where a language lacks one), a person's words as written.
    /// </summary>
    public static async Task<string> LedgerNoteAsync(this ILocalizationService localization, string note)
    {
        if (LedgerNotes.Parse(note) is not { } text)
            return note;
        var name = RetentionLocales.CoreMessage(text.Key);
        var template = await localization.GetResourceAsync(name);
        var found = !string.IsNullOrEmpty(template) && !string.Equals(template, name, StringComparison.OrdinalIgnoreCase);
        return LedgerNotes.Text(note, CultureInfo.CurrentCulture, _ => found ? template : null);
    }
}
