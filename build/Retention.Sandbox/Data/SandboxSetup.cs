using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Import;

namespace Retention.Sandbox.Data;

/// <summary>A start-up problem the person can fix (bad CSV, database from an older version); exits non-zero.</summary>
public sealed class SandboxSetupException(string message) : Exception(message);

/// <summary>What is in the database the sandbox serves.</summary>
public sealed record SandboxState
{
    public required SandboxDatabase Database { get; init; }
    /// <summary><c>demo</c> or <c>csv</c>.</summary>
    public required string Source { get; init; }
    public string? SourceFile { get; init; }
    public int? Seed { get; init; }
    /// <summary>Where the data's history ends.</summary>
    public required DateTime AsOfUtc { get; init; }
    /// <summary>When the data was loaded: the sandbox clock is <see cref="AsOfUtc"/> at that wall-clock instant.</summary>
    public required DateTime LoadedUtc { get; init; }
    /// <summary>True when this start built the data; false when it reused the database.</summary>
    public bool Loaded { get; init; }
    /// <summary>How long building and loading took, when <see cref="Loaded"/>.</summary>
    public TimeSpan LoadTime { get; init; }
}

/// <summary>
/// Gets the database ready: reuses it when it already holds what was asked for (instant), otherwise builds it
/// (schema by EnsureCreated, then the demo store or the imported orders in one bulk load). A CSV with any bad row
/// is refused before anything is touched.
/// </summary>
public static class SandboxSetup
{
    public const string DemoSource = "demo";
    public const string CsvSource = "csv";

