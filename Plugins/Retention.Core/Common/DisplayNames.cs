using System.Globalization;

namespace Retention.Core.Common;

/// <summary>
/// The rule for names an admin types that customers then read: a tier name reaches the tier-up email's subject and body,
/// every nopCommerce email with customer tokens (<c>%Retention.Tier%</c>), the customer role list and the account pages.
/// </summary>
/// <remarks>
/// Every output encodes such a name anyway (names stored before this rule existed still pass through). Refusing markup at
/// the door keeps it out of places this code does not render: a merchant's own template or another plugin reading the
/// token or the role name. <c>&lt;</c> and <c>&gt;</c> are refused because no name needs them and they are what turns
/// text into a tag. <c>&amp;</c> and quotes stay allowed: "Friends &amp; Family" and "Collector's Club" are ordinary
/// names; with the angle brackets gone an ampersand can at worst spell an entity (a character, never a tag), and quotes
/// only matter inside an attribute, where every output encodes them. Control characters are refused, and with them the
/// line and paragraph separators (line breaks in a subject) and the bidirectional overrides and isolates, which show a
/// name reversed or reorder the text around it; joiners (needed by several scripts and emoji) stay allowed.
/// </remarks>
public static class DisplayNames
{
    /// <summary>Why <paramref name="name"/> cannot be shown to customers, or null when it can.</summary>
    /// <param name="name">The name as typed.</param>
    /// <param name="what">The field's message key part (<c>tierName</c>, <c>promotionName</c>; see <see cref="Localization.CoreMessages"/>).</param>
    public static Localization.CoreText? Problem(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Any(IsInvisibleControl))
            return Localization.CoreMessages.NameProblem(what, "control");
        if (name.AsSpan().IndexOfAny('<', '>') >= 0)
            return Localization.CoreMessages.NameProblem(what, "markup");
        return null;
    }

    private static bool IsInvisibleControl(char c) =>
        char.IsControl(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
