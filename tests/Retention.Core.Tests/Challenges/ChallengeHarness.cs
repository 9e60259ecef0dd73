using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Challenges;

/// <summary>The challenge classes over in-memory ports, with the ports at hand for arranging and asserting.</summary>
public sealed class ChallengeHarness
{
    public static readonly DateTime T0 = new(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc);
    public static readonly StoreId Store1 = new(1);
    public const int Anna = 7;

    public InMemoryStoreData Store { get; } = new();
    public InMemoryTables Tables { get; } = new();
    public InMemoryChallengeFacts Catalog { get; }
    public InMemoryPointsLedger Ledger { get; } = new();
    public InMemoryLoyaltySettingsStore LoyaltySettings { get; } = new();
    public InMemoryTierStandingStore Standings { get; } = new();
    public InMemoryChallengeSettingsStore Settings { get; } = new();
    public InMemoryCouponIssuer Coupons { get; } = new();
    public InMemoryLoyaltyObserver Observer { get; } = new();
    public TestClock Clock { get; } = new(T0);
    public ReferralStore Referrals { get; }
    public ChallengeStore Records { get; }
    public ChallengeProgress Progress { get; }
    public ChallengeEvents Events { get; }
    public ChallengeViews Views { get; }
    private int _nextLine = 1;

    public ChallengeHarness(int activationDelayDays = 0)
    {
        var runner = new InMemoryQueryRunner();
        Catalog = new InMemoryChallengeFacts(Tables);
        Referrals = new ReferralStore(Tables.Table<ReferralRow>(), runner, Clock);
        Records = new ChallengeStore(Tables.Table<ChallengeRecordRow>(), runner, Clock);
        Progress = new ChallengeProgress(new ChallengeSources(Store, Catalog), runner);
        var rewards = new ChallengeRewards(Records, Ledger, Observer, Coupons, Clock);
        Events = new ChallengeEvents(Progress, rewards, Records, Settings, LoyaltySettings, Standings, Referrals, Store, runner, Clock);
        Views = new ChallengeViews(Progress, Records, Settings, Store, runner, Clock);
        Assert.That(LoyaltySettings.SaveAsync(Store1, new LoyaltySettings { ActivationDelayDays = activationDelayDays, Expiry = ExpiryMode.Never, ExpiryMonths = 0 })
            .GetAwaiter().GetResult().IsValid);
        Settings.Categories.UnionWith([1, 2, 3, 4]);
    }

