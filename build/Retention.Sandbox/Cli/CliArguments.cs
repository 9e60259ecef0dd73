using System.Globalization;

namespace Retention.Sandbox.Cli;

/// <summary>The <c>--name value</c> options of a subcommand; every mistake is a <see cref="CliUsageException"/>.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public CliArguments(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (flags.Contains(arg))
                _values[arg] = null;
            else if (valueOptions.Contains(arg))
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    throw new CliUsageException($"{arg} needs a value");
                if (!_values.TryAdd(arg, args[++i]))
                    throw new CliUsageException($"{arg} is given more than once");
            }
            else
                throw new CliUsageException($"unknown option '{arg}'");
        }
    }

    public bool Has(string option) => _values.ContainsKey(option);

    public string? Text(string option) => _values.GetValueOrDefault(option);

    public string Required(string option) =>
        Text(option) is { } value ? value : throw new CliUsageException($"{option} is required");

    public DateOnly Date(string option, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliUsageException($"{option} expects a date as YYYY-MM-DD, not '{text}'");

    public int Int(string option, int fallback, int min, int max)
    {
        if (Text(option) is not { } text)
            return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CliUsageException($"{option} expects a whole number from {min} to {max}, not '{text}'");
    }
}
