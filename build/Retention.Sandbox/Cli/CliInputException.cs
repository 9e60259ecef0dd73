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
    /// A field as a message quotes it: at most 40 characters, control characters shown as <c>?</c>, so a 10 MB field or
    /// a NUL byte never reaches the terminal.
    /// </summary>
    public static string Quote(string field)
    {
        const int max = 40;
        var shown = field.Length <= max ? field : field[..max];
        var text = new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return field.Length <= max ? text : $"{text}… ({field.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters)";
    }
}

/// <summary>A bad command line: the run stops with this message, the usage text and exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
