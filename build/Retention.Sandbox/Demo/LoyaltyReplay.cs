using Retention.Core.Loyalty.Cards;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Demo;

/// <summary>What the replay wrote.</summary>
/// <param name="CardRaises">The orders of the workflow history's days that raised the buyer's discount card: the level-up emails.</param>
public sealed record LoyaltyReplayResult(int Events, int LedgerEntries, int TierHolders, int TierChanges, TimeSpan Elapsed,
    IReadOnlyList<CardRaise>? CardRaises = null);

/// <summary>An order raised the customer's discount card to <paramref name="Percent"/> at <paramref name="AtUtc"/>.</summary>
public sealed record CardRaise(int Customer, decimal Percent, DateTime AtUtc);

/// <summary>
/// Gives the demo store a loyalty history: every customer's events (registration, paid orders with some points spent,
/// refunds and cancellations, approved reviews, month-end nightly runs) replayed through Core's door for store events
/// (<see cref="StoreEvents"/>) with a clock walking through the history, so balances, pending points, tiers, expiries
/// and birthday bonuses are what the program itself would have produced.
/// </summary>
/// <remarks>
/// One customer's points never depend on another's (the demo has no referrals), so customers are replayed in batches,
/// each over in-memory ports holding only that batch's rows, and each batch's results are bulk-loaded on one connection.
/// That keeps 20,000 customers at a few seconds; a round trip per event would take minutes. The same demo store always
/// replays to the same ledger: events are ordered by time, then kind, then id, and nothing reads the wall clock.
/// <para>
/// The door's workflow side is <see cref="PastWorkflows"/>: a welcome, a review request or a tier-up email for a day long
/// gone is not sent now, so history starts no workflow and makes no email (a live upgrade's email is the tier-up
/// workflow's, the one way a tier email is made).
/// </para>
/// </remarks>
public static class LoyaltyReplay
{
    public const int BatchSize = 1000;
    private const int Store = DemoStoreGenerator.StoreId;

    private enum Kind
    {
        Registration = 0,
        Review = 1,
        Refund = 2,
        OrderPaid = 3,
        Nightly = 4,
    }

    private readonly record struct Event(DateTime AtUtc, Kind Kind, int Id);

    /// <summary>Saves the demo settings, replays <paramref name="content"/>'s history up to <paramref name="asOfUtc"/> and loads the results.</summary>
    public static async Task<LoyaltyReplayResult> RunAsync(SandboxDatabase database, StoreContent content, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var settings = DemoLoyalty.Settings(asOfUtc);
        var saved = await new EfLoyaltySettingsStore(database).SaveAsync(new StoreId(Store), settings, cancellationToken);
        if (!saved.IsValid)
            throw new InvalidOperationException("The demo loyalty settings are invalid: " + string.Join("; ", saved.Errors.Select(e => $"{e.Field}: {e.Message}")));

        var categories = content.Products.ToDictionary(p => p.Id, p => p.Category);
        var linesByOrder = content.OrderLines.ToLookup(l => l.OrderId);
        var ordersByCustomer = content.Orders.ToLookup(o => o.CustomerId);
        var reviewsByCustomer = content.ProductReviews.ToLookup(r => r.CustomerId);
        var monthEnds = MonthEnds(content, asOfUtc);

        // Customers never affect each other, so batches are replayed side by side on the machine's cores (each over its own
        // in-memory ports) and loaded one after the other in id order: the same rows, in the same order, as one at a time.
        var batches = content.Customers.OrderBy(c => c.Id).Chunk(BatchSize).ToList();
        using var cores = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
        var replays = batches.Select(batch => Task.Run(async () =>
        {
            await cores.WaitAsync(cancellationToken);
            try
            {
                return await ReplayBatchAsync(batch, settings, categories, linesByOrder, ordersByCustomer, reviewsByCustomer, monthEnds, asOfUtc, cancellationToken);
            }
            finally
            {
                cores.Release();
            }
        }, cancellationToken)).ToList();
        int events = 0, entries = 0, holders = 0, changes = 0;
        var raises = new List<CardRaise>();
        foreach (var replay in replays)
        {
            var (eventCount, rows, standings, tierRows, cardRows, cardRaises) = await replay;
            events += eventCount;
            raises.AddRange(cardRaises);
            await BulkLoader.LoadRowsAsync(database, new (Type, System.Collections.IList)[]
            {
                (typeof(PointsEntryRow), rows),
                (typeof(TierStandingRow), standings),
                (typeof(TierChangeRow), tierRows),
                (typeof(CardStandingRow), cardRows),
            }, cancellationToken);
            entries += rows.Count;
            holders += standings.Count(s => s.Tier != null);
            changes += tierRows.Count;
        }
        return new LoyaltyReplayResult(events, entries, holders, changes, watch.Elapsed, raises);
    }

