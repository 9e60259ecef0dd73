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
    /// <summary>
    /// This process is one node of several sharing one PostgreSQL database (a web farm): its name shows in the logs and
    /// as the PostgreSQL application name; setup runs under an advisory lock, the clock follows the shared offset.
    /// </summary>
    public string? Node { get; init; }
    /// <summary>Never build the database: wait for another node to have built it (node mode).</summary>
    public bool NoSeed { get; init; }
    /// <summary>Seconds between two loyalty sweeps (expiries, birthdays, tier re-evaluation); 0: off.</summary>
    public int LoyaltyIntervalSeconds { get; init; }
    /// <summary>The key <c>POST /api/node/events</c> asks for; without it the endpoint does not exist.</summary>
    public string? NodeEventsKey { get; init; }
    /// <summary>Fault injection for the farm's kill test: a pause before each rendering and per step before each commit chunk (node mode only).</summary>
    public int FaultStepDelayMs { get; init; }
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
          --node NAME        one node of a web farm on one PostgreSQL database (--pg): setup under an advisory lock,
                             the clock shared through the database, NAME in the logs
          --no-seed          (node) never build the database; wait up to 5 minutes for another node to build it
          --loyalty-interval N   seconds between loyalty sweeps (expiries, birthdays, tiers; default 0: off)
          --node-events-key K    (node) open POST /api/node/events to requests carrying header X-Node-Key: K
          --fault-step-delay-ms N  (node, tests) pause N ms before each rendering and N ms per step before each
                                   commit chunk of a workflow run, so a test can kill the node inside a run
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
                    "--node" => options with { Node = NodeName(arg, Value()) },
                    "--no-seed" => options with { NoSeed = true },
                    "--loyalty-interval" => options with { LoyaltyIntervalSeconds = Int(arg, Value(), 0, 86400) },
                    "--node-events-key" => options with { NodeEventsKey = NodeKey(arg, Value()) },
                    "--fault-step-delay-ms" => options with { FaultStepDelayMs = Int(arg, Value(), 0, 60_000) },
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
        error = NodeProblem(options);
        if (error != null)
            return null;
        if (options.OrdersCsv != null && !File.Exists(options.OrdersCsv))
        {
            error = $"--orders: file not found: {options.OrdersCsv}";
            return null;
        }
        return options;
    }

    /// <summary>Node options only make sense together, on a shared PostgreSQL database.</summary>
    private static string? NodeProblem(SandboxOptions options)
    {
        if (options.Node == null)
        {
            if (options.NoSeed) return "--no-seed needs --node";
            if (options.NodeEventsKey != null) return "--node-events-key needs --node";
            if (options.FaultStepDelayMs > 0) return "--fault-step-delay-ms needs --node";
            return null;
        }
        if (options.PostgresConnectionString == null)
            return "--node needs a shared PostgreSQL database (--pg or RETENTION_SANDBOX_PG)";
        if (options.Reset)
            return "--reset cannot be used with --node: one node would delete the database the others are using";
        if (options.OrdersCsv != null)
            return "--orders cannot be used with --node: load the orders once without --node, then start the nodes";
        return null;
    }

    private static string NodeName(string option, string text) =>
        text.Length is > 0 and <= 40 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? text
            : throw new FormatException($"{option} expects 1 to 40 letters, digits, '-' or '_', not '{Shorten(text)}'");

    private static string NodeKey(string option, string text) =>
        text.Length is >= 16 and <= 200 && text.All(c => c is > ' ' and < (char)127)
            ? text
            : throw new FormatException($"{option} expects 16 to 200 printable characters without spaces (got {text.Length} characters)");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

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
