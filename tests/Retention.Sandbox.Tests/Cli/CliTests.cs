using System.Text.Json;
using Retention.Sandbox.Cli;

namespace Retention.Sandbox.Tests.Cli;

[TestFixture]
public class CliTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("retention-cli").FullName;

    [TearDown]
    public void TearDown()
    {
        if (_dir is not null)
            Directory.Delete(_dir, recursive: true);
    }

    private string Csv(string text)
    {
        var path = Path.Combine(_dir, "orders.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await RetentionCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private const string Header = "order_id,customer_id,created_utc,total,status\n";

    [Test]
    public async Task Metrics_prints_one_json_object_with_exactly_the_contract_keys_and_hand_computed_values()
    {
        var path = Csv(Header
            + "1,1,2026-01-05T10:00:00Z,10.00,Complete\n"
            + "2,1,2026-02-05T10:00:00Z,20.00,Complete\n"
            + "3,2,2026-02-20T10:00:00Z,7.50,Cancelled\n");

        var (exit, output, _) = await Run("metrics", "--orders", path, "--as-of", "2026-03-01");

        Assert.That(exit, Is.Zero);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "as_of", "customers", "orders", "revenue", "aov", "ltv", "rpr", "crr", "churn_rate",
            "new_customers", "reactivated_customers", "tbp_median_days", "cohorts",
        }));
        Assert.That(root.GetProperty("as_of").GetString(), Is.EqualTo("2026-03-01"));
        Assert.That(root.GetProperty("customers").GetInt32(), Is.EqualTo(1), "the cancelled order's customer is no customer");
        Assert.That(root.GetProperty("orders").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("revenue").GetDecimal(), Is.EqualTo(30m));
        Assert.That(root.GetProperty("rpr").GetDouble(), Is.EqualTo(1.0));
        Assert.That(root.GetProperty("tbp_median_days").GetDouble(), Is.EqualTo(31.0));
        var cohort = root.GetProperty("cohorts")[0];
        Assert.That(cohort.GetProperty("cohort").GetString(), Is.EqualTo("2026-01"));
        Assert.That(cohort.GetProperty("size").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Rows_without_a_customer_id_are_skipped_and_counted_on_stderr()
    {
        var path = Csv(Header + "1,1,2026-01-05T10:00:00Z,10.00,Complete\n2,,2026-01-06T10:00:00Z,5.00,Complete\n");

        var (exit, output, error) = await Run("metrics", "--orders", path, "--as-of", "2026-03-01");

        Assert.That(exit, Is.Zero);
        Assert.That(error, Does.Contain("skipped 1 rows without a customer id"));
        Assert.That(JsonDocument.Parse(output).RootElement.GetProperty("orders").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Orders_on_or_after_as_of_are_not_counted_and_a_warning_gives_their_number_and_first_line()
    {
        var path = Csv(Header
            + "1,1,2026-01-05T10:00:00Z,10.00,Complete\n"
            + "2,1,2026-03-01T00:00:00Z,20.00,Complete\n"
            + "3,2,2026-02-05T10:00:00Z,7.50,Complete\n"
            + "4,3,2026-04-01T10:00:00Z,5.00,Cancelled\n");

        var (exit, output, error) = await Run("metrics", "--orders", path, "--as-of", "2026-03-01");

        Assert.That(exit, Is.Zero);
        Assert.That(JsonDocument.Parse(output).RootElement.GetProperty("orders").GetInt32(), Is.EqualTo(2));
        Assert.That(error, Is.EqualTo($"retention: warning: 2 orders are dated on or after 00:00 UTC on --as-of 2026-03-01 and are not counted; the first is {path}: line 3{Environment.NewLine}"));

        var (_, _, none) = await Run("metrics", "--orders", path, "--as-of", "2026-04-02");
        Assert.That(none, Is.Empty, "no order after as-of: no warning");
    }

    [Test]
    public async Task Malformed_row_stops_the_run_with_its_line_number()
    {
        var path = Csv(Header + "1,1,2026-01-05T10:00:00Z,10.00,Complete\n2,1,2026-01-06T10:00:00Z,ten,Complete\n");

        var (exit, output, error) = await Run("metrics", "--orders", path, "--as-of", "2026-03-01");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("line 3:").And.Contain("total"));
    }

    [Test]
    public async Task Missing_as_of_is_a_usage_error()
    {
        var path = Csv(Header + "1,1,2026-01-05T10:00:00Z,10.00,Complete\n");

        var (exit, output, _) = await Run("metrics", "--orders", path);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Clv_on_the_cdnow_summary_reproduces_the_published_bgnbd_fit()
    {
        var summary = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", "cdnow_customers_summary.csv");

        var (exit, output, _) = await Run("clv", "--summary", summary);

        Assert.That(exit, Is.Zero);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.That(root.GetProperty("customers").GetInt32(), Is.EqualTo(2357));
        var fit = root.GetProperty("bgnbd");
        Assert.That(Math.Round(fit.GetProperty("r").GetDouble(), 3), Is.EqualTo(0.243));
        Assert.That(Math.Round(fit.GetProperty("alpha").GetDouble(), 3), Is.EqualTo(4.414));
        Assert.That(Math.Round(fit.GetProperty("a").GetDouble(), 3), Is.EqualTo(0.793));
        Assert.That(Math.Round(fit.GetProperty("b").GetDouble(), 3), Is.EqualTo(2.426));
        Assert.That(Math.Round(fit.GetProperty("log_likelihood").GetDouble(), 1), Is.EqualTo(-9582.4));
        Assert.That(root.GetProperty("gamma_gamma").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Clv_reports_standard_errors_and_95_percent_intervals_beside_the_estimates_as_lifetimes_does()
    {
        var summary = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "cdnow", "cdnow_customers_summary.csv");

        var (exit, output, _) = await Run("clv", "--summary", summary);

        Assert.That(exit, Is.Zero);
        var fit = JsonDocument.Parse(output).RootElement.GetProperty("bgnbd");
        var errors = fit.GetProperty("standard_errors");
        // lifetimes' Quickstart: r se 0.012557, alpha 0.378221, a 0.185719, b 0.705345.
        Assert.That(Math.Round(errors.GetProperty("r").GetDouble(), 4), Is.EqualTo(0.0126));
        Assert.That(Math.Round(errors.GetProperty("alpha").GetDouble(), 3), Is.EqualTo(0.378));
        Assert.That(Math.Round(errors.GetProperty("a").GetDouble(), 3), Is.EqualTo(0.186));
        Assert.That(Math.Round(errors.GetProperty("b").GetDouble(), 3), Is.EqualTo(0.705));
        var r = fit.GetProperty("ci95").GetProperty("r");
        Assert.That(Math.Round(r[0].GetDouble(), 3), Is.EqualTo(0.218));
        Assert.That(Math.Round(r[1].GetDouble(), 3), Is.EqualTo(0.267));
    }
}
