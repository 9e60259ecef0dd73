using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Retention.Core.Analytics;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

// Issue 5's benchmark. Generates a store of N customers with about 5 orders each in PostgreSQL (binary COPY), then
// times: (1) the full metrics recompute in the database (Core's LINQ as SQL + the window-function median),
// (2) a straightforward in-memory baseline (every order loaded, the same figures by LINQ-to-objects), and
// (3) the BG/NBD + Gamma-Gamma fit on every customer's (x, t_x, T, z̄). Usage:
//   MetricsBench --pg "Host=…;Database=…" [--customers 1000000] [--seed 5]
var options = Args(args);
if (options.GetValueOrDefault("--demo") is { } demoDirectory)
    return await DemoAsync(demoDirectory);
var connectionString = options.GetValueOrDefault("--pg") ?? throw new ArgumentException("--pg \"Host=…\" is required");
var customers = int.Parse(options.GetValueOrDefault("--customers") ?? "1000000", CultureInfo.InvariantCulture);
var seed = int.Parse(options.GetValueOrDefault("--seed") ?? "5", CultureInfo.InvariantCulture);
var asOf = new DateOnly(2026, 1, 1);
// "all" (default): metrics, baseline and fits, then the dashboard; "dashboard": the whole snapshot build only.
var mode = options.GetValueOrDefault("--mode") ?? "all";
// --reuse yes: the data is already there (a second program, e.g. the base commit's, timed on the same store).
var reuse = options.ContainsKey("--reuse");
var label = options.GetValueOrDefault("--label") ?? "this build";

var database = SandboxDatabase.PostgreSql(connectionString);
var clock = Stopwatch.StartNew();
long orders;
if (reuse)
{
    await using var count = new NpgsqlConnection(connectionString);
    await count.OpenAsync();
    await using var command = new NpgsqlCommand("""SELECT COUNT(*) FROM "Orders" """, count);
    orders = (long)(await command.ExecuteScalarAsync())!;
}
else
{
    await database.EnsureCreatedAsync();
    orders = await GenerateAsync(connectionString, customers, seed, asOf);
    Console.WriteLine($"generated {customers:N0} customers, {orders:N0} orders (COPY, indexes, ANALYZE) in {clock.Elapsed.TotalSeconds:0.0} s");
}
if (mode == "dashboard")
    return await DashboardAsync(database, asOf, label, orders);
if (mode == "incremental")
    return await IncrementalAsync(database, asOf, label, (options.GetValueOrDefault("--changed") ?? "1000,10000").Split(',').Select(int.Parse).ToArray());

var request = new StoreMetricsRequest(asOf);

// (1) Full recompute in the database.
clock.Restart();
StoreMetrics inDatabase;
await using (var db = database.CreateContext())
{
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
    inDatabase = await new StoreMetricsCalculator(new EfStoreData(db), new EfQueryRunner(), new EfPurchaseGapQuery(db)).CalculateAsync(request);
}
var recompute = clock.Elapsed;
Console.WriteLine($"full recompute in PostgreSQL: {recompute.TotalSeconds:0.0} s (customers {inDatabase.Customers:N0}, orders {inDatabase.Orders:N0}, tbp median {inDatabase.TbpMedianDays:0.00} d)");

// (2) Baseline: load every order, compute in memory.
clock.Restart();
List<OrderFact> all;
await using (var db = database.CreateContext())
{
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
    all = await db.Orders.AsNoTracking()
        .Select(o => new OrderFact { Id = o.Id, CustomerId = o.CustomerId, CreatedOnUtc = o.CreatedOnUtc, OrderTotal = o.OrderTotal, OrderStatusId = o.OrderStatusId, StoreId = o.StoreId })
        .ToListAsync();
}
var loaded = clock.Elapsed;
var memory = new ListStore(all);
var inMemory = await new StoreMetricsCalculator(memory, new ListRunner(), new InMemoryPurchaseGapQuery(all)).CalculateAsync(request);
var baseline = clock.Elapsed;
Console.WriteLine($"in-memory LINQ baseline: {baseline.TotalSeconds:0.0} s ({loaded.TotalSeconds:0.0} s loading {all.Count:N0} orders)");
var agree = inMemory.Customers == inDatabase.Customers && inMemory.Orders == inDatabase.Orders && inMemory.Revenue == inDatabase.Revenue
            && inMemory.Crr == inDatabase.Crr && Math.Abs((inMemory.TbpMedianDays ?? 0) - (inDatabase.TbpMedianDays ?? 0)) < 1e-6;
