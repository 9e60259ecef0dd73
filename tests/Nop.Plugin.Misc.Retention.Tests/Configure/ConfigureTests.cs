using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Retention.Core.Configuration;

namespace Nop.Plugin.Misc.Retention.Tests.Configure;

public class ConfigureTests
{
    private Mock<ISettingService> _settings;
    private Mock<IStoreContext> _storeContext;
    private Mock<INotificationService> _notifications;
    private List<(string Key, object Value, bool Override, int Store)> _saved;

    [SetUp]
    public void SetUp()
    {
        _settings = new Mock<ISettingService>();
        _storeContext = new Mock<IStoreContext>();
        _notifications = new Mock<INotificationService>();
        _saved = new List<(string, object, bool, int)>();
        _settings.Setup(s => s.LoadSettingAsync<RetentionSettings>(It.IsAny<int>()))
            .ReturnsAsync(RetentionSettings.From(new RetentionOptions()));
        RecordSaves<bool>();
        RecordSaves<int>();
        RecordSaves<decimal>();
    }

    private void RecordSaves<T>() =>
        _settings.Setup(s => s.SaveSettingOverridablePerStoreAsync(It.IsAny<RetentionSettings>(), It.IsAny<Expression<Func<RetentionSettings, T>>>(),
                It.IsAny<bool>(), It.IsAny<int>(), It.IsAny<bool>()))
            .Callback((RetentionSettings settings, Expression<Func<RetentionSettings, T>> key, bool overrideForStore, int store, bool _) =>
                _saved.Add((((MemberExpression)key.Body).Member.Name, key.Compile()(settings), overrideForStore, store)))
            .Returns(Task.CompletedTask);

    private RetentionAdminController Controller() =>
        new(new ConfigurationModelFactory(_settings.Object, _storeContext.Object), Mock.Of<ILocalizationService>(), _notifications.Object);

    private static ConfigurationModel ValidModel(int store = 0) => new()
    {
        ActiveStoreScopeConfiguration = store,
        Enabled = true,
        ActiveWindowDays = 365,
        MetricsPeriodDays = 30,
        MarketingEmailsPerWeek = 2,
        QuietHoursStart = 22,
        QuietHoursEnd = 7,
        AbandonedCartDelayMinutes = 90,
    };

    [Test]
    public async Task Configure_page_shows_the_settings_of_the_store_being_edited_with_its_overrides()
    {
        _storeContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(2);
        _settings.Setup(s => s.LoadSettingAsync<RetentionSettings>(2)).ReturnsAsync(RetentionSettings.From(new RetentionOptions { MarketingEmailsPerWeek = 3 }));
        _settings.Setup(s => s.SettingExistsAsync(It.IsAny<RetentionSettings>(), It.IsAny<Expression<Func<RetentionSettings, int>>>(), 2))
            .ReturnsAsync((RetentionSettings _, Expression<Func<RetentionSettings, int>> key, int _) =>
                ((MemberExpression)key.Body).Member.Name == nameof(RetentionSettings.MarketingEmailsPerWeek));

        var result = (ViewResult)await Controller().Configure();
        var model = (ConfigurationModel)result.Model;

        Assert.That(result.ViewName, Is.EqualTo(RetentionAdminController.ConfigureView));
        Assert.That(model.ActiveStoreScopeConfiguration, Is.EqualTo(2));
        Assert.That(model.MarketingEmailsPerWeek, Is.EqualTo(3));
        Assert.That(model.MarketingEmailsPerWeek_OverrideForStore, Is.True);
        Assert.That(model.QuietHoursStart_OverrideForStore, Is.False);
    }

    [Test]
    public async Task Invalid_input_is_rejected_field_by_field_and_nothing_is_saved()
    {
        var model = ValidModel() with { MarketingEmailsPerWeek = 150, QuietHoursStart = 25, AbandonedCartDelayMinutes = -1 };
        var controller = Controller();

        var result = await controller.Configure(model);

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(((ViewResult)result).Model, Is.SameAs(model), "the admin keeps what they typed");
        Assert.That(controller.ModelState.Keys, Is.EquivalentTo(new[]
        {
            nameof(ConfigurationModel.MarketingEmailsPerWeek), nameof(ConfigurationModel.QuietHoursStart), nameof(ConfigurationModel.AbandonedCartDelayMinutes),
        }));
        Assert.That(controller.ModelState[nameof(ConfigurationModel.MarketingEmailsPerWeek)].Errors.Single().ErrorMessage, Is.EqualTo("Must be between 0 and 50."));
        Assert.That(_saved, Is.Empty);
        _settings.Verify(s => s.ClearCacheAsync(), Times.Never);
        _notifications.Verify(n => n.ErrorNotification(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
    }

    [Test]
    public async Task Period_longer_than_the_active_window_is_reported_on_the_period_field()
    {
        var controller = Controller();

        await controller.Configure(ValidModel() with { ActiveWindowDays = 30, MetricsPeriodDays = 90 });

        Assert.That(controller.ModelState.Keys, Is.EqualTo(new[] { nameof(ConfigurationModel.MetricsPeriodDays) }));
        Assert.That(_saved, Is.Empty);
    }

    [Test]
    public async Task Valid_input_for_all_stores_saves_every_setting()
    {
        var result = await Controller().Configure(ValidModel());

        Assert.That(result, Is.TypeOf<RedirectToActionResult>());
        Assert.That(_saved.Select(s => s.Key), Is.EquivalentTo(typeof(RetentionSettings).GetProperties().Select(p => p.Name)));
        Assert.That(_saved, Has.All.Matches<(string Key, object Value, bool Override, int Store)>(s => s.Store == 0));
        Assert.That(_saved.Single(s => s.Key == nameof(RetentionSettings.MarketingEmailsPerWeek)).Value, Is.EqualTo(2));
        _settings.Verify(s => s.ClearCacheAsync(), Times.Once);
        _notifications.Verify(n => n.SuccessNotification(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
    }

    [Test]
    public async Task Valid_input_for_one_store_saves_each_setting_with_its_override_flag()
    {
        var model = ValidModel(store: 3) with { MarketingEmailsPerWeek_OverrideForStore = true, QuietHoursEnd_OverrideForStore = true };

        await Controller().Configure(model);

        Assert.That(_saved, Has.All.Matches<(string Key, object Value, bool Override, int Store)>(s => s.Store == 3));
        Assert.That(_saved.Where(s => s.Override).Select(s => s.Key),
            Is.EquivalentTo(new[] { nameof(RetentionSettings.MarketingEmailsPerWeek), nameof(RetentionSettings.QuietHoursEnd) }));
    }

    [Test]
    public void Every_configure_action_checks_the_plugin_permission()
    {
        var actions = typeof(RetentionAdminController).GetMethods().Where(m => m.DeclaringType == typeof(RetentionAdminController) && m.IsPublic && !m.IsStatic);

        Assert.That(actions, Is.Not.Empty);
        foreach (var action in actions)
            Assert.That(action.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CheckPermissionAttribute"
                    && (string)a.ConstructorArguments[0].Value == RetentionDefaults.Permissions.Manage),
                Is.True, $"{action.Name} must check {RetentionDefaults.Permissions.Manage}");
    }

    [Test]
    public void Controller_is_an_admin_area_controller_with_antiforgery_validation()
    {
        var attributes = typeof(RetentionAdminController).GetCustomAttributesData().Select(a => a.AttributeType.Name).ToList();

        Assert.That(attributes, Does.Contain("AreaAttribute").And.Contain("AuthorizeAdminAttribute").And.Contain("AutoValidateAntiforgeryTokenAttribute"));
    }
}
