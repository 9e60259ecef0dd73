using System.Buffers;
using System.Text;

namespace Retention.Core.Workflows;

/// <summary>
/// Where a tracked link in an email may lead, and how the redirect writes it. Emails link to pages of the store that sent
/// them (<c>/{product-se-name}</c>, <c>/cart</c>), so a target is a path on the same site: one leading slash, never two
/// (a scheme-relative URL is another host), no backslash (browsers read it as a slash), no control character (browsers
/// drop tabs and newlines, so <c>/\t/evil</c> would become <c>//evil</c>). Product names in real stores are localized
/// (<c>/чай-улун</c>, <c>/café</c>) and a Location header must be ASCII, so the target is percent-encoded as UTF-8 the
/// way a browser does when it follows such a link; sequences already encoded are kept as they are.
/// </summary>
public static class ClickTarget
{
    /// <summary>Longest target accepted, as the host decoded it (before encoding).</summary>
    public const int MaxLength = 2000;

    private enum Part { Path, Query, Fragment }

    /// <summary>
    /// The Location a tracked link redirects to, printable ASCII and a valid relative URI reference (RFC 3986); null
    /// when the target is refused. Encoding the result again gives the same result.
    /// </summary>
    /// <param name="to">The <c>to</c> parameter as the host decoded it from the query string.</param>
    public static string? Location(string? to)
    {
        if (string.IsNullOrEmpty(to) || to.Length > MaxLength || to[0] != '/')
            return null;
        if (to.Length > 1 && to[1] is '/' or '\\')
            return null;

        var location = new StringBuilder(to.Length + 16);
        var part = Part.Path;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < to.Length; i++)
        {
            var c = to[i];
            if (char.IsControl(c) || c == '\\')
                return null;
            if (c == '%' && i + 2 < to.Length && char.IsAsciiHexDigit(to[i + 1]) && char.IsAsciiHexDigit(to[i + 2]))
                location.Append(c);
            else if (c == '?' && part == Part.Path)
            {
                part = Part.Query;
                location.Append(c);
            }
            else if (c == '#' && part != Part.Fragment)
            {
                part = Part.Fragment;
                location.Append(c);
            }
            else if (char.IsAscii(c))
            {
                if (Kept(c, part))
                    location.Append(c);
                else
                    Escape(location, (byte)c);
            }
            else
            {
                // A lone surrogate has no UTF-8: not text a link could carry.
                if (Rune.DecodeFromUtf16(to.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
                    return null;
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                    Escape(location, b);
                i += used - 1;
            }
        }
        return location.ToString();
    }

    /// <summary>RFC 3986 pchar (unreserved, sub-delims, ':' and '@') and '/'; '?' too after the path.</summary>
    private static bool Kept(char c, Part part) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '='
            or ':' or '@' or '/'
        || (c == '?' && part != Part.Path);

    private static void Escape(StringBuilder location, byte b) => location.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
}
