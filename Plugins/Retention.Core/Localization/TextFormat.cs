using System.Globalization;
using System.Text;

namespace Retention.Core.Localization;

/// <summary>
/// One value of a text template: a word the host already wrote (a money amount, a day, a name) or a number written in
/// the reader's culture, which plural forms also choose by.
/// </summary>
public readonly record struct TextArg(string Name, string? Text, decimal? Number, string NumberFormat)
{
    /// <summary>A value shown as given.</summary>
    public static TextArg Of(string name, string text) => new(name, text, null, "");

    /// <summary>A number, written in the reader's culture with <paramref name="format"/> ("N0": 1,000 in English, 1 000 in Russian).</summary>
    public static TextArg Count(string name, decimal number, string format = "N0") => new(name, null, number, format);

    /// <summary>The value as the reader sees it.</summary>
    public string Write(CultureInfo culture) => Number is { } number ? number.ToString(NumberFormat, culture) : Text ?? "";
}

/// <summary>
/// Fills a text template: <c>{name}</c> is replaced by the value's text, and
/// <c>{name, plural, one {# балл} few {# балла} many {# баллов} other {# балла}}</c> (ICU MessageFormat's plural,
/// the syntax translation tools know) picks the form of <see cref="PluralRules"/> for the value's number, with
/// <c>#</c> standing for the number as written and <c>=N</c> for an exact number. A placeholder with no value is left as
/// written, so a missing argument shows instead of vanishing.
/// </summary>
public static class TextFormat
{
    /// <summary>The template with its placeholders filled for a reader of <paramref name="culture"/>.</summary>
    public static string Format(string template, CultureInfo culture, params TextArg[] args)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(culture);
        if (template.IndexOf('{') < 0) return template;
        var output = new StringBuilder(template.Length + 16);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }
            output.Append(template, i, open - i);
            var close = MatchingBrace(template, open);
            if (close < 0)
            {
                output.Append(template, open, template.Length - open);
                break;
            }
            output.Append(Placeholder(template.Substring(open, close - open + 1), culture, args));
            i = close + 1;
        }
        return output.ToString();
    }

    /// <summary>
    /// A numbered template as nopCommerce resources write them (<c>{0}</c>, <c>{1}</c>), whose placeholders may also be
    /// plural (<c>{0, plural, one {# балл} many {# баллов} …}</c>): numbers are written with thousands separators in
    /// <paramref name="culture"/> and choose the form; anything else is shown with its own text.
    /// </summary>
    public static string FormatIndexed(string template, CultureInfo culture, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var named = new TextArg[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var name = i.ToString(CultureInfo.InvariantCulture);
            named[i] = args[i] switch
            {
                int n => TextArg.Count(name, n),
                long n => TextArg.Count(name, n),
                decimal n => TextArg.Count(name, n, n == decimal.Truncate(n) ? "N0" : "N2"),
                var other => TextArg.Of(name, Convert.ToString(other, culture) ?? ""),
            };
        }
        return Format(template, culture, named);
    }

    /// <summary>The plural forms a template offers for <paramref name="name"/> (empty: it has no plural placeholder for it).</summary>
    public static IReadOnlyList<string> PluralSelectors(string template, string name)
    {
        var selectors = new List<string>();
        var start = 0;
        while ((start = template.IndexOf('{', start)) >= 0)
        {
            var close = MatchingBrace(template, start);
            if (close < 0) break;
            var inner = template.Substring(start + 1, close - start - 1);
            if (TryPlural(inner, out var argName, out var forms) && argName == name)
                selectors.AddRange(forms.Select(f => f.Selector));
            start = close + 1;
        }
        return selectors;
    }

    private static string Placeholder(string placeholder, CultureInfo culture, TextArg[] args)
    {
        var inner = placeholder.Substring(1, placeholder.Length - 2);
        if (TryPlural(inner, out var name, out var forms))
        {
            var arg = Find(args, name);
            if (arg == null) return placeholder;
            // A value given as text ("—", a formatted amount) cannot choose: it takes the general form.
            var keyword = arg.Value.Number is { } number ? PluralRules.Keyword(PluralRules.Of(number, culture)) : "other";
            var exact = arg.Value.Number is { } exactNumber ? "=" + exactNumber.ToString("0.##", CultureInfo.InvariantCulture) : null;
            var chosen = forms.FirstOrDefault(f => f.Selector == exact).Text
                ?? forms.FirstOrDefault(f => f.Selector == keyword).Text
                ?? forms.FirstOrDefault(f => f.Selector == "other").Text;
            if (chosen == null) return placeholder;
            return Format(chosen.Replace("#", arg.Value.Write(culture), StringComparison.Ordinal), culture, args);
        }
        var plain = Find(args, inner.Trim());
        return plain is { } value ? value.Write(culture) : placeholder;
    }

    private static TextArg? Find(TextArg[] args, string name)
    {
        foreach (var arg in args)
            if (arg.Name == name)
                return arg;
        return null;
    }

    // "points, plural, one {# point} other {# points}" → points and its forms.
    private static bool TryPlural(string inner, out string name, out List<(string Selector, string Text)> forms)
    {
        name = "";
        forms = [];
        var firstComma = inner.IndexOf(',');
        if (firstComma < 0) return false;
        var secondComma = inner.IndexOf(',', firstComma + 1);
        if (secondComma < 0 || inner.Substring(firstComma + 1, secondComma - firstComma - 1).Trim() != "plural") return false;
        name = inner[..firstComma].Trim();
        var rest = inner[(secondComma + 1)..];
        var i = 0;
        while (i < rest.Length)
        {
            while (i < rest.Length && char.IsWhiteSpace(rest[i])) i++;
            if (i >= rest.Length) break;
            var open = rest.IndexOf('{', i);
            if (open < 0) return false;
            var selector = rest.Substring(i, open - i).Trim();
            var close = MatchingBrace(rest, open);
            if (selector.Length == 0 || close < 0) return false;
            forms.Add((selector, rest.Substring(open + 1, close - open - 1)));
            i = close + 1;
        }
        return forms.Count > 0;
    }

    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        return -1;
    }
}