    /// <summary>One batch's history through Core's door over in-memory ports: the events replayed and the rows to load.</summary>
    private static async Task<(int Events, List<PointsEntryRow> Ledger, List<TierStandingRow> Standings, List<TierChangeRow> TierChanges, List<CardStandingRow> Cards,
        List<CardRaise> CardRaises)>
        ReplayBatchAsync(CustomerFact[] batch, LoyaltySettings settings, Dictionary<int, string> categories, ILookup<int, OrderLineFact> linesByOrder,
            ILookup<int, OrderFact> ordersByCustomer, ILookup<int, ProductReviewFact> reviewsByCustomer, IReadOnlyList<DateTime> monthEnds, DateTime asOfUtc,
            CancellationToken cancellationToken)
    {
        var ports = new BatchPorts(settings);
        foreach (var customer in batch)
        {
            ports.Store.Customers.Add(customer);
            foreach (var order in ordersByCustomer[customer.Id])
            {
                ports.Store.Orders.Add(order);
                ports.Store.OrderLines.AddRange(linesByOrder[order.Id]);
            }
            ports.Store.Reviews.AddRange(reviewsByCustomer[customer.Id]);
        }
        var tiers = new TierEvaluation(ports.Standings, ports.Store, ports.Store, ports.Observer);
        var views = new LoyaltyViews(ports.Ledger, ports.Ledger, ports.Settings, tiers, ports.Store, ports.Clock);
        var past = new PastWorkflows();
        var door = new StoreEvents(new LoyaltyEvents(ports.Ledger, ports.Settings, tiers, ports.Store, ports.Store, ports.Observer, ports.Clock),
            new LoyaltyNightly(ports.Ledger, ports.Ledger, ports.Settings, tiers, ports.Store, ports.Store, ports.Observer, ports.Clock), past);

        var timeline = Timeline(ports.Store, monthEnds, asOfUtc);
        var orders = ports.Store.Orders.ToDictionary(o => o.Id);
        var reviews = ports.Store.Reviews.ToDictionary(r => r.Id);
        foreach (var e in timeline)
        {
            ports.Clock.UtcNow = e.AtUtc;
            switch (e.Kind)
            {
                case Kind.Registration:
                    await door.CustomerRegisteredAsync(new StoreId(Store), new CustomerId(e.Id), e.AtUtc, cancellationToken);
                    break;
                case Kind.OrderPaid:
                    await PayAsync(door, views, settings, orders[e.Id], linesByOrder[e.Id], categories, cancellationToken);
                    break;
                case Kind.Refund:
                    var refunded = orders[e.Id];
                    var cancelled = refunded.OrderStatusId == (int)OrderState.Cancelled || refunded.RefundedAmount >= refunded.OrderTotal;
                    await door.OrderRefundedAsync(new OrderRefund(new StoreId(Store), new CustomerId(refunded.CustomerId), refunded.Id,
                        refunded.OrderTotal, refunded.RefundedAmount, cancelled), cancellationToken);
                    break;
                case Kind.Review:
                    var review = reviews[e.Id];
                    await door.ReviewApprovedAsync(new StoreId(Store), new CustomerId(review.CustomerId), review.Id, cancellationToken);
                    break;
                case Kind.Nightly:
                    // Tier holders are re-evaluated (downgrades after grace) at quarter ends and on the last night;
                    // every order re-evaluates its buyer anyway. Monthly sweeps of every holder tripled the replay's time.
                    ports.Standings.ListHolders = e.AtUtc.AddHours(1).Month % 3 == 1 || e.AtUtc.AddDays(1) >= asOfUtc;
                    await door.LoyaltyNightAsync(new StoreId(Store), DateOnly.FromDateTime(e.AtUtc), BatchSize, cancellationToken);
                    break;
            }
        }

        var rows = ports.Ledger.Rows();
        var standings = ports.Standings.Rows();
        var tierRows = ports.Observer.Changes.Select(SandboxLoyaltyObserver.ToRow).ToList();
        var cardRows = CardStandings(ports.Store, batch, settings.Card, asOfUtc);
        var cardRaises = CardRaises(ports.Store, batch, settings.Card, asOfUtc.AddDays(-DemoWorkflowHistory.HistoryDays), asOfUtc);
        return (timeline.Count, rows, standings, tierRows, cardRows, cardRaises);
    }

