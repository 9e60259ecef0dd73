using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;

// The workflow benchmark (issue 4). Fills PostgreSQL (binary COPY) with N customers (60 % with marketing consent), about
// N cart lines and N enrollments of which D are due now, then prints:
//   (1) EXPLAIN (ANALYZE, BUFFERS) of the due-step query and its time; the in-memory LINQ baseline (every enrollment loaded);
//   (2) EXPLAIN (ANALYZE, BUFFERS) of the abandoned-cart scan exactly as Core's LINQ made it (captured from EF), its time,
//       and the in-memory baseline (every cart line and customer loaded);
//   (3) WorkflowRun.RunAsync until the D due steps are done, wired as the sandbox wires it: batch reads, and each
//       batch's moves, events and emails committed by Core's WorkflowStepWriter in one transaction; round trips counted from Npgsql.
// Usage: WorkflowBench --pg "Host=…;Database=…" [--customers 1000000] [--cart-lines 1000000] [--enrollments 1000000] [--due 10000] [--seed 4]
var options = Args(args);
var connectionString = options.GetValueOrDefault("--pg") ?? throw new ArgumentException("--pg \"Host=…\" is required");
var customers = Int("--customers", 1_000_000);
var cartLines = Int("--cart-lines", 1_000_000);
var enrollments = Int("--enrollments", 1_000_000);
var dueCount = Int("--due", 10_000);
var seed = Int("--seed", 4);
var now = new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
var store = new StoreId(1);

var database = SandboxDatabase.PostgreSql(connectionString);
await database.DeleteAsync();
await database.EnsureCreatedAsync();
var watch = Stopwatch.StartNew();
var made = await Generate.RunAsync(connectionString, customers, cartLines, enrollments, dueCount, seed, now);
Console.WriteLine($"generated {made} in {watch.Elapsed.TotalSeconds:0.0} s (COPY, then VACUUM ANALYZE)");
await new EfOptionsStore(database).SaveAsync(store, new RetentionOptions { QuietHoursStart = 0, QuietHoursEnd = 0, MarketingEmailsPerWeek = 50 });

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (other jobs share it: wall times below stretch with it; client CPU times do not)");
var capture = new CommandCapture();
var captureOptions = new DbContextOptionsBuilder<SandboxDbContext>().UseNpgsql(connectionString).AddInterceptors(capture).Options;
var rows = new List<(string Measurement, string Value)>();

// (1) The due-step query.
Console.WriteLine();
Console.WriteLine("== due-step query (EnrollmentStore.DueAsync, 5,000 at a time) ==");
await using (var db = new SandboxDbContext(captureOptions))
    await EnrollmentStore.Due(db.Enrollments.AsNoTracking(), now, WorkflowRun.MaxBatchSize).ToListAsync();
await ExplainAsync(connectionString, capture.Last(c => c.Text.Contains("\"Enrollments\"", StringComparison.Ordinal)));
var enrollmentStore = SandboxStores.Enrollments(database);
var dueTime = await MedianAsync(5, () => enrollmentStore.DueAsync(now, WorkflowRun.MaxBatchSize));
Console.WriteLine($"find {WorkflowRun.MaxBatchSize:N0} due of {enrollments:N0}: median {dueTime.TotalMilliseconds:0.0} ms");
watch.Restart();
List<EnrollmentRow> all;
await using (var db = database.CreateContext())
    all = await db.Enrollments.AsNoTracking().ToListAsync();
var dueInMemory = all.Where(r => r.StateId == (int)EnrollmentState.Active && r.NextDueUtc <= now).OrderBy(r => r.NextDueUtc).ThenBy(r => r.Id)
    .Take(WorkflowRun.MaxBatchSize).ToList();
var dueBaseline = watch.Elapsed;
all = null!;
Console.WriteLine($"in-memory LINQ baseline (load every enrollment, then filter): {dueBaseline.TotalMilliseconds:0} ms ({dueInMemory.Count:N0} due); ratio {dueBaseline / dueTime:0}");
rows.Add(("data", made));
rows.Add(("find 5,000 due steps among all enrollments (median of 5)", $"{dueTime.TotalMilliseconds:0.0} ms"));
rows.Add(("same in memory (load every enrollment + LINQ), ratio", $"{dueBaseline.TotalMilliseconds:0} ms, ×{dueBaseline / dueTime:0}"));

