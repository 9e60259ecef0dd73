using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Tests.Ui;
using Nop.Services.Configuration;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Tests.Security;

/// <summary>
/// The configure page and the tier editor under hostile posts: every refusal lands on the field it is about (or, for
/// the whole tier list, on <c>Tiers</c>, which the page shows above the rows) and nothing reaches the settings.
/// </summary>
public class SettingsEditorTests
{
    private Mock<ISettingService> _settings;
    private Mock<ILoyaltySettingsStore> _loyalty;
    private UiFixture _ui;

    [SetUp]
    public void SetUp()
    {
        _settings = new Mock<ISettingService>(MockBehavior.Strict);
        _settings.Setup(s => s.LoadSettingAsync<RetentionSettings>(It.IsAny<int>())).ReturnsAsync(RetentionSettings.From(new RetentionOptions()));
        _ui = new UiFixture();
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(3);
        _loyalty = new Mock<ILoyaltySettingsStore>(MockBehavior.Strict);
        _loyalty.Setup(s => s.LoadAsync(new StoreId(3), It.IsAny<CancellationToken>())).ReturnsAsync(new LoyaltySettings());
    }

    private RetentionAdminController Configure() =>
        UiFixture.WithHttpContext(new RetentionAdminController(new ConfigurationModelFactory(_settings.Object, _ui.StoreContext.Object),
            Mock.Of<ILocalizationService>(), Mock.Of<INotificationService>()));

    private RetentionLoyaltyAdminController Loyalty()
    {
        var program = UiFixture.UntouchableProgram();
        return UiFixture.WithHttpContext(new RetentionLoyaltyAdminController(_ui.AdminFactory(program, _loyalty.Object), program.Events, program.Views, _loyalty.Object,
            Mock.Of<ICustomerService>(), _ui.Localization.Object, Mock.Of<INotificationService>(), Mock.Of<IPermissionService>(), _ui.StoreContext.Object,
            _ui.WorkContext.Object));
    }

    private static ConfigurationModel Extremes() => new()
    {
        Enabled = true,
        ActiveWindowDays = int.MinValue,
        MetricsPeriodDays = int.MaxValue,
        MarketingEmailsPerWeek = int.MaxValue,
        QuietHoursStart = int.MinValue,
        QuietHoursEnd = int.MaxValue,
        AbandonedCartDelayMinutes = int.MinValue,
    };

    [Test]
    public async Task Configure_refuses_every_number_at_its_extreme_on_its_field_and_touches_no_setting()
    {
        var controller = Configure();

        var result = await controller.Configure(Extremes());

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState.Keys, Is.EquivalentTo(typeof(RetentionSettings).GetProperties()
            .Where(p => p.PropertyType != typeof(bool)).Select(p => p.Name)));
        // Strict mock: a save, override or cache clear would have thrown; none was even attempted.
        Assert.That(_settings.Invocations.Select(i => i.Method.Name), Has.None.StartsWith("Save").And.None.StartsWith("Clear"));
    }

    [Test]
    public async Task Configure_saves_nothing_when_the_model_binder_already_refused_a_value()
    {
        var controller = Configure();
        // What MVC records for "1e30" in a number field: the model keeps its default and the state holds the error.
        controller.ModelState.AddModelError(nameof(ConfigurationModel.MarketingEmailsPerWeek), "The value '1e30' is not valid for MarketingEmailsPerWeek.");

        var result = await controller.Configure(new ConfigurationModel { ActiveWindowDays = 365, MetricsPeriodDays = 30, AbandonedCartDelayMinutes = 60 });

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState[nameof(ConfigurationModel.MarketingEmailsPerWeek)].Errors.Single().ErrorMessage, Does.Contain("1e30"));
        Assert.That(_settings.Invocations.Select(i => i.Method.Name), Has.None.StartsWith("Save"));
    }

    private static LoyaltySettingsModel LoyaltyModel(params TierModel[] tiers) => new()
    {
        PointsPerCurrencyUnit = 1m, ActivationDelayDays = 14, Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12, MaxRedeemSharePercent = 50,
        CurrencyPerPoint = 0.01m, Tiers = tiers.ToList(),
    };

    [Test]
    public async Task The_tier_editor_refuses_a_huge_name_an_impossible_threshold_and_an_empty_name_row_by_row()
    {
        var controller = Loyalty();

        var result = await controller.LoyaltySettings(LoyaltyModel(
            new TierModel { Name = "Silver", Threshold = 100m, Multiplier = 1.1m },
            new TierModel { Name = new string('G', 10_000), Threshold = 500m, Multiplier = 1.5m },
            new TierModel { Name = "Platinum", Threshold = 1e28m, Multiplier = 2m },
            new TierModel { Name = null, Threshold = 900m, Multiplier = 1m }));

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState.Keys, Is.EquivalentTo(new[] { "Tiers[1].Name", "Tiers[2].Threshold", "Tiers[3].Name" }));
        _loyalty.Verify(s => s.SaveAsync(It.IsAny<StoreId>(), It.IsAny<LoyaltySettings>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task The_tier_editor_refuses_a_list_longer_than_the_maximum_as_a_whole()
    {
        var controller = Loyalty();
        var tiers = Enumerable.Range(1, TierRules.MaxTiers + 1).Select(i => new TierModel { Name = $"T{i}", Threshold = i, Multiplier = 1m }).ToArray();

        await controller.LoyaltySettings(LoyaltyModel(tiers));

        Assert.That(controller.ModelState.Keys, Is.EqualTo(new[] { nameof(LoyaltySettingsModel.Tiers) }));
        _loyalty.Verify(s => s.SaveAsync(It.IsAny<StoreId>(), It.IsAny<LoyaltySettings>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void The_tier_editor_shows_the_lists_own_error_above_the_rows()
    {
        var view = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Views", "Admin", "_LoyaltySettings.cshtml"));

        Assert.That(view, Does.Contain("asp-validation-for=\"Tiers\""));
    }
}
