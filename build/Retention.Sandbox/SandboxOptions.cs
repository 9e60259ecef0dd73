using System.Globalization;
using Retention.Sandbox.Demo;

namespace Retention.Sandbox;

/// <summary>The command line of <c>retention</c>.</summary>
public sealed record SandboxOptions
{
    public const int DefaultPort = 5089;
    public const string DatabaseFileName = "retention-sandbox.db";
    public const string PostgresEnvironmentVariable = "RETENTION_SANDBOX_PG";

    public string DataDirectory { get; init; } = Path.Combine(Directory.GetCurrentDirectory(), ".data");
    public int Port { get; init; } = DefaultPort;
    /// <summary>Kestrel URLs; when set, wins over <see cref="Port"/>.</summary>
    public string? Urls { get; init; }
    public bool Reset { get; init; }
    public int Seed { get; init; } = DemoStoreSettings.DefaultSeed;
    public int Customers { get; init; } = DemoStoreSettings.DefaultCustomers;
    /// <summary>The demo store's "today"; null means today at 00:00 UTC.</summary>
    public DateTime? AsOfUtc { get; init; }
    public string? OrdersCsv { get; init; }
    public string? PostgresConnectionString { get; init; }
    /// <summary>Seconds between two scheduled workflow runs in the web app; 0 switches the background run off.</summary>
    public int WorkflowIntervalSeconds { get; init; } = 60;
    /// <summary>Prepare the database and stop (no web app).</summary>
    public bool NoWeb { get; init; }
    public bool Help { get; init; }

    public string SqlitePath => Path.Combine(DataDirectory, DatabaseFileName);

    public const string Usage = """
        retention — the Retention sandbox: a demo store in SQLite (or PostgreSQL) and a local web app.

        usage: dotnet run --project build/Retention.Sandbox -- [options]
               dotnet run --project build/Retention.Sandbox -- metrics --orders FILE.csv --as-of YYYY-MM-DD [--active-window-days 365] [--period-days 30]
               dotnet run --project build/Retention.Sandbox -- clv (--summary FILE.csv | --orders FILE.csv --calibration-end YYYY-MM-DD --time-unit day|week)
               (metrics and clv print one JSON object; `… -- metrics --help` explains them)

          --data DIR         data folder for the SQLite file (default ./.data)
          --port N           port on 127.0.0.1 (default 5089)
          --urls URLS        Kestrel URLs instead of --port, e.g. http://127.0.0.1:8080
          --reset            delete the sandbox database and build it again
          --seed N           demo-store random seed (default 20240601)
          --customers N      demo-store size (default 20000)
          --as-of YYYY-MM-DD the demo store's "today": its history ends at 00:00 UTC that day
                             (default: today); the sandbox clock starts there when the data is loaded
          --orders FILE.csv  load a real order export instead of the demo store (replaces the database):
                             order_id,customer_id,created_utc,total[,status][,store_id]
          --pg "Host=…"      PostgreSQL instead of SQLite (or set RETENTION_SANDBOX_PG)
          --workflow-interval N  seconds between workflow runs (abandoned carts, due emails; default 60, 0: off)
          --no-web           prepare the database, then exit
          --help             this text
        """;

    /// <summary>Reads <paramref name="args"/>; <paramref name="error"/> says what was wrong when it returns null.</summary>
    public static SandboxOptions? Parse(IReadOnlyList<string> args, out string? error, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new SandboxOptions { PostgresConnectionString = NullIfEmpty(environment(PostgresEnvironmentVariable)) };
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                    throw new FormatException($"{arg} needs a value");
                return args[++i];
            }

            try
            {
                options = arg switch
                {
                    "--data" => options with { DataDirectory = Path.GetFullPath(Value()) },
                    "--port" => options with { Port = Int(arg, Value(), 1, 65535) },
                    "--urls" => options with { Urls = Value() },
                    "--reset" => options with { Reset = true },
                    "--seed" => options with { Seed = Int(arg, Value(), 0, int.MaxValue) },
                    "--customers" => options with { Customers = Int(arg, Value(), 1, 1_000_000) },
                    "--as-of" => options with { AsOfUtc = Date(arg, Value()) },
                    "--orders" => options with { OrdersCsv = Path.GetFullPath(Value()) },
                    "--pg" => options with { PostgresConnectionString = Value() },
                    "--workflow-interval" => options with { WorkflowIntervalSeconds = Int(arg, Value(), 0, 86400) },
                    "--no-web" => options with { NoWeb = true },
                    "--help" or "-h" or "-?" => options with { Help = true },
                    _ => throw new FormatException($"unknown option '{arg}'"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }
        }
        if (options.OrdersCsv != null && !File.Exists(options.OrdersCsv))
        {
            error = $"--orders: file not found: {options.OrdersCsv}";
            return null;
        }
        return options;
    }

    private static int Int(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{option} expects a whole number from {min} to {max}, not '{text}'");

    private static DateTime Date(string option, string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : throw new FormatException($"{option} expects a date as YYYY-MM-DD, not '{text}'");

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
