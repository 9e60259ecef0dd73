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
/// spend, or when the fit fails. A BG/NBD fit that fails stops the run with exit code 1; one that stops at its iteration
/// limit or on the parameter box's edge is printed with <c>converged</c> / <c>at_boundary</c> saying so and a warning
/// on stderr. With <c>--holdout-end</c>, <c>holdout</c> compares the predicted repeat purchases after the calibration
/// end with the actual ones (Core's <see cref="HoldoutEvaluation"/>).
/// </remarks>
public static class ClvCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var options = new CliArguments(args, new[] { "--summary", "--orders", "--calibration-end", "--holdout-end", "--time-unit" }, Array.Empty<string>());
        SummaryFile summaries;
        IReadOnlyList<CalibrationHoldoutSummary>? withHoldout = null;
        Holdout? holdout = null;
        if (options.Has("--summary"))
        {
            if (options.Has("--orders") || options.Has("--calibration-end") || options.Has("--holdout-end") || options.Has("--time-unit"))
                throw new CliUsageException("--summary cannot be combined with --orders, --calibration-end, --holdout-end or --time-unit");
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
            if (options.Has("--holdout-end"))
            {
                var holdoutEnd = options.Date("--holdout-end", options.Required("--holdout-end"));
                if (holdoutEnd <= calibrationEnd)
                    throw new CliUsageException($"--holdout-end {holdoutEnd:yyyy-MM-dd} must be after --calibration-end {calibrationEnd:yyyy-MM-dd}");
                holdout = new Holdout(calibrationEnd, holdoutEnd, (holdoutEnd.DayNumber - calibrationEnd.DayNumber) / (unit == TimeUnit.Week ? 7.0 : 1.0));
            }
            var path = options.Required("--orders");
            var rows = OrderRows.Read(path);
            RetentionCli.ReportSkipped(rows, stderr);
            RetentionCli.ReportRefunds(rows, stderr);
            ReportAfterLastDay(rows, holdout?.End ?? calibrationEnd, holdout is null ? "--calibration-end" : "--holdout-end", path, stderr);
            if (holdout is null)
                summaries = new SummaryFile(Summarise(rows, calibrationEnd, unit), HasMonetaryValue: true);
            else
            {
                withHoldout = SummariseWithHoldout(rows, calibrationEnd, holdout.End, unit);
                summaries = new SummaryFile(withHoldout.Select(c => c.Calibration).ToList(), HasMonetaryValue: true);
            }
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
        if (purchases.Diagnostics?.Warning("BG/NBD") is { } warning)
            stderr.WriteLine($"retention: warning: {warning}");
        var spend = FitSpend(summaries, stderr);
        var report = holdout is null ? null : HoldoutEvaluation.Evaluate(purchases, withHoldout!, holdout.Length);
        stdout.WriteLine(ToJson(summaries.Customers.Count, purchases, spend, holdout is null ? null : (holdout, report!)));
        return RetentionCli.Ok;
    }

    /// <summary>The holdout period asked for: after the calibration end up to and including <see cref="End"/>, <see cref="Length"/> in the time unit.</summary>
    public sealed record Holdout(DateOnly CalibrationEnd, DateOnly End, double Length);

    /// <summary>
    /// Warns, with their number and the line of the first, of orders dated after the last day the command uses (the
    /// holdout end, or the calibration end without one): the fit and the check leave them out, and an export reaching
    /// beyond the period asked for is more often a mistaken date than an intended one.
    /// </summary>
    private static void ReportAfterLastDay(OrderRows rows, DateOnly lastDay, string option, string path, TextWriter stderr)
    {
        var (count, first) = rows.DatedFrom(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        if (count > 0)
            stderr.WriteLine(CliInputException.Printable(string.Create(CultureInfo.InvariantCulture,
                $"retention: warning: {count} order{(count == 1 ? " is" : "s are")} dated after {option} {lastDay:yyyy-MM-dd} and {(count == 1 ? "is" : "are")} not used; the first is {path}: line {first}")
                + (option == "--calibration-end" ? " (give --holdout-end to compare the model's predictions with them)" : "")));
    }

    /// <summary>
    /// One summary per customer with a counted (not cancelled) order on or before <paramref name="calibrationEnd"/>:
    /// the orders are sorted once by (customer, day), then each customer's run goes to <see cref="CustomerSummaryBuilder"/>.
    /// </summary>
    public static IReadOnlyList<CustomerSummary> Summarise(OrderRows rows, DateOnly calibrationEnd, TimeUnit unit)
    {
        var summaries = new List<CustomerSummary>();
        ForEachCustomer(rows, purchases =>
        {
            if (CustomerSummaryBuilder.Build(purchases, calibrationEnd, unit) is { } summary)
                summaries.Add(summary);
        });
        return summaries;
    }

    /// <summary>
    /// <see cref="Summarise"/> with each customer's repeat purchase days after <paramref name="calibrationEnd"/> up to
    /// and including <paramref name="holdoutEnd"/> (Core's <see cref="CustomerSummaryBuilder.BuildWithHoldout"/>).
    /// </summary>
    public static IReadOnlyList<CalibrationHoldoutSummary> SummariseWithHoldout(OrderRows rows, DateOnly calibrationEnd, DateOnly holdoutEnd, TimeUnit unit)
    {
        var summaries = new List<CalibrationHoldoutSummary>();
        ForEachCustomer(rows, purchases =>
        {
            if (CustomerSummaryBuilder.BuildWithHoldout(purchases, calibrationEnd, holdoutEnd, unit) is { } summary)
                summaries.Add(summary);
        });
        return summaries;
    }

    /// <summary>Each customer's counted (not cancelled) orders, the customers in id order, sorted once by (customer, day).</summary>
    private static void ForEachCustomer(OrderRows rows, Action<List<Purchase>> each)
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
            each(purchases);
            start = end;
        }
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
            var spend = GammaGammaModel.Fit(summaries.Customers);
            if (spend.Diagnostics?.Warning("Gamma-Gamma") is { } warning)
                stderr.WriteLine($"retention: warning: {warning}");
            return spend;
        }
        catch (ModelFitException e)
        {
            stderr.WriteLine($"retention: gamma_gamma is null: {e.Message}");
            return null;
        }
    }

    public static string ToJson(int customers, BgNbdModel purchases, GammaGammaModel? spend) => ToJson(customers, purchases, spend, null);

    /// <summary>The JSON object <c>clv</c> prints; <c>holdout</c> is null unless a holdout period was asked for.</summary>
    public static string ToJson(int customers, BgNbdModel purchases, GammaGammaModel? spend, (Holdout Period, HoldoutReport Report)? holdout)
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
            WriteDiagnostics(json, purchases.Diagnostics);
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
                WriteDiagnostics(json, spend.Diagnostics);
                WriteUncertainty(json, spend.Estimates);
                json.WriteEndObject();
            }
            if (holdout is not { } h)
                json.WriteNull("holdout");
            else
            {
                // The BG/NBD paper's check (§4): E[Y(t) | x, t_x, T] summed over the customers against their repeat purchase days.
                json.WriteStartObject("holdout");
                json.WriteString("calibration_end", h.Period.CalibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteString("holdout_end", h.Period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteNumber("length", h.Period.Length);
                json.WriteNumber("customers", h.Report.Customers);
                json.WriteNumber("actual_repeat_purchases", h.Report.ActualPurchases);
                json.WriteNumber("predicted_repeat_purchases", h.Report.PredictedPurchases);
                WriteOrNull(json, "mean_absolute_error", h.Report.MeanAbsoluteError);
                WriteOrNull(json, "root_mean_squared_error", h.Report.RootMeanSquaredError);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, value);
        else
            json.WriteNull(name);
    }

    /// <summary>
    /// How the fit's search ended, beside the estimates: <c>"converged"</c> (stopped by its tolerance, not its iteration
    /// limit), <c>"at_boundary"</c> (a parameter on the search box's edge, e.g. a → 0) and <c>"gradient_norm"</c>.
    /// </summary>
    private static void WriteDiagnostics(Utf8JsonWriter json, FitDiagnostics? diagnostics)
    {
        if (diagnostics is null)
            return;
        json.WriteBoolean("converged", diagnostics.Converged);
        json.WriteBoolean("at_boundary", diagnostics.AtBoundary);
        WriteOrNull(json, "gradient_norm", diagnostics.GradientNorm);
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
