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
                throw new CliUsageException($"unknown option '{CliInputException.Quote(arg)}'");
        }
    }

    public bool Has(string option) => _values.ContainsKey(option);

    public string? Text(string option) => _values.GetValueOrDefault(option);

    public string Required(string option) =>
        Text(option) is { } value ? value : throw new CliUsageException($"{option} is required");

    /// <summary>
    /// The first day a date option accepts: dates on the command line are held to the years an order row is
    /// (<see cref="OrderRows.EarliestCreated"/>), so with every days option at most <see cref="MaxDays"/> the earliest
    /// instant the figures reach (as-of − period − window) is in 1700, and no date arithmetic leaves
    /// <see cref="DateTime"/>'s range (as-of 0001-01-01 crashed the run).
    /// </summary>
    public static readonly DateOnly EarliestDate = DateOnly.FromDateTime(OrderRows.EarliestCreated);

    /// <summary>The last day a date option accepts, the last day an order row can fall on.</summary>
    public static readonly DateOnly LatestDate = DateOnly.FromDateTime(OrderRows.LatestCreated).AddDays(-1);

    /// <summary>The longest window, period or horizon in days (100 years); see <see cref="EarliestDate"/>.</summary>
    public const int MaxDays = 36_500;

    /// <summary>The date <paramref name="text"/> given to <paramref name="option"/>, from <see cref="EarliestDate"/> to <see cref="LatestDate"/>.</summary>
    public DateOnly Date(string option, string text)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new CliUsageException($"{option} expects a date as YYYY-MM-DD, not '{CliInputException.Quote(text)}'");
        return date >= EarliestDate && date <= LatestDate
            ? date
            : throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"{option} expects a date from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}, not '{CliInputException.Quote(text)}'"));
    }

    /// <summary>A number of days given to <paramref name="option"/>, from 1 to <see cref="MaxDays"/>.</summary>
    public int Days(string option, int fallback) => Int(option, fallback, 1, MaxDays);

    private int Int(string option, int fallback, int min, int max)
    {
        if (Text(option) is not { } text)
            return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CliUsageException($"{option} expects a whole number from {min} to {max}, not '{CliInputException.Quote(text)}'");
    }
}
