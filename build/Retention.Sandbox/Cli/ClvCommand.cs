using System.Globalization;
using System.Text.Json;
using Retention.Core.Analytics;
using Retention.Core.Store;

namespace Retention.Sandbox.Cli;

/// <summary>
/// <c>retention clv</c>: fits Core's BG/NBD and Gamma-Gamma models to a customer summary file, or to summaries built
/// from an orders file with Core's <see cref="CustomerSummaryBuilder"/>.
/// </summary>
/// <remarks>
/// <c>gamma_gamma</c> is null, with the reason on stderr, when the summary file has no monetary column, when fewer
/// than <see cref="PredictionThresholds.MinRepeatCustomers"/> (50) customers have repeat purchases with a positive
/// spend, or when the fit fails. A BG/NBD fit that fails stops the run with exit code 1.
/// </remarks>
public static class ClvCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var options = new CliArguments(args, new[] { "--summary", "--orders", "--calibration-end", "--time-unit" }, Array.Empty<string>());
        SummaryFile summaries;
        if (options.Has("--summary"))
        {
            if (options.Has("--orders") || options.Has("--calibration-end") || options.Has("--time-unit"))
                throw new CliUsageException("--summary cannot be combined with --orders, --calibration-end or --time-unit");
            summaries = SummaryCsv.Read(options.Required("--summary"));
        }
        else if (options.Has("--orders"))
        {
            var calibrationEnd = options.Date("--calibration-end", options.Required("--calibration-end"));
            var unit = options.Required("--time-unit") switch
            {
                "day" => TimeUnit.Day,
                "week" => TimeUnit.Week,
                var other => throw new CliUsageException($"--time-unit expects day or week, not '{CliInputException.Quote(other)}'"),
            };
            var rows = OrderRows.Read(options.Required("--orders"));
            RetentionCli.ReportSkipped(rows, stderr);
            summaries = new SummaryFile(Summarise(rows, calibrationEnd, unit), HasMonetaryValue: true);
        }
        else
            throw new CliUsageException("give --summary FILE.csv, or --orders FILE.csv with --calibration-end and --time-unit");

        if (summaries.Customers.Count == 0)
            throw new CliInputException("no customer made a purchase by the calibration end: there is nothing to fit");

        BgNbdModel purchases;
        try
        {
            purchases = BgNbdModel.Fit(summaries.Customers);
        }
        catch (Exception e) when (e is ModelFitException or ArgumentException)
        {
            throw new CliInputException($"the BG/NBD model cannot be fitted: {e.Message}");
        }
        var spend = FitSpend(summaries, stderr);
        stdout.WriteLine(ToJson(summaries.Customers.Count, purchases, spend));
        return RetentionCli.Ok;
    }

    /// <summary>
    /// One summary per customer with a counted (not cancelled) order on or before <paramref name="calibrationEnd"/>:
    /// the orders are sorted once by (customer, day), then each customer's run goes to <see cref="CustomerSummaryBuilder"/>.
    /// </summary>
    public static IReadOnlyList<CustomerSummary> Summarise(OrderRows rows, DateOnly calibrationEnd, TimeUnit unit)
    {
        var keys = new long[rows.Count];
        var positions = new int[rows.Count];
        var n = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows.Statuses[i] == OrderState.Cancelled)
                continue;
            // Day numbers stay below 2^22 up to year 9999, so (customer, day) packs into one sortable long.
            keys[n] = ((long)rows.CustomerIds[i] << 22) | (uint)DateOnly.FromDateTime(rows.Created[i]).DayNumber;
            positions[n] = i;
            n++;
        }
        Array.Sort(keys, positions, 0, n);

        var summaries = new List<CustomerSummary>();
        var purchases = new List<Purchase>();
        for (var start = 0; start < n;)
        {
            var customer = keys[start] >> 22;
            var end = start;
            purchases.Clear();
            while (end < n && keys[end] >> 22 == customer)
            {
                var i = positions[end++];
                purchases.Add(new Purchase(rows.Created[i], rows.Totals[i]));
            }
            if (CustomerSummaryBuilder.Build(purchases, calibrationEnd, unit) is { } summary)
                summaries.Add(summary);
            start = end;
        }
        return summaries;
    }

    private static GammaGammaModel? FitSpend(SummaryFile summaries, TextWriter stderr)
    {
        if (!summaries.HasMonetaryValue)
        {
            stderr.WriteLine("retention: gamma_gamma is null: the summary file has no monetary_value column");
            return null;
        }
        var minimum = new PredictionThresholds().MinRepeatCustomers;
        var repeat = summaries.Customers.Count(c => c.Frequency > 0 && c.MonetaryValue > 0);
        if (repeat < minimum)
        {
            stderr.WriteLine($"retention: gamma_gamma is null: {repeat} customer(s) with repeat purchases and a positive spend, fewer than the {minimum} a stable fit needs");
            return null;
        }
        try
        {
            return GammaGammaModel.Fit(summaries.Customers);
        }
        catch (ModelFitException e)
        {
            stderr.WriteLine($"retention: gamma_gamma is null: {e.Message}");
            return null;
        }
    }

    public static string ToJson(int customers, BgNbdModel purchases, GammaGammaModel? spend)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("customers", customers);
            json.WriteStartObject("bgnbd");
            json.WriteNumber("r", purchases.R);
            json.WriteNumber("alpha", purchases.Alpha);
            json.WriteNumber("a", purchases.A);
            json.WriteNumber("b", purchases.B);
            json.WriteNumber("log_likelihood", purchases.LogLikelihood);
            WriteUncertainty(json, purchases.Estimates);
            json.WriteEndObject();
            if (spend is null)
                json.WriteNull("gamma_gamma");
            else
            {
                json.WriteStartObject("gamma_gamma");
                json.WriteNumber("p", spend.P);
                json.WriteNumber("q", spend.Q);
                json.WriteNumber("v", spend.V);
                WriteUncertainty(json, spend.Estimates);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// lifetimes' summary beside the estimates: <c>"standard_errors": {"r": 0.0126, …}</c> and <c>"ci95": {"r": [lower, upper], …}</c>,
    /// each null (never NaN) when the fit gives no errors (an optimum on the edge of the parameter space).
    /// </summary>
    private static void WriteUncertainty(Utf8JsonWriter json, IReadOnlyList<ParameterEstimate> estimates)
    {
        if (estimates.Any(e => e.StandardError is null))
        {
            json.WriteNull("standard_errors");
            json.WriteNull("ci95");
            return;
        }
        json.WriteStartObject("standard_errors");
        foreach (var e in estimates)
            json.WriteNumber(e.Name, e.StandardError!.Value);
        json.WriteEndObject();
        json.WriteStartObject("ci95");
        foreach (var e in estimates)
        {
            json.WriteStartArray(e.Name);
            json.WriteNumberValue(e.Lower95!.Value);
            json.WriteNumberValue(e.Upper95!.Value);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
