namespace Retention.Sandbox.Web;

/// <summary>
/// How an id in a URL or a form is read. Only the canonical spelling of a positive number is an id: "42", never "042",
/// "+42", " 42", "42 " or "42.0". .NET's integer parser takes trailing NUL characters ("42\0" is 42) and Trim() took
/// surrounding whitespace, so <c>?customer=42%00</c> used to read customer 42; one spelling per id also keeps links,
/// logs and cache keys unambiguous.
/// </summary>
public static class Ids
{
    /// <summary>True for 1 to <see cref="int.MaxValue"/> written in ASCII digits with no leading zero and nothing else.</summary>
    public static bool TryParse(string? text, out int id)
    {
        id = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 10 || text[0] == '0')
            return false;
        long value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
            value = value * 10 + (c - '0');
        }
        if (value > int.MaxValue)
            return false;
        id = (int)value;
        return true;
    }
}