    /// <summary>
    /// The discount card where the history leaves each customer of the batch: Core's rule over Core's counted-order query,
    /// judged once at the end (the card's standing is recomputed from the orders, so the path there does not matter).
    /// </summary>
    /// <summary>
    /// The paid orders since <paramref name="fromUtc"/> after which Core's card rule gives the buyer a higher level than just
    /// before (the decay after days without an order included), as the live checkout's re-evaluation would have announced them.
    /// </summary>
    private static List<CardRaise> CardRaises(BatchStore store, IEnumerable<CustomerFact> customers, CardSettings card, DateTime fromUtc, DateTime asOfUtc)
    {
        var raises = new List<CardRaise>();
        if (!card.Enabled)
            return raises;
        decimal PercentAt(int customer, DateTime at) =>
            CardRules.Evaluate(card, store.ToListAsync(LoyaltyQueries.CardOrders(store, Store, customer, CardRules.WindowStart(card, at), at)).Result
                .Select(o => new TierOrder(o.PaidUtc, o.Amount)), at).Level?.Percent ?? 0m;
        var ids = customers.Select(c => c.Id).ToHashSet();
        foreach (var order in store.Orders.Where(o => ids.Contains(o.CustomerId) && o.PaidDateUtc is { } paid && paid >= fromUtc && paid < asOfUtc)
                     .OrderBy(o => o.CustomerId).ThenBy(o => o.PaidDateUtc).ThenBy(o => o.Id))
        {
            var at = order.PaidDateUtc!.Value;
            var after = PercentAt(order.CustomerId, at);
            if (after > 0m && after > PercentAt(order.CustomerId, at.AddSeconds(-1)))
                raises.Add(new CardRaise(order.CustomerId, after, at));
        }
        return raises;
    }

    private static List<CardStandingRow> CardStandings(BatchStore store, IEnumerable<CustomerFact> customers, CardSettings card, DateTime asOfUtc)
    {
        var rows = new List<CardStandingRow>();
        if (!card.Enabled)
            return rows;
        var from = CardRules.WindowStart(card, asOfUtc);
        foreach (var customer in customers)
        {
            // Through the batch's runner, which compiles the query's shape once: enumerating the IQueryable compiled it for every customer.
            var orders = store.ToListAsync(LoyaltyQueries.CardOrders(store, Store, customer.Id, from, asOfUtc)).Result.Select(o => new TierOrder(o.PaidUtc, o.Amount));
            if (CardRules.Evaluate(card, orders, asOfUtc).Level is not { } level)
                continue;
            rows.Add(new CardStandingRow
            {
                StoreCustomerKey = TierStandingRow.KeyOf(Store, customer.Id), StoreId = Store, CustomerId = customer.Id, Threshold = level.Threshold,
                Percent = level.Percent, UpdatedOnUtc = asOfUtc,
            });
        }
        return rows;
    }

    /// <summary>Every fourth paid order spends what the customer may (the demo's shoppers use their points now and then).</summary>
    private static async Task PayAsync(StoreEvents door, LoyaltyViews views, LoyaltySettings settings, OrderFact order, IEnumerable<OrderLineFact> lines,
        IReadOnlyDictionary<int, string> categories, CancellationToken cancellationToken)
    {
        var store = new StoreId(Store);
        var customer = new CustomerId(order.CustomerId);
        var paidWithPoints = 0m;
        if (order.Id % 4 == 0)
        {
            var allowance = await views.AllowanceAsync(store, customer, order.OrderTotal, cancellationToken);
            if (allowance.MaxPoints > 0)
            {
                await door.PointsSpentAsync(store, customer, order.Id, allowance.MaxPoints, cancellationToken);
                paidWithPoints = allowance.MaxPoints * settings.CurrencyPerPoint;
            }
        }
        var earnLines = lines.Select(l => DemoLoyalty.Line(l, categories.GetValueOrDefault(l.ProductId))).ToList();
        var earn = new EarnOrder(store, customer, order.Id, order.PaidDateUtc!.Value, earnLines,
            order.OrderSubTotalDiscountExclTax, order.OrderShippingExclTax, order.OrderTax, paidWithPoints);
        await door.OrderPaidAsync(earn, null, cancellationToken);
    }

