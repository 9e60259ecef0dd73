using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Membership;

/// <summary>Membership over in-memory ports, wired into the points award and Core's door as the hosts wire it.</summary>
public sealed class MembershipHarness : IMembershipObserver, IMembershipProducts
{
    public static readonly StoreId Store1 = new(1);
    public const int MembershipProduct = 500;
    public static readonly DateTime T0 = new(2026, 1, 10, 9, 0, 0, DateTimeKind.Utc);

    public InMemoryPointsLedger Ledger { get; } = new();
    public InMemoryLoyaltySettingsStore Settings { get; } = new();
    public InMemoryStoreData Store { get; } = new();
    public TestClock Clock { get; } = new(T0);
    public InMemoryTables.InMemoryTable<MembershipRow> Table { get; } = new InMemoryTables().Table<MembershipRow>();
    public MembershipProgram Program { get; }
    public StoreEvents Door { get; }
    public LoyaltyViews Views { get; }
    public List<MembershipChanged> Changes { get; } = new();
    public RecordingWorkflowTriggers Triggers { get; } = new();
    public MembershipCycle Cycle { get; set; } = MembershipCycle.Monthly;

    public MembershipHarness(MembershipSettings? membership = null, IReadOnlyList<TierDefinition>? tiers = null)
    {
        Use(membership ?? On(), tiers);
        var runner = new InMemoryQueryRunner();
        Program = new MembershipProgram(new MembershipStore(Table, runner), Settings, this, Store, runner, this, Clock);
        var observer = new InMemoryLoyaltyObserver();
        var tierEvaluation = new TierEvaluation(new InMemoryTierStandingStore(), Store, runner, observer);
        var loyalty = new LoyaltyEvents(Ledger, Settings, tierEvaluation, Store, runner, observer, Clock, Program);
        Door = new StoreEvents(loyalty, null, Triggers, membership: Program);
        Views = new LoyaltyViews(Ledger, new InMemoryLedgerData(Ledger), Settings, tierEvaluation, runner, Clock, Program);
    }

    public static MembershipSettings On(int graceDays = 7, decimal multiplier = 2m) => new()
    {
        Enabled = true, ProductId = MembershipProduct, GraceDays = graceDays, DiscountPercent = 5m, FreeShipping = true, PointsMultiplier = multiplier,
    };

    public void Use(MembershipSettings membership, IReadOnlyList<TierDefinition>? tiers = null)
    {
        var result = Settings.SaveAsync(Store1, new LoyaltySettings
        {
            ActivationDelayDays = 0, Expiry = ExpiryMode.Never, ExpiryMonths = 0, PointsPerCurrencyUnit = 1m, CurrencyPerPoint = 0.01m,
            Tiers = tiers ?? Array.Empty<TierDefinition>(), Membership = membership,
        }).GetAwaiter().GetResult();
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    /// <summary>A paid order at the clock's instant: the membership product (price 10) when <paramref name="membership"/>, else a product of <paramref name="amount"/>.</summary>
    public EarnOrder Paid(int id, int customer = 7, bool membership = true, decimal amount = 10m)
    {
        var now = Clock.UtcNow;
        Store.OrderList.Add(new OrderFact
        {
            Id = id, StoreId = 1, CustomerId = customer, CreatedOnUtc = now, PaidDateUtc = now, OrderStatusId = (int)OrderState.Complete,
            PaymentStatusId = (int)PaymentState.Paid, OrderTotal = amount, OrderSubtotalExclTax = amount,
        });
        if (Store.CustomerList.All(c => c.Id != customer))
            Store.CustomerList.Add(new CustomerFact { Id = customer, Email = $"c{customer}@example.com", Active = true, RegisteredInStoreId = 1 });
        return new EarnOrder(Store1, new CustomerId(customer), id, now, [new EarnLine(membership ? MembershipProduct : 100, 1, amount)]);
    }

    public Task PayAsync(int id, int customer = 7, bool membership = true, decimal amount = 10m, MemberSaving? perks = null) =>
        Door.OrderPaidAsync(Paid(id, customer, membership, amount), null, default, perks);

    public Task RefundAllAsync(int id, int customer = 7, decimal amount = 10m) =>
        Door.OrderRefundedAsync(new OrderRefund(Store1, new CustomerId(customer), id, amount, amount));

    public Task<MemberStatus> StatusAsync(int customer = 7) => Program.StatusAsync(Store1, new CustomerId(customer));

    public void At(DateTime utc) => Clock.UtcNow = utc;

    public Task MembershipChangedAsync(MembershipChanged change, CancellationToken cancellationToken = default)
    {
        Changes.Add(change);
        return Task.CompletedTask;
    }

    public Task<MembershipCycle?> CycleOfAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
        Task.FromResult<MembershipCycle?>(productId == MembershipProduct ? Cycle : null);
}
