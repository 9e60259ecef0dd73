using Nop.Core.Domain.Common;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Configuration;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Testing.InMemory;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Retention.Tests.Loyalty;

/// <summary>The bridge's tier roles and repair sweep, and the nightly task that runs both per store.</summary>
public class NativeBridgeTests
{
    private NopLoyaltyHarness _h;

    [SetUp]
    public void SetUp() => _h = new NopLoyaltyHarness();

    [Test]
    public async Task Tier_up_creates_the_tiers_role_on_demand_maps_the_customer_and_publishes_the_change()
    {
        var customer = _h.Customer(7);
        var change = new TierChanged(new StoreId(1), new CustomerId(7), null, "Gold", TierChange.Upgraded, NopLoyaltyHarness.Start);

        await _h.Bridge.TierChangedAsync(change);

        var role = _h.Roles.Single();
        Assert.That((role.SystemName, role.Active), Is.EqualTo(("Retention.Tier.Gold", true)));
        Assert.That(_h.RoleMappings.Select(m => (m.CustomerId, m.CustomerRoleId)), Is.EqualTo(new[] { (customer.Id, role.Id) }));
        Assert.That(_h.Published.Cast<RetentionTierChangedEvent>().Single().Change, Is.EqualTo(change));
    }

    [Test]
    public async Task Downgrade_moves_the_customer_from_the_old_tiers_role_to_the_new_one_and_reuses_existing_roles()
    {
        _h.Customer(7);
        await _h.Bridge.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), null, "Silver", TierChange.Upgraded, NopLoyaltyHarness.Start));
        await _h.Bridge.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), "Silver", "Gold", TierChange.Upgraded, NopLoyaltyHarness.Start));

        await _h.Bridge.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), "Gold", "Silver", TierChange.Downgraded, NopLoyaltyHarness.Start));

        Assert.That(_h.Roles.Select(r => r.SystemName), Is.EqualTo(new[] { "Retention.Tier.Silver", "Retention.Tier.Gold" }));
        Assert.That(_h.RoleMappings.Select(m => _h.Roles.Single(r => r.Id == m.CustomerRoleId).SystemName), Is.EqualTo(new[] { "Retention.Tier.Silver" }));
        Assert.That(_h.Published, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Downgrade_in_one_store_keeps_the_role_while_another_store_still_gives_that_tier()
    {
        _h.Customer(7);
        await _h.Bridge.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), null, "Gold", TierChange.Upgraded, NopLoyaltyHarness.Start));
        _h.TierRows.Add(new Nop.Plugin.Misc.Retention.Domain.RetentionTierStanding { Id = 1, StoreId = 2, CustomerId = 7, Tier = "Gold", StoreCustomerKey = "2:7" });

        await _h.Bridge.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), "Gold", null, TierChange.Downgraded, NopLoyaltyHarness.Start));

        Assert.That(_h.RoleMappings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Paid_order_that_reaches_a_tier_gives_the_customer_its_role()
    {
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { Tiers = [new TierDefinition("Gold", 50m, 2m)] });

        await _h.PaidAsync(_h.Order(10, customer: 7, lines: (1, 1, 100m)));

        Assert.That(_h.RoleMappings.Select(m => _h.Roles.Single(r => r.Id == m.CustomerRoleId).SystemName), Is.EqualTo(new[] { "Retention.Tier.Gold" }));
    }

    [Test]
    public async Task Sweep_mirrors_a_row_a_crash_left_unmirrored_once_and_only_after_the_grace_period()
    {
        _h.Customer(7);
        await _h.Ledger.TryAppendAsync(Bonus(7, 50));

        await _h.Bridge.SweepAsync(new StoreId(1));
        Assert.That(_h.Native, Is.Empty, "a fresh row belongs to the request writing it");

        _h.Clock.UtcNow += NativeRewardPointsBridge.SweepGrace;
        Assert.That(await _h.Bridge.SweepAsync(new StoreId(1)), Is.EqualTo(1));
        Assert.That(await _h.Bridge.SweepAsync(new StoreId(1)), Is.Zero);

        Assert.That(_h.Native.Single().Points, Is.EqualTo(50));
        Assert.That(_h.LedgerRows.Single().NativeEntryId, Is.EqualTo(_h.Native.Single().Id));
    }

    [Test]
    public async Task Sweep_leaves_other_stores_rows_alone()
    {
        _h.Customer(7);
        await _h.Ledger.TryAppendAsync(Bonus(7, 50, store: 2));
        _h.Clock.UtcNow += NativeRewardPointsBridge.SweepGrace;

        await _h.Bridge.SweepAsync(new StoreId(1));

        Assert.That(_h.Native, Is.Empty);
    }

    [Test]
    public async Task Nightly_task_runs_each_store_on_its_own_local_date_and_then_sweeps()
    {
        // 23:30 UTC on 23 November is already 24 November in Berlin: the birthday there is today, not tomorrow.
        _h.Clock.UtcNow = new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc);
        await _h.Settings.SaveAsync(new StoreId(0), new LoyaltySettings { BirthdayBonus = 200 });
        _h.Customer(7);
        _h.StoreData.CustomerList.Add(new CustomerFact { Id = 7, RegisteredInStoreId = 1, Active = true, DateOfBirth = new DateTime(1990, 11, 24) });
        _h.Customer(8);
        await _h.Ledger.TryAppendAsync(Bonus(8, 50) with { CreatedUtc = _h.Clock.UtcNow.AddHours(-1), ActivatesUtc = _h.Clock.UtcNow.AddHours(-1) });
        var settings = new FakeSettings().Serve<DateTimeSettings>().Serve<RetentionInstallSettings>();
        settings.Values[(1, "DateTimeSettings.DefaultStoreTimeZoneId")] = "Europe/Berlin";
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 1 } });
        var task = new LoyaltyNightlyTask(stores.Object, settings.Mock.Object, new InMemoryDistributedLock(_h.Clock), _h.Events, _h.Loyalty, _h.Bridge, _h.Clock);

        await task.ExecuteAsync();
        await task.ExecuteAsync();

        Assert.That(_h.Rows(LedgerReason.BirthdayBonus).Single().CustomerId, Is.EqualTo(7));
        Assert.That(_h.Native.Where(n => n.CustomerId == 8).Sum(n => n.Points), Is.EqualTo(50), "the sweep mirrored the unmirrored row once");
    }

    [Test]
    public async Task Points_an_admin_adds_on_nopCommerces_own_card_are_taken_into_the_ledger_once_and_not_mirrored_back()
    {
        var since = _h.Clock.UtcNow;
        _h.Customer(7);
        await _h.Ledger.TryAppendAsync(Bonus(7, 100));
        await _h.Bridge.SweepAsync(new StoreId(1));
        _h.Clock.UtcNow += NativeRewardPointsBridge.SweepGrace;
        await _h.Bridge.SweepAsync(new StoreId(1));
        // An admin's entries on nopCommerce's reward points card, in store 1 and in store 2, and one from before install.
        _h.AddNative(7, 1, 250, "Goodwill from support", _h.Clock.UtcNow);
        _h.AddNative(7, 2, -30, "Correction", _h.Clock.UtcNow);
        _h.AddNative(7, 1, 999, "Before the plugin", since.AddDays(-1));
        _h.Clock.UtcNow += 3 * NativeRewardPointsBridge.SweepGrace;
        var settings = new FakeSettings().Serve<DateTimeSettings>().Serve<RetentionInstallSettings>();
        settings.Values[(0, "RetentionInstallSettings.WalletSinceUtc")] = since;
        var task = new LoyaltyNightlyTask(Mock.Of<IStoreService>(), settings.Mock.Object, new InMemoryDistributedLock(_h.Clock), _h.Events, _h.Loyalty, _h.Bridge, _h.Clock);

        var first = await task.TakeInWalletEntriesAsync(new StoreId(1)) + await task.TakeInWalletEntriesAsync(new StoreId(2));
        var again = await task.TakeInWalletEntriesAsync(new StoreId(1)) + await task.TakeInWalletEntriesAsync(new StoreId(2));

        Assert.That((first, again), Is.EqualTo((2, 0)));
        var taken = _h.LedgerRows.Where(r => r.SourceId == (int)LedgerSource.Wallet).ToList();
        Assert.That(taken.Select(r => (r.StoreId, r.Points, r.Note)), Is.EquivalentTo(new[] { (1, 250, "Goodwill from support"), (2, -30, "Correction") }));
        Assert.That(taken.All(r => _h.Native.Single(n => n.Id == r.NativeEntryId).Points == r.Points), "linked to the wallet entry, not mirrored");
        Assert.That(_h.Native, Has.Count.EqualTo(4), "nothing written to the wallet");
        Assert.That(await _h.LedgerBalance(7, 1), Is.EqualTo(350));
    }

    [TestCase("Europe/Berlin", 2026, 11, 24)]
    [TestCase("America/New_York", 2026, 11, 23)]
    [TestCase("no/such-zone", 2026, 11, 23)]
    public async Task Store_date_follows_the_stores_default_time_zone(string zone, int year, int month, int day)
    {
        _h.Clock.UtcNow = new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc);
        var settings = new FakeSettings().Serve<DateTimeSettings>();
        settings.Values[(3, "DateTimeSettings.DefaultStoreTimeZoneId")] = zone;
        var task = new LoyaltyNightlyTask(Mock.Of<IStoreService>(), settings.Mock.Object, new InMemoryDistributedLock(_h.Clock), _h.Events, _h.Loyalty, _h.Bridge, _h.Clock);

        var today = await task.StoreTodayAsync(3);

        // An unknown zone falls back to the server's, as nopCommerce does; here the test host runs in UTC or close to it.
        if (zone == "no/such-zone")
            Assert.That(today, Is.EqualTo(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(_h.Clock.UtcNow, TimeZoneInfo.Local))));
        else
            Assert.That(today, Is.EqualTo(new DateOnly(year, month, day)));
    }

    private LedgerEntry Bonus(int customer, int points, int store = 1) => new()
    {
        Key = new IdempotencyKey($"test:bonus:{store}:{customer}"), Store = new StoreId(store), Customer = new CustomerId(customer), Points = points,
        Reason = LedgerReason.SurveyBonus, Source = LedgerSource.Survey, SourceRef = "s1", CreatedUtc = _h.Clock.UtcNow, ActivatesUtc = _h.Clock.UtcNow,
    };
}
