using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Retention.Core.Store;
using Retention.Sandbox.Cli;

namespace Retention.Sandbox.Import;

/// <summary>One good row of an orders export.</summary>
/// <param name="OrderId">
/// The order's id in the store: the file's own when every order_id is a positive whole number unique across the
/// file (a nopCommerce export keeps its ids), otherwise the row's position among the orders (1, 2, …): the database
/// keys orders by an integer, and an export's order number is text (<c>#1001</c>, <c>SO-2024-17</c>, <c>C536379</c>).
/// </param>
/// <param name="OrderKey">The order_id as the file gives it (trimmed), for messages.</param>
/// <param name="Refund">
/// The row is a refund or credit note (status Refunded or Credit), not a cancelled order; both have
/// <see cref="OrderState.Cancelled"/> as <paramref name="Status"/>, so no figure counts them as purchases.
/// </param>
public sealed record CsvOrder(int Line, int OrderId, int CustomerId, DateTime CreatedUtc, decimal Total, OrderState Status, int StoreId,
    string OrderKey = "", bool Refund = false);

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
/// columns are matched by name (any order, case-insensitive; other columns are ignored). order_id is the store's order
/// number as text, unique per store; numbers use the invariant culture (<c>1234.50</c>), times are ISO-8601 in UTC
/// (<c>2024-03-01T14:05:00Z</c>; a time without a zone is taken as UTC), status is a nopCommerce name (Pending,
/// Processing, Complete, Cancelled) or its id (10–40), or Refunded or Credit, and defaults to Complete; store_id
/// defaults to 1. Fields may be quoted ("…", with "" for a quote). Every bad line is reported. The row rules
/// (<see cref="ReadRow"/>) are the CLI's too (<see cref="OrderRows"/>).
/// </summary>
public static class OrdersCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns = new[] { "order_id", "customer_id", "created_utc", "total" };
    public static readonly IReadOnlyList<string> OptionalColumns = new[] { "status", "store_id" };

    internal static readonly Regex IsoDate = new(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?(Z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The largest order total accepted, either sign. Sums of totals are decimals: a million orders at this bound stay
    /// far below decimal's range, where totals near <see cref="decimal.MaxValue"/> made the revenue sum overflow.
    /// </summary>
    public const decimal MaxTotal = 1_000_000_000_000m;

    /// <summary>
    /// Order times are refused outside [1900, 2100): the cohort table has a row per month from the first order to the
    /// as-of date, so an order in year 1 would make tens of thousands of rows of tens of thousands of cells.
    /// </summary>
    public static readonly DateTime EarliestCreated = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <inheritdoc cref="EarliestCreated"/>
    public static readonly DateTime LatestCreated = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The statuses a row may have besides nopCommerce's, for refunds and credit notes (they are not purchases).</summary>
    private static readonly string[] RefundStatuses = { "Refunded", "Credit", "Credit note", "CreditNote" };

    /// <summary>What a status field may hold, as a message lists it.</summary>
    internal const string StatusChoices = "Pending, Processing, Complete, Cancelled (or 10, 20, 30, 40), Refunded, Credit";

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
        var columns = ReadHeader(reader.ReadLine(), errors);
        if (columns is null)
            return new OrdersCsvResult(orders, errors);

        var keys = new OrderKeys();
        var integerIds = true;
        var ids = new HashSet<int>();
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
            if (fields.Count != columns.Count)
            {
                errors.Add(new CsvError(lineNumber, $"expected {columns.Count} fields as in the header, found {fields.Count}"));
                continue;
            }
            // Duplicates are reported even on a row with other problems: the person fixes the file once.
            var duplicate = keys.DuplicateReason(columns, fields, lineNumber);
            if (duplicate != null)
                errors.Add(new CsvError(lineNumber, duplicate));
            if (ReadRow(lineNumber, fields, columns, errors) is { } row && duplicate == null)
            {
                integerIds = integerIds && CanonicalPositiveInt(row.OrderKey, out var id) && ids.Add(id);
                orders.Add(new CsvOrder(lineNumber, 0, row.CustomerId, row.CreatedUtc, row.Total, row.Status, row.StoreId, row.OrderKey, row.Refund));
            }
        }
        if (orders.Count == 0 && errors.Count == 0)
            errors.Add(new CsvError(1, "the file has a header but no orders"));
        if (errors.Count > 0)
            return new OrdersCsvResult(Array.Empty<CsvOrder>(), errors);
        var numbered = orders.Select((o, i) => o with { OrderId = integerIds ? int.Parse(o.OrderKey, CultureInfo.InvariantCulture) : i + 1 }).ToList();
        return new OrdersCsvResult(numbered, errors);
    }

    /// <summary>A field as an error may show it: at most 40 characters, control and format characters as <c>?</c> (the CLI's rule).</summary>
    private static string Quote(string field) => CliInputException.Quote(field);

    /// <summary>
    /// The columns named by <paramref name="header"/>, or null with the reasons added to <paramref name="errors"/> (all on
    /// line 1): an empty file, a broken header, a column named twice, a required column missing. A header that would
    /// have every column if split on a semicolon, a tab or a bar says so instead of listing what is missing.
    /// </summary>
    internal static OrderColumns? ReadHeader(string? header, List<CsvError> errors)
    {
        var before = errors.Count;
        if (header == null || header.Trim().Length == 0)
        {
            errors.Add(new CsvError(1, "the file is empty; the first line must be the header " + string.Join(",", RequiredColumns)));
            return null;
        }
        if (!TrySplit(header, out var names, out var headerProblem))
        {
            errors.Add(new CsvError(1, headerProblem));
            return null;
        }
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (!index.TryAdd(name, i) && RequiredColumns.Concat(OptionalColumns).Contains(name, StringComparer.OrdinalIgnoreCase))
                errors.Add(new CsvError(1, $"column '{Quote(name)}' appears more than once in the header"));
        }
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            // A spreadsheet saved with a semicolon (a decimal-comma locale) or as tab-separated text: one column only.
            var separator = new[] { (';', "semicolons (;)"), ('\t', "tabs"), ('|', "bars (|)") }
                .FirstOrDefault(s => RequiredColumns.All(c => header.Split(s.Item1).Any(n => string.Equals(n.Trim().Trim('"'), c, StringComparison.OrdinalIgnoreCase))));
            errors.Add(new CsvError(1, separator.Item2 is { } named
                ? $"the columns are separated by {named}, not commas; save the export as comma-separated CSV (numbers with a dot for decimals)"
                : $"the header is missing the column(s) {string.Join(", ", missing)} (found: {string.Join(", ", names.Take(20).Select(n => Quote(n.Trim())))}{(names.Count > 20 ? $", … {names.Count} in all" : "")})"));
        }
        return errors.Count > before ? null : new OrderColumns(index, names.Count);
    }

    /// <summary>
    /// One row's values by the export's rules, or null with every reason added to <paramref name="errors"/>. A total
    /// may be negative only on a row whose status says it is no purchase (Cancelled, Refunded, Credit): a credit
    /// note's negative amount is money returned, never an order.
    /// </summary>
    internal static OrderRow? ReadRow(int line, IReadOnlyList<string> fields, OrderColumns columns, List<CsvError> errors)
    {
        var before = errors.Count;
        string Field(int i) => i < 0 ? "" : fields[i].Trim();

        var orderKey = Field(columns.Order);
        if (orderKey.Length == 0)
            errors.Add(new CsvError(line, "order_id is empty"));
        var customerId = PositiveInt(line, "customer_id", Field(columns.Customer), errors);

        var createdText = Field(columns.Created);
        DateTime created = default;
        if (!IsoDate.IsMatch(createdText) || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var createdOffset))
            errors.Add(new CsvError(line, $"created_utc '{Quote(createdText)}' is not an ISO-8601 UTC time such as 2024-03-01T14:05:00Z"));
        else if (createdOffset.UtcDateTime < EarliestCreated || createdOffset.UtcDateTime >= LatestCreated)
            errors.Add(new CsvError(line, $"created_utc '{Quote(createdText)}' is outside the years {EarliestCreated.Year}–{LatestCreated.Year - 1} an order export can hold"));
        else
            created = createdOffset.UtcDateTime;

        var status = OrderState.Complete;
        var refund = false;
        var statusText = Field(columns.Status);
        var statusKnown = statusText.Length == 0 || TryStatus(statusText, out status, out refund);
        if (!statusKnown)
            errors.Add(new CsvError(line, $"status '{Quote(statusText)}' is not one of {StatusChoices}"));

        var totalText = Field(columns.Total);
        if (!decimal.TryParse(totalText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var total))
            errors.Add(new CsvError(line, $"total '{Quote(totalText)}' is not a number such as 1234.50 (a dot for decimals, no thousands separator)"));
        else if (total < 0 && statusKnown && status != OrderState.Cancelled)
            errors.Add(new CsvError(line, $"total {Quote(totalText)} is negative; only a row whose status is Cancelled, Refunded or Credit may have a negative total"));
        else if (Math.Abs(total) > MaxTotal)
            errors.Add(new CsvError(line, $"total {Quote(totalText)} is beyond {MaxTotal.ToString("N0", CultureInfo.InvariantCulture)}, more than one order can be worth"));

        var storeText = Field(columns.Store);
        var storeId = storeText.Length == 0 ? 1 : PositiveInt(line, "store_id", storeText, errors);

        return errors.Count > before ? null : new OrderRow(orderKey, customerId, created, total, status, refund, storeId);
    }

    private static int PositiveInt(int line, string column, string text, List<CsvError> errors)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            return value;
        errors.Add(new CsvError(line, text.Length == 0 ? $"{column} is empty" : $"{column} '{Quote(text)}' is not a positive whole number"));
        return 0;
    }

    /// <summary>Whether <paramref name="text"/> is a positive whole number written as .NET writes it (no sign, no leading zero).</summary>
    internal static bool CanonicalPositiveInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0 && text[0] != '0';

    /// <summary>
    /// A status name or id: nopCommerce's <see cref="OrderState"/> names or ids, Canceled as Cancelled, and Refunded or
    /// Credit (a credit note), which are <see cref="OrderState.Cancelled"/> with <paramref name="refund"/> set.
    /// </summary>
    internal static bool TryStatus(string text, out OrderState status, out bool refund)
    {
        refund = false;
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
        status = OrderState.Cancelled;
        if (string.Equals(text, "Canceled", StringComparison.OrdinalIgnoreCase))
            return true;
        refund = RefundStatuses.Contains(text, StringComparer.OrdinalIgnoreCase);
        if (!refund)
            status = default;
        return refund;
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

/// <summary>Where each column of an orders export is (−1 for an optional column that is absent) and how many the header has.</summary>
internal sealed class OrderColumns(Dictionary<string, int> index, int count)
{
    public int Order { get; } = index["order_id"];
    public int Customer { get; } = index["customer_id"];
    public int Created { get; } = index["created_utc"];
    public int Total { get; } = index["total"];
    public int Status { get; } = index.GetValueOrDefault("status", -1);
    public int Store { get; } = index.GetValueOrDefault("store_id", -1);
    public int Count { get; } = count;
}

/// <summary>One row's values as <see cref="OrdersCsv.ReadRow"/> reads them.</summary>
internal readonly record struct OrderRow(string OrderKey, int CustomerId, DateTime CreatedUtc, decimal Total, OrderState Status, bool Refund, int StoreId);

/// <summary>
/// The order numbers seen so far, per store, each with its first line: an order_id is unique within its store. A
/// number that is a plain positive integer is kept as one (a million nopCommerce ids cost a dictionary of longs, not
/// a million strings); any other text as itself, so <c>0017</c> and <c>17</c> stay two orders.
/// </summary>
internal sealed class OrderKeys
{
    private readonly LineByKey? _numbers;
    private readonly NumberSet? _seen;
    private readonly Func<int, int, int>? _firstLineOf;
    private readonly Dictionary<(int Store, string Key), int> _texts = new();

    /// <summary>Order numbers kept with their first line.</summary>
    public OrderKeys() => _numbers = new LineByKey();

    /// <summary>
    /// Order numbers kept as bits (an export's numbers are mostly consecutive: a few bits each instead of twelve bytes
    /// in a hash table, which cost half of the CLI's reading time on five million rows); the line a repeated number was
    /// first seen on is asked of <paramref name="firstLineOf"/> (store, number), which the caller answers from its rows.
    /// </summary>
    public OrderKeys(Func<int, int, int> firstLineOf)
    {
        _seen = new NumberSet();
        _firstLineOf = firstLineOf;
    }

    /// <summary>
    /// The reason the row's order_id repeats an earlier one in its store, or null (also when the row's order_id or
    /// store_id is unreadable: that row is refused for its own reason).
    /// </summary>
    public string? DuplicateReason(OrderColumns columns, IReadOnlyList<string> fields, int line)
    {
        var key = fields[columns.Order].Trim();
        var storeText = columns.Store < 0 ? "" : fields[columns.Store].Trim();
        var store = 1;
        if (key.Length == 0 || storeText.Length > 0 && !(int.TryParse(storeText, NumberStyles.None, CultureInfo.InvariantCulture, out store) && store > 0))
            return null;
        var first = OrdersCsv.CanonicalPositiveInt(key, out var number)
            ? FirstLineOfNumber(store, number, line)
            : FirstLineOfText(store, key, line);
        return first == line ? null : $"order_id {Quote(key)} is a duplicate of line {first}";
    }

    /// <summary>
    /// The line order number <paramref name="number"/> (a positive integer written without leading zeros) was first
    /// seen on in <paramref name="store"/>; <paramref name="line"/>, now recorded, when this is the first time.
    /// </summary>
    public int FirstLineOfNumber(int store, int number, int line)
    {
        var key = ((long)store << 32) | (uint)number;
        if (_numbers is not null)
            return _numbers.FirstLine(key, line);
        return _seen!.Add(key) ? line : _firstLineOf!(store, number);
    }

    /// <summary>As <see cref="FirstLineOfNumber"/>, for any other order_id text (trimmed).</summary>
    public int FirstLineOfText(int store, string key, int line)
    {
        ref var first = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_texts, (store, key), out var exists);
        if (!exists)
            first = line;
        return first;
    }

    private static string Quote(string field) => CliInputException.Quote(field);

    /// <summary>
    /// Non-zero longs to the line each was first seen on, by open addressing in two arrays: five million order numbers
    /// cost 96 MB here against about 200 MB and twice the time in a <see cref="Dictionary{TKey, TValue}"/>.
    /// </summary>
    private sealed class LineByKey
    {
        private long[] _keys = new long[1 << 10];
        private int[] _lines = new int[1 << 10];
        private int _shift = 64 - 10;
        private int _count;

        public int FirstLine(long key, int line)
        {
            if (_count * 4L >= _keys.Length * 3L)
                Grow();
            var mask = _keys.Length - 1;
            // Fibonacci hashing spreads consecutive order numbers over the table.
            var slot = (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);
            while (true)
            {
                var found = _keys[slot];
                if (found == key)
                    return _lines[slot];
                if (found == 0)
                {
                    _keys[slot] = key;
                    _lines[slot] = line;
                    _count++;
                    return line;
                }
                slot = (slot + 1) & mask;
            }
        }

        private void Grow()
        {
            var keys = _keys;
            var lines = _lines;
            _keys = new long[keys.Length * 2];
            _lines = new int[keys.Length * 2];
            _shift--;
            _count = 0;
            for (var i = 0; i < keys.Length; i++)
                if (keys[i] != 0)
                    FirstLine(keys[i], lines[i]);
        }
    }

    /// <summary>
    /// A set of non-zero longs: those below a bound as bits, the bound growing with the set (at most 64 bits per
    /// member on average beyond the first 2^24), the rest in a hash set, moved into the bits when the bound passes them.
    /// </summary>
    private sealed class NumberSet
    {
        private readonly Dictionary<int, ulong[]> _bits = new();
        private readonly HashSet<long> _others = new();
        private int _count;

        /// <summary>Adds <paramref name="key"/> (store in the high half, number in the low); false when it was there.</summary>
        public bool Add(long key)
        {
            var store = (int)(key >> 32);
            var number = (uint)key;
            if (!_bits.TryGetValue(store, out var bits) || number >= (ulong)bits.Length * 64)
            {
                var wanted = Math.Max(1L << 24, 64L * (_count + 1));
                if (number >= wanted)
                {
                    if (!_others.Add(key))
                        return false;
                    _count++;
                    return true;
                }
                bits = Grow(store, bits, (int)Math.Min(wanted / 64, (number / 64 + 1) * 2));
            }
            ref var word = ref bits[number >> 6];
            var bit = 1UL << (int)(number & 63);
            if ((word & bit) != 0)
                return false;
            word |= bit;
            _count++;
            return true;
        }

        private ulong[] Grow(int store, ulong[]? bits, int words)
        {
            var grown = new ulong[Math.Max(words, bits?.Length ?? 0)];
            bits?.CopyTo(grown, 0);
            _bits[store] = grown;
            foreach (var other in _others.Where(o => (int)(o >> 32) == store && (uint)o < (ulong)grown.Length * 64).ToList())
            {
                _others.Remove(other);
                grown[(uint)other >> 6] |= 1UL << (int)((uint)other & 63);
            }
            return grown;
        }
    }
}