    /// <summary>The batch's events in the order they happened; ties broken by kind, then id, so a replay is repeatable.</summary>
    private static List<Event> Timeline(BatchStore store, IReadOnlyList<DateTime> monthEnds, DateTime asOfUtc)
    {
        var timeline = new List<Event>();
        foreach (var c in store.Customers)
            timeline.Add(new Event(c.CreatedOnUtc, Kind.Registration, c.Id));
        foreach (var o in store.Orders.Where(o => o.PaidDateUtc != null && o.PaidDateUtc < asOfUtc))
        {
            timeline.Add(new Event(o.PaidDateUtc!.Value, Kind.OrderPaid, o.Id));
            // Refunds come a week or two after payment (a return), cancellations of paid orders within days.
            var refunded = o.RefundedAmount > 0m || o.OrderStatusId == (int)OrderState.Cancelled;
            var at = o.PaidDateUtc.Value.AddDays(o.OrderStatusId == (int)OrderState.Cancelled ? 2 : 7 + o.Id % 8);
            if (refunded && at < asOfUtc)
                timeline.Add(new Event(at, Kind.Refund, o.Id));
        }
        // Reviews are approved by the shop a day after they are written.
        foreach (var r in store.Reviews.Where(r => r.IsApproved && r.CreatedOnUtc.AddDays(1) < asOfUtc))
            timeline.Add(new Event(r.CreatedOnUtc.AddDays(1), Kind.Review, r.Id));
        foreach (var night in monthEnds)
            timeline.Add(new Event(night, Kind.Nightly, 0));
        return timeline.OrderBy(e => e.AtUtc).ThenBy(e => e.Kind).ThenBy(e => e.Id).ToList();
    }

    /// <summary>23:00 UTC on the last day of every month of the history, and on the eve of the as-of date.</summary>
    private static List<DateTime> MonthEnds(StoreContent content, DateTime asOfUtc)
    {
        var first = content.Customers.Count == 0 ? asOfUtc : content.Customers.Min(c => c.CreatedOnUtc);
        var nights = new List<DateTime>();
        for (var month = new DateTime(first.Year, first.Month, 1, 0, 0, 0, DateTimeKind.Utc); ; month = month.AddMonths(1))
        {
            var night = month.AddMonths(1).AddHours(-1);
            if (night >= asOfUtc)
                break;
            nights.Add(night);
        }
        var eve = asOfUtc.Date.AddHours(-1);
        if (eve > first && !nights.Contains(eve))
            nights.Add(DateTime.SpecifyKind(eve, DateTimeKind.Utc));
        return nights;
    }

    // --- the batch's in-memory ports: the same contracts as the ports the sandbox runs on, over one batch's rows ---
    // The ledger and the standings keep what Core's PointsLedgerStore and TierStandingStore keep (an entry once per key,
    // one standing per customer, the last save winning) in a key set and dictionaries indexed by customer: Core's stores
    // over a list table would scan all of the batch's lines for every append and every balance. Their rows are Core's
    // rows, made by Core's mapping.

    private sealed class BatchPorts
    {
        public BatchPorts(LoyaltySettings settings)
        {
            Settings = new FixedSettings(settings);
            Standings = new BatchStandings(Clock);
        }

        public ReplayClock Clock { get; } = new();
        public BatchStore Store { get; } = new();
        public BatchLedger Ledger { get; } = new();
        public FixedSettings Settings { get; }
        public BatchStandings Standings { get; }
        public RecordingObserver Observer { get; } = new();
    }

    private sealed class ReplayClock : IClock
    {
        public DateTime UtcNow { get; set; }
    }

    private sealed class BatchStore : IStoreData, IQueryRunner
    {
        public List<OrderFact> Orders { get; } = new();
        public List<OrderLineFact> OrderLines { get; } = new();
        public List<CustomerFact> Customers { get; } = new();
        public List<ProductReviewFact> Reviews { get; } = new();

        IQueryable<OrderFact> IStoreData.Orders => Orders.AsQueryable();
        IQueryable<OrderLineFact> IStoreData.OrderLines => OrderLines.AsQueryable();
        IQueryable<CustomerFact> IStoreData.Customers => Customers.AsQueryable();
        IQueryable<CartItemFact> IStoreData.CartItems => Enumerable.Empty<CartItemFact>().AsQueryable();
        IQueryable<ProductReviewFact> IStoreData.ProductReviews => Reviews.AsQueryable();

        private readonly CachedLinqRunner _runner = new();