// (2) The abandoned-cart scan, as Core's LINQ becomes SQL: captured during the first run below, explained after it.
// (3) The run: RunAsync until the due steps are done.
Console.WriteLine();
Console.WriteLine($"== WorkflowRun.RunAsync over {dueCount:N0} due steps ==");
var clock = new SandboxClock(now, now, () => now);
var reports = new List<WorkflowRunReport>();
using var compilations = new CompilationCounter();
compilations.CountNpgsqlCommands();
// Exceptions thrown (and caught) on the run's path: a unique violation used as "already there" costs a throw per row.
var exceptions = 0;
AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
watch.Restart();
await using (var db = new SandboxDbContext(captureOptions))
{
    var workflows = WorkflowParts.Compose(SandboxWorkflows.Services(database, db, clock, SandboxLocks.For(database, clock),
        new LinkSigner(LinkSigner.NewSecret()), new SandboxWorkflowContent(database, () => "http://127.0.0.1:5089")));
    for (var run = 0; run < 10 && (await enrollmentStore.DueAsync(now, 1)).Count > 0; run++)
    {
        var lap = Stopwatch.StartNew();
        var report = await workflows.Run.RunAsync(WorkflowRun.MaxBatchSize);
        reports.Add(report);
        Console.WriteLine($"run {run + 1}: {lap.Elapsed.TotalSeconds:0.0} s — {report}");
    }
}
var runTime = watch.Elapsed;
var runCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var handled = reports.Sum(r => r.Sent + r.Withheld + r.Skipped + r.Deferred + r.Exited);
var roundTrips = (double)compilations.NpgsqlCommands / Math.Max(1, handled);
Console.WriteLine($"EF query compilations during the run: {compilations.Count:N0}; EF commands: {compilations.Commands:N0}; " +
                  $"Npgsql commands (round trips, the step writer's included): {compilations.NpgsqlCommands:N0}, {roundTrips:0.00} per step; " +
                  $"exceptions thrown: {Volatile.Read(ref exceptions):N0}");
int outbox;
await using (var db = database.CreateContext())
    outbox = await db.Outbox.CountAsync();
Console.WriteLine($"{handled:N0} due steps handled in {runTime.TotalSeconds:0.0} s ({runTime.TotalMilliseconds / Math.Max(1, handled):0.00} ms each): " +
                  $"{reports.Sum(r => r.Sent):N0} emails in the outbox ({outbox:N0} rows), {reports.Sum(r => r.Withheld):N0} withheld (control), " +
                  $"{reports.Sum(r => r.Skipped):N0} skipped, {reports.Sum(r => r.Enrolled):N0} enrolled by the scan; client CPU {runCpu.TotalSeconds:0.0} s, load average now {LoadAverage()}");
rows.Add(($"RunAsync over the due steps ({reports.Count} runs of ≤ 5,000)", $"{runTime.TotalSeconds:0.0} s wall for {handled:N0} steps ({runTime.TotalMilliseconds / Math.Max(1, handled):0.00} ms each), client CPU {runCpu.TotalSeconds:0.0} s, {roundTrips:0.00} round trips per step"));

