using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Core.Workflows;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Tests.Workflows;
using Retention.Core.Events;

namespace Retention.Sandbox.Tests.Loyalty;

// The sandbox's loyalty ports on each provider. Core's contract suites for these ports run beside them once they exist
// (tests/Retention.Testing/Contracts); these pin what the sandbox adds: the all-stores fallback, the observer's
// records and the indexes' keys.

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class SandboxLoyaltyPortTests(DatabaseProvider provider)
{
    private static readonly StoreId Store = new(1);
    private static readonly StoreId OtherStore = new(2);
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    [SetUp]
    public Task ClearAsync() => _db!.ClearAsync();

    private SandboxDatabase Database => _db!.Database;

    private static LoyaltySettings Tiered(decimal silver) => new()
    {
        PointsPerCurrencyUnit = 2m,
        RegistrationBonus = 50,
        Tiers = new[] { new TierDefinition("Bronze", 0m, 1m), new TierDefinition("Silver", silver, 1.25m) },
        ProductMultipliers = new Dictionary<int, decimal> { [7] = 3m },
        Promotions = new[] { new PromoMultiplier("Black Friday", new DateTime(2025, 11, 28, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc), 2m) },
    };

    [Test]
    public async Task Saved_settings_come_back_with_tiers_multipliers_and_promotions()
    {
        var store = new EfLoyaltySettingsStore(Database);
        var result = await store.SaveAsync(Store, Tiered(500m));
        Assert.That(result.IsValid, Is.True);

        var loaded = await store.LoadAsync(Store);
        Assert.That(loaded.PointsPerCurrencyUnit, Is.EqualTo(2m));
        Assert.That(loaded.Tiers, Is.EqualTo(Tiered(500m).Tiers));
        Assert.That(loaded.ProductMultipliers[7], Is.EqualTo(3m));
        Assert.That(loaded.Promotions.Single().Name, Is.EqualTo("Black Friday"));
    }

    [Test]
    public async Task Invalid_settings_are_rejected_whole_and_the_previous_ones_stay()
    {
        var store = new EfLoyaltySettingsStore(Database);
        await store.SaveAsync(Store, Tiered(500m));

        var bad = Tiered(0m) with { PointsPerCurrencyUnit = 99m, ActivationDelayDays = -1 };
        var result = await store.SaveAsync(Store, bad);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Field), Does.Contain(nameof(LoyaltySettings.ActivationDelayDays)));
        var loaded = await store.LoadAsync(Store);
        Assert.That(loaded.PointsPerCurrencyUnit, Is.EqualTo(2m), "nothing of the rejected settings may be written");
        Assert.That(loaded.Tiers[1].Threshold, Is.EqualTo(500m));
    }

    [Test]
    public async Task A_store_without_its_own_settings_uses_the_all_stores_values_and_then_its_own()
    {
        var store = new EfLoyaltySettingsStore(Database);
        Assert.That((await store.LoadAsync(OtherStore)).Tiers, Is.Empty, "defaults before anything is saved");

        await store.SaveAsync(new StoreId(EfLoyaltySettingsStore.AllStores), new LoyaltySettings { RegistrationBonus = 25 });
        Assert.That((await store.LoadAsync(OtherStore)).RegistrationBonus, Is.EqualTo(25));

        await store.SaveAsync(OtherStore, new LoyaltySettings { RegistrationBonus = 80 });
        Assert.That((await store.LoadAsync(OtherStore)).RegistrationBonus, Is.EqualTo(80));
        Assert.That((await store.LoadAsync(Store)).RegistrationBonus, Is.EqualTo(25));
    }

    [Test]
    public async Task Tier_standing_is_replaced_per_store_and_customer_and_holders_come_in_id_batches()
    {
        var standings = SandboxLoyaltyStores.TierStandings(Database, new SystemClock());
        var below = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        Assert.That(await standings.GetAsync(Store, new CustomerId(3)), Is.EqualTo(new TierStanding(null)));

        await standings.SaveAsync(Store, new CustomerId(3), new TierStanding("Silver"));
        await standings.SaveAsync(Store, new CustomerId(3), new TierStanding("Silver", below));
        await standings.SaveAsync(Store, new CustomerId(5), new TierStanding("Gold"));
        await standings.SaveAsync(Store, new CustomerId(8), new TierStanding(null));
        await standings.SaveAsync(Store, new CustomerId(9), new TierStanding("Bronze"));
        await standings.SaveAsync(OtherStore, new CustomerId(4), new TierStanding("Gold"));

        Assert.That(await standings.GetAsync(Store, new CustomerId(3)), Is.EqualTo(new TierStanding("Silver", below)));
        Assert.That(await standings.GetAsync(OtherStore, new CustomerId(3)), Is.EqualTo(new TierStanding(null)));
        Assert.That((await standings.HoldersAsync(Store, 0, 2)).Select(c => c.Value), Is.EqualTo(new[] { 3, 5 }));
        Assert.That((await standings.HoldersAsync(Store, 5, 2)).Select(c => c.Value), Is.EqualTo(new[] { 9 }), "a customer without a tier holds none");
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => standings.HoldersAsync(Store, 0, 0));
    }

    [Test]
    public async Task Concurrent_first_saves_of_one_standing_leave_one_row()
    {
        var standings = SandboxLoyaltyStores.TierStandings(Database, new SystemClock());
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => standings.SaveAsync(Store, new CustomerId(11), new TierStanding(i % 2 == 0 ? "Gold" : "Silver")))));
        await using var db = Database.CreateContext();
        Assert.That(await db.TierStandings.CountAsync(r => r.CustomerId == 11), Is.EqualTo(1));
    }

    [Test]
    public async Task The_first_referrer_recorded_wins_and_stores_are_apart()
    {
        var referrals = SandboxStores.Referrals(Database, new SystemClock());
        Assert.That(await referrals.TryRecordAsync(Store, new CustomerId(20), new CustomerId(2)), Is.True);
        Assert.That(await referrals.TryRecordAsync(Store, new CustomerId(20), new CustomerId(3)), Is.False);
        Assert.That(await referrals.TryRecordAsync(OtherStore, new CustomerId(20), new CustomerId(3)), Is.True);

        Assert.That(await referrals.ReferrerOfAsync(Store, new CustomerId(20)), Is.EqualTo(new CustomerId(2)));
        Assert.That(await referrals.ReferrerOfAsync(OtherStore, new CustomerId(20)), Is.EqualTo(new CustomerId(3)));
        Assert.That(await referrals.ReferrerOfAsync(Store, new CustomerId(21)), Is.Null);
    }

    [Test]
    public async Task Ledger_data_projects_every_line_for_aggregate_queries()
    {
        var ledger = SandboxLoyaltyStores.Ledger(Database);
        var t = new DateTime(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc);
        await ledger.TryAppendAsync(Entry("a", 3, 120, LedgerReason.Purchase, t, t.AddDays(14), t.AddMonths(13)));
        await ledger.TryAppendAsync(Entry("b", 3, -40, LedgerReason.Redemption, t.AddDays(20), t.AddDays(20), null));
        await ledger.TryAppendAsync(Entry("c", 4, 50, LedgerReason.RegistrationBonus, t, t, null));

        var data = SandboxLoyaltyStores.Ledger(Database);
        var perCustomer = await new EfQueryRunner().ToListAsync(data.Entries.Where(e => e.StoreId == 1)
            .GroupBy(e => e.CustomerId).Select(g => new { Customer = g.Key, Points = g.Sum(e => e.Points) }).OrderBy(x => x.Customer));
        Assert.That(perCustomer.Select(x => (x.Customer, x.Points)), Is.EqualTo(new[] { (3, 80), (4, 50) }));

        var purchase = (await new EfQueryRunner().ToListAsync(data.Entries.Where(e => e.ReasonId == (int)LedgerReason.Purchase))).Single();
        Assert.That((purchase.ActivatesUtc, purchase.ExpiresUtc, purchase.CreatedUtc), Is.EqualTo((t.AddDays(14), (DateTime?)t.AddMonths(13), t)));
    }

    [Test]
    public async Task Every_tier_change_is_recorded_and_the_observer_queues_no_email_itself()
    {
        await using (var db = Database.CreateContext())
        {
            db.Customers.Add(new CustomerFact { Id = 30, CustomerGuid = Guid.NewGuid(), FirstName = "Ada", LastName = "Byron", Email = "ada@example.com", Active = true, RegisteredInStoreId = 1 });
            await db.SaveChangesAsync();
        }
        var observer = new SandboxLoyaltyObserver(Database);
        var at = new DateTime(2026, 1, 20, 9, 0, 0, DateTimeKind.Utc);
        var up = new TierChanged(Store, new CustomerId(30), "Bronze", "Silver", TierChange.Upgraded, at);
        await observer.TierChangedAsync(up);
        await observer.TierChangedAsync(up);
        await observer.TierChangedAsync(new TierChanged(Store, new CustomerId(30), "Silver", "Bronze", TierChange.Downgraded, at.AddDays(90)));

        await using var check = Database.CreateContext();
        Assert.That(await check.Outbox.AsNoTracking().CountAsync(), Is.EqualTo(0), "the tier email is the tier-up workflow's (Core's door), never the observer's");
        var changes = await check.TierChanges.AsNoTracking().OrderBy(c => c.Id).Select(c => c.ChangeId).ToListAsync();
        Assert.That(changes, Is.EqualTo(new[] { (int)TierChange.Upgraded, (int)TierChange.Upgraded, (int)TierChange.Downgraded }));
    }

    [Test]
    public async Task Two_reports_of_one_upgrade_two_milliseconds_apart_enroll_one_tier_up_and_the_next_day_another()
    {
        await using (var db = Database.CreateContext())
        {
            db.Customers.Add(new CustomerFact { Id = 31, CustomerGuid = Guid.NewGuid(), FirstName = "Bo", Email = "bo@example.com", Active = true, RegisteredInStoreId = 1 });
            await db.SaveChangesAsync();
        }
        var at = new DateTime(2026, 1, 20, 9, 0, 0, DateTimeKind.Utc);
        var clock = new SandboxClock(at, at, () => at);
        var secret = LinkSigner.NewSecret();
        await using var first = new WorkflowRunner(Database, "tier-a", clock, d => SandboxLocks.For(d, clock), secret);
        await using var second = new WorkflowRunner(Database, "tier-b", clock, d => SandboxLocks.For(d, clock), secret);
        WorkflowTriggers TierStep(WorkflowRunner runner) =>
            new(runner.Workflows.Program, new EfWorkflowSettingsStore(runner.Database), SandboxStores.Enrollments(runner.Database), clock);

        // Two awards at once (two nodes, two orders) each saw the customer reach Bronze.
        await Task.WhenAll(
            TierStep(first).TierChangedAsync(
                new TierChanged(Store, new CustomerId(31), null, "Bronze", TierChange.Upgraded, at)),
            TierStep(second).TierChangedAsync(
                new TierChanged(Store, new CustomerId(31), null, "Bronze", TierChange.Upgraded, at.AddMilliseconds(2))));
        await TierStep(first).TierChangedAsync(
            new TierChanged(Store, new CustomerId(31), null, "Bronze", TierChange.Upgraded, at.AddDays(1)));

        await using var check = Database.CreateContext();
        var subjects = await check.Enrollments.AsNoTracking().Where(e => e.CustomerId == 31 && e.WorkflowId == (int)WorkflowKind.TierUp)
            .OrderBy(e => e.Id).Select(e => e.Subject).ToListAsync();
        Assert.That(subjects, Is.EqualTo(new[] { TierNotice.Subject("Bronze", at), TierNotice.Subject("Bronze", at.AddDays(1)) }));
    }

    private static LedgerEntry Entry(string key, int customer, int points, LedgerReason reason, DateTime created, DateTime activates, DateTime? expires) => new()
    {
        Key = new IdempotencyKey("test:" + key), Store = Store, Customer = new CustomerId(customer), Points = points, Reason = reason,
        Source = LedgerSource.Order, CreatedUtc = created, ActivatesUtc = activates, ExpiresUtc = expires,
    };
}
