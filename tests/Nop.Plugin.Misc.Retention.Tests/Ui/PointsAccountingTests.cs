using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Customers;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

public class PointsAccountingTests
{
    private UiFixture _ui;

    [SetUp]
    public void SetUp() => _ui = new UiFixture();

    private RetentionLoyaltyAdminController Controller()
    {
        var program = UiFixture.UntouchableProgram();
        var settings = Mock.Of<ILoyaltySettingsStore>(MockBehavior.Strict);
        return UiFixture.WithHttpContext(new RetentionLoyaltyAdminController(_ui.AdminFactory(program, settings), program.Events, program.Views, settings,
            Mock.Of<ICustomerService>(), _ui.Localization.Object, Mock.Of<INotificationService>(), Mock.Of<IPermissionService>(),
            _ui.StoreContext.Object, _ui.WorkContext.Object));
    }

    [Test]
    public void A_Russian_admins_csv_header_is_in_Russian_in_the_fixed_column_order_and_a_name_with_a_comma_is_quoted()
    {
        var russian = RetentionLocalesRussian.Resources();
        var names = PointsAccountingCsv.Header.ToDictionary(h => h, h => russian[RetentionLocales.AccountingColumn(h)]);
        var days = new[] { new PointsAccountingDay(new DateOnly(2026, 3, 1), new StoreId(2), 1000, 0, 0, 0, 0, 0, 0, 0, 1000, 0, 0.01m) };

        var header = PointsAccountingCsv.Write(days, names).Split("\r\n")[0];

        Assert.That(header, Does.StartWith("День (UTC),ID магазина,На начало,Начислено,"));
        Assert.That(header, Does.Contain(",\"Стоимость на конец (обязательства по баллам, включая ожидающие)\","));
        Assert.That(PointsAccountingCsv.Write(days, names).Split("\r\n")[1], Is.EqualTo(PointsAccountingCsv.Write(days).Split("\r\n")[1]), "the figures stay invariant");
    }

    [Test]
    public void Csv_has_a_header_and_one_invariant_line_per_day_whatever_the_admins_culture()
    {
        var days = new[]
        {
            new PointsAccountingDay(new DateOnly(2026, 2, 28), new StoreId(2), 1000, 250, 100, -20, -50, -300, 30, -10, 1000, 400, 0.01m, Challenges: 75),
            new PointsAccountingDay(new DateOnly(2026, 3, 1), new StoreId(2), 1000, 0, 0, 0, 0, 0, 0, 0, 1000, 0, 0.01m),
        };
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var lines = PointsAccountingCsv.Write(days).Split("\r\n");

            Assert.That(lines[0], Is.EqualTo("Day,StoreId,Opening,Earned,Bonuses,Adjusted,Reversed,Redeemed,Reimbursed,Expired,Closing,PendingAtClose,CurrencyPerPoint,OpeningValue,ClosingValue,Challenges"));
            Assert.That(lines[1], Is.EqualTo("2026-02-28,2,1000,250,100,-20,-50,-300,30,-10,1000,400,0.01,10.00,10.00,75"));
            Assert.That(lines[2], Is.EqualTo("2026-03-01,2,1000,0,0,0,0,0,0,0,1000,0,0.01,10.00,10.00,0"));
            Assert.That(lines[3], Is.Empty, "the file ends with a line break");
            Assert.That(lines, Has.Length.EqualTo(4));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Test]
    public async Task A_start_after_the_end_is_an_error_on_the_start_and_nothing_is_computed()
    {
        var controller = Controller();

        var result = (ViewResult)await controller.PointsAccounting(new PointsAccountingSearchModel
            { StoreId = 2, From = new DateTime(2026, 3, 2), To = new DateTime(2026, 3, 1) });

        Assert.That(controller.ModelState.Keys, Is.EqualTo(new[] { "From" }));
        Assert.That(controller.ModelState["From"].Errors.Single().ErrorMessage, Is.EqualTo(RetentionLocales.AccountingFromAfterTo));
        Assert.That(((PointsAccountingModel)result.Model).HasResult, Is.False);
    }

    [Test]
    public async Task More_than_366_days_is_an_error_on_the_end_also_for_the_csv()
    {
        var controller = Controller();

        var result = await controller.PointsAccountingCsv(new PointsAccountingSearchModel
            { StoreId = 2, From = new DateTime(2025, 1, 1), To = new DateTime(2026, 1, 2) });

        Assert.That(result, Is.TypeOf<ViewResult>(), "no file for an invalid range");
        Assert.That(controller.ModelState.Keys, Is.EqualTo(new[] { "To" }));
        Assert.That(controller.ModelState["To"].Errors.Single().ErrorMessage, Is.EqualTo(RetentionLocales.AccountingRangeTooLong));
    }

    [Test]
    public async Task Missing_dates_and_an_unknown_store_are_each_reported()
    {
        var controller = Controller();

        await controller.PointsAccountingCsv(new PointsAccountingSearchModel { StoreId = 9, From = new DateTime(2026, 3, 1) });

        Assert.That(controller.ModelState.Keys, Is.EquivalentTo(new[] { "StoreId", "To" }));
    }

    [Test]
    public async Task The_first_visit_proposes_the_last_30_days_of_the_first_store_without_computing()
    {
        var result = (ViewResult)await Controller().PointsAccounting(new PointsAccountingSearchModel());
        var model = (PointsAccountingModel)result.Model;

        Assert.That(model.HasResult, Is.False);
        Assert.That(model.Search.StoreId, Is.EqualTo(1));
        Assert.That((model.Search.To!.Value - model.Search.From!.Value).TotalDays, Is.EqualTo(29));
        Assert.That(model.AvailableStores.Select(s => s.Value), Is.EqualTo(new[] { "1", "2" }));
    }
}
