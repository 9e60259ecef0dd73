using System.Text.Json;
using Retention.Core.Metrics;

namespace Retention.Sandbox.Cli;

/// <summary>
/// <c>retention metrics</c>: Core's <see cref="StoreMetricsCalculator"/> over the orders of a CSV file, held in memory
/// (<see cref="OrderRowsStore"/>), so the CLI and the dashboard share one definition of every figure.
/// </summary>
/// <remarks>
/// Nulls are Core's: <c>aov</c>, <c>ltv</c>, <c>rpr</c> are null without customers; <c>crr</c> and
/// <c>churn_rate</c> are null when no customer was active at the start of the period (S = 0);
/// <c>tbp_median_days</c> is null when no customer has two counted orders. Money is printed as the exact decimal
/// quotient, rates and days as doubles.
/// </remarks>
public static class MetricsCommand
{
    public static readonly IReadOnlyList<string> Keys = new[]
    {
        "as_of", "customers", "orders", "revenue", "aov", "ltv", "rpr", "crr", "churn_rate", "new_customers",
        "reactivated_customers", "tbp_median_days", "cohorts",
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var options = new CliArguments(args, new[] { "--orders", "--as-of", "--active-window-days", "--period-days" }, Array.Empty<string>());
        var path = options.Required("--orders");
        var asOf = options.Date("--as-of", options.Required("--as-of"));
        var request = new StoreMetricsRequest(asOf)
        {
            ActiveWindowDays = options.Days("--active-window-days", 365),
            PeriodDays = options.Days("--period-days", 30),
        };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = OrderRows.Read(path);
        if (Environment.GetEnvironmentVariable(TimingVariable) == "1")
            await stderr.WriteLineAsync($"retention: timing: read {rows.Count} orders in {clock.Elapsed.TotalSeconds:0.00} s ({System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.00} s CPU since start)");
        RetentionCli.ReportSkipped(rows, stderr);
        RetentionCli.ReportRefunds(rows, stderr);
        ReportAfterAsOf(rows, request, path, stderr);
        var metrics = await CalculateAsync(rows, request, cancellationToken);
        await stdout.WriteLineAsync(ToJson(metrics));
        return RetentionCli.Ok;
    }

    /// <summary>
    /// Warns, with their number and the line of the first, of orders placed at or after 00:00 UTC on the as-of day:
    /// the figures leave them out by definition, and an export newer than the as-of date given is more often a mistaken
    /// date than an intended one. The JSON stays the contract's figures only, as for rows skipped without a customer.
    /// </summary>
    internal static void ReportAfterAsOf(OrderRows rows, StoreMetricsRequest request, string path, TextWriter stderr)
    {
        var (count, first) = rows.DatedFrom(request.AsOfUtc);
        if (count > 0)
            stderr.WriteLine(CliInputException.Printable(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"retention: warning: {count} order{(count == 1 ? " is" : "s are")} dated on or after 00:00 UTC on --as-of {request.AsOf:yyyy-MM-dd} "
                + $"and {(count == 1 ? "is" : "are")} not counted; the first is {path}: line {first}")));
    }

    /// <summary>The store metrics of <paramref name="rows"/>: Core's figures over the rows in memory.</summary>
    /// <remarks>
    /// Core's <see cref="ColumnarStoreMetrics"/> computes them by passes over the columns (a counting sort by customer,
    /// then one pass); when it declines (a revenue sum that could round), Core's calculator runs its LINQ as
    /// LINQ-to-objects with <see cref="InMemoryPurchaseGapQuery"/>, whose figures the columnar ones equal. The LINQ way
    /// took 57 s and 2.4 GB on five million orders; an earlier version loaded the rows into SQLite first.
    /// </remarks>
    public static async Task<StoreMetrics> CalculateAsync(OrderRows rows, StoreMetricsRequest request, CancellationToken cancellationToken = default)
    {
        var timing = Environment.GetEnvironmentVariable(TimingVariable) == "1" ? Console.Error : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var metrics = ColumnarStoreMetrics.TryCalculate(
            new OrderArrays(rows.Count, rows.CustomerIds, rows.Created, rows.Totals, rows.Statuses, rows.StoreIds), request);
        if (metrics is null)
        {
            var store = new OrderRowsStore(rows);
            var calculator = new StoreMetricsCalculator(store, new InMemoryQueryRunner(timing), new InMemoryPurchaseGapQuery(store.OrderList));
            metrics = await calculator.CalculateAsync(request, cancellationToken);
        }
        timing?.WriteLine($"retention: timing: metrics in {clock.Elapsed.TotalSeconds:0.00} s ({System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.00} s CPU since start)");
        return metrics;
    }

    /// <summary>Core's LINQ calculator over the rows (the way <see cref="CalculateAsync"/> falls back to), for the tests' comparison.</summary>
    internal static Task<StoreMetrics> CalculateByLinqAsync(OrderRows rows, StoreMetricsRequest request)
    {
        var store = new OrderRowsStore(rows);
        return new StoreMetricsCalculator(store, new InMemoryQueryRunner(null), new InMemoryPurchaseGapQuery(store.OrderList)).CalculateAsync(request);
    }

    /// <summary>The contract's JSON object, keys in the contract's order.</summary>
    public static string ToJson(StoreMetrics m)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("as_of", m.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("customers", m.Customers);
            json.WriteNumber("orders", m.Orders);
            json.WriteNumber("revenue", m.Revenue);
            WriteOrNull(json, "aov", m.Aov);
            WriteOrNull(json, "ltv", m.Ltv);
            WriteOrNull(json, "rpr", m.Rpr);
            WriteOrNull(json, "crr", m.Crr);
            WriteOrNull(json, "churn_rate", m.ChurnRate);
            json.WriteNumber("new_customers", m.NewCustomers);
            json.WriteNumber("reactivated_customers", m.ReactivatedCustomers);
            WriteOrNull(json, "tbp_median_days", m.TbpMedianDays);
            json.WriteStartArray("cohorts");
            foreach (var cohort in m.Cohorts)
            {
                json.WriteStartObject();
                json.WriteString("cohort", cohort.Label);
                json.WriteNumber("size", cohort.Size);
                json.WriteStartArray("retention");
                foreach (var share in cohort.Retention)
                    json.WriteNumberValue(share);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
        else
            json.WriteNull(name);
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
            json.WriteNumber(name, v);
        else
            json.WriteNull(name);
    }

    /// <summary>Set to 1 to have each phase's time written to stderr.</summary>
    public const string TimingVariable = "RETENTION_CLI_TIMING";
}