    /// <summary>Challenges on, with these definitions (validated as an admin's save would be).</summary>
    public void Use(params ChallengeDefinition[] challenges)
    {
        var result = Settings.SaveAsync(Store1, new ChallengeSettings { Enabled = true, Challenges = challenges }).GetAwaiter().GetResult();
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    public static ChallengeDefinition Challenge(ChallengeGoal goal, decimal target, int id = 1, ChallengeReward reward = ChallengeReward.Points, int points = 100,
        string name = "Summer", bool leaderboard = false, params int[] categories) => new()
    {
        Id = id, Name = name, StartDate = new DateOnly(2026, 6, 1), EndDate = new DateOnly(2026, 8, 31), Goal = goal, Target = target,
        CategoryIds = categories, Reward = reward, RewardPoints = reward == ChallengeReward.Points ? points : 0,
        CouponAmount = reward == ChallengeReward.Coupon ? 5m : 0m, Leaderboard = leaderboard,
    };

    public CustomerFact Customer(int id, string? first = null, string? last = null, DateTime? created = null)
    {
        var customer = new CustomerFact
        {
            Id = id, Email = $"c{id}@example.com", FirstName = first, LastName = last, RegisteredInStoreId = 1, Active = true,
            CreatedOnUtc = created ?? T0.AddMonths(-2), LastActivityDateUtc = T0,
        };
        Store.CustomerList.Add(customer);
        return customer;
    }

    /// <summary>A paid order of <paramref name="customer"/> at <paramref name="paid"/> (now by default), one line per product.</summary>
    public OrderFact PaidOrder(int id, decimal total, int customer = Anna, DateTime? paid = null, params int[] products)
    {
        var at = paid ?? Clock.UtcNow;
        var order = new OrderFact
        {
            Id = id, StoreId = 1, CustomerId = customer, CreatedOnUtc = at, PaidDateUtc = at, OrderStatusId = (int)OrderState.Processing,
            PaymentStatusId = (int)PaymentState.Paid, OrderSubtotalExclTax = total, OrderTotal = total,
        };
        Store.OrderList.Add(order);
        foreach (var product in products)
            Store.OrderLineList.Add(new OrderLineFact { Id = _nextLine++, OrderId = id, ProductId = product, Quantity = 1, PriceExclTax = total / products.Length });
        return order;
    }

    public Task<ChallengeOutcome> PaidAsync(int customer = Anna) => Events.OrderPaidAsync(Store1, new CustomerId(customer));

    public Task<IReadOnlyList<ChallengeRecord>> RecordsAsync(int customer = Anna) => Records.OfCustomerAsync(Store1, new CustomerId(customer));

    /// <summary>The customer's completion records (not badges or opt-ins).</summary>
    public async Task<IReadOnlyList<ChallengeRecord>> CompletionsAsync(int customer = Anna) =>
        (await RecordsAsync(customer)).Where(r => r.Kind == ChallengeRecordKind.Completion).ToList();

    public Task<IReadOnlyList<LedgerEntry>> EntriesAsync(int customer = Anna) => Ledger.GetEntriesAsync(Store1, new CustomerId(customer));

    public Task<decimal> ScoreAsync(ChallengeDefinition challenge, int customer = Anna)
    {
        var (start, end) = challenge.WindowUtc(Settings.Zone);
        return Progress.ScoreAsync(Store1, challenge, start, end, new CustomerId(customer));
    }

    /// <summary>The door with loyalty off and the challenges on.</summary>
    public StoreEvents Door() => new(null, null, new RecordingWorkflowTriggers(), challenges: Events);
}

/// <summary>Core's challenge store over the in-memory table.</summary>
public sealed class TableChallengeStoreContract : ChallengeStoreContract
{
    protected override Task<ChallengeStore> CreateAsync() => Task.FromResult(
        new ChallengeStore(new InMemoryTables().Table<ChallengeRecordRow>(), new InMemoryQueryRunner(), new TestClock(Retention.Testing.Builders.Build.Epoch)));
}

/// <summary>Core's challenge progress over LINQ to objects.</summary>
public sealed class InMemoryChallengeProgressContract : ChallengeProgressContract
{
    protected override Task<ChallengeProgress> CreateWithAsync(Retention.Testing.Contracts.StoreSeed store, ChallengeSeed challenges)
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(store.Customers);
        data.OrderList.AddRange(store.Orders);
        data.OrderLineList.AddRange(store.OrderLines);
        data.ProductReviewList.AddRange(store.ProductReviews);
        var tables = new InMemoryTables();
        var facts = new InMemoryChallengeFacts(tables);
        facts.List.AddRange(challenges.ProductCategories);
        foreach (var r in challenges.Referrals) tables.Table<ReferralRow>().TryInsertAsync(r, x => x.StoreReferredKey == r.StoreReferredKey).GetAwaiter().GetResult();
        foreach (var a in challenges.SurveyAnswers) tables.Table<SurveyAnswerRow>().TryInsertAsync(a, x => x.AnswerKey == a.AnswerKey).GetAwaiter().GetResult();
        return Task.FromResult(new ChallengeProgress(new ChallengeSources(data, facts), new InMemoryQueryRunner()));
    }

    protected override Task<int> CountAsync(ChallengeProgress progress, IQueryable<int> query) => new InMemoryQueryRunner().CountAsync(query);
}