Console.WriteLine();
Console.WriteLine("== abandoned-cart scan (Core's query, captured from the run) ==");
var scan = capture.First(c => c.Text.Contains("\"CartItems\"", StringComparison.Ordinal) && c.Text.Contains("GROUP BY", StringComparison.Ordinal));
await ExplainAsync(connectionString, scan);
var scanTime = await MedianAsync(5, () => ExecuteAsync(connectionString, scan));
Console.WriteLine($"scan page: median {scanTime.TotalMilliseconds:0.0} ms");
watch.Restart();
int candidates;
await using (var db = database.CreateContext())
{
    var lines = await db.CartItems.AsNoTracking().Select(c => new { c.StoreId, c.CustomerId, c.UpdatedOnUtc }).ToListAsync();
    var withEmail = (await db.Customers.AsNoTracking().Where(c => c.Email != null && c.Email != "" && !c.Deleted).Select(c => c.Id).ToListAsync()).ToHashSet();
    var idleUntil = now.AddMinutes(-60);
    candidates = lines.Where(l => l.StoreId == store.Value && l.UpdatedOnUtc >= idleUntil.AddDays(-3) && withEmail.Contains(l.CustomerId))
        .GroupBy(l => l.CustomerId).Count(g => g.Max(l => l.UpdatedOnUtc) <= idleUntil);
}
var scanBaseline = watch.Elapsed;
Console.WriteLine($"in-memory LINQ baseline (load every cart line and customer, then group): {scanBaseline.TotalMilliseconds:0} ms ({candidates:N0} idle carts); ratio {scanBaseline / scanTime:0}");
rows.Add(("abandoned-cart scan page (Core's SQL, median of 5)", $"{scanTime.TotalMilliseconds:0.0} ms"));
rows.Add(("same in memory (load every cart line and customer + LINQ), ratio", $"{scanBaseline.TotalMilliseconds:0} ms, ×{scanBaseline / scanTime:0}"));

Console.WriteLine();
Console.WriteLine("| measurement | result |");
Console.WriteLine("|---|---:|");
foreach (var (measurement, value) in rows)
    Console.WriteLine($"| {measurement} | {value} |");
return 0;

int Int(string name, int fallback) => options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static Dictionary<string, string> Args(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
        result[args[i]] = args[i + 1];
    return result;
}

static async Task<TimeSpan> MedianAsync(int times, Func<Task> action)
{
    await action(); // warm: plan cache, buffers
    var laps = new List<TimeSpan>();
    for (var i = 0; i < times; i++)
    {
        var watch = Stopwatch.StartNew();
        await action();
        laps.Add(watch.Elapsed);
    }
    return laps.Order().ElementAt(times / 2);
}

static async Task ExplainAsync(string connectionString, CapturedCommand command)
{
    Console.WriteLine(command.Text.Trim());
    Console.WriteLine("-- parameters: " + string.Join(", ", command.Parameters.Select(p => $"{p.ParameterName} = {Show(p.Value)}")));
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + command.Text, connection);
    foreach (var p in command.Parameters)
        explain.Parameters.Add(p.Clone());
    await using var reader = await explain.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        Console.WriteLine("    " + reader.GetString(0));
}

static async Task ExecuteAsync(string connectionString, CapturedCommand command)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var run = new NpgsqlCommand(command.Text, connection);
    foreach (var p in command.Parameters)
        run.Parameters.Add(p.Clone());
    await using var reader = await run.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
    }
}

static string Show(object? value) => value switch
{
    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
    System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object>().Take(5)) + (list.Cast<object>().Count() > 5 ? ",…" : "") + "]",
    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
};

/// <summary>Counts EF's query compilations and executed commands in this process (EF's diagnostic events), to tell a cache miss from plain work.</summary>
sealed class CompilationCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = new();
    private int _count;
    private int _commands;

    public CompilationCounter() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public int Count => Volatile.Read(ref _count);

    public int Commands => Volatile.Read(ref _commands);

    /// <summary>
    /// Commands Npgsql sent, each one round trip: EF's and the step writer's raw ones alike (EF's count misses the latter).
    /// Npgsql sends BEGIN with the next command; COMMIT and a pooled connection's reset are not counted.
    /// </summary>
    public int NpgsqlCommands => Volatile.Read(ref _npgsqlCommands);

    private int _npgsqlCommands;
    private ActivityListener? _npgsql;

    /// <summary>Starts counting Npgsql's command activities.</summary>
    public void CountNpgsqlCommands()
    {
        _npgsql = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Interlocked.Increment(ref _npgsqlCommands),
        };
        ActivitySource.AddActivityListener(_npgsql);
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_listeners)
                _listeners.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == CoreEventId.QueryCompilationStarting.Name)
            Interlocked.Increment(ref _count);
        else if (value.Key == RelationalEventId.CommandExecuted.Name)
            Interlocked.Increment(ref _commands);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _npgsql?.Dispose();
        lock (_listeners)
            _listeners.ForEach(l => l.Dispose());
    }
}

