using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;

// The load benchmark's database: the sandbox's own demo store at N customers (its generator, its binary-COPY loader),
// a loyalty ledger and tier standings derived from those orders, and the meta rows that make
// `retention --pg … --customers N --seed S --as-of D` serve the database as it is. Usage:
//   LoadBench --pg "Host=…;Database=…" [--customers 1000000] [--seed 20240601] [--as-of 2026-01-01]
// The sandbox replays loyalty history through Core's store-events door event by event (~1.4 ms a customer on this machine, about
// 25 minutes for a million), so the ledger here follows the demo's rules directly instead: 200 points on registration,
// 10 points a dollar of subtotal on paid orders (×1.25 Silver, ×1.5 Gold), active after 14 days, lots lapsing 12 months
// after activation (expiry entries written), every fourth order spending what the redemption limits allow (balance ≥ 500,
// at most half the order), refunds and cancellations reversing the purchase. The rows and indexes the endpoints read are
// the same; only the exact figures differ from a replay.
var options = Args(args);
var connectionString = options.GetValueOrDefault("--pg") ?? throw new ArgumentException("--pg \"Host=…\" is required");
var customers = int.Parse(options.GetValueOrDefault("--customers") ?? "1000000", CultureInfo.InvariantCulture);
var seed = int.Parse(options.GetValueOrDefault("--seed") ?? DemoStoreSettings.DefaultSeed.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var asOf = DateTime.SpecifyKind(DateTime.ParseExact(options.GetValueOrDefault("--as-of") ?? "2026-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
const int store = DemoStoreGenerator.StoreId;

var database = SandboxDatabase.PostgreSql(connectionString);
await database.EnsureCreatedAsync();
var total = Stopwatch.StartNew();
var step = Stopwatch.StartNew();
var content = DemoStoreGenerator.Generate(new DemoStoreSettings { Seed = seed, AsOfUtc = asOf, Customers = customers });
Console.WriteLine($"generated {content.Customers.Count:N0} customers, {content.Orders.Count:N0} orders, {content.OrderLines.Count:N0} order lines, " +
                  $"{content.CartItems.Count:N0} cart items, {content.ProductReviews.Count:N0} reviews in {step.Elapsed.TotalSeconds:0.0} s");
step.Restart();
await BulkLoader.LoadAsync(database, content);
Console.WriteLine($"store loaded (binary COPY, indexes built by the schema) in {step.Elapsed.TotalSeconds:0.0} s");

step.Restart();
var settings = DemoLoyalty.Settings(asOf);
var saved = await new EfLoyaltySettingsStore(database).SaveAsync(new StoreId(store), settings);
if (!saved.IsValid)
    throw new InvalidOperationException("The demo loyalty settings are invalid: " + string.Join("; ", saved.Errors.Select(e => $"{e.Field}: {e.Message}")));
var ordersByCustomer = content.Orders.Where(o => o.StoreId == store).ToLookup(o => o.CustomerId);
long entries = 0;
var holders = 0;
foreach (var batch in content.Customers.OrderBy(c => c.Id).Chunk(100_000))
{
    var ledger = new List<PointsEntryRow>();
    var standings = new List<TierStandingRow>();
    foreach (var customer in batch)
    {
        var orders = ordersByCustomer[customer.Id].OrderBy(o => o.CreatedOnUtc).ThenBy(o => o.Id).ToList();
        Ledger.Write(customer, orders, settings, asOf, ledger);
        if (Ledger.Tier(orders, settings, asOf) is { } tier)
            standings.Add(new TierStandingRow { StoreId = store, CustomerId = customer.Id, Tier = tier, UpdatedOnUtc = asOf });
    }
    // The ledger's store keeps each customer's points summary beside the entries; a bulk load writes it with them.
    var summaries = ledger.GroupBy(r => r.CustomerId).Select(g => PointsLedgerStore.SummaryRow(g.Select(PointsLedgerStore.FromRow).ToList(), asOf)).ToList();
    await BulkLoader.LoadRowsAsync(database, new (Type, System.Collections.IList)[]
    {
        (typeof(PointsEntryRow), ledger), (typeof(TierStandingRow), standings), (typeof(PointsSummaryRow), summaries),
    });
    entries += ledger.Count;
    holders += standings.Count;
}
Console.WriteLine($"loyalty: {entries:N0} ledger entries, {holders:N0} tier standings (binary COPY) in {step.Elapsed.TotalSeconds:0.0} s");

step.Restart();
await using (var connection = new NpgsqlConnection(connectionString))
{
    await connection.OpenAsync();
    await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
    await analyze.ExecuteNonQueryAsync();
}
Console.WriteLine($"VACUUM ANALYZE in {step.Elapsed.TotalSeconds:0.0} s");

// What SandboxSetup writes after building a demo store: with these the sandbox reuses the database instead of rebuilding it.
await using (var db = database.CreateContext())
{
    var loaded = DateTime.UtcNow;
    db.Meta.AddRange(new Dictionary<string, string>
    {
        ["schema_version"] = SandboxDbContext.SchemaVersion.ToString(CultureInfo.InvariantCulture),
        ["source"] = SandboxSetup.DemoSource,
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["customers"] = customers.ToString(CultureInfo.InvariantCulture),
        ["as_of"] = asOf.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["loaded_utc"] = new DateTime(loaded.Ticks - loaded.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["load_seconds"] = total.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
    }.Select(m => new SandboxMetaRow { Name = m.Key, Value = m.Value }));
    await db.SaveChangesAsync();
}
Console.WriteLine($"database ready in {total.Elapsed.TotalSeconds:0.0} s (load average {LoadAverage()})");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static Dictionary<string, string> Args(string[] args)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
        map[args[i]] = args[i + 1];
    return map;
}

/// <summary>One customer's ledger under the demo's rules, lots spent and expired first in, first out.</summary>
internal static class Ledger
{
    private const int Store = DemoStoreGenerator.StoreId;

    private sealed class Lot(int points, DateTime expiresUtc, string key)
    {
        public int Left = points;
        public readonly DateTime ExpiresUtc = expiresUtc;
        public readonly string Key = key;
    }

    public static void Write(CustomerFact customer, IReadOnlyList<OrderFact> orders, LoyaltySettings settings, DateTime asOf, List<PointsEntryRow> rows)
    {
        var lots = new List<Lot>();
        var delay = TimeSpan.FromDays(settings.ActivationDelayDays);
        void Add(string key, int points, LedgerReason reason, LedgerSource source, string? sourceRef, DateTime at, DateTime activates, DateTime? expires) =>
            rows.Add(new PointsEntryRow
            {
                IdempotencyKey = key, StoreId = Store, CustomerId = customer.Id, Points = points, ReasonId = (int)reason, SourceId = (int)source, SourceRef = sourceRef,
                CreatedOnUtc = at, ActivatesOnUtc = activates, ExpiresOnUtc = expires,
            });
        void Earn(string key, int points, LedgerReason reason, LedgerSource source, string? sourceRef, DateTime at)
        {
            var expires = at + delay;
            expires = expires.AddMonths(settings.ExpiryMonths);
            Add(key, points, reason, source, sourceRef, at, at + delay, expires);
            lots.Add(new Lot(points, expires, key));
        }
        void ExpireUntil(DateTime at)
        {
            foreach (var lot in lots.Where(l => l.Left > 0 && l.ExpiresUtc <= at))
            {
                Add(IdempotencyKey.For("expiry", Store, lot.Key).Value, -lot.Left, LedgerReason.Expiry, LedgerSource.System, null, lot.ExpiresUtc, lot.ExpiresUtc, null);
                lot.Left = 0;
            }
        }
        int Active(DateTime at) => lots.Where(l => l.ExpiresUtc > at).Sum(l => l.Left);

        if (customer.Deleted)
            return;
        Earn(IdempotencyKey.For("registration", Store, customer.Id).Value, settings.RegistrationBonus, LedgerReason.RegistrationBonus, LedgerSource.Customer, null, customer.CreatedOnUtc);
        var paid = new List<OrderFact>();
        foreach (var order in orders.Where(o => o.PaidDateUtc is { } p && p < asOf))
        {
            var at = order.PaidDateUtc!.Value;
            ExpireUntil(at);
            if (order.Id % 4 == 0 && Active(at) is var balance && balance >= settings.MinimumBalanceToRedeem)
            {
                var spend = Math.Min(balance, (int)(order.OrderTotal * settings.MaxRedeemSharePercent / 100m / settings.CurrencyPerPoint));
                Add(IdempotencyKey.For("redeem", Store, order.Id).Value, -spend, LedgerReason.Redemption, LedgerSource.Order, order.Id.ToString(CultureInfo.InvariantCulture), at, at, null);
                foreach (var lot in lots.Where(l => l.Left > 0))
                {
                    var used = Math.Min(lot.Left, spend);
                    lot.Left -= used;
                    spend -= used;
                    if (spend == 0)
                        break;
                }
            }
            var multiplier = Multiplier(Tier(paid, settings, at), settings);
            var points = (int)Math.Floor(order.OrderSubtotalExclTax * settings.PointsPerCurrencyUnit * multiplier);
            var orderRef = order.Id.ToString(CultureInfo.InvariantCulture);
            Earn(Earning.KeyFor(new StoreId(Store), order.Id).Value, points, LedgerReason.Purchase, LedgerSource.Order, orderRef, at);
            paid.Add(order);
            if ((order.RefundedAmount > 0m || order.OrderStatusId == (int)OrderState.Cancelled) && order.OrderTotal > 0m)
            {
                var back = order.OrderStatusId == (int)OrderState.Cancelled ? points : (int)Math.Floor(points * Math.Min(1m, order.RefundedAmount / order.OrderTotal));
                var refundAt = at.AddDays(order.OrderStatusId == (int)OrderState.Cancelled ? 2 : 7 + order.Id % 8);
                if (back > 0 && refundAt < asOf)
                {
                    Add(IdempotencyKey.For("reverse", Store, order.Id).Value, -back, LedgerReason.PurchaseReversal, LedgerSource.Order, orderRef, refundAt, refundAt, null);
                    lots[^1].Left -= Math.Min(lots[^1].Left, back);
                }
            }
        }
        ExpireUntil(asOf);
    }

    /// <summary>The tier of the rolling 12-month spend before <paramref name="at"/>, null for a customer without a paid order.</summary>
    public static string? Tier(IReadOnlyList<OrderFact> orders, LoyaltySettings settings, DateTime at)
    {
        var recent = orders.Where(o => o.PaidDateUtc is { } p && p < at && p >= at.AddMonths(-12) && o.OrderStatusId != (int)OrderState.Cancelled).ToList();
        if (recent.Count == 0)
            return null;
        var spend = recent.Sum(o => o.OrderTotal - o.RefundedAmount);
        return settings.Tiers.Where(t => spend >= t.Threshold).OrderByDescending(t => t.Threshold).First().Name;
    }

    private static decimal Multiplier(string? tier, LoyaltySettings settings) =>
        settings.Tiers.FirstOrDefault(t => t.Name == tier)?.Multiplier ?? 1m;
}
