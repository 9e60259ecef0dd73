using System.Globalization;
using System.Text;
using Retention.Core.Store;
using Retention.Sandbox.Import;

namespace Retention.Sandbox.Cli;

/// <summary>
/// The orders of an export, column by column (a million rows are a few arrays, not a million objects), in file order.
/// </summary>
public sealed class OrderRows
{
    public int Count { get; private set; }
    public int[] OrderIds { get; private set; } = new int[1024];
    public int[] CustomerIds { get; private set; } = new int[1024];
    public DateTime[] Created { get; private set; } = new DateTime[1024];
    public decimal[] Totals { get; private set; } = new decimal[1024];
    public OrderState[] Statuses { get; private set; } = new OrderState[1024];
    public int[] StoreIds { get; private set; } = new int[1024];

    /// <summary>The line of the file each row was read from, so a warning about a row can name it.</summary>
    public int[] Lines { get; private set; } = new int[1024];

    /// <summary>
    /// The largest order total accepted. Sums of totals are decimals: a million orders at this bound stay far below
    /// decimal's range, where totals near <see cref="decimal.MaxValue"/> made the revenue sum overflow.
    /// </summary>
    public const decimal MaxTotal = 1_000_000_000_000m;

    /// <summary>
    /// Order times are refused outside [1900, 2100): the cohort table has a row per month from the first order to the
    /// as-of date, so an order in year 1 would make tens of thousands of rows of tens of thousands of cells.
    /// </summary>
    public static readonly DateTime EarliestCreated = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <inheritdoc cref="EarliestCreated"/>
    public static readonly DateTime LatestCreated = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows skipped because their customer_id was empty (guest orders without a customer).</summary>
    public int SkippedWithoutCustomer { get; private set; }

    internal void Add(int orderId, int customerId, DateTime created, decimal total, OrderState status, int storeId, int line)
    {
        if (Count == OrderIds.Length)
        {
            var size = Count * 2;
            OrderIds = Grow(OrderIds, size);
            CustomerIds = Grow(CustomerIds, size);
            Created = Grow(Created, size);
            Totals = Grow(Totals, size);
            Statuses = Grow(Statuses, size);
            StoreIds = Grow(StoreIds, size);
            Lines = Grow(Lines, size);
        }
        OrderIds[Count] = orderId;
        CustomerIds[Count] = customerId;
        Created[Count] = created;
        Totals[Count] = total;
        Statuses[Count] = status;
        StoreIds[Count] = storeId;
        Lines[Count] = line;
        Count++;
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        Array.Copy(array, grown, array.Length);
        return grown;
    }

    /// <summary>
    /// Reads <c>order_id,customer_id,created_utc,total[,status][,store_id]</c> with the rules of <see cref="OrdersCsv"/>
    /// (header required, columns by name, invariant numbers, ISO-8601 UTC times, nopCommerce status names or ids,
    /// quoted fields), except that a row with an empty customer_id is skipped and counted instead of refused.
    /// The first bad line stops the reading.
    /// </summary>
    /// <exception cref="CliInputException">The file cannot be read; the message names the line.</exception>
    public static OrderRows Read(string path)
    {
        using var reader = CliInputException.OpenText(path);
        return Read(reader, path);
    }

    /// <inheritdoc cref="Read(string)"/>
    public static OrderRows Read(TextReader reader, string source)
    {
        CliInputException Bad(int line, string reason) => new($"{source}: line {line}: {reason}");

        var lines = new InputLines(reader, source);
        var header = lines.ReadLine();
        if (header == null || header.Trim().Length == 0)
            throw Bad(1, "the file is empty; the first line must be the header " + string.Join(",", OrdersCsv.RequiredColumns));
        if (!OrdersCsv.TrySplit(header, out var names, out var headerProblem))
            throw Bad(1, headerProblem);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!index.TryAdd(name, i) && OrdersCsv.RequiredColumns.Concat(OrdersCsv.OptionalColumns).Contains(name, StringComparer.OrdinalIgnoreCase))
                throw Bad(1, $"column '{CliInputException.Quote(name)}' appears more than once in the header");
        }
        var missing = OrdersCsv.RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw Bad(1, $"the header is missing the column(s) {string.Join(", ", missing)} (found: {CliInputException.Quote(string.Join(", ", names.Select(n => n.Trim())))})");
        var orderColumn = index["order_id"];
        var customerColumn = index["customer_id"];
        var createdColumn = index["created_utc"];
        var totalColumn = index["total"];
        var statusColumn = index.GetValueOrDefault("status", -1);
        var storeColumn = index.GetValueOrDefault("store_id", -1);

        var rows = new OrderRows();
        var firstLineOf = new Dictionary<int, int>();
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

            var customerText = fields[customerColumn].Trim();
            if (customerText.Length == 0)
            {
                rows.SkippedWithoutCustomer++;
                continue;
            }
            var orderId = PositiveInt(fields[orderColumn].Trim(), "order_id", lineNumber, Bad);
            if (!firstLineOf.TryAdd(orderId, lineNumber))
                throw Bad(lineNumber, $"order_id {orderId} is a duplicate of line {firstLineOf[orderId]}");
            var customerId = PositiveInt(customerText, "customer_id", lineNumber, Bad);

            var createdText = fields[createdColumn].Trim();
            if (!OrdersCsv.IsoDate.IsMatch(createdText) || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var created))
                throw Bad(lineNumber, $"created_utc '{CliInputException.Quote(createdText)}' is not an ISO-8601 UTC time such as 2024-03-01T14:05:00Z");
            if (created.UtcDateTime < EarliestCreated || created.UtcDateTime >= LatestCreated)
                throw Bad(lineNumber, $"created_utc '{CliInputException.Quote(createdText)}' is outside the years {EarliestCreated.Year}–{LatestCreated.Year - 1} an order export can hold");

            var totalText = fields[totalColumn].Trim();
            if (!decimal.TryParse(totalText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var total))
                throw Bad(lineNumber, $"total '{CliInputException.Quote(totalText)}' is not a number such as 1234.50 (a dot for decimals, no thousands separator)");
            if (total < 0)
                throw Bad(lineNumber, $"total {CliInputException.Quote(totalText)} is negative");
            if (total > MaxTotal)
                throw Bad(lineNumber, $"total {CliInputException.Quote(totalText)} is above {MaxTotal.ToString("N0", CultureInfo.InvariantCulture)}, more than one order can be worth");

            var status = OrderState.Complete;
            var statusText = statusColumn < 0 ? "" : fields[statusColumn].Trim();
            if (statusText.Length > 0 && !OrdersCsv.TryStatus(statusText, out status))
                throw Bad(lineNumber, $"status '{CliInputException.Quote(statusText)}' is not one of Pending, Processing, Complete, Cancelled (or 10, 20, 30, 40)");

            var storeText = storeColumn < 0 ? "" : fields[storeColumn].Trim();
            var storeId = storeText.Length == 0 ? 1 : PositiveInt(storeText, "store_id", lineNumber, Bad);

            rows.Add(orderId, customerId, created.UtcDateTime, total, status, storeId, lineNumber);
        }
        return rows;
    }

    private static int PositiveInt(string text, string column, int line, Func<int, string, CliInputException> bad) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw bad(line, text.Length == 0 ? $"{column} is empty" : $"{column} '{CliInputException.Quote(text)}' is not a positive whole number");
}
