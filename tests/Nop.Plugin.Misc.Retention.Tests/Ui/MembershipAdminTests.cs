using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The plugin's membership settings page: Core judges the settings against the store's catalog; nothing is saved on any error.</summary>
public class MembershipAdminTests
{
    private const int Club = 40, Reserve = 41, Gone = 42;
    private UiFixture _ui;
    private InMemoryLoyaltySettingsStore _settings;
    private Mock<INotificationService> _notifications;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _ui.AdminCatalog(scope: 2, live: [Club, Reserve], deleted: [Gone]);
        _settings = new InMemoryLoyaltySettingsStore();
        _notifications = new Mock<INotificationService>();
    }

    private RetentionMembershipAdminController Controller() => UiFixture.WithHttpContext(new RetentionMembershipAdminController(_settings, _ui.Products.Object,
        _ui.Localization.Object, _notifications.Object, _ui.StoreContext.Object));

    private static MembershipFormModel Form() => new()
    {
        Enabled = true, ProductId = Club, DiscountPercent = 5m, FreeShipping = true, PointsMultiplier = 2m, GraceDays = 7, RenewalReminderDays = 7,
        ExpiryReminderDays = 2, MemberOnlyProductIds = " 41 ",
    };

    private async Task<MembershipSettings> SavedAsync() => (await _settings.LoadAsync(new StoreId(2))).Membership ?? new MembershipSettings();

    [Test]
    public async Task The_page_shows_the_store_scopes_settings()
    {
        await _settings.SaveAsync(new StoreId(2), new LoyaltySettings { Membership = new MembershipSettings { Enabled = true, ProductId = Club, MemberOnlyProductIds = [Reserve, 43] } });

        var model = (MembershipAdminModel)((ViewResult)await Controller().Membership()).Model;

        Assert.That((model.ActiveStoreScopeConfiguration, model.Membership.Enabled, model.Membership.ProductId, model.Membership.MemberOnlyProductIds),
            Is.EqualTo((2, true, Club, "41, 43")));
    }

    [Test]
    public async Task Valid_settings_are_saved_for_the_admins_store_with_every_field()
    {
        var result = await Controller().Membership(new MembershipAdminModel { Membership = Form() with { GraceDays = 10, RenewalReminderDays = 5 } });

        Assert.That(result, Is.TypeOf<RedirectToActionResult>());
        Assert.That(await SavedAsync(), Is.EqualTo(new MembershipSettings
        {
            Enabled = true, ProductId = Club, DiscountPercent = 5m, FreeShipping = true, PointsMultiplier = 2m, GraceDays = 10, RenewalReminderDays = 5,
            ExpiryReminderDays = 2, MemberOnlyProductIds = [Reserve],
        }));
        Assert.That((await _settings.LoadAsync(new StoreId(1))).Membership?.Enabled ?? false, Is.False, "another store keeps its own");
        _notifications.Verify(n => n.SuccessNotification(RetentionLocales.MembershipAdmin("Saved"), true));
    }

    [Test]
    public async Task Out_of_range_values_and_a_deleted_product_are_refused_each_on_its_field_and_nothing_is_saved()
    {
        var controller = Controller();

        var result = await controller.Membership(new MembershipAdminModel
        {
            Membership = Form() with { GraceDays = 200, PointsMultiplier = 0.5m, ExpiryReminderDays = 61, DiscountPercent = 101m, MemberOnlyProductIds = "41, 42" },
        });

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key), Is.EquivalentTo(new[]
        {
            "Membership.GraceDays", "Membership.PointsMultiplier", "Membership.ExpiryReminderDays", "Membership.DiscountPercent", "Membership.MemberOnlyProductIds",
        }));
        Assert.That(await SavedAsync(), Is.EqualTo(new MembershipSettings()), "nothing saved");
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.NotSaved, true));
    }

    [Test]
    public async Task An_unknown_membership_product_or_a_members_only_list_that_is_not_numbers_is_refused_on_its_field()
    {
        var controller = Controller();
        await controller.Membership(new MembershipAdminModel { Membership = Form() with { ProductId = 999 } });
        Assert.That(controller.ModelState["Membership.ProductId"]!.Errors.Single().ErrorMessage, Does.Contain("999"));

        controller = Controller();
        await controller.Membership(new MembershipAdminModel { Membership = Form() with { MemberOnlyProductIds = "41, coffee" } });
        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key), Is.EqualTo(new[] { "Membership.MemberOnlyProductIds" }));
        Assert.That(await SavedAsync(), Is.EqualTo(new MembershipSettings()));
    }

    [Test]
    public async Task Switching_on_without_a_product_is_refused_on_the_product_field()
    {
        var controller = Controller();
        await controller.Membership(new MembershipAdminModel { Membership = Form() with { ProductId = 0, MemberOnlyProductIds = "" } });
        Assert.That(controller.ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key), Is.EqualTo(new[] { "Membership.ProductId" }));
    }
}
