using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>The loyalty classes (<see cref="LoyaltyEvents"/>, <see cref="LoyaltyNightly"/>, <see cref="LoyaltyViews"/>) over in-memory ports, with the ports at hand for arranging and asserting.</summary>
public sealed class ProgramHarness
{
    public InMemoryPointsLedger Ledger { get; } = new();
    public InMemoryLoyaltySettingsStore Settings { get; } = new();
    public InMemoryTierStandingStore Standings { get; } = new();
    public InMemoryStoreData Store { get; } = new();
    public InMemoryLoyaltyObserver Observer { get; } = new();
    public FixedClock Clock { get; }
    /// <summary>Customers whose ledger entries the program read, in order (a nightly run must read only candidates).</summary>
    public List<int> EntryReads { get; } = new();
    public TierEvaluation Tiers { get; }
    public LoyaltyEvents Events { get; }
    public LoyaltyNightly Nightly { get; }
    public LoyaltyViews Views { get; }
    /// <summary>What the workflows ask of loyalty, over <see cref="Events"/> and <see cref="Nightly"/>.</summary>
    public WorkflowLoyalty ForWorkflows { get; }

    public ProgramHarness(LoyaltySettings? settings = null, DateTime? now = null)
    {
        Clock = new FixedClock(now ?? T0);
        if (settings is not null) Use(settings);
        var ledger = new ReadRecordingLedger(Ledger, EntryReads);
        var runner = new InMemoryQueryRunner();
        Tiers = new TierEvaluation(Standings, Store, runner, Observer);
        Events = new LoyaltyEvents(ledger, Settings, Tiers, Store, runner, Observer, Clock);
        Nightly = new LoyaltyNightly(ledger, new InMemoryLedgerData(Ledger), Settings, Tiers, Store, runner, Observer, Clock);
        Views = new LoyaltyViews(ledger, new InMemoryLedgerData(Ledger), Settings, Tiers, runner, Clock);
        ForWorkflows = new WorkflowLoyalty(Events, Nightly);
    }

    public void Use(LoyaltySettings settings, StoreId? store = null)
    {
        var result = Settings.SaveAsync(store ?? Store1, settings).GetAwaiter().GetResult();
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    /// <summary>A paid order in the store's data (what the tier measure counts) and the same order as the earning rule sees it.</summary>
    public EarnOrder PaidOrder(int id, decimal total, int customer = 7, int store = 1)
    {
        Store.OrderList.Add(new OrderFact
        {
            Id = id, StoreId = store, CustomerId = customer, CreatedOnUtc = Clock.UtcNow, PaidDateUtc = Clock.UtcNow,
            OrderStatusId = (int)OrderState.Processing, PaymentStatusId = (int)PaymentState.Paid, OrderSubtotalExclTax = total, OrderTotal = total,
        });
        return new EarnOrder(new StoreId(store), new CustomerId(customer), id, Clock.UtcNow, [Line(total)]);
    }

    public CustomerFact Customer(int id, DateTime? dateOfBirth = null, int store = 1)
    {
        var customer = new CustomerFact
        {
            Id = id, Email = $"c{id}@example.com", DateOfBirth = dateOfBirth, RegisteredInStoreId = store, Active = true,
            CreatedOnUtc = Clock.UtcNow, LastActivityDateUtc = Clock.UtcNow,
        };
        Store.CustomerList.Add(customer);
        return customer;
    }

    /// <summary>A credited lot written straight to the ledger, for sweeps that start from an existing ledger.</summary>
    public async Task LotAsync(int customer, int points, DateTime created, DateTime? expires, int store = 1)
    {
        Assert.That(await Ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey($"lot:{store}:{customer}:{created.Ticks}:{points}"),
            Store = new StoreId(store), Customer = new CustomerId(customer), Points = points, Reason = LedgerReason.AdminAdjustment,
            Source = LedgerSource.Admin, CreatedUtc = created, ActivatesUtc = created, ExpiresUtc = expires, Actor = "test", Note = "seed",
        }), Is.True);
    }

    public Task<IReadOnlyList<LedgerEntry>> EntriesAsync(int customer = 7, int store = 1) =>
        Ledger.GetEntriesAsync(new StoreId(store), new CustomerId(customer));

    public Task<PointsBalance> BalanceAsync(int customer = 7, int store = 1) =>
        Ledger.GetBalanceAsync(new StoreId(store), new CustomerId(customer), Clock.UtcNow);

    private sealed class ReadRecordingLedger(IPointsLedger inner, List<int> reads) : IPointsLedger
    {
        public Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default) => inner.TryAppendAsync(entry, cancellationToken);

        public Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
        {
            lock (reads) reads.Add(customer.Value);
            return inner.GetEntriesAsync(store, customer, cancellationToken);
        }

        public Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default) =>
            inner.GetBalanceAsync(store, customer, asOfUtc, cancellationToken);
    }
}