Console.WriteLine($"figures agree: {agree}; baseline / database = {baseline.TotalSeconds / recompute.TotalSeconds:0.00}");

// (3) The models on every customer: summaries (days) from the loaded orders, then the two fits.
var calibrationEnd = asOf.AddDays(-1);
var summaries = Summaries(all, calibrationEnd);
all = null!;
clock.Restart();
var purchases = BgNbdModel.Fit(summaries);
var bgnbd = clock.Elapsed;
clock.Restart();
var spend = GammaGammaModel.Fit(summaries);
var gammaGamma = clock.Elapsed;
Console.WriteLine($"BG/NBD fit on {summaries.Count:N0} customers: {bgnbd.TotalSeconds:0.0} s ({purchases})");
Console.WriteLine($"Gamma-Gamma fit: {gammaGamma.TotalSeconds:0.0} s (p = {spend.P:0.###}, q = {spend.Q:0.###}, v = {spend.V:0.###})");
Console.WriteLine();
Console.WriteLine("| measurement | seconds |");
Console.WriteLine("|---|---:|");
Console.WriteLine(FormattableString.Invariant($"| data: {customers:N0} customers, {orders:N0} orders | |"));
Console.WriteLine(FormattableString.Invariant($"| full metrics recompute in PostgreSQL | {recompute.TotalSeconds:0.0} |"));
Console.WriteLine(FormattableString.Invariant($"| in-memory LINQ baseline (load every order + compute) | {baseline.TotalSeconds:0.0} |"));
Console.WriteLine(FormattableString.Invariant($"| ratio baseline / database | {baseline.TotalSeconds / recompute.TotalSeconds:0.00} |"));
Console.WriteLine(FormattableString.Invariant($"| BG/NBD fit, {summaries.Count:N0} customers | {bgnbd.TotalSeconds:0.0} |"));
Console.WriteLine(FormattableString.Invariant($"| Gamma-Gamma fit | {gammaGamma.TotalSeconds:0.0} |"));
if (!agree)
    return 1;
return await DashboardAsync(database, asOf, label, orders);

// The nightly task's whole snapshot build (the plugin's request: periods 30, 7 and 90, six trend points, a point value)
// for each of the two stores, with every phase's wall time summed over the build. The snapshot's JSON without its
// computedOnUtc is hashed so two programs (the base commit's and this one) can be compared for identical figures.
static async Task<int> DashboardAsync(SandboxDatabase database, DateOnly asOf, string label, long orders)
{
    var total = TimeSpan.Zero;
    foreach (var store in new[] { 1, 2 })
    {
        var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        DashboardSnapshot snapshot;
        await using (var db = database.CreateContext())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            var builder = new DashboardBuilder(new EfStoreData(db), new EfQueryRunner(), SandboxLoyaltyStores.Ledger(database), new FixedClock(asOf),
                new EfPurchaseGapQuery(db), new EfWorkflowData(db));
            // By reflection: the base commit's builder may have no phase hook; it is then timed as a whole.
            Action<string, TimeSpan> onPhase = (name, time) => phases[name] = phases.GetValueOrDefault(name) + time;
            typeof(DashboardBuilder).GetProperty("OnPhase")?.SetValue(builder, onPhase);
            snapshot = await builder.BuildAsync(new DashboardRequest(new StoreId(store), asOf) { CurrencyPerPoint = 0.01m });
        }
        var elapsed = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        total += elapsed;
        var json = snapshot.ToJson();
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            System.Text.RegularExpressions.Regex.Replace(json, "\"computedOnUtc\":\"[^\"]*\"", ""))))[..16];
        Console.WriteLine(FormattableString.Invariant(
            $"[{label}] dashboard store {store}: {elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU in this process (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}), snapshot sha256 {hash} (customers {snapshot.Prediction.Customers:N0})"));
        foreach (var (name, time) in phases.OrderByDescending(p => p.Value))
            Console.WriteLine(FormattableString.Invariant($"[{label}]   {name,-20} {time.TotalSeconds,8:0.00} s"));
        if (Environment.GetEnvironmentVariable("BENCH_SNAPSHOT_DIR") is { Length: > 0 } dir)
            await File.WriteAllTextAsync(Path.Combine(dir, $"{label.Replace(' ', '-')}-store{store}.json"), json);
    }
    Console.WriteLine(FormattableString.Invariant($"[{label}] dashboard, both stores ({orders:N0} order rows): {total.TotalSeconds:0.00} s"));
    return 0;
}