        public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => _runner.ToListAsync(query, cancellationToken);

        public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default) => _runner.CountAsync(query, cancellationToken);
    }

    private sealed class BatchLedger : IPointsLedger, ILedgerData
    {
        private readonly List<LedgerEntry> _entries = new();
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly Dictionary<int, List<LedgerEntry>> _byCustomer = new();

        public IQueryable<LedgerEntryFact> Entries => _entries.Select(e => new LedgerEntryFact
        {
            StoreId = e.Store.Value, CustomerId = e.Customer.Value, Points = e.Points, ReasonId = (int)e.Reason,
            CreatedUtc = e.CreatedUtc, ActivatesUtc = e.ActivatesUtc, ExpiresUtc = e.ExpiresUtc,
        }).AsQueryable();

        public Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
        {
            if (!_keys.Add(entry.Key.Value))
                return Task.FromResult(false);
            _entries.Add(entry);
            if (!_byCustomer.TryGetValue(entry.Customer.Value, out var list))
                _byCustomer[entry.Customer.Value] = list = new List<LedgerEntry>();
            list.Add(entry);
            return Task.FromResult(true);
        }

        public Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>(_byCustomer.TryGetValue(customer.Value, out var list)
                ? list.Where(e => e.Store == store).OrderBy(e => e.CreatedUtc).ToList()
                : new List<LedgerEntry>());

        public async Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default)
        {
            var entries = await GetEntriesAsync(store, customer, cancellationToken);
            return new PointsBalance(entries.Where(e => e.ActivatesUtc <= asOfUtc).Sum(e => (long)e.Points), entries.Where(e => e.ActivatesUtc > asOfUtc).Sum(e => (long)e.Points));
        }

        /// <summary>The lines in the order they were appended, which is the order they get their ids in.</summary>
        public List<PointsEntryRow> Rows() => _entries.Select(PointsLedgerStore.ToRow).ToList();
    }

    private sealed class FixedSettings(LoyaltySettings settings) : ILoyaltySettingsStore
    {
        public Task<LoyaltySettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default) => Task.FromResult(settings);

        public Task<ValidationResult> SaveAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The replay does not change settings.");
    }

    private sealed class BatchStandings(IClock clock) : ITierStandingStore
    {
        private readonly SortedDictionary<int, (TierStanding Standing, DateTime SavedUtc)> _standings = new();

        /// <summary>False on the nights the replay skips the holders' re-evaluation.</summary>
        public bool ListHolders { get; set; } = true;

        public Task<TierStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
            Task.FromResult(_standings.TryGetValue(customer.Value, out var saved) ? saved.Standing : new TierStanding(null));

        public Task SaveAsync(StoreId store, CustomerId customer, TierStanding standing, CancellationToken cancellationToken = default)
        {
            _standings[customer.Value] = (standing, clock.UtcNow);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<CustomerId>>(!ListHolders ? Array.Empty<CustomerId>() : _standings.Where(s => s.Key > afterCustomerId && s.Value.Standing.Tier != null).Take(take).Select(s => new CustomerId(s.Key)).ToList());

        public List<TierStandingRow> Rows() => _standings.Select(s => new TierStandingRow
        {
            StoreCustomerKey = TierStandingRow.KeyOf(Store, s.Key), StoreId = Store, CustomerId = s.Key, Tier = s.Value.Standing.Tier,
            BelowSinceUtc = s.Value.Standing.BelowSinceUtc, UpdatedOnUtc = s.Value.SavedUtc,
        }).ToList();
    }

    /// <summary>The door's workflow side during the replay: history starts no workflow (its days are gone).</summary>
    private sealed class PastWorkflows : IWorkflowTriggers
    {
        public Task OrderPlacedAsync(PlacedOrder order, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task OrderDeliveredAsync(StoreId store, CustomerId customer, int orderId, DateTime deliveredUtc, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task CustomerRegisteredAsync(StoreId store, CustomerId customer, DateTime registeredUtc, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task NewsletterSubscribedAsync(StoreId store, CustomerId customer, DateTime subscribedUtc, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task NewsletterUnsubscribedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CustomerDeletedAsync(CustomerId customer, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CashbackPaidAsync(Retention.Core.Cashback.CashbackPaid paid, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class RecordingObserver : ILoyaltyObserver
    {
        public List<TierChanged> Changes { get; } = new();

        public Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
        {
            Changes.Add(change);
            return Task.CompletedTask;
        }
    }
}
