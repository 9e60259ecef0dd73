using System.Text.Json;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Retention.Testing.Contracts;

/// <summary>
/// Every port the dashboard builder reads, over one database holding a contract's store seed, with the write ports the
/// contract fills the ledger, the workflow events and the survey answers through (as the live program does).
/// </summary>
public sealed record DashboardPortsHandle(IStoreData Data, IQueryRunner Runner, IPointsLedger Ledger, ILedgerData LedgerData,
    IWorkflowEventStore Events, ISurveyStore Surveys, IWorkflowData Workflows, IPurchaseGapQuery? Gaps);

/// <summary>
/// The whole dashboard snapshot a host builds on its own ports — store data, the points ledger, the workflow tables and
/// its purchase-gap query — must equal the one Core builds over the same facts in memory. The metrics, ledger and
/// workflow suites prove each port's queries on their own; this one proves the builder's own queries (per-customer rows,
/// liability, NPS and CSAT, attributed revenue, the at-risk names) translate on each database and that the host wires
/// the ports the way the dashboard needs. A figure a host leaves out (a port not passed) shows as a difference here.
/// </summary>
public abstract class DashboardSnapshotContract
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly StoreId Store1 = new(1);

    /// <summary>A host's ports over a fresh database holding exactly <paramref name="seed"/> and empty program tables.</summary>
    protected abstract Task<DashboardPortsHandle> CreateWithAsync(StoreSeed seed);

    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [TearDown]
    public Task ReleaseStoreAsync() => ReleaseAsync();

    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    }

    [Test]
    public async Task The_whole_snapshot_on_the_host_ports_equals_the_one_built_in_memory()
    {
        var seed = RandomStore(seed: 47, customers: 400);
        var host = await CreateWithAsync(seed);
        var memoryData = new InMemoryStoreData();
        memoryData.CustomerList.AddRange(seed.Customers);
        memoryData.OrderList.AddRange(seed.Orders);
        var memoryLedger = new InMemoryPointsLedger();
        var memoryWorkflows = new InMemoryWorkflowStores();
        var memory = new DashboardPortsHandle(memoryData, new InMemoryQueryRunner(), memoryLedger, new InMemoryLedgerData(memoryLedger),
            memoryWorkflows, memoryWorkflows, memoryWorkflows, null);
        foreach (var ports in new[] { host, memory })
            await ProgramHistoryAsync(ports, seed);
        var request = new DashboardRequest(Store1, AsOf) { TrendPoints = 3, OtherPeriodDays = new[] { 90 }, CurrencyPerPoint = 0.01m };

        var built = await BuildAsync(host, request);
        var expected = await BuildAsync(memory, request);

        double? Now(string key) => built.Periods[0].Kpis.Single(k => k.Key == key).Value;
        IEnumerable<double?> Trend(string key) => built.Periods[0].Kpis.Single(k => k.Key == key).Trend;
        Assert.Multiple(() =>
        {
            // The guard that the comparison covers the program's figures and not only empty tiles.
            Assert.That(built.Prediction.CanPredict, Is.True, built.Prediction.Explanation);
            Assert.That(built.Cohorts, Is.Not.Empty);
            Assert.That(built.AtRisk.Customers, Is.Not.Empty);
            Assert.That(built.AtRisk.Customers.Select(c => c.Email), Has.All.Not.Null, "the at-risk names come from the customers table");
            Assert.That(Trend("nps"), Has.Some.Not.Null.And.Some.Not.EqualTo(0.0));
            Assert.That(Trend("csat"), Has.Some.GreaterThan(0.0));
            Assert.That(Now("attributedRevenue"), Is.GreaterThan(0));
            Assert.That(Now("pointsLiability"), Is.GreaterThan(0));
            Assert.That(Now("pointsLiabilityWithPending"), Is.GreaterThan(Now("pointsLiability") ?? 0));
        });
        SnapshotJson.AssertSame(built.ToJson(), expected.ToJson());
    }

    /// <summary>
    /// Issue 16: the default build reads the counted orders once and derives every order figure from that read; it must
    /// give the snapshot the per-point aggregate queries give (<see cref="DashboardBuilder.UseQueries"/>) on the host's
    /// own ports, for both stores of randomized seeds and for days early in the history (no holdout), in its middle
    /// (orders after as_of left out) and after the last order.
    /// </summary>
    [TestCase(47, 400, "2026-03-01")]
    [TestCase(5, 300, "2025-06-17")]
    [TestCase(91, 250, "2024-05-01")]
    public async Task The_one_pass_snapshot_equals_the_one_of_per_point_queries(int seed, int customers, string day)
    {
        var host = await CreateWithAsync(RandomStore(seed, customers));
        foreach (var store in new[] { 1, 2 })
        {
            var request = new DashboardRequest(new StoreId(store), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture))
            {
                TrendPoints = 4, OtherPeriodDays = new[] { 7, 90 }, CurrencyPerPoint = 0.01m,
            };
            var onePass = await BuildAsync(host, request);
            var queries = await new DashboardBuilder(host.Data, host.Runner, host.LedgerData, new FixedClock(), host.Gaps, host.Workflows) { UseQueries = true }
                .BuildAsync(request);

            // The guard that there is something to compare (two months in, store 2 may have no repeat buyer yet).
            Assert.That(onePass.Periods[0].Kpis.Single(k => k.Key == "customers").Value, Is.GreaterThan(0), $"store {store}");
            if (store == 1)
                Assert.That(onePass.Periods[0].Kpis.Single(k => k.Key == "tbp").Value, Is.GreaterThan(0));
            Assert.That(onePass.Cohorts, Is.Not.Empty);
            SnapshotJson.AssertSame(onePass.ToJson(), queries.ToJson());
        }
    }

    /// <summary>
    /// Issue 16, docs/decisions.md §19: the incremental refresh (the kept orders of a full build, the changed customers'
    /// orders re-read on the host and spliced in, every figure folded again a day later, the models carried) gives the
    /// snapshot of a full build on the host at that day with the fit pinned to the carried one. The kept state is the
    /// full build over the orders before the changes (in memory: the one-pass read is held equal on every host above);
    /// the host's database holds the orders after them: new orders (some on the new day, some dated later or earlier),
    /// cancellations, refunds, edited totals, deletions, a customer's first order in the other store.
    /// </summary>
    [TestCase(47, 400, "2025-11-20", 3)]
    [TestCase(5, 300, "2026-01-10", 11)]
    [TestCase(91, 250, "2025-07-01", 29)]
    public async Task The_incremental_refresh_equals_a_full_build_with_the_fit_pinned(int seed, int customers, string day, int changeSeed)
    {
        var before = RandomStore(seed, customers);
        var asOf = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var (after, changed) = Changed(before, changeSeed, asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var host = await CreateWithAsync(after);
        var memoryData = new InMemoryStoreData();
        memoryData.CustomerList.AddRange(before.Customers);
        memoryData.OrderList.AddRange(before.Orders);
        foreach (var store in new[] { 1, 2 })
        {
            DashboardRequest At(DateOnly d) => new(new StoreId(store), d) { TrendPoints = 4, OtherPeriodDays = new[] { 7, 90 }, CurrencyPerPoint = 0.01m };
            var kept = await new DashboardBuilder(memoryData, new InMemoryQueryRunner(), null, new FixedClock()).BuildStateAsync(At(asOf), watermark: 0);
            var storeChanged = changed.Where(c => c.Store == store).Select(c => c.Customer).ToList();

            var refreshed = await new DashboardBuilder(host.Data, host.Runner, host.LedgerData, new FixedClock(), host.Gaps, host.Workflows)
                .RefreshAsync(kept, At(asOf.AddDays(1)), storeChanged, watermark: 1);
            var full = await new DashboardBuilder(host.Data, host.Runner, host.LedgerData, new FixedClock(), host.Gaps, host.Workflows) { PinnedFit = kept.Fit }
                .BuildAsync(At(asOf.AddDays(1)));

            Assert.Multiple(() =>
            {
                // The guards: the changes and the models are in the comparison, and the carried fit says its day.
                Assert.That(storeChanged, Has.Count.GreaterThan(5), $"store {store}");
                if (store == 1)
                {
                    // Store 2 (a sixth of the orders) may have too few repeat buyers for a model.
                    Assert.That(refreshed.Snapshot.Prediction.CanPredict, Is.True, refreshed.Snapshot.Prediction.Explanation);
                    Assert.That(refreshed.Snapshot.AtRisk.Customers, Is.Not.Empty);
                }
                Assert.That(refreshed.Snapshot.Prediction.ModelFittedOn, Is.EqualTo(asOf));
                Assert.That(refreshed.Snapshot.Prediction.Customers, Is.Not.EqualTo(kept.Snapshot.Prediction.Customers), "the new customers are counted");
                Assert.That(refreshed.Watermark, Is.EqualTo(1));
            });
            SnapshotJson.AssertSame(refreshed.Snapshot.ToJson(), full.ToJson());
        }
    }

    /// <summary>
    /// <paramref name="before"/> after a day of changes around <paramref name="asOfUtc"/>, as new objects, and every
    /// (store, customer) whose orders changed (with a few unchanged customers among them, as a feed may list).
    /// </summary>
    public static (StoreSeed After, List<(int Store, int Customer)> Changed) Changed(StoreSeed before, int seed, DateTime asOfUtc)
    {
        var random = new Random(seed);
        var after = new StoreSeed();
        after.Customers.AddRange(before.Customers);
        after.CartItems.AddRange(before.CartItems);
        after.ProductReviews.AddRange(before.ProductReviews);
        var changed = new HashSet<(int, int)>();
        var nextId = before.Orders.Max(o => o.Id);
        foreach (var o in before.Orders)
        {
            var copy = Copy(o);
            var roll = random.NextDouble();
            if (roll < 0.02)
            {
                changed.Add((o.StoreId, o.CustomerId));
                continue; // deleted
            }
            if (roll < 0.05)
                copy.OrderStatusId = (int)OrderState.Cancelled;
            else if (roll < 0.07)
                copy.RefundedAmount = copy.OrderTotal / 2;
            else if (roll < 0.09)
                copy.OrderTotal += 7.5m;
            else if (roll < 0.10 && copy.OrderStatusId == (int)OrderState.Cancelled)
                copy.OrderStatusId = (int)OrderState.Complete;
            else if (roll < 0.12)
                changed.Add((o.StoreId, o.CustomerId)); // listed, nothing changed
            else
            {
                after.Orders.Add(copy);
                continue;
            }
            changed.Add((o.StoreId, o.CustomerId));
            after.Orders.Add(copy);
        }
        var keptIds = after.Orders.Select(o => o.Id).ToHashSet();
        after.OrderLines.AddRange(before.OrderLines.Where(l => keptIds.Contains(l.OrderId)));
        var customerIds = before.Customers.Select(c => c.Id).ToList();
        for (var k = 0; k < customerIds.Count / 5; k++)
        {
            var customer = customerIds[random.Next(customerIds.Count)];
            var store = random.NextDouble() < 0.8 ? 1 : 2;
            // Mostly on the day that passes; some dated later (not counted yet), some back-dated (an import).
            var at = random.NextDouble() switch
            {
                < 0.7 => asOfUtc.AddMinutes(random.Next(0, 24 * 60)),
                < 0.85 => asOfUtc.AddDays(1).AddMinutes(random.Next(0, 5 * 24 * 60)),
                _ => asOfUtc.AddDays(-random.Next(1, 60)).AddMinutes(random.Next(0, 24 * 60)),
            };
            var template = before.Orders[random.Next(before.Orders.Count)];
            var order = Copy(template);
            order.Id = ++nextId;
            order.OrderGuid = Guid.NewGuid();
            order.StoreId = store;
            order.CustomerId = customer;
            order.CreatedOnUtc = at;
            order.PaidDateUtc = at;
            order.OrderStatusId = random.NextDouble() < 0.1 ? (int)OrderState.Cancelled : (int)OrderState.Complete;
            order.OrderTotal = 5m + random.Next(0, 40) * 2.5m;
            order.RefundedAmount = 0;
            after.Orders.Add(order);
            changed.Add((store, customer));
        }
        return (after, changed.Select(c => (c.Item1, c.Item2)).ToList());
    }

    private static OrderFact Copy(OrderFact o) => new()
    {
        Id = o.Id, OrderGuid = o.OrderGuid, StoreId = o.StoreId, CustomerId = o.CustomerId, CreatedOnUtc = o.CreatedOnUtc, PaidDateUtc = o.PaidDateUtc,
        OrderStatusId = o.OrderStatusId, PaymentStatusId = o.PaymentStatusId, OrderSubtotalExclTax = o.OrderSubtotalExclTax,
        OrderSubTotalDiscountExclTax = o.OrderSubTotalDiscountExclTax, OrderShippingExclTax = o.OrderShippingExclTax, OrderTax = o.OrderTax,
        OrderDiscount = o.OrderDiscount, OrderTotal = o.OrderTotal, RefundedAmount = o.RefundedAmount,
    };

    private static Task<DashboardSnapshot> BuildAsync(DashboardPortsHandle ports, DashboardRequest request) =>
        new DashboardBuilder(ports.Data, ports.Runner, ports.LedgerData, new FixedClock(), ports.Gaps, ports.Workflows).BuildAsync(request);

    /// <summary>
    /// What months of a running program leave behind, derived from the orders so both sides get the same rows: points
    /// per order (pending 14 days, some spent, some expired), sends with conversions (a control group's among them, which
    /// earn no credit) and NPS and CSAT answers around the orders.
    /// </summary>
    private static async Task ProgramHistoryAsync(DashboardPortsHandle ports, StoreSeed seed)
    {
        var random = new Random(11);
        foreach (var order in seed.Orders.Where(o => o.OrderStatusId != (int)OrderState.Cancelled).OrderBy(o => o.Id))
        {
            var store = new StoreId(order.StoreId);
            var customer = new CustomerId(order.CustomerId);
            var points = (int)order.OrderTotal;
            await Append(ports, new LedgerEntry
            {
                Key = new IdempotencyKey($"earn-{order.Id}"), Store = store, Customer = customer, Points = points, Reason = LedgerReason.Purchase,
                Source = LedgerSource.System, CreatedUtc = order.CreatedOnUtc, ActivatesUtc = order.CreatedOnUtc.AddDays(14),
                ExpiresUtc = order.CreatedOnUtc.AddYears(1),
            });
            if (random.NextDouble() < 0.2)
                await Append(ports, new LedgerEntry
                {
                    Key = new IdempotencyKey($"spend-{order.Id}"), Store = store, Customer = customer, Points = -points / 2, Reason = LedgerReason.Redemption,
                    Source = LedgerSource.System, CreatedUtc = order.CreatedOnUtc.AddDays(20), ActivatesUtc = order.CreatedOnUtc.AddDays(20),
                });
            else if (random.NextDouble() < 0.1)
                await Append(ports, new LedgerEntry
                {
                    Key = new IdempotencyKey($"expire-{order.Id}"), Store = store, Customer = customer, Points = -points, Reason = LedgerReason.Expiry,
                    Source = LedgerSource.System, CreatedUtc = order.CreatedOnUtc.AddYears(1), ActivatesUtc = order.CreatedOnUtc.AddYears(1),
                });

            if (random.NextDouble() < 0.3)
            {
                var control = random.NextDouble() < 0.2;
                var sent = order.CreatedOnUtc.AddDays(-random.Next(1, 6));
                await Add(ports, Event(order.Id, WorkflowEventKind.Sent, sent, store, customer, control));
                await Add(ports, Event(order.Id, WorkflowEventKind.Converted, order.CreatedOnUtc, store, customer, control) with
                {
                    OrderId = order.Id, Revenue = order.OrderTotal,
                });
            }
            if (random.NextDouble() < 0.25)
            {
                var nps = random.NextDouble() < 0.5;
                Assert.That(await ports.Surveys.TryAddAsync(new SurveyAnswer
                {
                    Kind = nps ? SurveyKind.Nps : SurveyKind.Csat, Store = store, Customer = customer, Subject = $"order-{order.Id}",
                    Score = nps ? random.Next(0, 11) : random.Next(2, 6), AnsweredUtc = order.CreatedOnUtc.AddDays(7),
                }), Is.True);
            }
        }
    }

    private static WorkflowEvent Event(int order, WorkflowEventKind kind, DateTime at, StoreId store, CustomerId customer, bool control) => new()
    {
        Key = new IdempotencyKey($"{kind}-{order}"), EnrollmentId = 10_000 + order, Workflow = WorkflowKind.WinBack, Step = 0, Store = store,
        Customer = customer, Kind = kind, OccurredUtc = at, IsControl = control,
    };

    private static async Task Append(DashboardPortsHandle ports, LedgerEntry entry) =>
        Assert.That(await ports.Ledger.TryAppendAsync(entry), Is.True, entry.Key.Value);

    private static async Task Add(DashboardPortsHandle ports, WorkflowEvent workflowEvent) =>
        Assert.That(await ports.Events.TryAddAsync(workflowEvent), Is.True, workflowEvent.Key.Value);

    /// <summary>Two stores, cancellations, several orders on one day now and then, over two years.</summary>
    public static StoreSeed RandomStore(int seed, int customers)
    {
        var random = new Random(seed);
        var history = new OrderHistory();
        for (var customer = 1; customer <= customers; customer++)
        {
            var at = OrderHistory.Utc(2024, 3, 1).AddMinutes(random.Next(0, 700 * 24 * 60));
            for (var k = random.Next(1, 8); k > 0; k--)
            {
                history.Order(customer, at, 5m + random.Next(0, 40) * 2.5m, random.NextDouble() < 0.08 ? OrderState.Cancelled : OrderState.Complete,
                    random.NextDouble() < 0.85 ? 1 : 2);
                at = at.AddMinutes(random.NextDouble() < 0.15 ? random.Next(1, 300) : random.Next(1, 120 * 24 * 60));
            }
        }
        return history.ToSeed();
    }
}

