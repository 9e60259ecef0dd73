using Nop.Plugin.Misc.Retention.Factories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Components;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Models.Public;
using Nop.Plugin.Misc.Retention.Tests.Ui;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Web.Framework.Models;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Security;

/// <summary>
/// What each caller can read, over Core's real program and in-memory ports: a shopper sees only the signed-in customer's
/// points (whoever else has points in the same store), and the admin paths that check the permission in code read and
/// change nothing without it.
/// </summary>
public class AccessTests
{
    private const int Alice = 15;
    private const int Bob = 16;
    private static readonly StoreId Store = new(2); // UiFixture's current store

    private UiFixture _ui;
    private InMemoryPointsLedger _ledger;
    private UiLoyalty _program;
    private InMemoryLoyaltySettingsStore _settings;

    [SetUp]
    public async Task SetUp()
    {
        _ui = new UiFixture();
        _ledger = new InMemoryPointsLedger();
        _settings = new InMemoryLoyaltySettingsStore();
        _program = UiLoyalty.Over(_ledger, new InMemoryLedgerData(_ledger), _settings, new InMemoryTierStandingStore(), new InMemoryStoreData(),
            new InMemoryQueryRunner(), new InMemoryLoyaltyObserver(), _ui.Clock.Object);
        await Give(Alice, 120, "alice-only note");
        await Give(Bob, 9_000, "bob's secret note");
        await Give(Bob, 1_000, "bob in another store", store: 1);
    }

    private Task<bool> Give(int customer, int points, string note, int store = 2) => _ledger.TryAppendAsync(new LedgerEntry
    {
        Key = new IdempotencyKey($"test:{customer}:{store}:{points}"),
        Store = new StoreId(store),
        Customer = new CustomerId(customer),
        Points = points,
        Reason = LedgerReason.AdminAdjustment,
        Source = LedgerSource.Admin,
        Note = note,
        CreatedUtc = _ui.Now.AddDays(-3),
        ActivatesUtc = _ui.Now.AddDays(-3),
    });

    private async Task<MyRewardsModel> MyRewardsAs(Customer customer)
    {
        _ui.SignIn(customer);
        var controller = UiFixture.WithHttpContext(new RetentionRewardsController(_ui.RewardsFactory(_program), _ui.Clock.Object, _ui.StoreContext.Object, _ui.Install));
        return (MyRewardsModel)((ViewResult)await controller.MyRewards()).Model;
    }

    [Test]
    public async Task My_rewards_shows_the_signed_in_customers_points_and_none_of_another_customers()
    {
        var alice = await MyRewardsAs(_ui.Registered(Alice));

        Assert.That(alice.Available, Is.EqualTo(120));
        Assert.That(alice.History.Select(h => h.Note), Is.EqualTo(new[] { "alice-only note" }));
        Assert.That(ReferralCodes.Read(Store, alice.ReferralCode, _ui.Install.ReferralSecretBytes()), Is.EqualTo(new CustomerId(Alice)));

        var bob = await MyRewardsAs(_ui.Registered(Bob));
        Assert.That(bob.Available, Is.EqualTo(9_000), "the other store's 1,000 points are not this store's balance");
        Assert.That(bob.History.Select(h => h.Note), Is.EqualTo(new[] { "bob's secret note" }));
    }

    [Test]
    public async Task The_checkout_widget_reads_the_signed_in_customers_balance_only()
    {
        _ui.SignIn(_ui.Registered(Alice));
        _ui.Cart.Setup(c => c.GetShoppingCartAsync(It.IsAny<Customer>(), It.IsAny<Nop.Core.Domain.Orders.ShoppingCartType?>(), It.IsAny<int>(),
            It.IsAny<int?>(), It.IsAny<DateTime?>(), It.IsAny<DateTime?>(), It.IsAny<int?>())).ReturnsAsync(new List<Nop.Core.Domain.Orders.ShoppingCartItem>());

        var model = await _ui.RewardsFactory(_program).PrepareCheckoutAsync();

        Assert.That(model.IsGuest, Is.False);
        Assert.That(model.Available, Is.EqualTo(120));
    }

    [Test]
    public async Task A_guest_reads_no_ones_points_even_when_a_customer_with_points_has_the_guests_id()
    {
        // A guest record and a registered customer never share an id in nopCommerce; the guest check alone must hold anyway.
        var guest = await MyRewardsAs(_ui.Guest(Bob));

        Assert.That((guest.IsGuest, guest.Available, guest.History.Count, guest.ReferralCode), Is.EqualTo((true, 0, 0, (string)null)));
    }

    [Test]
    public async Task An_adjustment_without_the_permission_is_forbidden_and_writes_nothing()
    {
        var permissions = new Mock<IPermissionService>();
        permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(false);
        _ui.CustomerService.Setup(c => c.GetCustomerByIdAsync(Alice)).ReturnsAsync(_ui.Registered(Alice));
        var controller = UiFixture.WithHttpContext(new RetentionLoyaltyAdminController(_ui.AdminFactory(_program, _settings), _program.Events, _program.Views, _settings,
            _ui.CustomerService.Object, _ui.Localization.Object, Mock.Of<INotificationService>(), permissions.Object, _ui.StoreContext.Object, _ui.WorkContext.Object));

        var result = await controller.AdjustPoints(new AdjustPointsModel { CustomerId = Alice, StoreId = 2, Points = 5_000, Reason = "free money", RequestId = "x" });

        Assert.That(result, Is.TypeOf<ForbidResult>());
        Assert.That((await _ledger.GetEntriesAsync(Store, new CustomerId(Alice))).Select(e => e.Points), Is.EqualTo(new[] { 120 }));
    }

    [Test]
    public async Task The_admin_customer_block_and_the_dashboard_widget_render_nothing_without_the_permission()
    {
        var permissions = new Mock<IPermissionService>();
        permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(false);
        var snapshots = new Mock<IRepository<RetentionMetricsSnapshot>>(MockBehavior.Strict);

        var block = await new RetentionCustomerLoyaltyViewComponent(_ui.AdminFactory(UiFixture.UntouchableProgram(), Mock.Of<ILoyaltySettingsStore>(MockBehavior.Strict)), permissions.Object)
            .InvokeAsync("admin_customer_details_block", new BaseNopEntityModel { Id = Alice });
        var dashboard = await new RetentionDashboardViewComponent(permissions.Object,
                new DashboardModelFactory(snapshots.Object, Mock.Of<IQueryRunner>(MockBehavior.Strict), Mock.Of<IStoreService>(MockBehavior.Strict)), _ui.StoreContext.Object)
            .InvokeAsync("admin_dashboard_top", null);

        Assert.That(((ContentViewComponentResult)block).Content, Is.Empty);
        Assert.That(((ContentViewComponentResult)dashboard).Content, Is.Empty);
    }
}
