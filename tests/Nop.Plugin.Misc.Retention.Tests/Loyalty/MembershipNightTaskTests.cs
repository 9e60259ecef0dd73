using Nop.Core.Domain.Common;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Helpers;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Loyalty;

/// <summary>
/// The plugin's nightly task and nopCommerce's recurring payments of the membership product (docs/decisions.md §18):
/// 4.90 publishes no event when a renewal payment fails, so only the task's read of <see cref="RecurringPayment"/> tells
/// Core; the grace runs from there and the member role goes when it ends.
/// </summary>
public class MembershipNightTaskTests
{
    private const int Club = 40, Member = 7;
    private static readonly StoreId Store = new(1);

    private NopLoyaltyHarness _h;
    private List<RecurringPayment> _payments;
    private List<RecurringPaymentHistory> _history;
    private List<MembershipChanged> _changes;
    private MembershipProgram _program;
    private StoreEvents _door;

    [SetUp]
    public async Task SetUp()
    {
        _h = new NopLoyaltyHarness();
        // NUnit keeps one instance of the fixture for all its tests: each starts from no payments and no changes.
        (_payments, _history, _changes) = ([], [], []);
        await _h.Settings.SaveAsync(Store, new LoyaltySettings
        {
            Membership = new MembershipSettings { Enabled = true, ProductId = Club, GraceDays = 7, DiscountPercent = 5m, PointsMultiplier = 1m },
        });
        var products = new Mock<IMembershipProducts>();
        products.Setup(p => p.CycleOfAsync(It.IsAny<StoreId>(), Club, It.IsAny<CancellationToken>())).ReturnsAsync(new MembershipCycle(MembershipCycleUnit.Months, 1));
        var observer = new Mock<IMembershipObserver>();
        observer.Setup(o => o.MembershipChangedAsync(It.IsAny<MembershipChanged>(), It.IsAny<CancellationToken>()))
            .Callback((MembershipChanged c, CancellationToken _) => _changes.Add(c)).Returns(Task.CompletedTask);
        var runner = new InMemoryQueryRunner();
        _program = new MembershipProgram(new MembershipStore(new InMemoryTables().Table<MembershipRow>(), runner), _h.Settings, products.Object, _h.StoreData, runner,
            observer.Object, _h.Clock);
        _door = new StoreEvents(_h.Loyalty, _h.Nightly, _h.Workflows, membership: _program);

        // The member's first order of the club (nopCommerce's recurring payment 1 was created with it), paid today.
        var first = _h.Order(500, Member, lines: (Club, 1, 9m));
        await _program.OrderPaidAsync(new MembershipOrder(Store, new CustomerId(Member), first.Id, _h.Clock.UtcNow, [Club]));
        _payments.Add(new RecurringPayment { Id = 1, InitialOrderId = first.Id, IsActive = true });
    }

    private LoyaltyNightlyTask NightTask(bool withReader = true)
    {
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = Store.Value } });
        var settings = new FakeSettings().Serve<DateTimeSettings>().Serve<RetentionInstallSettings>();
        settings.Values[(Store.Value, "DateTimeSettings.DefaultStoreTimeZoneId")] = "UTC";
        var reader = new NopRecurringMemberships(NopLoyaltyHarness.RepoMock(_payments).Object, NopLoyaltyHarness.RepoMock(_history).Object,
            NopLoyaltyHarness.RepoMock(_h.Orders).Object, NopLoyaltyHarness.RepoMock(_h.Items).Object, _h.Settings, new InMemoryQueryRunner());
        return new LoyaltyNightlyTask(stores.Object, settings.Mock.Object, new InMemoryDistributedLock(_h.Clock), _door, _h.Loyalty, _h.Bridge, _h.Clock,
            withReader ? reader : null);
    }

    [Test]
    public async Task A_failed_renewal_payment_read_by_the_night_starts_the_grace_and_the_member_role_goes_when_it_ends()
    {
        var paidThrough = _h.Clock.UtcNow.AddMonths(1);
        Assert.That(_changes.Select(c => c.IsMember), Is.EqualTo(new[] { true }), "the first paid order made a member");
        // nopCommerce's renewal at paid-through failed: it only sets the flag on its recurring payment row.
        _payments[0].LastPaymentFailed = true;
        _h.Clock.UtcNow = paidThrough.AddDays(2);

        await NightTask().ExecuteAsync();
        await NightTask().ExecuteAsync();

        var status = await _program.StatusAsync(Store, new CustomerId(Member));
        Assert.That((status.State, status.LastRenewalFailed, status.EndsUtc), Is.EqualTo((MemberState.Grace, true, paidThrough.AddDays(7))),
            "the task read the failure: the perks stay for the grace, and the shopper is told the renewal failed");
        Assert.That(_changes.Select(c => c.IsMember), Is.EqualTo(new[] { true }), "still a member in the grace: the role stays");

        _h.Clock.UtcNow = paidThrough.AddDays(8);
        await NightTask().ExecuteAsync();

        Assert.That((await _program.StatusAsync(Store, new CustomerId(Member))).State, Is.EqualTo(MemberState.Lapsed));
        Assert.That(_changes.Select(c => c.IsMember), Is.EqualTo(new[] { true, false }), "the night after the grace takes the member role away, once");
    }

    [Test]
    public async Task Without_the_recurring_payment_reader_the_night_knows_no_failure_and_a_paid_renewal_keeps_the_member()
    {
        _payments[0].LastPaymentFailed = true;
        _h.Clock.UtcNow = _h.Clock.UtcNow.AddMonths(1).AddDays(2);

        await NightTask(withReader: false).ExecuteAsync();
        Assert.That((await _program.StatusAsync(Store, new CustomerId(Member))).LastRenewalFailed, Is.False, "only the reader tells Core of the failure");

        await NightTask().ExecuteAsync();
        Assert.That((await _program.StatusAsync(Store, new CustomerId(Member))).LastRenewalFailed, Is.True);

        // The retry paid: nopCommerce clears the flag and places the renewal order, whose paid event extends the membership.
        _payments[0].LastPaymentFailed = false;
        var renewal = _h.Order(501, Member, lines: (Club, 1, 9m));
        _history.Add(new RecurringPaymentHistory { Id = 1, RecurringPaymentId = 1, OrderId = renewal.Id });
        await _program.OrderPaidAsync(new MembershipOrder(Store, new CustomerId(Member), renewal.Id, _h.Clock.UtcNow, [Club]));
        await NightTask().ExecuteAsync();

        var status = await _program.StatusAsync(Store, new CustomerId(Member));
        Assert.That((status.State, status.LastRenewalFailed), Is.EqualTo((MemberState.Active, false)));
        Assert.That(_changes.Select(c => c.IsMember), Is.EqualTo(new[] { true }), "never lost the role");
    }
}