// Issue 16's daily refresh (docs/decisions.md §19): store 1's full build through the refresher (the state kept), then for
// each N: a day passes and N customers of the store get a new order on that day (inserted, and listed in the
// changed-customers feed as the store-events door lists them); timed: the incremental refresh at the new day, then a
// full build (models refitted) at the same day, and the refresh is checked against a full build with the fit pinned.
static async Task<int> IncrementalAsync(SandboxDatabase database, DateOnly asOf, string label, int[] changedCounts)
{
    static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
    static string Stripped(DashboardSnapshot s) => System.Text.RegularExpressions.Regex.Replace(s.ToJson(), "\"computedOnUtc\":\"[^\"]*\"", "");
    var store = new StoreId(1);
    var refresher = new DashboardRefresher(new FixedClock(asOf));
    var feed = SandboxStores.ChangedCustomers(database, new FixedClock(asOf));
    async Task<(T Result, TimeSpan Wall, TimeSpan Cpu, Dictionary<string, TimeSpan> Phases)> Timed<T>(Func<DashboardBuilder, Task<T>> run, DateOnly day)
    {
        var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        await using var db = database.CreateContext();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var builder = new DashboardBuilder(new EfStoreData(db), new EfQueryRunner(), SandboxLoyaltyStores.Ledger(database), new FixedClock(day),
            new EfPurchaseGapQuery(db), new EfWorkflowData(db)) { OnPhase = (name, time) => phases[name] = phases.GetValueOrDefault(name) + time };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await run(builder);
        return (result, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, phases);
    }
    string Phases(Dictionary<string, TimeSpan> phases) => string.Join(", ", phases.OrderByDescending(p => p.Value).Take(6)
        .Select(p => FormattableString.Invariant($"{p.Key} {p.Value.TotalSeconds:0.00}")));
    DashboardRequest At(DateOnly day) => new(store, day) { CurrencyPerPoint = 0.01m };

    var first = await Timed(b => refresher.FullAsync(b, feed, At(asOf)), asOf);
    Console.WriteLine(FormattableString.Invariant(
        $"[{label}] full build with state, store 1 at {asOf:yyyy-MM-dd}: {first.Wall.TotalSeconds:0.00} s wall, {first.Cpu.TotalSeconds:0.00} s CPU (load {Load()}), {refresher.StateOf(store)!.OrderCount:N0} counted orders kept; {Phases(first.Phases)}"));
    var random = new Random(16);
    var day = asOf;
    foreach (var n in changedCounts)
    {
        day = day.AddDays(1);
        await using (var db = database.CreateContext())
        {
            var customers = await db.Orders.Where(o => o.StoreId == 1).Select(o => o.CustomerId).Distinct().OrderBy(c => c).ToListAsync();
            var nextId = await db.Orders.MaxAsync(o => o.Id);
            var chosen = customers.OrderBy(_ => random.Next()).Take(n).ToList();
            var at = day.AddDays(-1).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
            db.Orders.AddRange(chosen.Select(c => new OrderFact
            {
                Id = ++nextId, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = c, CreatedOnUtc = at, PaidDateUtc = at, OrderStatusId = 30, PaymentStatusId = 30,
                OrderTotal = 25m + random.Next(0, 100),
            }));
            db.ChangedCustomers.AddRange(chosen.Select(c => new Retention.Core.Tables.ChangedCustomerRow
            {
                ChangeKey = Guid.NewGuid().ToString("N"), StoreId = 1, CustomerId = c, ChangedUtc = at,
            }));
            await db.SaveChangesAsync();
        }
        var refreshed = await Timed(b => refresher.RefreshAsync(b, feed, At(day)), day);
        var kept = refresher.StateOf(store)!;
        Console.WriteLine(FormattableString.Invariant(
            $"[{label}] incremental refresh, {n:N0} changed customers, {day:yyyy-MM-dd}: {refreshed.Wall.TotalSeconds:0.00} s wall, {refreshed.Cpu.TotalSeconds:0.00} s CPU (load {Load()}), incremental {refreshed.Result.Incremental}; {Phases(refreshed.Phases)}"));
        var full = await Timed(b => b.BuildAsync(At(day)), day);
        Console.WriteLine(FormattableString.Invariant(
            $"[{label}] full build (refit), same day:            {full.Wall.TotalSeconds:0.00} s wall, {full.Cpu.TotalSeconds:0.00} s CPU (load {Load()}); ratio full / incremental {full.Wall / refreshed.Wall:0.0}; {Phases(full.Phases)}"));
        var pinned = await Timed(b => { b.PinnedFit = kept.Fit; return b.BuildAsync(At(day)); }, day);
        Console.WriteLine($"[{label}]   refresh vs full build with the fit pinned: {(Stripped(refreshed.Result.Snapshot) == Stripped(pinned.Result) ? "IDENTICAL JSON" : "DIFFERENT JSON")}");
    }
    return 0;
}

