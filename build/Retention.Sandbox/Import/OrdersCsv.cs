using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Retention.Core.Store;
using Retention.Sandbox.Cli;

namespace Retention.Sandbox.Import;

/// <summary>One good row of an orders export.</summary>
public sealed record CsvOrder(int Line, int OrderId, int CustomerId, DateTime CreatedUtc, decimal Total, OrderState Status, int StoreId);

/// <summary>Why a line of the file was refused; line 1 is the header.</summary>
public sealed record CsvError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>The parsed file: every good row, or every reason it cannot be loaded.</summary>
public sealed class OrdersCsvResult(IReadOnlyList<CsvOrder> orders, IReadOnlyList<CsvError> errors)
{
    public IReadOnlyList<CsvOrder> Orders { get; } = orders;
    public IReadOnlyList<CsvError> Errors { get; } = errors;
    public bool IsValid => Errors.Count == 0;

    /// <summary>A message a person can act on: how many lines are bad and what is wrong with each (first 50).</summary>
    public string Describe(string source, int maxListed = 50)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{source}: {Errors.Count} problem(s), nothing was loaded:");
        foreach (var error in Errors.Take(maxListed))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {error}");
        if (Errors.Count > maxListed)
            text.AppendLine(CultureInfo.InvariantCulture, $"  … and {Errors.Count - maxListed} more.");
        return text.ToString();
    }
}

