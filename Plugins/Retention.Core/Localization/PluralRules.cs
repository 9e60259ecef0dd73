using System.Globalization;

namespace Retention.Core.Localization;

/// <summary>The CLDR plural categories Retention's shipped languages use (English: one, other; Russian: one, few, many, other).</summary>
public enum PluralCategory
{
    One,
    Few,
    Many,
    Other,
}

/// <summary>
/// Which plural form a number takes in a language, per the CLDR plural rules
/// (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html): "1 балл, 2 балла, 5 баллов,
/// 21 балл". A template chooses its words with <c>{name, plural, one {…} few {…} many {…} other {…}}</c> (see
/// <see cref="TextFormat"/>), so a translator writes every form once and no code builds words from numbers.
/// </summary>
public static class PluralRules
{
    /// <summary>The category of <paramref name="number"/> in <paramref name="culture"/>'s language; the sign does not matter.</summary>
    public static PluralCategory Of(decimal number, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var n = Math.Abs(number);
        // CLDR's v (visible fraction digits): 1.5 points takes the fraction form. A whole decimal such as 2.00 counts as 2,
        // because Retention writes whole numbers without a fraction.
        var whole = n == decimal.Truncate(n);
        switch (culture.TwoLetterISOLanguageName)
        {
            // Russian, Ukrainian and Belarusian share one rule.
            case "ru" or "uk" or "be":
                if (!whole) return PluralCategory.Other;
                var i = decimal.Truncate(n);
                var mod10 = (int)(i % 10m);
                var mod100 = (int)(i % 100m);
                if (mod10 == 1 && mod100 != 11) return PluralCategory.One;
                if (mod10 is >= 2 and <= 4 && mod100 is < 12 or > 14) return PluralCategory.Few;
                return PluralCategory.Many;
            // Languages without plural forms.
            case "ja" or "zh" or "ko" or "vi" or "th" or "id" or "ms":
                return PluralCategory.Other;
            // French and Portuguese: 0 and 1 take the singular.
            case "fr" or "pt":
                return whole && n < 2m ? PluralCategory.One : PluralCategory.Other;
            // English and every other language of the "one if exactly 1" family (de, nl, es, it, sv, …).
            default:
                return whole && n == 1m ? PluralCategory.One : PluralCategory.Other;
        }
    }

    /// <summary>The CLDR keyword of a category, as templates write it.</summary>
    public static string Keyword(PluralCategory category) => category switch
    {
        PluralCategory.One => "one",
        PluralCategory.Few => "few",
        PluralCategory.Many => "many",
        _ => "other",
    };
}
