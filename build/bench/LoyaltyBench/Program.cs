using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

// loyalty-bench "Host=…" [entries] [customers] [awards] [lookups]
// Builds a fresh database holding `entries` ledger lines (bulk-loaded with COPY) over `customers` customers with two paid
// orders each, then times LoyaltyEvents.OrderPaidAsync (settings, tier re-evaluation over the orders, earning, keyed
// append) and IPointsLedger.GetBalanceAsync, each call on its own DbContext as in a web request. Prints a Markdown table.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: LoyaltyBench \"Host=…;Username=…;Database=…\" [entries=1000000] [customers=50000] [awards=2000] [lookups=5000]");
    return 2;
}
var server = args[0];
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
var entries = Arg(1, 1_000_000);
var customers = Arg(2, 50_000);
var awards = Arg(3, 2_000);
var lookups = Arg(4, 5_000);
var store = new StoreId(1);
var rng = new Random(20240601);
var now = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

var name = "retention_bench_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
    await create.ExecuteNonQueryAsync();
}
var database = SandboxDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
try
{
    await database.EnsureCreatedAsync();
    var load = Stopwatch.StartNew();
    var shop = new StoreContent();
    for (var c = 1; c <= customers; c++)
    {
        shop.Customers.Add(new CustomerFact { Id = c, CustomerGuid = Guid.NewGuid(), Email = $"c{c}@example.com", Active = true, RegisteredInStoreId = 1, CreatedOnUtc = now.AddDays(-700) });
        for (var k = 0; k < 2; k++)
            shop.Orders.Add(new OrderFact
            {
                Id = c * 2 - 1 + k, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = c, CreatedOnUtc = now.AddDays(-rng.Next(1, 700)), OrderStatusId = (int)OrderState.Complete,
                PaymentStatusId = (int)PaymentState.Paid, OrderSubtotalExclTax = 40m, OrderTotal = 40m,
            });
    }
    foreach (var o in shop.Orders)
        o.PaidDateUtc = o.CreatedOnUtc.AddMinutes(5);
    await BulkLoader.LoadAsync(database, shop);

    // The ledger: purchases, bonuses, redemptions and expiries spread over two years, ~entries/customers lines each.
    var reasons = new[] { LedgerReason.Purchase, LedgerReason.Purchase, LedgerReason.Purchase, LedgerReason.ReviewBonus, LedgerReason.Redemption, LedgerReason.Expiry };
    const int chunk = 200_000;
    // Each customer's entries, for their summary rows: a store's ledger keeps one per customer (written with every entry),
    // and an award or a lookup without one would read every entry of the customer instead of the summary.
    var byCustomer = new List<LedgerEntry>[customers + 1];
    for (var start = 0; start < entries; start += chunk)
    {
        var rows = new List<PointsEntryRow>(chunk);
        for (var i = start; i < Math.Min(entries, start + chunk); i++)
        {
            var reason = reasons[rng.Next(reasons.Length)];
            var created = now.AddMinutes(-rng.Next(1, 700 * 24 * 60));
            var points = reason is LedgerReason.Redemption or LedgerReason.Expiry ? -rng.Next(10, 200) : rng.Next(20, 800);
            rows.Add(new PointsEntryRow
            {
                IdempotencyKey = $"bench:{i}", StoreId = 1, CustomerId = 1 + i % customers, Points = points, ReasonId = (int)reason, SourceId = (int)LedgerSource.Order,
                SourceRef = i.ToString(CultureInfo.InvariantCulture), CreatedOnUtc = created, ActivatesOnUtc = reason == LedgerReason.Purchase ? created.AddDays(14) : created,
                ExpiresOnUtc = points > 0 ? created.AddDays(14).AddMonths(12) : null,
            });
        }
        await BulkLoader.LoadRowsAsync(database, new (Type, System.Collections.IList)[] { (typeof(PointsEntryRow), rows) });
        foreach (var row in rows)
            (byCustomer[row.CustomerId] ??= new List<LedgerEntry>()).Add(PointsLedgerStore.FromRow(row));
    }
    var summaries = byCustomer.Where(list => list is { Count: > 0 })
        .Select(list => PointsLedgerStore.SummaryRow(list!.OrderBy(e => e.CreatedUtc).ToList(), now)).ToList();
    await BulkLoader.LoadRowsAsync(database, new (Type, System.Collections.IList)[] { (typeof(PointsSummaryRow), summaries) });
    byCustomer = [];
    await using (var db = database.CreateContext())
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "ANALYZE");
    var settings = new LoyaltySettings
    {
        PointsPerCurrencyUnit = 10m,
        Tiers = new[] { new TierDefinition("Bronze", 0m, 1m), new TierDefinition("Silver", 150m, 1.25m), new TierDefinition("Gold", 400m, 1.5m) },
    };
    await new EfLoyaltySettingsStore(database).SaveAsync(store, settings);
    Console.Error.WriteLine($"loaded {entries:N0} ledger entries, {customers:N0} customers, {shop.Orders.Count:N0} orders in {load.Elapsed.TotalSeconds:0.0} s");

    var clock = new FixedClock(now);
    var nextOrder = shop.Orders.Count + 1;
    // One settings store for the run, as the web app registers it (a singleton keeping settings like nopCommerce does).
    var settingsStore = new EfLoyaltySettingsStore(database);
    async Task<double> AwardAsync()
    {
        var customer = new CustomerId(1 + rng.Next(customers));
        var order = new EarnOrder(store, customer, nextOrder++, now, new[] { new EarnLine(1, 2, 12.50m), new EarnLine(9, 1, 7.50m) });
        var watch = Stopwatch.StartNew();
        await using var context = database.CreateContext();
        var observer = new SandboxLoyaltyObserver(database);
        var tiers = new TierEvaluation(SandboxLoyaltyStores.TierStandings(database, clock), new EfStoreData(context), new EfQueryRunner(), observer);
        var program = new LoyaltyEvents(SandboxLoyaltyStores.Ledger(database), settingsStore, tiers, new EfStoreData(context), new EfQueryRunner(), observer, clock);
        var outcome = await program.OrderPaidAsync(order, null);
        if (outcome.Earned == null)
            throw new InvalidOperationException("The award path earned nothing: the benchmark would measure the wrong thing.");
        return watch.Elapsed.TotalMilliseconds;
    }
    async Task<double> LookupAsync(IPointsLedger ledger)
    {
        var customer = new CustomerId(1 + rng.Next(customers));
        var watch = Stopwatch.StartNew();
        await ledger.GetBalanceAsync(store, customer, now);
        return watch.Elapsed.TotalMilliseconds;
    }

    // The door as the web app wires it (SandboxWebApp's services, one scope per event like a request): the award and then
    // the stamp cards, the discount card and the challenges, each switched off here as in a store that uses none of them.
    var options = new Retention.Sandbox.SandboxOptions { WorkflowIntervalSeconds = 0, DataDirectory = Path.Combine(Path.GetTempPath(), name) };
    var state = new SandboxState { Database = database, Source = SandboxSetup.DemoSource, AsOfUtc = now, LoadedUtc = DateTime.UtcNow };
    await using var app = Retention.Sandbox.Web.SandboxWebApp.Build(options, state);
    var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
    async Task<double> DoorAsync()
    {
        var customer = new CustomerId(1 + rng.Next(customers));
        var order = new EarnOrder(store, customer, nextOrder++, now, new[] { new EarnLine(1, 2, 12.50m), new EarnLine(9, 1, 7.50m) });
        var watch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var door = scope.ServiceProvider.GetRequiredService<Retention.Core.Events.StoreEvents>();
        var outcome = await door.OrderPaidAsync(order, null);
        if (outcome?.Earned == null)
            throw new InvalidOperationException("The door earned nothing: the benchmark would measure the wrong thing.");
        return watch.Elapsed.TotalMilliseconds;
    }

    for (var i = 0; i < 200; i++)
        await AwardAsync();
    var awardTimes = new List<double>(awards);
    for (var i = 0; i < awards; i++)
        awardTimes.Add(await AwardAsync());
    for (var i = 0; i < 200; i++)
        await DoorAsync();
    var doorTimes = new List<double>(awards);
    for (var i = 0; i < awards; i++)
        doorTimes.Add(await DoorAsync());

    var ledger = SandboxLoyaltyStores.Ledger(database);
    for (var i = 0; i < 500; i++)
        await LookupAsync(ledger);
    var lookupTimes = new List<double>(lookups);
    for (var i = 0; i < lookups; i++)
        lookupTimes.Add(await LookupAsync(ledger));

    Console.WriteLine($"| measured ({entries:N0} ledger entries, {customers:N0} customers) | calls | median ms | p99 ms | target |");
    Console.WriteLine("|---|---:|---:|---:|---|");
    Console.WriteLine($"| order-paid award (`LoyaltyEvents.OrderPaidAsync`) | {awards:N0} | {Percentile(awardTimes, 0.5):0.00} | {Percentile(awardTimes, 0.99):0.00} | < 5 ms |");
    Console.WriteLine($"| order paid through the door (`StoreEvents.OrderPaidAsync`, the web app's wiring; card, stamps, challenges off) | {awards:N0} | {Percentile(doorTimes, 0.5):0.00} | {Percentile(doorTimes, 0.99):0.00} | < 1.5 ms median, < 5 ms p99 |");
    Console.WriteLine($"| balance lookup (`IPointsLedger.GetBalanceAsync`) | {lookups:N0} | {Percentile(lookupTimes, 0.5):0.000} | {Percentile(lookupTimes, 0.99):0.000} | < 1 ms |");
    return 0;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

internal sealed class FixedClock(DateTime now) : IClock
{
    public DateTime UtcNow => now;
}
