using System.Globalization;
using Nop.Services.Localization;
using Retention.Core.Common;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>Core's validation messages in the admin's working language, from the plugin's locale resources.</summary>
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
}
