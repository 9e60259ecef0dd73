using System.Text;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The admin pages over Core's real loyalty classes (<see cref="UiLoyalty"/>) and the in-memory ports.</summary>
public class ProgramBackedTests
{
    private UiFixture _ui;
    private InMemoryPointsLedger _ledger;
    private InMemoryLoyaltySettingsStore _settings;
    private InMemoryLoyaltyObserver _observer;
    private UiLoyalty _program;
    private Mock<IPermissionService> _permissions;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _ledger = new InMemoryPointsLedger();
        _settings = new InMemoryLoyaltySettingsStore();
        _observer = new InMemoryLoyaltyObserver();
        _program = UiLoyalty.Over(_ledger, new InMemoryLedgerData(_ledger), _settings, new InMemoryTierStandingStore(), new InMemoryStoreData(),
            new InMemoryQueryRunner(), _observer, _ui.Clock.Object);
        _permissions = new Mock<IPermissionService>();
        _permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(true);
        _ui.CustomerService.Setup(c => c.GetCustomerByIdAsync(15)).ReturnsAsync(_ui.Registered(15));
        _ui.SignIn(_ui.Registered(1, "admin@shop.test"));
    }

    private RetentionLoyaltyAdminController Controller() => UiFixture.WithHttpContext(new RetentionLoyaltyAdminController(
        _ui.AdminFactory(_program, _settings), _program.Events, _program.Views, _settings, _ui.CustomerService.Object, _ui.Localization.Object,
        Mock.Of<INotificationService>(), _permissions.Object, _ui.StoreContext.Object, _ui.WorkContext.Object));

    [Test]
    public async Task An_adjustment_is_recorded_once_with_the_signed_in_admin_as_actor_even_when_the_form_is_sent_twice()
    {
        var form = new AdjustPointsModel { CustomerId = 15, StoreId = 2, Points = -40, Reason = " Duplicate review bonus ", RequestId = "form-7", ConfirmOverdraw = true };

        await Controller().AdjustPoints(form);
        var second = Controller();
        await second.AdjustPoints(form);

        var entry = (await _ledger.GetEntriesAsync(new StoreId(2), new CustomerId(15))).Single();
        Assert.That((entry.Points, entry.Reason, entry.Actor, entry.Note), Is.EqualTo((-40, LedgerReason.AdminAdjustment, "admin@shop.test", "Duplicate review bonus")));
        Assert.That(_observer.Entries, Has.Count.EqualTo(1), "the replay told nobody anything");
        Assert.That(second.TempData.ContainsKey(AdjustmentAttempt.TempDataKey), Is.False, "a replay is not an error");
    }

    [Test]
    public async Task An_unbounded_or_unconfirmed_overdrawing_adjustment_comes_back_with_its_field_message_and_records_nothing()
    {
        var huge = Controller();
        await huge.AdjustPoints(new AdjustPointsModel { CustomerId = 15, StoreId = 2, Points = int.MaxValue, Reason = "typo", RequestId = "r1" });
        var overdraw = Controller();
        await overdraw.AdjustPoints(new AdjustPointsModel { CustomerId = 15, StoreId = 2, Points = -40, Reason = "fraud", RequestId = "r2" });

        var hugeErrors = AdjustmentAttempt.FromJson((string)huge.TempData[AdjustmentAttempt.TempDataKey]).Errors;
        var overdrawErrors = AdjustmentAttempt.FromJson((string)overdraw.TempData[AdjustmentAttempt.TempDataKey]).Errors;
        Assert.That(hugeErrors[nameof(AdjustPointsModel.Points)], Does.Contain("at most 100,000 points"));
        Assert.That(overdrawErrors[AdminAdjustment.ConfirmOverdrawField], Does.Contain("Confirm to take the balance below zero"));
        Assert.That(await _ledger.GetEntriesAsync(new StoreId(2), new CustomerId(15)), Is.Empty);
    }

    [Test]
    public async Task The_customer_block_shows_each_store_in_scope_with_its_own_points_and_the_audit_trail()
    {
        await Controller().AdjustPoints(new AdjustPointsModel { CustomerId = 15, StoreId = 2, Points = 70, Reason = "Welcome back", RequestId = "r1" });

        var block = await _ui.AdminFactory(_program, _settings).PrepareCustomerBlockAsync(15);

        Assert.That(block.Stores.Select(s => (s.StoreId, s.Available)), Is.EqualTo(new[] { (1, 0), (2, 70) }));
        var line = block.Stores[1].History.Single();
        Assert.That((line.Points, line.Note, line.Actor), Is.EqualTo((70, "Welcome back", "admin@shop.test")));
        Assert.That(block.Stores.Select(s => s.NewRequestId).Distinct().Count(), Is.EqualTo(2), "each form gets its own request id");
    }

    [Test]
    public async Task The_csv_export_reports_a_hand_built_ledger_day_by_day()
    {
        var english = RetentionLocales.English();
        _ui.Localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => english.TryGetValue(key, out var text) ? text : key);
        var store = new StoreId(2);
        await Append("a", 1000, LedgerReason.Purchase, new DateTime(2026, 2, 20, 10, 0, 0));
        await Append("b", 500, LedgerReason.Purchase, new DateTime(2026, 3, 1, 9, 0, 0), activates: new DateTime(2026, 3, 15, 9, 0, 0));
        await Append("c", 100, LedgerReason.RegistrationBonus, new DateTime(2026, 3, 1, 12, 0, 0));
        await Append("d", -200, LedgerReason.Redemption, new DateTime(2026, 3, 2, 8, 0, 0));
        await Append("e", -30, LedgerReason.AdminAdjustment, new DateTime(2026, 3, 2, 9, 0, 0));
        await Append("other-store", 999, LedgerReason.Purchase, new DateTime(2026, 3, 1, 9, 0, 0), store: 1);

        var result = (FileContentResult)await Controller().PointsAccountingCsv(new PointsAccountingSearchModel
            { StoreId = store.Value, From = new DateTime(2026, 3, 1), To = new DateTime(2026, 3, 2) });

        Assert.That(result.ContentType, Is.EqualTo("text/csv"));
        Assert.That(result.FileDownloadName, Is.EqualTo("retention-points-store2-20260301-20260302.csv"));
        Assert.That(Encoding.UTF8.GetString(result.FileContents).Split("\r\n"), Is.EqualTo(new[]
        {
            // The header the admin reads, in their language; the columns in their fixed order.
            "Day (UTC),Store ID,Opening,Earned,Bonuses,Adjusted,Reversed,Redeemed,Reimbursed,Expired,Closing,Pending at close,Value of one point,Opening value,Closing value (points liability incl. pending),Paid by challenges",
            // 1000 carried in; +500 purchase (pending until 15 March), +100 bonus.
            "2026-03-01,2,1000,500,100,0,0,0,0,0,1600,500,0.01,10.00,16.00,0",
            // -200 spent, -30 adjusted; the 500 are still pending.
            "2026-03-02,2,1600,0,0,-30,0,-200,0,0,1370,500,0.01,16.00,13.70,0",
            "",
        }));
    }

    private Task<bool> Append(string key, int points, LedgerReason reason, DateTime createdUtc, DateTime? activates = null, int store = 2) =>
        _ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey("test:" + key),
            Store = new StoreId(store),
            Customer = new CustomerId(15),
            Points = points,
            Reason = reason,
            Source = LedgerSource.System,
            CreatedUtc = DateTime.SpecifyKind(createdUtc, DateTimeKind.Utc),
            ActivatesUtc = DateTime.SpecifyKind(activates ?? createdUtc, DateTimeKind.Utc),
        });
}
