using System.Globalization;
using System.Text;
using System.Text.Json;
using Retention.Sandbox.Cli;

namespace Retention.Sandbox.Tests.Cli;

/// <summary>
/// Hostile input for <c>retention metrics</c> and <c>retention clv</c>: generated files (random bytes, huge fields, NUL
/// bytes, other encodings, broken CSV, wrong types, out-of-range values) and generated command lines, each run in
/// process under a timeout. The CLI may refuse any of them, but only in the documented way: exit 1 with a one-line
/// reason (naming the line when a line is at fault) or exit 2 for a bad command line, and stdout either empty or one
/// JSON object. The seed is printed; set RETENTION_FUZZ_SEED to replay a run.
/// </summary>
[TestFixture]
public class CliFuzzTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Generated cases per command; with the fixed cases below this makes a few hundred runs.</summary>
    private const int GeneratedCases = 90;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private const string OrdersHeader = "order_id,customer_id,created_utc,total,status,store_id";
    private const string SummaryHeader = "id,frequency,recency,T,monetary_value";

    private string _dir = null!;
    private int _seed;
    private int _files;
    private readonly Dictionary<int, int> _exits = new();

    [OneTimeSetUp]
    public void PickSeed()
    {
        _seed = int.TryParse(Environment.GetEnvironmentVariable("RETENTION_FUZZ_SEED"), out var seed) ? seed : 20261123;
        TestContext.Progress.WriteLine($"CliFuzzTests: seed {_seed} (set RETENTION_FUZZ_SEED to replay another)");
    }

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("retention-fuzz").FullName;

    [TearDown]
    public void TearDown()
    {
        if (_dir is not null)
            Directory.Delete(_dir, recursive: true);
        TestContext.Progress.WriteLine($"CliFuzzTests: {TestContext.CurrentContext.Test.Name}: "
            + string.Join(", ", _exits.OrderBy(e => e.Key).Select(e => $"{e.Value} run(s) exit {e.Key}")));
        _exits.Clear();
    }

    // ---- the invariant every run must keep ----

    private sealed record Outcome(int Exit, string Out, string Err);

    private async Task<Outcome> RunAsync(string name, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Task<int> run = Task.Run(() => RetentionCli.RunAsync(args, stdout, stderr));
        int exit;
        try
        {
            exit = await run.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new AssertionException($"{name} (seed {_seed}): no answer within {Timeout.TotalSeconds} s: retention {string.Join(' ', args)}");
        }
        catch (Exception e) when (e is not AssertionException)
        {
            throw new AssertionException($"{name} (seed {_seed}): unhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
        var outcome = new Outcome(exit, stdout.ToString(), stderr.ToString());
        _exits[exit] = _exits.GetValueOrDefault(exit) + 1;
        CheckContract(name, outcome, args.Contains("--help"));
        return outcome;
    }

    private void CheckContract(string name, Outcome o, bool help)
    {
        var where = $"{name} (seed {_seed}), exit {o.Exit}, stderr: {Clip(o.Err)}";
        Assert.That(o.Exit, Is.AnyOf(RetentionCli.Ok, RetentionCli.InputError, RetentionCli.UsageError), where);
        // A reason a person reads: never the whole 10 MB field echoed back.
        Assert.That(o.Err.Length, Is.LessThan(8_000), where);
        if (o.Exit == RetentionCli.Ok && help)
            Assert.That(o.Out, Is.EqualTo(RetentionCli.Usage + Environment.NewLine), where);
        else if (o.Exit == RetentionCli.Ok)
        {
            using var json = JsonDocument.Parse(o.Out);
            Assert.That(json.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object), where);
        }
        else
        {
            Assert.That(o.Out, Is.Empty, where);
            Assert.That(o.Err, Does.StartWith("retention "), where);
            Assert.That(o.Err, Does.Not.Contain("   at "), $"{where}: a stack trace reached the user");
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private string File(byte[] content)
    {
        var path = Path.Combine(_dir, $"input{_files++}.csv");
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private string File(string content) => File(Utf8.GetBytes(content));

    private Task<Outcome> Metrics(string name, string path) => RunAsync(name, "metrics", "--orders", path, "--as-of", "2026-11-01");
    private Task<Outcome> ClvOrders(string name, string path) => RunAsync(name, "clv", "--orders", path, "--calibration-end", "2026-06-30", "--time-unit", "week");
    private Task<Outcome> ClvSummary(string name, string path) => RunAsync(name, "clv", "--summary", path);

    /// <summary>Runs one orders file through metrics and clv --orders.</summary>
    private async Task<(Outcome Metrics, Outcome Clv)> OrdersBoth(string name, string path) =>
        (await Metrics(name + " [metrics]", path), await ClvOrders(name + " [clv --orders]", path));

    private static void FailsAtLine(Outcome o, int line, string name)
    {
        var why = $"{name}: expected a refusal naming line {line}, got exit {o.Exit}: {Clip(o.Err)}";
        Assert.That(o.Exit, Is.EqualTo(RetentionCli.InputError), why);
        Assert.That(o.Err, Does.Contain($"line {line}:"), why);
    }

    private const string GoodRow = "1,1,2026-01-05T10:00:00Z,10.00,Complete,1";

    /// <summary>A good row then <paramref name="badRow"/>, run through both order commands: each must refuse line 3.</summary>
    private async Task<Outcome> BothRefuseTheSecondRowAsync(string name, string badRow)
    {
        var (metrics, clv) = await OrdersBoth(name, File(OrdersHeader + "\n" + GoodRow + "\n" + badRow + "\n"));
        FailsAtLine(metrics, 3, name);
        FailsAtLine(clv, 3, name);
        return metrics;
    }

    // ---- generators ----

    private static string ValidOrders(Random random, int rows)
    {
        var text = new StringBuilder(OrdersHeader).Append('\n');
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 1; i <= rows; i++)
        {
            var created = start.AddMinutes(random.Next(0, 1_400_000));
            var total = (random.Next(0, 100_000) / 100m).ToString(CultureInfo.InvariantCulture);
            var status = random.Next(6) == 0 ? "Cancelled" : "Complete";
            text.Append(CultureInfo.InvariantCulture, $"{i},{random.Next(1, Math.Max(2, rows / 3))},{created:yyyy-MM-ddTHH:mm:ssZ},{total},{status},1\n");
        }
        return text.ToString();
    }

    private static string ValidSummary(Random random, int rows)
    {
        var text = new StringBuilder(SummaryHeader).Append('\n');
        for (var i = 1; i <= rows; i++)
        {
            var age = Math.Round(random.NextDouble() * 60 + 1, 2);
            var frequency = random.Next(0, 8);
            var recency = frequency == 0 ? 0 : Math.Round(random.NextDouble() * age, 2);
            var money = frequency == 0 ? 0 : Math.Round(random.NextDouble() * 200, 2);
            text.Append(CultureInfo.InvariantCulture, $"{i},{frequency},{recency},{age},{money}\n");
        }
        return text.ToString();
    }

    private static readonly string[] HostileTokens =
    {
        "", " ", "\0", "\"", "\"\"", "\"a\nb\"", ",", ",,,", "-1", "0", "-0", "1e400", "-1e400", "NaN", "Infinity", "-Infinity",
        "79228162514264337593543950335", "79228162514264337593543950336", "2147483647", "2147483648", "9999999999999999999",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "2026-02-30", "2026-13-01", "1969-12-31",
        "2026-01-05T10:00:00Z", "10.00", "1,234.50", "1.2.3", "Complete", "Cancelled", "40", "99", "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>", "é", "\u202e", "\uFFFD", "\t", "\r",
    };

    /// <summary>A valid file with one hostile edit: a token written into a random cell, a byte flipped, a line cut or doubled.</summary>
    private static string Mutate(Random random, string valid)
    {
        var lines = valid.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var target = random.Next(lines.Count);
        switch (random.Next(5))
        {
            case 0:
            case 1:
                var cells = lines[target].Split(',');
                cells[random.Next(cells.Length)] = HostileTokens[random.Next(HostileTokens.Length)];
                lines[target] = string.Join(',', cells);
                break;
            case 2:
                var chars = lines[target].ToCharArray();
                if (chars.Length > 0)
                    chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
                lines[target] = new string(chars);
                break;
            case 3:
                lines[target] = lines[target][..random.Next(lines[target].Length + 1)];
                break;
            default:
                lines.Insert(target, lines[target] + "," + HostileTokens[random.Next(HostileTokens.Length)]);
                break;
        }
        return string.Join('\n', lines) + "\n";
    }

    private static byte[] RandomBytes(Random random, int max)
    {
        var bytes = new byte[random.Next(0, max)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Encode(Random random, string text) => random.Next(6) switch
    {
        0 => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
        1 => Encoding.Unicode.GetBytes(text),                        // UTF-16 without a byte order mark
        2 => Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray(),
        3 => Encoding.Latin1.GetBytes(text + "é"),                    // one byte that is not UTF-8
        4 => Encoding.UTF8.GetPreamble().Concat(Utf8.GetBytes(text)).ToArray(),
        _ => Utf8.GetBytes(text),
    };

    /// <summary>The generated inputs of one run: each (name, bytes) is deterministic for the seed.</summary>
    private IEnumerable<(string Name, byte[] Content)> Generated(bool summary)
    {
        var random = new Random(_seed + (summary ? 1 : 0));
        for (var i = 0; i < GeneratedCases; i++)
        {
            var valid = summary ? ValidSummary(random, random.Next(1, 120)) : ValidOrders(random, random.Next(1, 200));
            yield return (i % 6) switch
            {
                0 => ($"random bytes #{i}", RandomBytes(random, 4096)),
                1 => ($"header then random bytes #{i}", Utf8.GetBytes((summary ? SummaryHeader : OrdersHeader) + "\n").Concat(RandomBytes(random, 2048)).ToArray()),
                2 => ($"valid file in a random encoding #{i}", Encode(random, valid)),
                3 => ($"valid file #{i}", Utf8.GetBytes(valid)),
                _ => ($"mutated file #{i}", Encode(random, Mutate(random, valid))),
            };
        }
    }

    // ---- the generated runs ----

    [Test]
    public async Task Generated_order_files_never_crash_metrics_or_clv_and_every_refusal_says_why()
    {
        foreach (var (name, content) in Generated(summary: false))
        {
            var path = File(content);
            var (metrics, clv) = await OrdersBoth(name, path);
            if (metrics.Exit == 1 && metrics.Err.Contains(": line ", StringComparison.Ordinal))
                Assert.That(clv.Exit, Is.EqualTo(1), $"{name}: both commands read the file with the same rules");
        }
    }

    [Test]
    public async Task Generated_summary_files_never_crash_clv_and_every_refusal_says_why()
    {
        foreach (var (name, content) in Generated(summary: true))
            await ClvSummary(name, File(content));
    }

    [Test]
    public async Task Generated_command_lines_end_with_a_result_an_input_error_or_a_usage_error()
    {
        var random = new Random(_seed + 2);
        var orders = File(ValidOrders(random, 50));
        var summary = File(ValidSummary(random, 50));
        string[] words =
        {
            "--orders", orders, "--summary", summary, "--as-of", "2026-11-01", "--calibration-end", "2026-06-30", "--time-unit",
            "week", "day", "--active-window-days", "--period-days", "0", "-1", "36501", "99999999999", "--", "-", "--orders=x",
            "9999-99-99", "0001-01-01", Path.Combine(_dir, "missing.csv"), _dir, "\0", "", "--help",
        };
        for (var i = 0; i < GeneratedCases; i++)
        {
            var args = new List<string> { random.Next(2) == 0 ? "metrics" : "clv" };
            for (var n = random.Next(0, 8); n > 0; n--)
                args.Add(words[random.Next(words.Length)]);
            await RunAsync($"command line #{i}", args.ToArray());
        }
    }

    // ---- the named hostile inputs, each with the answer it must get ----

    [Test]
    public async Task Empty_file_is_refused_at_line_1_and_a_header_alone_gives_zero_orders_and_nothing_to_fit()
    {
        foreach (var (name, text) in new[] { ("empty", ""), ("header only", OrdersHeader + "\n") })
        {
            var (metrics, clv) = await OrdersBoth(name, File(text));
            if (name == "empty")
            {
                FailsAtLine(metrics, 1, name);
                FailsAtLine(clv, 1, name);
            }
            else
            {
                // No orders is a store with no figures yet for metrics, and nothing to fit for clv.
                Assert.That(metrics.Exit, Is.Zero, name);
                Assert.That(JsonDocument.Parse(metrics.Out).RootElement.GetProperty("orders").GetInt32(), Is.Zero);
                Assert.That(clv.Exit, Is.EqualTo(1), name);
            }
        }
        FailsAtLine(await ClvSummary("empty summary", File("")), 1, "empty summary");
        FailsAtLine(await ClvSummary("summary header only", File(SummaryHeader + "\n")), 1, "summary header only");
    }

    [Test]
    public async Task A_field_of_almost_the_longest_line_is_refused_with_its_line_number_and_without_echoing_the_field()
    {
        var huge = new string('9', InputLines.MaxLength - 100);
        var metrics = await BothRefuseTheSecondRowAsync("1 MB total", "2,1,2026-01-06T10:00:00Z," + huge + ",Complete,1");

        Assert.That(metrics.Err, Does.Contain("total"));

        var summary = await ClvSummary("1 MB recency", File(SummaryHeader + "\n1,1," + huge + ",5,1\n"));
        FailsAtLine(summary, 2, "1 MB recency");
    }

    [Test]
    public async Task A_line_longer_than_the_limit_is_refused_naming_the_file_and_the_line()
    {
        var tooLong = new string('9', InputLines.MaxLength);
        var metrics = await BothRefuseTheSecondRowAsync("line over the limit", "2,1,2026-01-06T10:00:00Z," + tooLong + ",Complete,1");
        Assert.That(metrics.Err, Does.Contain("longer than 1,048,576 characters"));

        var path = File(SummaryHeader + "\n1,1,1,5,1\n2,1,1," + tooLong + ",1\n");
        var summary = await ClvSummary("summary line over the limit", path);
        FailsAtLine(summary, 3, "summary line over the limit");
        Assert.That(summary.Err, Does.Contain(path + ": line 3:").And.Contain("longer than"));
    }

    /// <summary>A header, then one line that never ends; reading more than 64 MB of it fails the test.</summary>
    private sealed class EndlessLine(string header) : TextReader
    {
        public const long Budget = 64L * 1024 * 1024;
        private int _headerAt;

        public long Given { get; private set; }

        public override int Peek() => _headerAt < header.Length ? header[_headerAt] : '9';

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (Given > Budget)
                throw new InvalidOperationException($"the reader asked for more than {Budget:N0} characters of one line");
            var n = 0;
            for (; n < buffer.Length; n++)
                buffer[n] = _headerAt < header.Length ? header[_headerAt++] : '9';
            Given += n;
            return n;
        }
    }

    [TestCase(OrdersHeader)]
    [TestCase(SummaryHeader)]
    public void A_line_that_never_ends_is_refused_once_the_limit_is_passed_without_reading_on(string header)
    {
        var endless = new EndlessLine(header + "\n");

        Func<object> read = header == OrdersHeader ? () => OrderRows.Read(endless, "endless.csv") : () => SummaryCsv.Read(endless, "endless.csv");

        var refused = Assert.Throws<CliInputException>(() => read())!;
        Assert.That(refused.Message, Does.StartWith("endless.csv: line 2:").And.Contain("longer than"));
        // Bounded reading: the limit plus at most one chunk of read-ahead, not the line.
        Assert.That(endless.Given, Is.LessThanOrEqualTo(header.Length + 1 + InputLines.MaxLength + InputLines.ChunkLength));
    }

    [Test]
    public void Lines_are_split_as_ReadLine_splits_them_even_when_a_line_end_straddles_two_chunks()
    {
        var random = new Random(_seed + 3);
        for (var i = 0; i < 200; i++)
        {
            // Runs of a, \r and \n around the chunk boundary: \r\n split across chunks, \r alone, empty lines, no final end.
            var text = new StringBuilder();
            while (text.Length < InputLines.ChunkLength + random.Next(-40, 40))
                text.Append(random.Next(3) == 0 ? new string('a', random.Next(1, 5000)) : random.Next(3) switch { 0 => "\r", 1 => "\n", _ => "\r\n" });
            if (random.Next(2) == 0)
                text.Insert(InputLines.ChunkLength - 1, "\r\n");

            var expected = new List<string>();
            var reference = new StringReader(text.ToString());
            for (var line = reference.ReadLine(); line != null; line = reference.ReadLine())
                expected.Add(line);
            var actual = new List<string>();
            var lines = new InputLines(new StringReader(text.ToString()), "x.csv");
            for (var line = lines.ReadLine(); line != null; line = lines.ReadLine())
            {
                actual.Add(line);
                Assert.That(lines.Number, Is.EqualTo(actual.Count));
            }

            Assert.That(actual, Is.EqualTo(expected), $"case {i} (seed {_seed})");
        }
    }

    [Test]
    public async Task NUL_bytes_in_a_row_are_refused_naming_the_line()
    {
        await BothRefuseTheSecondRowAsync("NUL", "2,1\0,2026-01-06T10:00:00Z,1\00.00,Complete,1");
    }

    [Test]
    public async Task Utf16_and_utf8_files_with_a_byte_order_mark_are_read_and_give_the_same_figures()
    {
        var text = ValidOrders(new Random(_seed), 60);
        var utf8 = await Metrics("utf-8", File(Utf8.GetBytes(text)));
        var utf8Bom = await Metrics("utf-8 bom", File(Encoding.UTF8.GetPreamble().Concat(Utf8.GetBytes(text)).ToArray()));
        var utf16 = await Metrics("utf-16 bom", File(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray()));

        Assert.That(utf8.Exit, Is.Zero);
        Assert.That(utf8Bom.Out, Is.EqualTo(utf8.Out));
        Assert.That(utf16.Out, Is.EqualTo(utf8.Out));
    }

    [Test]
    public async Task Utf16_without_a_byte_order_mark_is_refused_at_the_header()
    {
        var path = File(Encoding.Unicode.GetBytes(ValidOrders(new Random(_seed), 5)));

        var (metrics, clv) = await OrdersBoth("utf-16 no bom", path);

        FailsAtLine(metrics, 1, "utf-16 no bom");
        FailsAtLine(clv, 1, "utf-16 no bom");
    }

    [Test]
    public async Task Missing_columns_are_named_and_extra_fields_are_refused_at_their_line()
    {
        var missing = await Metrics("missing total", File("order_id,customer_id,created_utc\n1,1,2026-01-05T10:00:00Z\n"));
        FailsAtLine(missing, 1, "missing total");
        Assert.That(missing.Err, Does.Contain("total"));

        await BothRefuseTheSecondRowAsync("extra field", "2,1,2026-01-06T10:00:00Z,10.00,Complete,1,surplus");

        var summary = await ClvSummary("summary missing T", File("frequency,recency\n1,2\n"));
        FailsAtLine(summary, 1, "summary missing T");
        Assert.That(summary.Err, Does.Contain("T"));
    }

    [Test]
    public async Task A_quoted_field_with_an_embedded_newline_is_refused_naming_its_first_line()
    {
        var metrics = await BothRefuseTheSecondRowAsync("embedded newline", "2,1,2026-01-06T10:00:00Z,\"10\n.00\",Complete,1");

        Assert.That(metrics.Err, Does.Contain("quoted"));
    }

    [TestCase("ten", "total")]
    [TestCase("-5.00", "negative")]
    [TestCase("NaN", "total")]
    [TestCase("1e400", "total")]
    [TestCase("79228162514264337593543950336", "total")]
    [TestCase("79228162514264337593543950335", "total")]
    public async Task A_total_that_is_not_a_plausible_amount_is_refused_naming_the_line(string total, string named)
    {
        var metrics = await BothRefuseTheSecondRowAsync($"total {total}", "2,1,2026-01-06T10:00:00Z," + total + ",Complete,1");

        Assert.That(metrics.Err, Does.Contain(named));
    }

    [TestCase("0001-01-01T00:00:00Z")]
    [TestCase("1899-12-31T23:59:59Z")]
    [TestCase("9999-12-31T23:59:59Z")]
    [TestCase("9999-12-31T23:59:59-14:00")]
    [TestCase("2026-02-30T10:00:00Z")]
    [TestCase("2026-13-01T10:00:00Z")]
    [TestCase("yesterday")]
    public async Task A_date_out_of_range_is_refused_naming_the_line(string created)
    {
        var metrics = await BothRefuseTheSecondRowAsync($"created {created}", "2,2," + created + ",10.00,Complete,1");

        Assert.That(metrics.Err, Does.Contain("created_utc"));
    }

    [TestCase("abc", "2147483647", "frequency")]
    [TestCase("1", "-1", "recency")]
    [TestCase("1", "NaN", "recency")]
    [TestCase("1", "1e400", "recency")]
    [TestCase("1", "1e300", "recency")]
    [TestCase("1", "100001", "recency")]
    [TestCase("2147483647", "1", "frequency")]
    public async Task A_summary_value_out_of_range_is_refused_naming_the_line(string frequency, string recency, string named)
    {
        var path = File(SummaryHeader + "\n1,1,1,5,10\n2," + frequency + "," + recency + ",5,10\n");

        var outcome = await ClvSummary($"summary {frequency},{recency}", path);

        FailsAtLine(outcome, 3, named);
        Assert.That(outcome.Err, Does.Contain(named));
    }

    [TestCase("0001-01-01", 365)]
    [TestCase("0099-01-01", 36_500)]
    [TestCase("1899-12-31", 1)]
    [TestCase("2100-01-01", 365)]
    [TestCase("9999-12-31", 365)]
    public async Task An_as_of_outside_the_years_1900_to_2099_is_a_usage_error_naming_the_option_and_the_range(string asOf, int windowDays)
    {
        var path = File(OrdersHeader + "\n" + GoodRow + "\n");

        var outcome = await RunAsync($"as-of {asOf}", "metrics", "--orders", path, "--as-of", asOf, "--active-window-days",
            windowDays.ToString(CultureInfo.InvariantCulture));

        Assert.That(outcome.Exit, Is.EqualTo(RetentionCli.UsageError), outcome.Err);
        Assert.That(outcome.Err.Split('\n')[0], Is.EqualTo($"retention metrics: --as-of expects a date from 1900-01-01 to 2099-12-31, not '{asOf}'"));
        Assert.That(outcome.Err, Does.Contain(RetentionCli.Usage));
    }

    [TestCase("1900-01-01")]
    [TestCase("2099-12-31")]
    public async Task The_first_and_last_as_of_with_the_longest_window_and_period_give_figures(string asOf)
    {
        var path = File(OrdersHeader + "\n" + GoodRow + "\n2,2,2099-12-30T10:00:00Z,5.00,Complete,1\n3,3,1900-01-01T00:00:00Z,5.00,Complete,1\n");

        var outcome = await RunAsync($"as-of {asOf}", "metrics", "--orders", path, "--as-of", asOf,
            "--active-window-days", "36500", "--period-days", "36500");

        Assert.That(outcome.Exit, Is.Zero, outcome.Err);
    }

    [TestCase("0001-01-01")]
    [TestCase("1899-12-31")]
    [TestCase("2100-01-01")]
    [TestCase("9999-12-31")]
    public async Task A_calibration_end_outside_the_years_1900_to_2099_is_a_usage_error_naming_the_option_and_the_range(string end)
    {
        var path = File(OrdersHeader + "\n" + GoodRow + "\n");

        var outcome = await RunAsync($"calibration end {end}", "clv", "--orders", path, "--calibration-end", end, "--time-unit", "day");

        Assert.That(outcome.Exit, Is.EqualTo(RetentionCli.UsageError), outcome.Err);
        Assert.That(outcome.Err.Split('\n')[0], Is.EqualTo($"retention clv: --calibration-end expects a date from 1900-01-01 to 2099-12-31, not '{end}'"));
    }

    /// <summary>Characters that reorder or hide what a terminal shows: bidirectional controls, other format characters (Cf), separators, a lone surrogate.</summary>
    private static readonly int[] Invisible =
    {
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x200B, 0x2060,
        0xFEFF, 0x00AD, 0x2028, 0x2029, 0xE0001, 0xD800, 0x1B,
    };

    // Ordinal: a culture-aware search ignores these very characters and finds them everywhere.
    private static void NotShown(string err, string c) =>
        Assert.That(err.Contains(c, StringComparison.Ordinal), Is.False, $"U+{(int)c[0]:X4}… reached stderr: {err}");

    private static string Text(int codePoint) => codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint);

    [TestCaseSource(nameof(Invisible))]
    public async Task A_bidirectional_or_format_character_in_a_field_an_argument_or_a_path_is_shown_as_a_question_mark(int codePoint)
    {
        var c = Text(codePoint);

        // A lone surrogate cannot be written to a UTF-8 file (it becomes U+FFFD), only passed as an argument.
        if (!char.IsSurrogate(c, 0) || c.Length == 2)
        {
            var field = await BothRefuseTheSecondRowAsync($"U+{codePoint:X4} in a total", "2,1,2026-01-06T10:00:00Z,1" + c + "0,Complete,1");
            Assert.That(field.Err, Does.Contain("'1?0'"));
            NotShown(field.Err, c);
        }

        var argument = await RunAsync($"U+{codePoint:X4} in --as-of", "metrics", "--orders", File(OrdersHeader + "\n"), "--as-of", "2026" + c + "-01-01");
        Assert.That(argument.Exit, Is.EqualTo(RetentionCli.UsageError));
        Assert.That(argument.Err, Does.Contain("'2026?-01-01'"));
        NotShown(argument.Err, c);

        var option = await RunAsync($"U+{codePoint:X4} in an option", "clv", "--summ" + c + "ary", "x.csv");
        Assert.That(option.Err, Does.Contain("'--summ?ary'"));
        NotShown(option.Err, c);

        var missing = Path.Combine(_dir, "orders" + c + ".csv");
        var path = await Metrics($"U+{codePoint:X4} in a path", missing);
        Assert.That(path.Exit, Is.EqualTo(RetentionCli.InputError));
        Assert.That(path.Err, Does.Contain("orders?.csv"));
        NotShown(path.Err, c);
    }

    [Test]
    public void Quote_caps_a_field_at_40_characters_without_splitting_a_surrogate_pair_into_a_half()
    {
        var field = new string('a', 39) + "\U0001F600" + "tail";

        var quoted = CliInputException.Quote(field);

        Assert.That(quoted, Does.StartWith(new string('a', 39) + "?…"));
        Assert.That(quoted.Any(char.IsSurrogate), Is.False);
    }

    [Test]
    public async Task A_file_that_is_a_folder_or_missing_is_an_input_error_not_a_crash()
    {
        var missing = await Metrics("missing file", Path.Combine(_dir, "nope.csv"));
        Assert.That(missing.Exit, Is.EqualTo(1));
        Assert.That(missing.Err, Does.Contain("not found"));

        var folder = await ClvSummary("folder", _dir);
        Assert.That(folder.Exit, Is.EqualTo(1));
    }
}