    public static async Task<SandboxState> PrepareAsync(SandboxOptions options, ILogger log, CancellationToken cancellationToken = default, SetupProgress? progress = null)
    {
        var database = Open(options);

        StoreContent? imported = null;
        if (options.OrdersCsv != null)
        {
            var parsed = OrdersCsv.ParseFile(options.OrdersCsv);
            if (!parsed.IsValid)
                throw new SandboxSetupException(parsed.Describe(options.OrdersCsv));
            imported = OrdersImport.ToStore(parsed.Orders);
        }

        var meta = await ReadMetaAsync(database, cancellationToken);
        var reason = RebuildReason(options, imported != null, meta);
        if (reason == null)
        {
            var reused = FromMeta(database, meta!);
            log.LogInformation("Using the existing {Source} data in {Database} (as of {AsOf:yyyy-MM-dd}).", reused.Source, database.Describe(), reused.AsOfUtc);
            await database.AnalyzeAsync(onlyIfMissing: true, cancellationToken);
            return reused;
        }

        // The nodes of a farm serve the data while a newcomer starts: rebuilding it would drop the tables under them. The
        // newcomer is the one that is wrong, so it stops and changes nothing.
        if (options.Node != null && meta != null)
            throw new SandboxSetupException(
                $"retention: node {options.Node}: {database.Describe()} already holds the farm's data and a node never rebuilds it, but {reason}; " +
                "start this node with the options the data was made with, or stop every node and rebuild with one sandbox and --reset.");

        log.LogInformation("Building the sandbox database in {Database}: {Reason}.", database.Describe(), reason);
        var watch = Stopwatch.StartNew();
        progress?.Stage("Creating the tables");
        await database.DeleteAsync(cancellationToken);
        await database.EnsureCreatedAsync(cancellationToken);

        var asOf = options.AsOfUtc ?? DateTime.UtcNow.Date;
        progress?.Stage(imported != null ? "Reading the orders" : "Generating the demo store");
        var content = imported ?? DemoStoreGenerator.Generate(new DemoStoreSettings { Seed = options.Seed, AsOfUtc = asOf, Customers = options.Customers });
        if (imported != null)
            asOf = imported.Orders.Max(o => o.CreatedOnUtc);
        var generated = watch.Elapsed;
        progress?.Stage($"Loading {content.Customers.Count:N0} customers and {content.Orders.Count:N0} orders");
        await BulkLoader.LoadAsync(database, content, cancellationToken);
        LoyaltyReplayResult? loyalty = null;
        WorkflowHistoryResult? workflows = null;
        DemoStampsResult? stamps = null;
        DemoChallengesResult? challenges = null;
        if (imported == null)
        {
            progress?.Stage("Replaying the loyalty program over the orders");
            loyalty = await LoyaltyReplay.RunAsync(database, content, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), cancellationToken);
            progress?.Stage("Paying the demo's cashback");
            var cashbackWatch = Stopwatch.StartNew();
            var cashback = await DemoCashback.RunAsync(database, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), cancellationToken);
            log.LogInformation("Cashback history: {Payouts} monthly payouts in {Seconds:0.0} s.", cashback, cashbackWatch.Elapsed.TotalSeconds);
            progress?.Stage("Stamping the regulars' cards");
            stamps = await DemoStamps.RunAsync(database, content, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), cancellationToken);
            progress?.Stage("Counting the challenges");
            challenges = await DemoChallenges.RunAsync(database, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), cancellationToken);
            progress?.Stage("Signing up the Coffee Club's members");
            await DemoMembership.RunAsync(database, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), cancellationToken);
            // After the mechanics: the history has their emails too (cashback statements, full stamp cards, membership reminders, card level-ups).
            progress?.Stage($"Writing {DemoWorkflowHistory.HistoryDays} days of workflow emails");
            workflows = await DemoWorkflowHistory.RunAsync(database, content, options.Seed, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), stamps.Fills, loyalty.CardRaises, cancellationToken);
            progress?.Stage("Summarising each customer's points");
            await DemoSummaries.RebuildAsync(database, DateTime.SpecifyKind(asOf, DateTimeKind.Utc), cancellationToken);
        }
        progress?.Stage("Analyzing the database");
        await database.AnalyzeAsync(cancellationToken: cancellationToken);

        var state = new SandboxState
        {
            Database = database,
            Source = imported != null ? CsvSource : DemoSource,
            SourceFile = options.OrdersCsv,
            Seed = imported != null ? null : options.Seed,
            AsOfUtc = DateTime.SpecifyKind(asOf, DateTimeKind.Utc),
            LoadedUtc = Seconds(DateTime.UtcNow),
            Loaded = true,
            LoadTime = watch.Elapsed,
        };
        await WriteMetaAsync(database, state, content, options, cancellationToken);
        log.LogInformation(
            "Loaded {Customers} customers, {Orders} orders, {Lines} order lines, {Carts} cart items, {Reviews} reviews in {Seconds:0.0} s (generated in {Generated:0.0} s).",
            content.Customers.Count, content.Orders.Count, content.OrderLines.Count, content.CartItems.Count, content.ProductReviews.Count,
            watch.Elapsed.TotalSeconds, generated.TotalSeconds);
        if (loyalty != null)
            log.LogInformation(
                "Loyalty history replayed through the program: {Events} events, {Entries} ledger entries, {Holders} tier holders, {Changes} tier changes in {Seconds:0.0} s.",
                loyalty.Events, loyalty.LedgerEntries, loyalty.TierHolders, loyalty.TierChanges, loyalty.Elapsed.TotalSeconds);
        if (workflows != null)
            log.LogInformation(
                "Workflow history of the last {Days} days: {Enrollments} enrollments, {Sends} emails, {Events} events ({Conversions} conversions), {Answers} survey answers in {Seconds:0.0} s.",
                DemoWorkflowHistory.HistoryDays, workflows.Enrollments, workflows.Sends, workflows.Events, workflows.Conversions, workflows.Answers, workflows.Elapsed.TotalSeconds);
        if (stamps != null)
            log.LogInformation("Stamp cards of the last {Days} days ({Customers} regulars): {Orders} orders, {Stamps} stamps, {Filled} cards filled in {Seconds:0.0} s.",
                DemoStamps.HistoryDays, DemoStamps.Customers, stamps.Orders, stamps.Stamps, stamps.CardsFilled, stamps.Elapsed.TotalSeconds);
        if (challenges != null)
            log.LogInformation("Challenges counted for {Customers} recent buyers: {Completions} completions, {Badges} badges, {OptIns} leaderboard opt-ins in {Seconds:0.0} s.",
                challenges.Customers, challenges.Completions, challenges.Badges, challenges.OptIns, challenges.Elapsed.TotalSeconds);
        return state;
    }

    /// <summary>What the database holds when it is complete and of this version, else null (nothing is changed).</summary>
    public static async Task<SandboxState?> TryReuseAsync(SandboxDatabase database, CancellationToken cancellationToken = default)
    {
        var meta = await ReadMetaAsync(database, cancellationToken);
        return meta != null && meta.GetValueOrDefault("schema_version") == SandboxDbContext.SchemaVersion.ToString(CultureInfo.InvariantCulture)
            ? FromMeta(database, meta)
            : null;
    }

    public static SandboxDatabase Open(SandboxOptions options)
    {
        if (options.PostgresConnectionString != null)
            return SandboxDatabase.PostgreSql(options.PostgresConnectionString);
        Directory.CreateDirectory(options.DataDirectory);
        return SandboxDatabase.Sqlite(options.SqlitePath);
    }

    private static string? RebuildReason(SandboxOptions options, bool importing, Dictionary<string, string>? meta)
    {
        if (importing)
            return "loading " + options.OrdersCsv;
        if (options.Reset)
            return "--reset";
        if (meta == null)
            return "first start";
        var source = meta.GetValueOrDefault("source");
        if (meta.GetValueOrDefault("schema_version") != SandboxDbContext.SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            if (source != DemoSource)
                throw new SandboxSetupException(
                    "The sandbox database holds imported orders in an older layout. Load them again with --orders FILE.csv, or start over with --reset.");
            return "the database was made by an older sandbox version";
        }
        if (source != DemoSource)
            return null;
        string seed = options.Seed.ToString(CultureInfo.InvariantCulture), customers = options.Customers.ToString(CultureInfo.InvariantCulture);
        if (meta.GetValueOrDefault("seed") != seed || meta.GetValueOrDefault("customers") != customers)
            return $"it was made with --seed {meta.GetValueOrDefault("seed")} --customers {meta.GetValueOrDefault("customers")} and this start asks for --seed {seed} --customers {customers}";
        if (options.AsOfUtc is { } asOf && meta.GetValueOrDefault("as_of") != Iso(asOf))
            return $"it was made with --as-of {meta.GetValueOrDefault("as_of")} and this start asks for --as-of {Iso(asOf)}";
        return null;
    }

    /// <summary>The meta rows, or null when the database, its tables or its meta are missing (never finished).</summary>
    private static async Task<Dictionary<string, string>?> ReadMetaAsync(SandboxDatabase database, CancellationToken cancellationToken)
    {
        if (database.SqliteFile is { } file && !File.Exists(file))
            return null;
        try
        {
            await using var db = database.CreateContext();
            var rows = await db.Meta.AsNoTracking().ToDictionaryAsync(m => m.Name, m => m.Value, cancellationToken);
            return rows.ContainsKey("source") ? rows : null;
        }
        catch (DbException)
        {
            return null;
        }
    }

    private static SandboxState FromMeta(SandboxDatabase database, Dictionary<string, string> meta) => new()
    {
        Database = database,
        Source = meta["source"],
        SourceFile = meta.GetValueOrDefault("source_file"),
        Seed = meta.TryGetValue("seed", out var seed) ? int.Parse(seed, CultureInfo.InvariantCulture) : null,
        AsOfUtc = ParseIso(meta["as_of"]),
        LoadedUtc = ParseIso(meta["loaded_utc"]),
        Loaded = false,
    };

    private static async Task WriteMetaAsync(SandboxDatabase database, SandboxState state, StoreContent content, SandboxOptions options, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string?>
        {
            ["schema_version"] = SandboxDbContext.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            ["source"] = state.Source,
            ["source_file"] = state.SourceFile,
            ["seed"] = state.Seed?.ToString(CultureInfo.InvariantCulture),
            ["customers"] = state.Source == DemoSource ? options.Customers.ToString(CultureInfo.InvariantCulture) : content.Customers.Count.ToString(CultureInfo.InvariantCulture),
            ["as_of"] = Iso(state.AsOfUtc),
            ["loaded_utc"] = Iso(state.LoadedUtc),
            ["load_seconds"] = state.LoadTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
        };
        await using var db = database.CreateContext();
        db.Meta.AddRange(values.Where(v => v.Value != null).Select(v => new SandboxMetaRow { Name = v.Key, Value = v.Value! }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTime ParseIso(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
