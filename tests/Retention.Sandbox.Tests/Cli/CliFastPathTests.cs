using System.Globalization;
using System.Text;
using Retention.Core.Metrics;
using Retention.Sandbox.Cli;

namespace Retention.Sandbox.Tests.Cli;

/// <summary>
/// The CLI's fast ways (issue 16) against the general ones they stand in for: the byte reader
/// (<see cref="Utf8OrderReader"/>) against the text reader on generated exports, fed in buffers small enough that rows
/// and line ends straddle them; the columnar metrics (<see cref="ColumnarStoreMetrics"/>) against Core's LINQ
/// calculator on random stores. Same rows, same refusals, same JSON.
/// </summary>
[TestFixture]
public class CliFastPathTests
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private int _seed;

    [SetUp]
    public void PickSeed() => _seed = Environment.GetEnvironmentVariable("RETENTION_FUZZ_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : Environment.TickCount;

    private static readonly string[] Customers = ["1", "2", "3", "17", "0042", "", " ", " 5 ", "0", "-3", "x", "99999999999", "2147483647", "2147483648"];
    private static readonly string[] OrderIds = ["#1001", "SO-2024-17", "C536379", "0017", "17", "2147483648", "", " 8 ", "9"];
    private static readonly string[] Dates =
    [
        "2024-03-01T14:05:00Z", "2024-03-01T14:05:00", "2024-03-01 14:05:00", "2024-03-01", "2024-03-01T14:05", "2024-03-01T14:05Z",
        "2024-03-01T14:05:00.5Z", "2024-03-01T14:05:00.1234567Z", "2024-03-01T14:05:00.12345678Z", "2024-02-29T23:59:59Z",
        "2023-02-29T10:00:00Z", "2024-13-01", "2024-03-01T24:00:00Z", "2024-03-01T23:60:00Z", "2024-03-01T23:59:60Z",
        "1899-12-31T23:59:59Z", "1900-01-01", "2099-12-31T23:59:59.9999999Z", "2100-01-01", "2024-03-01Z", "2024-03-01T14:05:00+02:00",
        "2024-03-01t14:05:00z", "2024-3-1", "2024-03-01T", " 2024-03-02T08:00:00Z ",
    ];
    private static readonly string[] Totals =
        ["10", "10.50", "0.00", "0", "-0", "-0.00", "-27.50", "+3.5", "5.", ".5", "007.250", "1e3", "1,5", "999999999999.99", "1000000000000", "1000000000000.01",
         "123456789012345678", "1234567890123456789", "0.000000000000000001", " 12.5 ", "-", ""];
    private static readonly string[] Statuses =
        ["", "Complete", "complete", "Processing", "Pending", "Cancelled", "Canceled", "CANCELLED", "Refunded", "Credit", "credit note", "CreditNote", "30", "40", "030", "50", "Shipped"];
    private static readonly string[] Stores = ["", "1", "2", "01", "0", "x"];

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>A row drawn from the shapes above, good most of the time, sometimes quoted or with a stray character.</summary>
    private static string Row(Random random, int order)
    {
        var fields = new[]
        {
            random.Next(4) == 0 ? Pick(random, OrderIds) : (random.Next(3) == 0 ? "SO-" : "") + order.ToString(CultureInfo.InvariantCulture),
            random.Next(6) == 0 ? Pick(random, Customers) : random.Next(1, 30).ToString(CultureInfo.InvariantCulture),
            random.Next(5) == 0 ? Pick(random, Dates) : new DateTime(2023, 1, 1).AddSeconds(random.Next(0, 60_000_000)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            random.Next(5) == 0 ? Pick(random, Totals) : (random.Next(1, 100_000) / 100m).ToString(CultureInfo.InvariantCulture),
            Pick(random, Statuses),
            Pick(random, Stores),
        };
        for (var i = 0; i < fields.Length; i++)
        {
            if (random.Next(12) == 0)
                fields[i] = "\"" + fields[i].Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            else if (random.Next(60) == 0)
                fields[i] = random.Next(6) switch { 0 => "é" + fields[i], 1 => fields[i] + "\t", 2 => "\"x\"\"" + fields[i], 3 => fields[i] + ",", 4 => "\u00a0" + fields[i], _ => "\"" + fields[i] };
        }
        return random.Next(80) == 0 ? "  " : string.Join(",", fields);
    }

    private static string Export(Random random, int rows, bool clean)
    {
        var text = new StringBuilder("order_id,customer_id,created_utc,total,status,store_id");
        for (var i = 1; i <= rows; i++)
        {
            text.Append(random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" });
            text.Append(clean
                ? $"{i},{random.Next(1, 40)},{new DateTime(2023, 1, 1).AddSeconds(random.Next(0, 60_000_000)):yyyy-MM-dd'T'HH:mm:ss'Z'},{random.Next(1, 100_000) / 100m},{Pick(random, ["Complete", "Cancelled", "Refunded", ""])},{random.Next(1, 3)}"
                : Row(random, i));
        }
        if (random.Next(2) == 0)
            text.Append('\n');
        return text.ToString();
    }

    /// <summary>What a reading gave: every column of every row (totals with their scale) and the counts, or the refusal.</summary>
    private static string Outcome(Func<OrderRows> read)
    {
        OrderRows rows;
        try
        {
            rows = read();
        }
        catch (CliInputException e)
        {
            return "refused: " + e.Message;
        }
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"rows {rows.Count}, skipped {rows.SkippedWithoutCustomer}, refunds {rows.Refunds}\n"));
        for (var i = 0; i < rows.Count; i++)
            text.Append(CultureInfo.InvariantCulture,
                $"{rows.Lines[i]} {rows.CustomerIds[i]} {rows.Created[i]:O} {rows.Created[i].Kind} {rows.Totals[i].ToString(CultureInfo.InvariantCulture)} {rows.Statuses[i]} {rows.StoreIds[i]}\n");
        return text.ToString();
    }

    private static string ByText(byte[] file) =>
        Outcome(() => OrderRows.Read(new StreamReader(new MemoryStream(file), Encoding.UTF8, detectEncodingFromByteOrderMarks: true), "x.csv"));

    private static string ByBytes(byte[] file, int buffer) => Outcome(() => Utf8OrderReader.Read(new MemoryStream(file), "x.csv", buffer));

    [Test]
    public void Generated_exports_read_as_bytes_in_small_buffers_give_the_rows_or_the_refusal_of_the_text_reader()
    {
        var random = new Random(_seed);
        var refused = 0;
        for (var i = 0; i < 400; i++)
        {
            var text = Export(random, random.Next(1, 12), clean: false);
            var file = (random.Next(4) == 0 ? Encoding.UTF8.GetPreamble() : []).Concat(Utf8.GetBytes(text)).ToArray();
            var expected = ByText(file);
            refused += expected.StartsWith("refused", StringComparison.Ordinal) ? 1 : 0;
            foreach (var buffer in new[] { 4, 7, 64, Utf8OrderReader.DefaultBufferLength })
                Assert.That(ByBytes(file, buffer), Is.EqualTo(expected), $"case {i}, buffer {buffer} (seed {_seed}):\n{text}");
        }
        // Both kinds of outcome were compared, not only one.
        Assert.That(refused, Is.InRange(1, 399));
    }

    [Test]
    public void Every_row_shape_alone_is_read_as_bytes_as_the_text_reader_reads_it()
    {
        const string header = "order_id,customer_id,created_utc,total,status,store_id\n";
        var lines = new List<string>();
        foreach (var date in Dates)
            lines.Add($"1,1,{date},10.00,Complete,1");
        foreach (var total in Totals)
            foreach (var status in Statuses)
                lines.Add($"1,1,2024-03-01T14:05:00Z,{total},{status},1");
        foreach (var customer in Customers)
            foreach (var store in Stores)
                lines.Add($"1,{customer},2024-03-01T14:05:00Z,10.00,Complete,{store}");
        foreach (var id in OrderIds)
            lines.Add($"{id},1,2024-03-01T14:05:00Z,10.00,,");
        foreach (var line in lines)
        {
            var file = Utf8.GetBytes(header + line + "\n" + line);
            Assert.That(ByBytes(file, 64), Is.EqualTo(ByText(file)), line);
        }
    }

    [Test]
    public void Clean_exports_are_read_the_same_in_every_buffer_size_with_rows_straddling_the_buffers()
    {
        var random = new Random(_seed + 1);
        var text = Export(random, 3_000, clean: true);
        var file = Utf8.GetBytes(text);
        var expected = ByText(file);
        Assert.That(expected, Does.StartWith("rows "));
        foreach (var buffer in new[] { 5, 13, 100, 4096 })
            Assert.That(ByBytes(file, buffer), Is.EqualTo(expected), $"buffer {buffer}");
        var rows = Utf8OrderReader.Read(new MemoryStream(file), "x.csv", 100);
        Assert.That(rows.ParsedAsBytes, Is.EqualTo(rows.Count), "every clean row is parsed from its bytes");
    }

    [TestCase(0, false)]
    [TestCase(1, true)]
    [TestCase(-1, false)]
    public void A_line_at_the_length_limit_is_read_and_one_character_more_is_refused_naming_it_even_in_multibyte_characters(int beyond, bool tooLong)
    {
        // The note column makes the row exactly MaxLength + beyond characters; é is two bytes, so the bytes pass the limit in every case.
        const string header = "order_id,customer_id,created_utc,total,note\n";
        const string start = "1,1,2024-03-01T14:05:00Z,10.00,";
        var row = start + new string('é', InputLines.MaxLength + beyond - start.Length);
        var file = Utf8.GetBytes(header + row + "\n2,1,2024-03-02T14:05:00Z,5.00,x\n");

        var expected = ByText(file);
        Assert.That(ByBytes(file, 4096), Is.EqualTo(expected));
        Assert.That(ByBytes(file, Utf8OrderReader.DefaultBufferLength), Is.EqualTo(expected));
        Assert.That(expected, tooLong ? Does.StartWith("refused: x.csv: line 2: the line is longer than") : Does.StartWith("rows 2,"));
    }

    [Test]
    public void A_line_of_more_bytes_than_any_line_of_the_limit_is_refused_without_holding_more_than_that()
    {
        const string header = "order_id,customer_id,created_utc,total\n";
        var file = Utf8.GetBytes(header + "1,1,2024-03-01T14:05:00Z," + new string('9', 4 * InputLines.MaxLength) + "\n");
        Assert.That(ByBytes(file, 1 << 16), Is.EqualTo(ByText(file)).And.StartsWith("refused: x.csv: line 2: the line is longer than"));
    }

    [Test]
    public void A_duplicate_order_number_is_refused_naming_the_first_line_whichever_reader_met_each()
    {
        // Row 3 repeats row 2 in store 1; row 2 is quoted and non-ASCII-free, row 3 carries a stray non-ASCII note.
        const string text = "order_id,customer_id,created_utc,total,store_id,note\n"
            + "\"17\",1,2024-03-01T14:05:00Z,10.00,1,\n"
            + "17,2,2024-03-01T14:05:00Z,10.00,2,\n"
            + "17 ,3,2024-03-02T14:05:00Z,10.00,,café\n";
        var file = Utf8.GetBytes(text);
        Assert.That(ByBytes(file, 16), Is.EqualTo(ByText(file)).And.EqualTo("refused: x.csv: line 4: order_id 17 is a duplicate of line 2"));
    }

    /// <summary>A random store: skewed customers (some with large, sparse ids), same-instant orders, out-of-order rows, cancellations.</summary>
    private static OrderRows RandomStore(Random random, int orders)
    {
        var text = new StringBuilder("order_id,customer_id,created_utc,total,status,store_id\n");
        var sparse = random.Next(3) == 0;
        var customers = random.Next(1, 300);
        var start = new DateTime(2021, 1, 1).AddDays(random.Next(0, 400));
        var last = start;
        for (var i = 1; i <= orders; i++)
        {
            var customer = 1 + (int)(Math.Pow(random.NextDouble(), 2) * customers);
            if (sparse)
                customer = customer * 7_000_001 % int.MaxValue + 1;
            var created = random.Next(10) == 0 ? last : start.AddSeconds(random.NextInt64(0, 4L * 365 * 86_400)).AddTicks(random.Next(0, 3) * 1_234_567);
            last = created;
            var status = random.Next(100) switch { < 4 => "Cancelled", < 6 => "Refunded", < 20 => "Pending", _ => "Complete" };
            var total = status == "Refunded" ? -random.Next(0, 5000) / 100m : random.Next(0, 100_000) / (random.Next(4) == 0 ? 1000m : 100m);
            text.Append(CultureInfo.InvariantCulture, $"{i},{customer},{created:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'},{total},{status},{random.Next(1, 3)}\n");
        }
        return OrderRows.Read(new StringReader(text.ToString()), "random.csv");
    }

    [Test]
    public async Task Columnar_metrics_give_the_json_of_cores_linq_calculator_on_random_stores()
    {
        var random = new Random(_seed + 2);
        for (var i = 0; i < 60; i++)
        {
            var rows = RandomStore(random, random.Next(0, 2_000));
            var request = new StoreMetricsRequest(DateOnly.FromDateTime(new DateTime(2021, 6, 1).AddDays(random.Next(0, 2_000))))
            {
                ActiveWindowDays = random.Next(1, 800),
                PeriodDays = random.Next(1, 400),
                Store = random.Next(4) == 0 ? new Retention.Core.Common.StoreId(random.Next(1, 3)) : null,
                IncludeCohorts = random.Next(6) != 0,
            };
            var columnar = ColumnarStoreMetrics.TryCalculate(
                new OrderArrays(rows.Count, rows.CustomerIds, rows.Created, rows.Totals, rows.Statuses, rows.StoreIds), request);
            var linq = await MetricsCommand.CalculateByLinqAsync(rows, request);

            Assert.That(columnar, Is.Not.Null);
            Assert.That(MetricsCommand.ToJson(columnar!), Is.EqualTo(MetricsCommand.ToJson(linq)), $"store {i} (seed {_seed})");
            Assert.That(columnar!.PurchaseGaps, Is.EqualTo(linq.PurchaseGaps));
            Assert.That((columnar.ActiveAtStart, columnar.ActiveAtEnd, columnar.Lost), Is.EqualTo((linq.ActiveAtStart, linq.ActiveAtEnd, linq.Lost)));
        }
    }

    [Test]
    public void Columnar_metrics_decline_when_a_revenue_sum_could_round_so_the_linq_order_of_additions_decides()
    {
        var rows = OrderRows.Read(new StringReader("order_id,customer_id,created_utc,total\n"
            + "1,1,2024-01-01,999999999999.9999999999999999\n2,2,2024-01-02,0.0000000000000001\n"), "x.csv");
        var orders = new OrderArrays(rows.Count, rows.CustomerIds, rows.Created, rows.Totals, rows.Statuses, rows.StoreIds);

        Assert.That(ColumnarStoreMetrics.TryCalculate(orders, new StoreMetricsRequest(new DateOnly(2024, 2, 1))), Is.Null);
    }
}
