using Microsoft.Data.Sqlite;

namespace Retention.Sandbox.Cli;

/// <summary>
/// The <c>retention metrics</c> and <c>retention clv</c> subcommands: one JSON object on stdout, diagnostics on
/// stderr; exit 0 on success, 1 for a bad input file (the message names the line) or a model that cannot be
/// fitted, 2 for a bad command line.
/// </summary>
public static class RetentionCli
{
    public const int Ok = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    public const string Usage = """
        retention metrics --orders FILE.csv --as-of YYYY-MM-DD [--active-window-days 365] [--period-days 30]
            Store retention metrics as of 00:00 UTC on --as-of, as one JSON object:
            as_of, customers, orders, revenue, aov, ltv, rpr, crr, churn_rate, new_customers,
            reactivated_customers, tbp_median_days, cohorts [{cohort: "YYYY-MM", size, retention: [...]}].
            FILE.csv: order_id,customer_id,created_utc,total[,status][,store_id] (header required, comma-separated,
            UTF-8 with or without a byte order mark, LF or CRLF, fields may be quoted with "" for a quote).
            order_id is the store's order number as text (#1001, SO-2024-17, C536379), unique per store.
            status: Pending, Processing, Complete (the default), Cancelled (or 10-40), Refunded or Credit. Cancelled,
            Refunded and Credit rows may have a zero or negative total and are never purchases: no figure counts
            them (stderr counts the refund and credit rows); any other negative total is a bad line.
            Rows without a customer id are skipped and counted on stderr. Orders dated on or after --as-of are
            not counted, and a warning on stderr gives their number and the first one's line: an export newer
            than --as-of is more often a wrong date than an intended one, so the run goes on but says so.

        retention clv --summary FILE.csv
        retention clv --orders FILE.csv --calibration-end YYYY-MM-DD [--holdout-end YYYY-MM-DD] --time-unit day|week
            BG/NBD and Gamma-Gamma fits as one JSON object:
            {customers, bgnbd: {r, alpha, a, b, log_likelihood, converged, at_boundary, gradient_norm,
            standard_errors, ci95}, gamma_gamma: {p, q, v, converged, at_boundary, gradient_norm, standard_errors,
            ci95} | null, holdout: {...} | null}.
            converged is false when the search stopped at its iteration limit, at_boundary true when a parameter
            ended at the edge of the search space (e.g. a -> 0 when nobody looks dropped out); either way the
            estimates are the last point reached, not a maximum, and stderr has a warning.
            --summary: columns frequency,recency,T[,monetary_value] (also x,t_x,T,zbar), optionally after an id column.
            --orders: the orders file above, summarised per customer (same-day orders are one purchase, cancelled,
            refund and credit rows left out, the calibration end day included). Orders after the last day used
            (--holdout-end, else --calibration-end) are left out with a warning giving their number and first line.
            --holdout-end: also check the fit against the days after --calibration-end up to --holdout-end:
            holdout: {calibration_end, holdout_end, length (in --time-unit), customers, actual_repeat_purchases,
            predicted_repeat_purchases, mean_absolute_error, root_mean_squared_error} (errors per customer).

        Limits: an order total is at most 1,000,000,000,000 either side of zero and its time in the years 1900-2099;
        frequency, recency and T are at most 100,000, monetary_value at most 1,000,000,000,000; a line is at most
        1,048,576 characters. A value beyond them is a bad line. A file separated by semicolons, tabs or bars is
        refused at line 1 saying so. --as-of, --calibration-end and --holdout-end are dates from 1900-01-01 to
        2099-12-31, --active-window-days and --period-days whole numbers from 1 to 36500.

        Exit codes: 0 done (also for a fit flagged converged false or at_boundary), 1 bad input file (the line is
        named) or no fit at all, 2 bad command line.
        """;

    /// <summary>Whether <paramref name="args"/> asks for a subcommand rather than the sandbox's web app.</summary>
    public static bool IsSubcommand(IReadOnlyList<string> args) => args.Count > 0 && args[0] is "metrics" or "clv";

    /// <summary>Runs the subcommand named by <c>args[0]</c>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var rest = args.Skip(1).ToList();
        if (rest.Any(a => a is "--help" or "-h" or "-?"))
        {
            await stdout.WriteLineAsync(Usage);
            return Ok;
        }
        try
        {
            return args[0] switch
            {
                "metrics" => await MetricsCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "clv" => ClvCommand.Run(rest, stdout, stderr),
                _ => throw new CliUsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync(Message(args[0], e));
            await stderr.WriteLineAsync();
            await stderr.WriteLineAsync(Usage);
            return UsageError;
        }
        catch (CliInputException e)
        {
            await stderr.WriteLineAsync(Message(args[0], e));
            return InputError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            await stderr.WriteLineAsync(Message(args[0], e));
            return InputError;
        }
    }

    /// <summary>
    /// The one line a refusal prints. Fields in it are quoted already; the whole line is made
    /// <see cref="CliInputException.Printable"/> too, as paths and the runtime's own messages (which name paths) are not.
    /// </summary>
    private static string Message(string command, Exception e) => CliInputException.Printable($"retention {command}: {e.Message}");

    /// <summary>
    /// Writes the stderr line that counts refund and credit rows (nothing when there were none): they are read, valid,
    /// and counted in no figure, as cancelled orders are, which a merchant who sent them should be told.
    /// </summary>
    internal static void ReportRefunds(OrderRows rows, TextWriter stderr)
    {
        if (rows.Refunds > 0)
            stderr.WriteLine($"retention: {rows.Refunds} refund or credit row{(rows.Refunds == 1 ? "" : "s")} (status Refunded or Credit) {(rows.Refunds == 1 ? "is" : "are")} not counted as purchases");
    }

    /// <summary>Writes the stderr line that counts rows skipped for want of a customer id (nothing when there were none).</summary>
    internal static void ReportSkipped(OrderRows rows, TextWriter stderr)
    {
        if (rows.SkippedWithoutCustomer > 0)
            stderr.WriteLine($"retention: skipped {rows.SkippedWithoutCustomer} rows without a customer id");
    }
}
