namespace Retention.Sandbox.Cli;

/// <summary>A bad input file: the run stops with this message and exit code 1.</summary>
public sealed class CliInputException(string message) : Exception(message);

/// <summary>A bad command line: the run stops with this message, the usage text and exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