/// <summary>Two snapshots' JSON compared value by value, numbers within 1e-9 relative (a fit's last digits depend on the order rows arrive in).</summary>
public static class SnapshotJson
{
    public static void AssertSame(string actual, string expected) =>
        AssertSame(JsonDocument.Parse(actual).RootElement, JsonDocument.Parse(expected).RootElement, "$");

    private static void AssertSame(JsonElement actual, JsonElement expected, string path)
    {
        Assert.That(actual.ValueKind, Is.EqualTo(expected.ValueKind), path);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.That(actual.EnumerateObject().Select(p => p.Name), Is.EqualTo(expected.EnumerateObject().Select(p => p.Name)), path);
                foreach (var property in expected.EnumerateObject())
                    AssertSame(actual.GetProperty(property.Name), property.Value, path + "." + property.Name);
                break;
            case JsonValueKind.Array:
                Assert.That(actual.GetArrayLength(), Is.EqualTo(expected.GetArrayLength()), path);
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    AssertSame(actual[i], expected[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                var e = expected.GetDouble();
                Assert.That(actual.GetDouble(), Is.EqualTo(e).Within(1e-9 * Math.Max(1, Math.Abs(e))), path);
                break;
            default:
                Assert.That(actual.ToString(), Is.EqualTo(expected.ToString()), path);
                break;
        }
    }
}
