namespace Retention.Sandbox.Cli;

/// <summary>A bad input file: the run stops with this message and exit code 1.</summary>
public sealed class CliInputException(string message) : Exception(message)
{
    /// <summary>Opens an input file the way every CLI reader wants it (UTF-8 or its BOM, large buffer), or says it is missing.</summary>
    public static StreamReader OpenText(string path) =>
        File.Exists(path)
            ? new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)
            : throw new CliInputException($"{path}: file not found");
}

/// <summary>A bad command line: the run stops with this message, the usage text and exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