/// <summary>
/// Reads an order export: <c>order_id,customer_id,created_utc,total[,status][,store_id]</c>. The header is required and
/// columns are matched by name (any order, case-insensitive; other columns are ignored). Numbers use the invariant
/// culture (<c>1234.50</c>), times are ISO-8601 in UTC (<c>2024-03-01T14:05:00Z</c>; a time without a zone is taken
/// as UTC), status is a nopCommerce name (Pending, Processing, Complete, Cancelled) or its id (10–40) and defaults
/// to Complete, store_id defaults to 1. Fields may be quoted ("…", with "" for a quote). Every bad line is reported.
/// </summary>
public static class OrdersCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns = new[] { "order_id", "customer_id", "created_utc", "total" };
    public static readonly IReadOnlyList<string> OptionalColumns = new[] { "status", "store_id" };

    internal static readonly Regex IsoDate = new(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?(Z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant);

    public static OrdersCsvResult ParseFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader);
    }

    public static OrdersCsvResult Parse(TextReader reader)
    {
        var orders = new List<CsvOrder>();
        var errors = new List<CsvError>();

        // The CLI's reader: a hostile file's line is refused at 1 MB instead of being held whole.
        var lines = new InputLines(reader, "the file");
        try
        {
            return Parse(lines, orders, errors);
        }
        catch (CliInputException)
        {
            errors.Add(new CsvError(lines.Number, InputLines.TooLong));
            return new OrdersCsvResult(Array.Empty<CsvOrder>(), errors);
        }
    }

    private static OrdersCsvResult Parse(InputLines reader, List<CsvOrder> orders, List<CsvError> errors)
    {
        var header = reader.ReadLine();
        if (header == null || header.Trim().Length == 0)
            return new OrdersCsvResult(orders, new[] { new CsvError(1, "the file is empty; the first line must be the header " + string.Join(",", RequiredColumns)) });
        if (!TrySplit(header, out var names, out var headerProblem))
            return new OrdersCsvResult(orders, new[] { new CsvError(1, headerProblem) });

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!index.TryAdd(name, i) && RequiredColumns.Concat(OptionalColumns).Contains(name, StringComparer.OrdinalIgnoreCase))
                errors.Add(new CsvError(1, $"column '{Quote(name)}' appears more than once in the header"));
        }
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            errors.Add(new CsvError(1, $"the header is missing the column(s) {string.Join(", ", missing)} (found: {string.Join(", ", names.Take(20).Select(n => Quote(n.Trim())))}{(names.Count > 20 ? $", … {names.Count} in all" : "")})"));
        if (errors.Count > 0)
            return new OrdersCsvResult(orders, errors);

        var firstLineOf = new Dictionary<int, int>();
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
                continue;
            if (!TrySplit(line, out var fields, out var problem))
            {
                errors.Add(new CsvError(lineNumber, problem));
                continue;
            }
            if (fields.Count != names.Count)
            {
                errors.Add(new CsvError(lineNumber, $"expected {names.Count} fields as in the header, found {fields.Count}"));
                continue;
            }
            // Duplicates are reported even on a row with other problems: the person fixes the file once.
            var duplicate = false;
            if (int.TryParse(fields[index["order_id"]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                && !firstLineOf.TryAdd(id, lineNumber))
            {
                errors.Add(new CsvError(lineNumber, $"order_id {id} is a duplicate of line {firstLineOf[id]}"));
                duplicate = true;
            }
            var order = ParseRow(lineNumber, fields, index, errors);
            if (order != null && !duplicate)
                orders.Add(order);
        }
        if (orders.Count == 0 && errors.Count == 0)
            errors.Add(new CsvError(1, "the file has a header but no orders"));
        return new OrdersCsvResult(errors.Count == 0 ? orders : Array.Empty<CsvOrder>(), errors);
    }

    /// <summary>A field as an error may show it: at most 40 characters, control and format characters as <c>?</c> (the CLI's rule).</summary>
    private static string Quote(string field) => CliInputException.Quote(field);

    private static CsvOrder? ParseRow(int line, IReadOnlyList<string> fields, Dictionary<string, int> index, List<CsvError> errors)
    {
        var before = errors.Count;
        string Field(string column) => index.TryGetValue(column, out var i) ? fields[i].Trim() : "";

        var orderId = PositiveInt(line, "order_id", Field("order_id"), errors);
        var customerId = PositiveInt(line, "customer_id", Field("customer_id"), errors);

        var createdText = Field("created_utc");
        DateTime created = default;
        if (!IsoDate.IsMatch(createdText) || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var createdOffset))
            errors.Add(new CsvError(line, $"created_utc '{Quote(createdText)}' is not an ISO-8601 UTC time such as 2024-03-01T14:05:00Z"));
        else
            created = createdOffset.UtcDateTime;

        var totalText = Field("total");
        if (!decimal.TryParse(totalText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var total))
            errors.Add(new CsvError(line, $"total '{Quote(totalText)}' is not a number such as 1234.50 (a dot for decimals, no thousands separator)"));
        else if (total < 0)
            errors.Add(new CsvError(line, $"total {Quote(totalText)} is negative"));

        var status = OrderState.Complete;
        var statusText = Field("status");
        if (statusText.Length > 0 && !TryStatus(statusText, out status))
            errors.Add(new CsvError(line, $"status '{Quote(statusText)}' is not one of Pending, Processing, Complete, Cancelled (or 10, 20, 30, 40)"));

        var storeText = Field("store_id");
        var storeId = storeText.Length == 0 ? 1 : PositiveInt(line, "store_id", storeText, errors);

        return errors.Count > before ? null : new CsvOrder(line, orderId, customerId, created, total, status, storeId);
    }

    private static int PositiveInt(int line, string column, string text, List<CsvError> errors)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            return value;
        errors.Add(new CsvError(line, text.Length == 0 ? $"{column} is empty" : $"{column} '{Quote(text)}' is not a positive whole number"));
        return 0;
    }

    internal static bool TryStatus(string text, out OrderState status)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            status = (OrderState)id;
            return Enum.IsDefined(status);
        }
        foreach (var state in Enum.GetValues<OrderState>())
        {
            if (string.Equals(state.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                status = state;
                return true;
            }
        }
        status = default;
        return false;
    }

    /// <summary>Splits one line on commas, honouring double quotes (RFC 4180, one line per record).</summary>
    internal static bool TrySplit(string line, out List<string> fields, out string problem)
    {
        fields = new List<string>();
        problem = "";
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        if (quoted)
        {
            problem = "a quoted field is not closed on this line";
            return false;
        }
        fields.Add(field.ToString());
        return true;
    }
}
