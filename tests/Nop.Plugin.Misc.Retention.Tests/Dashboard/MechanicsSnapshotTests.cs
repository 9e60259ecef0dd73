using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Dashboard;

/// <summary>The nightly snapshot task with the loyalty mechanics' figures registered (issue 18).</summary>
public class MechanicsSnapshotTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 3, 0, 0, DateTimeKind.Utc);
    private const int MembershipProduct = 500;

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    [Test]
    public async Task The_stored_snapshot_carries_the_section_of_each_mechanic_switched_on_and_none_for_the_others()
    {
        var clock = new FixedClock(Now);
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(new[] { Build.Customer(1), Build.Customer(2) });
        data.OrderList.AddRange(new[] { Build.Order(1, 1, Now.AddDays(-10), 30m), Build.Order(2, 2, Now.AddDays(-5), 50m) });
        var settings = new InMemoryLoyaltySettingsStore();
        Assert.That((await settings.SaveAsync(new StoreId(1), new LoyaltySettings
        {
            Membership = new MembershipSettings { Enabled = true, ProductId = MembershipProduct, GraceDays = 7 },
        })).IsValid);
        var products = new Mock<IMembershipProducts>();
        products.Setup(p => p.CycleOfAsync(It.IsAny<StoreId>(), MembershipProduct, It.IsAny<CancellationToken>())).ReturnsAsync(MembershipCycle.Monthly);
        var runner = new InMemoryQueryRunner();
        var membership = new MembershipProgram(new MembershipStore(new InMemoryTables().Table<MembershipRow>(), runner), settings, products.Object, data, runner,
            null, clock);
        await membership.OrderPaidAsync(new MembershipOrder(new StoreId(1), new CustomerId(1), 1, Now.AddDays(-10), [MembershipProduct]));
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 1, Name = "Store 1" } });
        var (repository, rows) = FakeRepository.Create<RetentionMetricsSnapshot>(s => s.IdempotencyKey);
        var task = new RefreshMetricsTask(stores.Object, data, runner, clock, new InMemoryDistributedLock(), new InMemoryOptionsStore(), repository.Object,
            Array.Empty<ILedgerData>(), new[] { settings }, new LinqPurchaseGapQuery(data, runner), mechanics: new[] { new MechanicsFigures(settings, membership) });

        await task.ExecuteAsync();

        var mechanics = DashboardSnapshot.FromJson(rows.Single().MetricsJson)!.Mechanics!;
        Assert.That((mechanics.Membership!.Members, mechanics.Membership.Joined, mechanics.Membership.RevenuePerMember, mechanics.Membership.RevenuePerNonMember),
            Is.EqualTo((1, 1, (decimal?)30m, (decimal?)50m)));
        Assert.That((mechanics.Cashback, mechanics.Stamps, mechanics.Challenges), Is.EqualTo(((DashboardCashback)null, (DashboardStamps)null, (DashboardChallenges)null)));
    }

    [Test]
    public void The_mechanics_csv_is_cores_with_the_admins_texts()
    {
        var report = new MechanicsAccounting(new StoreId(1), new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30),
            [new MechanicsAccountingLine("membershipRevenue", "money", 38.88m)]);

        Assert.That(Factories.PointsAccountingCsv.WriteMechanics(report, key => DashboardTexts.Russian[key]),
            Is.EqualTo("Ключ,Показатель,Значение\r\nmembershipRevenue,Выручка от членства за период,38.88\r\n"));
    }
}