/// <summary>A command EF sent, with copies of its parameters, to be explained afterwards.</summary>
sealed record CapturedCommand(string Text, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>Records every query EF runs on the contexts it is added to.</summary>
sealed class CommandCapture : DbCommandInterceptor
{
    private readonly List<CapturedCommand> _commands = new();

    public CapturedCommand First(Func<CapturedCommand, bool> match)
    {
        lock (_commands)
            return _commands.First(match);
    }

    public CapturedCommand Last(Func<CapturedCommand, bool> match)
    {
        lock (_commands)
            return _commands.Last(match);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        var copy = new CapturedCommand(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList());
        lock (_commands)
            _commands.Add(copy);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>The benchmark's data, written with binary COPY.</summary>
static class Generate
{
    public static async Task<string> RunAsync(string connectionString, int customers, int cartLines, int enrollments, int due, int seed, DateTime now)
    {
        var random = new Random(seed);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        // Customers: 1.5 % without an address, 60 % consented; carts for the first ~60 % (1–2 lines, 1.67 on average).
        var cartCustomers = Math.Max(1, (int)(cartLines / 1.67));
        var cartUpdated = new DateTime[cartCustomers + 1];
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY "Customers" ("Id", "CustomerGuid", "Email", "FirstName", "LastName", "DateOfBirth", "RegisteredInStoreId", "Active", "Deleted", "CreatedOnUtc", "LastActivityDateUtc") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var id = 1; id <= customers; id++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Integer);
                await copy.WriteAsync(Guid.Empty, NpgsqlDbType.Uuid);
                if (random.NextDouble() < 0.015) await copy.WriteNullAsync(); else await copy.WriteAsync($"c{id}@example.com", NpgsqlDbType.Text);
                await copy.WriteAsync("Bench", NpgsqlDbType.Text);
                await copy.WriteAsync($"No. {id}", NpgsqlDbType.Text);
                await copy.WriteNullAsync();
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(now.AddDays(-random.Next(1, 1000)), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now.AddDays(-1), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        var consented = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("""COPY "NewsletterSubscriptions" ("StoreId", "CustomerId", "SubscribedUtc") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var id = 1; id <= customers; id++)
            {
                if (random.NextDouble() >= 0.6)
                    continue;
                consented++;
                await copy.StartRowAsync();
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(id, NpgsqlDbType.Integer);
                await copy.WriteAsync(now.AddDays(-30), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""COPY "Products" ("Id", "Name", "Category", "Price", "IsGiftCard", "ReplenishDays") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var id = 1; id <= 20; id++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Integer);
                await copy.WriteAsync($"Product {id}", NpgsqlDbType.Text);
                await copy.WriteAsync("Coffee", NpgsqlDbType.Text);
                await copy.WriteAsync(5m + id, NpgsqlDbType.Numeric);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(30, NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync();
        }
        // Carts last changed evenly over two years: about 0.4 % fall in the scan's three-day window.
        var lines = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY "CartItems" ("Id", "StoreId", "CustomerId", "ProductId", "Quantity", "CreatedOnUtc", "UpdatedOnUtc") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var customer = 1; customer <= cartCustomers && lines < cartLines; customer++)
            {
                var updated = now.AddSeconds(-random.Next(600, 730 * 86_400));
                cartUpdated[customer] = updated;
                var count = random.NextDouble() < 0.67 ? 2 : 1;
                for (var k = 0; k < count && lines < cartLines; k++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(++lines, NpgsqlDbType.Integer);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(customer, NpgsqlDbType.Integer);
                    await copy.WriteAsync(1 + random.Next(20), NpgsqlDbType.Integer);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(updated.AddMinutes(-5), NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(updated, NpgsqlDbType.TimestampTz);
                }
            }
            await copy.CompleteAsync();
        }

        // Enrollments: every cart in the scan window is enrolled already (so the scan's check runs and the run's due set stays
        // the D made here); D due now (half abandoned carts of customers with a cart, half welcome); the rest scheduled
        // later (35 %) or closed (65 %), over all eleven workflows.
        var idleUntil = now.AddHours(-1);
        var windowStart = idleUntil.AddDays(-3);
        var made = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY "Enrollments" ("WorkflowId", "StoreId", "CustomerId", "Subject", "EnrolledUtc", "AnchorUtc", "IsControl", "StateId", "NextStep", "NextDueUtc", "ExitReason", "ClosedUtc") FROM STDIN (FORMAT BINARY)"""))
        {
            async Task Row(int workflow, int customer, string subject, DateTime enrolled, bool control, int state, int step, DateTime? dueUtc)
            {
                made++;
                await copy.StartRowAsync();
                await copy.WriteAsync(workflow, NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(customer, NpgsqlDbType.Integer);
                await copy.WriteAsync(subject, NpgsqlDbType.Text);
                await copy.WriteAsync(enrolled, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(enrolled, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(control, NpgsqlDbType.Boolean);
                await copy.WriteAsync(state, NpgsqlDbType.Integer);
                await copy.WriteAsync(step, NpgsqlDbType.Integer);
                if (dueUtc is { } d) await copy.WriteAsync(d, NpgsqlDbType.TimestampTz); else await copy.WriteNullAsync();
                await copy.WriteNullAsync();
                if (state == 1) await copy.WriteNullAsync(); else await copy.WriteAsync(enrolled.AddDays(3), NpgsqlDbType.TimestampTz);
            }

            var cartCandidates = new List<int>();
            for (var customer = 1; customer <= cartCustomers; customer++)
            {
                var updated = cartUpdated[customer];
                if (updated >= windowStart && updated <= idleUntil)
                    await Row((int)WorkflowKind.AbandonedCart, customer, "cart:window", updated.AddHours(1), false, 1, 1, updated.AddHours(24));
                else if (updated < windowStart)
                    cartCandidates.Add(customer);
            }
            var windowEnrolled = made;
            for (var i = 0; i < due; i++)
            {
                var dueUtc = now.AddSeconds(-random.Next(1, 86_400));
                if (i % 2 == 0 && cartCandidates.Count > 0)
                    await Row((int)WorkflowKind.AbandonedCart, cartCandidates[random.Next(cartCandidates.Count)], $"cart:due:{i}", dueUtc.AddHours(-1), i % 20 == 0, 1, 0, dueUtc);
                else
                    await Row((int)WorkflowKind.Welcome, 1 + random.Next(customers), $"welcome:due:{i}", dueUtc, i % 20 == 1, 1, 0, dueUtc);
            }
            for (var i = made; i < enrollments; i++)
            {
                var workflow = 1 + random.Next(11);
                var enrolled = now.AddSeconds(-random.Next(3_600, 365 * 86_400));
                if (random.NextDouble() < 0.35)
                    await Row(workflow, 1 + random.Next(customers), $"bench:{i}", enrolled, random.NextDouble() < 0.1, 1, random.Next(3), now.AddSeconds(random.Next(3_600, 30 * 86_400)));
                else
                    await Row(workflow, 1 + random.Next(customers), $"bench:{i}", enrolled, random.NextDouble() < 0.1, random.NextDouble() < 0.7 ? 2 : 3, 3, null);
            }
            await copy.CompleteAsync();
            Console.WriteLine($"enrollments: {windowEnrolled:N0} for the carts in the scan window, {due:N0} due now, {made - windowEnrolled - due:N0} others");
        }
        await using (var vacuum = new NpgsqlCommand("""VACUUM ANALYZE "Customers", "NewsletterSubscriptions", "CartItems", "Enrollments", "Products" """, connection) { CommandTimeout = 0 })
            await vacuum.ExecuteNonQueryAsync();
        return FormattableString.Invariant($"{customers:N0} customers ({consented:N0} consented), {lines:N0} cart lines, {made:N0} enrollments ({due:N0} due)");
    }
}