// Issue 16's first view: the sandbox's own snapshot request (four trend points, periods 30 and 90) on the 20,000-customer
// demo in SQLite (built into the folder on first use, as the sandbox's first start builds it), timed in one process:
// the per-point queries (UseQueries, the build before issue 16) and the one-pass build, alternating, twice each.
static async Task<int> DemoAsync(string directory)
{
    var options = new Retention.Sandbox.SandboxOptions { DataDirectory = directory };
    var state = await SandboxSetup.PrepareAsync(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    var store = new StoreId(1);
    var asOf = DateOnly.FromDateTime(state.AsOfUtc);
    var settings = await new EfOptionsStore(state.Database).LoadAsync(store);
    var pointValue = (await new EfLoyaltySettingsStore(state.Database).LoadAsync(store)).CurrencyPerPoint;
    var request = new DashboardRequest(store, asOf)
    {
        ActiveWindowDays = settings.ActiveWindowDays, DefaultPeriodDays = settings.MetricsPeriodDays, CurrencyPerPoint = pointValue,
        TrendPoints = 4, OtherPeriodDays = new[] { 90 },
    };
    var json = new Dictionary<bool, string>();
    foreach (var useQueries in new[] { true, false, true, false })
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var db = state.Database.CreateContext();
        var builder = new DashboardBuilder(new EfStoreData(db), new EfQueryRunner(), SandboxLoyaltyStores.Ledger(state.Database), new FixedClock(asOf),
            new EfPurchaseGapQuery(db), new EfWorkflowData(db));
        var property = typeof(DashboardBuilder).GetProperty("UseQueries");
        if (property is null && !useQueries)
            continue;
        property?.SetValue(builder, useQueries);
        var snapshot = await builder.BuildAsync(request);
        json[useQueries] = snapshot.ToJson();
        Console.WriteLine(FormattableString.Invariant(
            $"demo dashboard ({(useQueries ? "per-point queries" : "one pass")}): {clock.Elapsed.TotalSeconds:0.00} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}), {snapshot.Prediction.Customers:N0} customers"));
    }
    if (Environment.GetEnvironmentVariable("BENCH_SNAPSHOT_DIR") is { Length: > 0 } dir)
        foreach (var (useQueries, text) in json)
            await File.WriteAllTextAsync(Path.Combine(dir, useQueries ? "demo-queries.json" : "demo-onepass.json"), text);
    return 0;
}

static Dictionary<string, string> Args(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
        result[args[i]] = args[i + 1];
    return result;
}

