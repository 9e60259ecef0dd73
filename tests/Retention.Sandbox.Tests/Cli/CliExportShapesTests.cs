using System.Globalization;
using System.Text;
using System.Text.Json;
using Retention.Core.Analytics;
using Retention.Sandbox.Cli;

namespace Retention.Sandbox.Tests.Cli;

/// <summary>
/// Order exports as stores write them (issue 16, "the command line takes real exports"): text order numbers, credit
/// notes with negative totals, a byte order mark, CRLF, quoted fields, another separator, dates past the period asked
/// for; and what <c>clv</c> says about its own fit (convergence, boundary, holdout check).
/// </summary>
[TestFixture]
public class CliExportShapesTests
{
    private string _dir = null!;
    private int _files;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("retention-cli-exports").FullName;

    [TearDown]
    public void TearDown()
    {
        if (_dir is not null)
            Directory.Delete(_dir, recursive: true);
    }

    private string File(string text, bool byteOrderMark = false)
    {
        var path = Path.Combine(_dir, $"orders{_files++}.csv");
        var bytes = new UTF8Encoding(false).GetBytes(text);
        System.IO.File.WriteAllBytes(path, byteOrderMark ? Encoding.UTF8.GetPreamble().Concat(bytes).ToArray() : bytes);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await RetentionCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Task<(int Exit, string Out, string Err)> Metrics(string path) => Run("metrics", "--orders", path, "--as-of", "2026-03-01");

    private const string Plain = "order_id,customer_id,created_utc,total,status\n"
        + "1,1,2026-01-05T10:00:00Z,10.00,Complete\n"
        + "2,1,2026-02-05T10:00:00Z,20.00,Complete\n"
        + "3,2,2026-02-20T10:00:00Z,7.50,Complete\n";

    [Test]
    public async Task An_export_with_a_byte_order_mark_crlf_quoted_fields_and_text_order_numbers_gives_the_figures_of_the_plain_file()
    {
        var plain = await Metrics(File(Plain));
        var real = await Metrics(File("order_id,customer_id,created_utc,total,status,note\r\n"
            + "#1001,1,2026-01-05T10:00:00Z,\"10.00\",Complete,\"gift, wrapped\"\r\n"
            + "\"SO-2024-17\",1,2026-02-05T10:00:00Z,20.00,Complete,\"said \"\"thanks\"\"\"\r\n"
            + "\"A, \"\"B\"\"\",2,2026-02-20T10:00:00Z,7.50,Complete,\r\n", byteOrderMark: true));

        Assert.That(plain.Exit, Is.Zero, plain.Err);
        Assert.That(real.Exit, Is.Zero, real.Err);
        Assert.That(real.Out, Is.EqualTo(plain.Out));
        Assert.That(real.Err, Is.Empty);
    }

    [Test]
    public async Task Credit_and_refund_rows_with_negative_or_zero_totals_are_read_and_are_never_purchases()
    {
        var path = File(Plain
            + "C536379,1,2026-02-06T10:00:00Z,-27.50,Credit\n"
            + "R-17,2,2026-02-21T10:00:00Z,0,Refunded\n"
            + "X-1,2,2026-02-22T10:00:00Z,-7.50,Cancelled\n");

        var (exit, output, error) = await Metrics(path);
        var plain = await Metrics(File(Plain));

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Is.EqualTo(plain.Out), "orders, revenue, customers and gaps as without the rows");
        Assert.That(error, Is.EqualTo($"retention: 2 refund or credit rows (status Refunded or Credit) are not counted as purchases{Environment.NewLine}"));
        var clv = await Run("clv", "--orders", path, "--calibration-end", "2026-02-28", "--time-unit", "day");
        Assert.That(clv.Err, Does.Not.Contain("line"), "clv --orders reads them too");
    }

