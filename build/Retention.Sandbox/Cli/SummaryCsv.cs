using System.Globalization;
using System.Text;
using Retention.Core.Analytics;
using Retention.Sandbox.Import;

namespace Retention.Sandbox.Cli;

/// <summary>A customer summary file and whether it had a monetary column.</summary>
public sealed record SummaryFile(IReadOnlyList<CustomerSummary> Customers, bool HasMonetaryValue);

/// <summary>
/// Reads a customer summary file: columns <c>frequency,recency,T[,monetary_value]</c> matched by name
/// (case-insensitive, any order), optionally after one leading id column (any other name, e.g. <c>ID</c>, ignored).
/// The names of the CDNOW tables of Fader &amp; Hardie are accepted as aliases: <c>x</c> = frequency,
/// <c>t_x</c> = recency, <c>zbar</c> = monetary_value. frequency is a whole number ≥ 0, 0 ≤ recency ≤ T,
/// monetary_value ≥ 0 (0 for a customer without repeat purchases). The first bad line stops the reading.
/// </summary>
public static class SummaryCsv
{
    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["frequency"] = "frequency", ["x"] = "frequency",
        ["recency"] = "recency", ["t_x"] = "recency",
        ["T"] = "T",
        ["monetary_value"] = "monetary_value", ["zbar"] = "monetary_value",
    };

    /// <summary>
    /// The largest frequency, recency and T accepted (in the file's time unit; 100,000 days is 270 years). Beyond it the
    /// likelihood's gamma functions overflow and the fit can only fail, after a long search.
    /// </summary>
    public const int MaxValue = 100_000;

    /// <summary>The largest average spend accepted, the bound <see cref="OrderRows.MaxTotal"/> puts on one order.</summary>
    public const double MaxMonetaryValue = (double)OrderRows.MaxTotal;

    public static SummaryFile Read(string path)
    {
        using var reader = CliInputException.OpenText(path);
        return Read(reader, path);
    }

    public static SummaryFile Read(TextReader reader, string source)
    {
        CliInputException Bad(int line, string reason) => new($"{source}: line {line}: {reason}");

        var lines = new InputLines(reader, source);
        var header = lines.ReadLine();
        if (header == null || header.Trim().Length == 0)
            throw Bad(1, "the file is empty; the first line must be the header frequency,recency,T[,monetary_value]");
        if (!OrdersCsv.TrySplit(header, out var names, out var headerProblem))
            throw Bad(1, headerProblem);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!Canonical.TryGetValue(name, out var column))
            {
                if (i == 0)
                    continue; // the optional id column
                throw Bad(1, $"unknown column '{CliInputException.Quote(name)}'; expected [id,]frequency,recency,T[,monetary_value] (or x,t_x,T,zbar)");
            }
            if (!index.TryAdd(column, i))
                throw Bad(1, $"column '{column}' appears more than once in the header");
        }
        var missing = new[] { "frequency", "recency", "T" }.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw Bad(1, $"the header is missing the column(s) {string.Join(", ", missing)} (found: {CliInputException.Quote(string.Join(", ", names.Select(n => n.Trim())))})");
        var frequencyColumn = index["frequency"];
        var recencyColumn = index["recency"];
        var ageColumn = index["T"];
        var monetaryColumn = index.GetValueOrDefault("monetary_value", -1);

        var customers = new List<CustomerSummary>();
        string? line;
        while ((line = lines.ReadLine()) != null)
        {
            var lineNumber = lines.Number;
            if (line.Trim().Length == 0)
                continue;
            if (!OrdersCsv.TrySplit(line, out var fields, out var problem))
                throw Bad(lineNumber, problem);
            if (fields.Count != names.Count)
                throw Bad(lineNumber, $"expected {names.Count} fields as in the header, found {fields.Count}");

            var frequencyText = fields[frequencyColumn].Trim();
            if (!int.TryParse(frequencyText, NumberStyles.None, CultureInfo.InvariantCulture, out var frequency) || frequency > MaxValue)
                throw Bad(lineNumber, $"frequency '{CliInputException.Quote(frequencyText)}' is not a whole number from 0 to {MaxValue.ToString("N0", CultureInfo.InvariantCulture)}");
            var recency = Number(fields[recencyColumn], "recency", lineNumber, Bad);
            var age = Number(fields[ageColumn], "T", lineNumber, Bad);
            var monetary = monetaryColumn < 0 ? 0 : Number(fields[monetaryColumn], "monetary_value", lineNumber, Bad);
            if (recency > age)
                throw Bad(lineNumber, $"recency {recency.ToString(CultureInfo.InvariantCulture)} is greater than T {age.ToString(CultureInfo.InvariantCulture)}");
            customers.Add(new CustomerSummary(frequency, recency, age, monetary));
        }
        if (customers.Count == 0)
            throw Bad(1, "the file has a header but no customers");
        return new SummaryFile(customers, monetaryColumn >= 0);
    }

    private static double Number(string field, string column, int line, Func<int, string, CliInputException> bad)
    {
        var text = field.Trim();
        var max = column == "monetary_value" ? MaxMonetaryValue : MaxValue;
        return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
               && double.IsFinite(value) && value <= max
            ? value
            : throw bad(line, $"{column} '{CliInputException.Quote(text)}' is not a number from 0 to {max.ToString("N0", CultureInfo.InvariantCulture)} such as 30.43");
    }
}
