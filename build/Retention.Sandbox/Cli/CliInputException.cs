using System.Globalization;
using System.Text;

namespace Retention.Sandbox.Cli;

/// <summary>A bad input file: the run stops with this message and exit code 1.</summary>
public sealed class CliInputException(string message) : Exception(message)
{
    /// <summary>Opens an input file the way every CLI reader wants it (UTF-8 or its BOM, large buffer), or says it is missing.</summary>
    public static StreamReader OpenText(string path) =>
        File.Exists(path)
            ? new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
            : throw new CliInputException($"{path}: file not found");

    /// <summary>
    /// A field as a message quotes it: at most 40 characters, shown as <see cref="Printable"/> shows text, so a 10 MB
    /// field, a NUL byte or a right-to-left override never reaches the terminal.
    /// </summary>
    public static string Quote(string field)
    {
        const int max = 40;
        var text = Printable(field.Length <= max ? field : field[..max]);
        return field.Length <= max ? text : $"{text}… ({field.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters)";
    }

    /// <summary>
    /// Text from the user (a field, an argument, a path) as a message may show it: every character that steers the
    /// terminal or changes what a reader sees rather than showing itself becomes <c>?</c>. These are the control
    /// characters (Cc), the format characters (Cf: the bidirectional embeddings, overrides and isolates U+202A–U+202E
    /// and U+2066–U+2069, the marks U+200E, U+200F and U+061C, zero-width and soft-hyphen characters, tags), the line
    /// and paragraph separators, and a surrogate without its pair.
    /// </summary>
    /// <remarks>A right-to-left override in a quoted field would make the rest of the message read backwards.</remarks>
    public static string Printable(string text)
    {
        StringBuilder? shown = null;
        for (var i = 0; i < text.Length;)
        {
            var whole = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) == System.Buffers.OperationStatus.Done;
            used = Math.Max(used, 1);
            if (!whole || Hidden(Rune.GetUnicodeCategory(rune)))
            {
                shown ??= new StringBuilder(text, 0, i, text.Length);
                shown.Append('?');
            }
            else
                shown?.Append(text, i, used);
            i += used;
        }
        return shown?.ToString() ?? text;
    }

    private static bool Hidden(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}

/// <summary>A bad command line: the run stops with this message, the usage text and exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