    [Test]
    public async Task A_negative_total_on_a_purchase_is_still_refused_naming_its_line()
    {
        var (exit, output, error) = await Metrics(File(Plain + "C536379,1,2026-02-06T10:00:00Z,-27.50,Complete\n"));

        Assert.That(exit, Is.EqualTo(RetentionCli.InputError));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("line 5: total -27.50 is negative; only a row whose status is Cancelled, Refunded or Credit may have a negative total"));
    }

    [Test]
    public async Task A_text_order_number_repeated_in_its_store_is_refused_naming_both_lines()
    {
        var (exit, _, error) = await Metrics(File(Plain + "\"2\",3,2026-02-06T10:00:00Z,5,Complete\n"));

        Assert.That(exit, Is.EqualTo(RetentionCli.InputError));
        Assert.That(error, Does.Contain("line 5: order_id 2 is a duplicate of line 3"));
    }

    [TestCase(';', "semicolons (;)")]
    [TestCase('\t', "tabs")]
    public async Task A_file_separated_by_something_else_than_commas_is_refused_saying_which_separator_it_found(char separator, string named)
    {
        var path = File(Plain.Replace(',', separator).Replace("10.00", "10,00"));

        var (exit, output, error) = await Metrics(path);

        Assert.That(exit, Is.EqualTo(RetentionCli.InputError));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo($"retention metrics: {path}: line 1: the columns are separated by {named}, not commas; save the export as comma-separated CSV (numbers with a dot for decimals){Environment.NewLine}"));
    }

    [Test]
    public async Task Clv_warns_of_orders_dated_after_the_period_it_uses_with_their_number_and_first_line()
    {
        var path = File(Plain + "4,2,2026-03-02T10:00:00Z,5,Complete\n5,1,2027-01-01T00:00:00Z,5,Complete\n");

        var (_, _, calibration) = await Run("clv", "--orders", path, "--calibration-end", "2026-02-28", "--time-unit", "day");
        var (_, _, holdout) = await Run("clv", "--orders", path, "--calibration-end", "2026-02-28", "--holdout-end", "2026-06-30", "--time-unit", "day");

        Assert.That(calibration, Does.Contain($"retention: warning: 2 orders are dated after --calibration-end 2026-02-28 and are not used; the first is {path}: line 5 (give --holdout-end"));
        Assert.That(holdout, Does.Contain($"retention: warning: 1 order is dated after --holdout-end 2026-06-30 and is not used; the first is {path}: line 6"));
    }

    [Test]
    public async Task Holdout_end_must_come_after_the_calibration_end_and_needs_orders()
    {
        var path = File(Plain);

        var (before, _, _) = await Run("clv", "--orders", path, "--calibration-end", "2026-02-28", "--holdout-end", "2026-02-28", "--time-unit", "day");
        var summary = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", "cdnow_customers_summary.csv");
        var (withSummary, _, _) = await Run("clv", "--summary", summary, "--holdout-end", "2026-02-28");

        Assert.That((before, withSummary), Is.EqualTo((RetentionCli.UsageError, RetentionCli.UsageError)));
    }

    [Test]
    public async Task Clv_says_beside_the_estimates_that_the_cdnow_fit_converged_inside_the_parameter_space()
    {
        var summary = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", "cdnow_customers_summary.csv");

        var (exit, output, error) = await Run("clv", "--summary", summary);

        Assert.That(exit, Is.Zero);
        var root = JsonDocument.Parse(output).RootElement;
        var fit = root.GetProperty("bgnbd");
        Assert.That(fit.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "r", "alpha", "a", "b", "log_likelihood", "converged", "at_boundary", "gradient_norm", "standard_errors", "ci95",
        }));
        Assert.That(fit.GetProperty("converged").GetBoolean(), Is.True);
        Assert.That(fit.GetProperty("at_boundary").GetBoolean(), Is.False);
        Assert.That(fit.GetProperty("gradient_norm").GetDouble(), Is.LessThan(1e-5));
        Assert.That(root.GetProperty("holdout").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(error, Does.Not.Contain("warning"));
    }

    [Test]
    public async Task Clv_on_a_fit_that_runs_to_the_edge_says_so_in_the_json_and_on_stderr()
    {
        // Every customer bought on the last day of a 40-day window: nobody looks dropped out, a / (a + b) → 0.
        var rows = new StringBuilder("order_id,customer_id,created_utc,total\n");
        var id = 0;
        for (var customer = 1; customer <= 200; customer++)
        {
            var start = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
            var repeats = 1 + customer % 5;
            for (var k = 0; k <= repeats; k++)
                rows.Append(CultureInfo.InvariantCulture, $"O-{++id},{customer},{start.AddDays(40.0 * k / repeats):yyyy-MM-ddTHH:mm:ssZ},10\n");
        }

        var (exit, output, error) = await Run("clv", "--orders", File(rows.ToString()), "--calibration-end", "2026-02-10", "--time-unit", "day");

        Assert.That(exit, Is.Zero, error);
        var fit = JsonDocument.Parse(output).RootElement.GetProperty("bgnbd");
        Assert.That(fit.GetProperty("at_boundary").GetBoolean(), Is.True);
        Assert.That(error, Does.Contain("retention: warning: the BG/NBD fit ended on the edge of the parameter space"));
    }

    /// <summary>
    /// The real CDNOW purchases (1-in-10 sample: 2,357 customers, 6,919 rows) written as a store would export them (text
    /// order numbers, a byte order mark, CRLF, quoted totals), then fitted on the paper's calibration period and checked
    /// against its 39-week holdout.
    /// </summary>
    [Test]
    public async Task Cdnow_as_a_real_export_reproduces_the_published_fit_and_checks_it_against_the_39_week_holdout()
    {
        var sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", "CDNOW_sample.txt");
        var purchases = System.IO.File.ReadLines(sample)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 5)
            .Select(f => (Customer: int.Parse(f[1], CultureInfo.InvariantCulture),
                Day: DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).AddHours(12),
                Dollars: decimal.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList();
        var export = new StringBuilder("order_id,customer_id,created_utc,total,status\r\n");
        for (var i = 0; i < purchases.Count; i++)
            export.Append(CultureInfo.InvariantCulture, $"\"CD-{purchases[i].Customer:D5}-{i + 1}\",{purchases[i].Customer},{purchases[i].Day:yyyy-MM-ddTHH:mm:ssZ},\"{purchases[i].Dollars}\",Complete\r\n");

        var (exit, output, error) = await Run("clv", "--orders", File(export.ToString(), byteOrderMark: true),
            "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--time-unit", "week");

        Assert.That(exit, Is.Zero, error);
        var root = JsonDocument.Parse(output).RootElement;
        var fit = root.GetProperty("bgnbd");
        Assert.That(root.GetProperty("customers").GetInt32(), Is.EqualTo(2357));
        Assert.That((Math.Round(fit.GetProperty("r").GetDouble(), 3), Math.Round(fit.GetProperty("alpha").GetDouble(), 2),
            Math.Round(fit.GetProperty("a").GetDouble(), 2), Math.Round(fit.GetProperty("b").GetDouble(), 2)), Is.EqualTo((0.243, 4.41, 0.79, 2.43)));
        Assert.That((fit.GetProperty("converged").GetBoolean(), fit.GetProperty("at_boundary").GetBoolean()), Is.EqualTo((true, false)));

        var holdout = root.GetProperty("holdout");
        Assert.That(holdout.GetProperty("calibration_end").GetString(), Is.EqualTo("1997-09-30"));
        Assert.That(holdout.GetProperty("holdout_end").GetString(), Is.EqualTo("1998-06-30"));
        Assert.That(holdout.GetProperty("length").GetDouble(), Is.EqualTo(39));
        Assert.That(holdout.GetProperty("customers").GetInt32(), Is.EqualTo(2357));
        Assert.That(holdout.GetProperty("actual_repeat_purchases").GetInt32(), Is.EqualTo(1882), "the data README's holdout repeat purchase days");
        Assert.That(holdout.GetProperty("predicted_repeat_purchases").GetDouble(), Is.EqualTo(1653.4).Within(1.0), "Core's CDNOW holdout figure");
        // The per-customer error as Core computes it from the same purchases.
        var customers = purchases.GroupBy(p => p.Customer)
            .Select(g => CustomerSummaryBuilder.BuildWithHoldout(g.Select(p => new Purchase(p.Day, p.Dollars)), new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Week)!.Value)
            .ToList();
        var expected = HoldoutEvaluation.Evaluate(BgNbdModel.Fit(customers.Select(c => c.Calibration)), customers, 39);
        Assert.That(holdout.GetProperty("mean_absolute_error").GetDouble(), Is.EqualTo(expected.MeanAbsoluteError).Within(1e-9));
        Assert.That(holdout.GetProperty("root_mean_squared_error").GetDouble(), Is.EqualTo(expected.RootMeanSquaredError).Within(1e-9));
    }
}
