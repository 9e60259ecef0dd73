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
    /// <summary>
    /// The rows' order ids for Core's facts: their positions (1, 2, …), made on demand (a column of them cost 20 MB of
    /// writes on five million rows that only the LINQ fallback reads).
    /// </summary>
    public int[] OrderIds
    {
        get
        {
            var ids = new int[Count];
            for (var i = 0; i < ids.Length; i++)
                ids[i] = i + 1;
            return ids;
        }
    }
    public int[] CustomerIds { get; private set; } = new int[1024];
    public DateTime[] Created { get; private set; } = new DateTime[1024];
    public decimal[] Totals { get; private set; } = new decimal[1024];
    public OrderState[] Statuses { get; private set; } = new OrderState[1024];
    public int[] StoreIds { get; private set; } = new int[1024];

    /// <summary>The line of the file each row was read from, so a warning about a row can name it.</summary>
    public int[] Lines { get; private set; } = new int[1024];

    /// <summary>Each row's order_id when it is a positive whole number written without leading zeros, else 0.</summary>
    internal int[] OrderNumbers { get; private set; } = new int[1024];

    /// <summary>The line of the first row of <paramref name="store"/> with order number <paramref name="number"/>, which must exist.</summary>
    internal int FirstLineOf(int store, int number)
    {
        for (var i = 0; i < Count; i++)
            if (OrderNumbers[i] == number && StoreIds[i] == store)
                return Lines[i];
        throw new InvalidOperationException($"order number {number} of store {store} was never read");
    }

    /// <summary>Order numbers as <see cref="OrderKeys"/> keeps them for these rows (the first line found by <see cref="FirstLineOf"/>).</summary>
    internal OrderKeys NewOrderKeys() => new(FirstLineOf);

    /// <inheritdoc cref="OrdersCsv.MaxTotal"/>
    public const decimal MaxTotal = OrdersCsv.MaxTotal;

    /// <summary>How many orders are dated at or after <paramref name="endUtc"/>, and the file line of the first of them (0: none).</summary>
    public (int Count, int FirstLine) DatedFrom(DateTime endUtc)
    {
        var count = 0;
        var first = 0;
        for (var i = 0; i < Count; i++)
        {
            if (Created[i] < endUtc)
                continue;
            if (count++ == 0)
                first = Lines[i];
        }
        return (count, first);
    }

    /// <inheritdoc cref="OrdersCsv.EarliestCreated"/>
    public static DateTime EarliestCreated => OrdersCsv.EarliestCreated;

    /// <inheritdoc cref="OrdersCsv.LatestCreated"/>
    public static DateTime LatestCreated => OrdersCsv.LatestCreated;

    /// <summary>Rows with status Refunded or Credit (a credit note): read as cancelled, and counted in no figure.</summary>
    public int Refunds { get; internal set; }

    /// <summary>Rows the byte reader parsed itself rather than through <see cref="Accept"/> (for the tests: the fast way was taken).</summary>
    internal int ParsedAsBytes { get; set; }

    /// <summary>Rows skipped because their customer_id was empty (guest orders without a customer).</summary>
    public int SkippedWithoutCustomer { get; internal set; }

    internal void Add(int customerId, DateTime created, decimal total, OrderState status, int storeId, int line, int orderNumber)
    {
        if (Count == CustomerIds.Length)
        {
            var size = Count * 2;
            CustomerIds = Grow(CustomerIds, size);
            Created = Grow(Created, size);
            Totals = Grow(Totals, size);
            Statuses = Grow(Statuses, size);
            StoreIds = Grow(StoreIds, size);
            Lines = Grow(Lines, size);
            OrderNumbers = Grow(OrderNumbers, size);
        }
        CustomerIds[Count] = customerId;
        Created[Count] = created;
        Totals[Count] = total;
        Statuses[Count] = status;
        StoreIds[Count] = storeId;
        Lines[Count] = line;
        OrderNumbers[Count] = orderNumber;
        Count++;
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        Array.Copy(array, grown, array.Length);
        return grown;
    }

    /// <summary>Room for <paramref name="capacity"/> rows, so a large file's columns grow once instead of doubling.</summary>
    internal void EnsureCapacity(int capacity)
    {
        if (capacity <= CustomerIds.Length)
            return;
        CustomerIds = Grow(CustomerIds, capacity);
        Created = Grow(Created, capacity);
        Totals = Grow(Totals, capacity);
        Statuses = Grow(Statuses, capacity);
        StoreIds = Grow(StoreIds, capacity);
        Lines = Grow(Lines, capacity);
        OrderNumbers = Grow(OrderNumbers, capacity);
    }

    /// <summary>
    /// Reads <c>order_id,customer_id,created_utc,total[,status][,store_id]</c> with the rules of <see cref="OrdersCsv"/>
    /// (header required, columns by name, order_id as text unique per store, invariant numbers, ISO-8601 UTC times,
    /// nopCommerce status names or ids or Refunded/Credit, quoted fields), except that a row with an empty customer_id
    /// is skipped and counted instead of refused. <see cref="OrderIds"/> are the rows' positions (1, 2, …): Core's
    /// order facts key orders by an integer, and the file's order numbers are text that only messages need.
    /// The first bad line stops the reading.
    /// </summary>
    /// <remarks>
    /// A UTF-8 file (the usual export) is read as bytes by <see cref="Utf8OrderReader"/>; one with a UTF-16 or UTF-32
    /// byte order mark, or a stream that cannot seek, as text by <see cref="Read(TextReader, string)"/>. Both apply
    /// <see cref="Accept"/>'s rules.
    /// </remarks>
    /// <exception cref="CliInputException">The file cannot be read; the message names the line.</exception>
    public static OrderRows Read(string path)
    {
        if (!File.Exists(path))
            throw new CliInputException($"{path}: file not found");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.CanSeek && !Utf8OrderReader.HasOtherByteOrderMark(stream))
            return Utf8OrderReader.Read(stream, path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, path);
    }

    /// <inheritdoc cref="Read(string)"/>
    public static OrderRows Read(TextReader reader, string source)
    {
        var lines = new InputLines(reader, source);
        var errors = new List<CsvError>();
        var columns = OrdersCsv.ReadHeader(lines.ReadLine(), errors) ?? throw Bad(source, errors[0]);

        var rows = new OrderRows();
        var keys = rows.NewOrderKeys();
        string? line;
        while ((line = lines.ReadLine()) != null)
            Accept(line, lines.Number, columns, rows, keys, source);
        return rows;
    }

    /// <summary>One line after the header: skipped when blank or without a customer, added when good, refused otherwise.</summary>
    /// <exception cref="CliInputException">The line is bad; the message names it.</exception>
    internal static void Accept(string line, int lineNumber, OrderColumns columns, OrderRows rows, OrderKeys keys, string source)
    {
        var errors = new List<CsvError>();
        if (line.Trim().Length == 0)
            return;
        if (!OrdersCsv.TrySplit(line, out var fields, out var problem))
            throw Bad(source, new CsvError(lineNumber, problem));
        if (fields.Count != columns.Count)
            throw Bad(source, new CsvError(lineNumber, $"expected {columns.Count} fields as in the header, found {fields.Count}"));
        if (fields[columns.Customer].Trim().Length == 0)
        {
            rows.SkippedWithoutCustomer++;
            return;
        }
        if (OrdersCsv.ReadRow(lineNumber, fields, columns, errors) is not { } row)
            throw Bad(source, errors[0]);
        if (keys.DuplicateReason(columns, fields, lineNumber) is { } duplicate)
            throw Bad(source, new CsvError(lineNumber, duplicate));
        if (row.Refund)
            rows.Refunds++;
        rows.Add(row.CustomerId, row.CreatedUtc, row.Total, row.Status, row.StoreId, lineNumber,
            OrdersCsv.CanonicalPositiveInt(row.OrderKey, out var number) ? number : 0);
    }

    internal static CliInputException Bad(string source, CsvError error) => new($"{source}: line {error.Line}: {error.Reason}");
}