// Customers arrive evenly over three years; each buys at a personal rate (gamma across customers) and drops out
// after a purchase with a personal probability (beta across customers): BG/NBD's own story, so the fit has a
// well-defined answer. About 5 orders per customer; 3 % cancelled; two stores.
static async Task<long> GenerateAsync(string connectionString, int customers, int seed, DateOnly asOf)
{
    var random = new Random(seed);
    var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(30);
    var start = end.AddDays(-3 * 365);
    long id = 0;
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var drop = new NpgsqlCommand("""TRUNCATE "Orders"; ALTER TABLE "Orders" SET (autovacuum_enabled = false)""", connection))
        await drop.ExecuteNonQueryAsync();
    await using (var writer = await connection.BeginBinaryImportAsync(
        """COPY "Orders" ("Id", "OrderGuid", "StoreId", "CustomerId", "CreatedOnUtc", "PaidDateUtc", "OrderStatusId", "PaymentStatusId", "OrderSubtotalExclTax", "OrderSubTotalDiscountExclTax", "OrderShippingExclTax", "OrderTax", "OrderDiscount", "OrderTotal", "RefundedAmount") FROM STDIN (FORMAT BINARY)"""))
    {
        for (var customer = 1; customer <= customers; customer++)
        {
            var at = start.AddSeconds(random.NextDouble() * (end - start).TotalSeconds);
            var rate = Gamma(random, 1.6) / 40;            // purchases per day while active, mean ~ 1 per 25 days
            var dropOut = Beta(random, 1.2, 5.0);          // mean 0.19 per purchase
            var store = 1 + random.Next(0, 2);
            while (at < end)
            {
                var status = random.NextDouble() < 0.03 ? 40 : 30;
                var total = Math.Round((decimal)(20 + Gamma(random, 2) * 30), 2);
                await writer.StartRowAsync();
                await writer.WriteAsync((int)++id, NpgsqlDbType.Integer);
                await writer.WriteAsync(Guid.Empty, NpgsqlDbType.Uuid);
                await writer.WriteAsync(store, NpgsqlDbType.Integer);
                await writer.WriteAsync(customer, NpgsqlDbType.Integer);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteNullAsync();
                await writer.WriteAsync(status, NpgsqlDbType.Integer);
                await writer.WriteAsync(30, NpgsqlDbType.Integer);
                for (var k = 0; k < 5; k++)
                    await writer.WriteAsync(0m, NpgsqlDbType.Numeric);
                await writer.WriteAsync(total, NpgsqlDbType.Numeric);
                await writer.WriteAsync(0m, NpgsqlDbType.Numeric);
                if (random.NextDouble() < dropOut)
                    break;
                at = at.AddSeconds(-Math.Log(1 - random.NextDouble()) / rate * 86_400);
            }
        }
        await writer.CompleteAsync();
    }
    foreach (var sql in new[] { """CREATE INDEX IF NOT EXISTS "IX_Orders_CustomerId_CreatedOnUtc" ON "Orders" ("CustomerId", "CreatedOnUtc")""", """VACUUM ANALYZE "Orders" """ })
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
    return id;
}

static double Gamma(Random random, double shape)
{
    // Marsaglia & Tsang; shape < 1 boosted by U^(1/shape).
    if (shape < 1)
        return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
    var d = shape - 1.0 / 3;
    var c = 1 / Math.Sqrt(9 * d);
    while (true)
    {
        double x, v;
        do
        {
            x = Normal(random);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        var u = random.NextDouble();
        if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            return d * v;
    }
}

static double Beta(Random random, double a, double b)
{
    var x = Gamma(random, a);
    return x / (x + Gamma(random, b));
}

static double Normal(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

static List<CustomerSummary> Summaries(List<OrderFact> orders, DateOnly calibrationEnd)
{
    var result = new List<CustomerSummary>();
    foreach (var customer in orders.Where(o => o.OrderStatusId != (int)OrderState.Cancelled).GroupBy(o => o.CustomerId))
        if (CustomerSummaryBuilder.Build(customer.Select(o => new Purchase(o.CreatedOnUtc, o.OrderTotal)), calibrationEnd, TimeUnit.Day) is { } summary)
            result.Add(summary);
    return result;
}

sealed class ListStore(List<OrderFact> orders) : IStoreData
{
    public IQueryable<OrderFact> Orders => orders.AsQueryable();
    public IQueryable<OrderLineFact> OrderLines => Enumerable.Empty<OrderLineFact>().AsQueryable();
    public IQueryable<CustomerFact> Customers => Enumerable.Empty<CustomerFact>().AsQueryable();
    public IQueryable<CartItemFact> CartItems => Enumerable.Empty<CartItemFact>().AsQueryable();
    public IQueryable<ProductReviewFact> ProductReviews => Enumerable.Empty<ProductReviewFact>().AsQueryable();
}

sealed class FixedClock(DateOnly day) : IClock
{
    public DateTime UtcNow { get; } = day.ToDateTime(new TimeOnly(3, 0), DateTimeKind.Utc);
}

sealed class ListRunner : IQueryRunner
{
    public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => Task.FromResult(query.ToList());

    public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => Task.FromResult(query.Count());
}
