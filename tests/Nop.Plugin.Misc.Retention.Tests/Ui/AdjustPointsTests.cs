using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

public class AdjustPointsTests
{
    private UiFixture _ui;
    private Mock<IPermissionService> _permissions;
    private Mock<INotificationService> _notifications;
    private Customer _shopper;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _permissions = new Mock<IPermissionService>();
        _permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(true);
        _notifications = new Mock<INotificationService>();
        _shopper = _ui.Registered(15);
        _ui.CustomerService.Setup(c => c.GetCustomerByIdAsync(15)).ReturnsAsync(_shopper);
        _ui.SignIn(_ui.Registered(1, "admin@shop.test"));
    }

    private RetentionLoyaltyAdminController Controller(UiLoyalty program)
    {
        var settings = Mock.Of<ILoyaltySettingsStore>(MockBehavior.Strict);
        return UiFixture.WithHttpContext(new RetentionLoyaltyAdminController(_ui.AdminFactory(program, settings), program.Events, program.Views, settings,
            _ui.CustomerService.Object, _ui.Localization.Object, _notifications.Object, _permissions.Object, _ui.StoreContext.Object,
            _ui.WorkContext.Object));
    }

    private static AdjustPointsModel Form(int points = 250, string reason = "Goodwill after a late delivery") =>
        new() { CustomerId = 15, StoreId = 2, Points = points, Reason = reason, RequestId = "req-1" };

    [Test]
    public async Task Without_the_plugin_permission_nothing_is_read_or_adjusted()
    {
        _permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(false);

        var result = await Controller(UiFixture.UntouchableProgram()).AdjustPoints(Form());

        Assert.That(result, Is.TypeOf<ForbidResult>());
        _ui.CustomerService.Verify(c => c.GetCustomerByIdAsync(It.IsAny<int>()), Times.Never);
    }

    [Test]
    public async Task Without_a_reason_the_error_comes_back_to_the_customer_page_and_nothing_is_adjusted()
    {
        var controller = Controller(UiFixture.UntouchableProgram());

        var result = await controller.AdjustPoints(Form(reason: "  "));

        var redirect = (RedirectToActionResult)result;
        Assert.That((redirect.ControllerName, redirect.ActionName, redirect.RouteValues["id"]), Is.EqualTo(("Customer", "Edit", (object)15)));
        var attempt = AdjustmentAttempt.FromJson((string)controller.TempData[AdjustmentAttempt.TempDataKey]);
        Assert.That(attempt.Errors.Keys, Is.EqualTo(new[] { nameof(AdjustPointsModel.Reason) }));
        Assert.That(attempt.Errors["Reason"], Is.EqualTo(RetentionLocales.AdjustReasonRequired));
        Assert.That((attempt.CustomerId, attempt.StoreId, attempt.Points), Is.EqualTo((15, 2, 250)), "what the admin typed is shown again");
        _notifications.Verify(n => n.ErrorNotification(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
    }

    [Test]
    public async Task Zero_points_and_a_store_outside_the_admins_scope_are_both_reported()
    {
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(1);
        var controller = Controller(UiFixture.UntouchableProgram());

        await controller.AdjustPoints(Form(points: 0));

        var attempt = AdjustmentAttempt.FromJson((string)controller.TempData[AdjustmentAttempt.TempDataKey]);
        Assert.That(attempt.Errors.Keys, Is.EquivalentTo(new[] { nameof(AdjustPointsModel.Points), nameof(AdjustPointsModel.StoreId) }));
    }

    [Test]
    public async Task An_unknown_customer_is_reported_and_nothing_is_adjusted()
    {
        var result = await Controller(UiFixture.UntouchableProgram()).AdjustPoints(Form() with { CustomerId = 999 });

        Assert.That(((RedirectToActionResult)result).ActionName, Is.EqualTo("List"));
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.AdjustUnknownCustomer, It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
    }
}
