using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Services.Stores;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Loyalty;
using Nop.Web.Framework.Mvc.Routing;
using Retention.Core.Configuration;
using Retention.Core.Workflows;
using Nop.Plugin.Misc.Retention.Events;

namespace Nop.Plugin.Misc.Retention.Tests.Install;

/// <summary>What install creates and uninstall removes, each against nopCommerce's services (mocked over NopSdk).</summary>
public class InstallTests
{
    private Mock<ISettingService> _settings;
    private Mock<ILocalizationService> _localization;
    private Mock<IScheduleTaskService> _tasks;
    private Mock<IMessageTemplateService> _templates;
    private Mock<IPermissionService> _permissions;
    private Mock<IStoreService> _stores;
    private FakeSettings _fakeSettings;
    private WidgetSettings _widgetSettings;
    private List<ScheduleTask> _storedTasks;
    private List<MessageTemplate> _storedTemplates;

    [SetUp]
    public void SetUp()
    {
        // nopCommerce's settings behave like its table for the classes install reads back; the rest stays a plain mock.
        _fakeSettings = new FakeSettings().Serve<RetentionInstallSettings>().Serve<RewardPointsSettings>().Serve<RetentionLoyaltySettings>();
        _settings = _fakeSettings.Mock;
        _stores = new Mock<IStoreService>();
        _stores.Setup(s => s.GetAllStoresAsync()).ReturnsAsync(new List<Store> { new() { Id = 1 }, new() { Id = 2 } });
        _localization = new Mock<ILocalizationService>();
        _tasks = new Mock<IScheduleTaskService>();
        _templates = new Mock<IMessageTemplateService>();
        _permissions = new Mock<IPermissionService>();
        _widgetSettings = new WidgetSettings { ActiveWidgetSystemNames = new List<string> { "Widgets.Other" } };
        _storedTasks = new List<ScheduleTask>();
        _storedTemplates = new List<MessageTemplate>();

        // The services behave like a store: what is inserted can be found and deleted again.
        _tasks.Setup(s => s.GetTaskByTypeAsync(It.IsAny<string>())).ReturnsAsync((string type) => _storedTasks.FirstOrDefault(t => t.Type == type));
        _tasks.Setup(s => s.InsertTaskAsync(It.IsAny<ScheduleTask>())).Callback((ScheduleTask t) => _storedTasks.Add(t)).Returns(Task.CompletedTask);
        _tasks.Setup(s => s.DeleteTaskAsync(It.IsAny<ScheduleTask>())).Callback((ScheduleTask t) => _storedTasks.Remove(t)).Returns(Task.CompletedTask);
        _templates.Setup(s => s.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => _storedTemplates.Where(t => t.Name == name).ToList());
        _templates.Setup(s => s.InsertMessageTemplateAsync(It.IsAny<MessageTemplate>())).Callback((MessageTemplate t) => _storedTemplates.Add(t)).Returns(Task.CompletedTask);
        _templates.Setup(s => s.DeleteMessageTemplateAsync(It.IsAny<MessageTemplate>())).Callback((MessageTemplate t) => _storedTemplates.Remove(t)).Returns(Task.CompletedTask);
    }

    private RetentionPlugin Plugin() => new(new EmailAccountSettings { DefaultEmailAccountId = 7 }, _localization.Object, _templates.Object,
        Mock.Of<INopUrlHelper>(), _permissions.Object, _tasks.Object, _settings.Object, _stores.Object, _widgetSettings);

    [Test]
    public async Task Install_saves_the_safe_default_settings_for_all_stores()
    {
        RetentionSettings saved = null;
        _settings.Setup(s => s.SaveSettingAsync(It.IsAny<RetentionSettings>(), 0)).Callback((RetentionSettings s, int _) => saved = s).Returns(Task.CompletedTask);

        await Plugin().InstallAsync();

        Assert.That(saved, Is.Not.Null);
        Assert.That(saved.ToOptions(), Is.EqualTo(new RetentionOptions()));
    }

    [Test]
    public async Task Install_adds_every_english_locale_resource()
    {
        IDictionary<string, string> added = null;
        _localization.Setup(s => s.AddOrUpdateLocaleResourceAsync(It.IsAny<IDictionary<string, string>>(), null))
            .Callback((IDictionary<string, string> r, int? _) => added = r).Returns(Task.CompletedTask);

        await Plugin().InstallAsync();

        Assert.That(added, Is.EquivalentTo(RetentionLocales.English()));
        Assert.That(added.Keys, Has.Some.EqualTo(RetentionLocales.Field(nameof(RetentionSettings.ActiveWindowDays))));
        Assert.That(added.Values, Has.None.Empty);
    }

    [Test]
    public async Task Install_creates_each_schedule_task_enabled()
    {
        await Plugin().InstallAsync();

        Assert.That(_storedTasks.Select(t => t.Type), Is.EquivalentTo(RetentionDefaults.Tasks.All.Select(d => d.Type)));
        Assert.That(_storedTasks, Has.All.Matches<ScheduleTask>(t => t.Enabled && t.Seconds > 0 && !string.IsNullOrEmpty(t.Name)));
        Assert.That(Type.GetType(_storedTasks[0].Type + ", Nop.Plugin.Misc.Retention"), Is.Not.Null, "the task type name must resolve to the task class");
    }

    [Test]
    public async Task Install_creates_one_template_per_workflow_step_on_the_default_email_account()
    {
        await Plugin().InstallAsync();

        var stepTemplates = WorkflowCatalog.All.SelectMany(k => WorkflowCatalog.Default(k).Steps.Select(s => s.TemplateName));
        Assert.That(_storedTemplates.Select(t => t.Name), Is.EquivalentTo(stepTemplates));
        Assert.That(_storedTemplates, Has.All.Matches<MessageTemplate>(t => t.EmailAccountId == 7 && !string.IsNullOrWhiteSpace(t.Subject)));
        Assert.That(_storedTemplates, Has.All.Matches<MessageTemplate>(t => t.Body == EmailTemplates.Find(t.Name).HtmlBody && t.Subject == EmailTemplates.Find(t.Name).Subject));
    }

    [Test]
    public async Task Install_activates_exactly_the_templates_of_the_workflows_the_catalog_switches_on()
    {
        await Plugin().InstallAsync();

        foreach (var template in _storedTemplates)
        {
            var kind = WorkflowCatalog.All.Single(k => WorkflowCatalog.Default(k).Steps.Any(s => s.TemplateName == template.Name));
            Assert.That(template.IsActive, Is.EqualTo(WorkflowCatalog.Default(kind).Enabled), template.Name);
        }
        Assert.That(_storedTemplates.Where(t => t.IsActive), Is.Not.Empty);
        Assert.That(_storedTemplates.Where(t => !t.IsActive), Is.Not.Empty);
    }

    private void StoreAsShippedBefore()
    {
        foreach (var shipped in RetentionDefaults.Templates.Shipped)
            _storedTemplates.Add(new MessageTemplate { Name = shipped.Name, Subject = shipped.Subject, Body = shipped.Body, IsActive = false });
    }

    [Test]
    public async Task Update_replaces_unedited_templates_of_the_old_version_with_the_current_defaults_and_deletes_the_retired_ones()
    {
        StoreAsShippedBefore();

        await Plugin().UpdateAsync("4.90.2", "4.90.3");

        Assert.That(_storedTemplates.Select(t => t.Name), Is.EquivalentTo(RetentionDefaults.Templates.All.Select(d => d.Name)));
        Assert.That(_storedTemplates, Has.All.Matches<MessageTemplate>(t => t.Body == RetentionDefaults.Templates.Current(t.Name).Body
            && t.Subject == RetentionDefaults.Templates.Current(t.Name).Subject));
        Assert.That(RetentionDefaults.Templates.Shipped.Where(t => RetentionDefaults.Templates.Current(t.Name) == null).Select(t => t.Name),
            Is.EquivalentTo(new[] { "Retention.ReviewRequest", "Retention.PointsExpiryReminder" }));
    }

    [Test]
    public async Task Update_keeps_the_merchants_edited_templates_and_deactivates_an_edited_retired_one()
    {
        StoreAsShippedBefore();
        var editedStep = _storedTemplates.Single(t => t.Name == "Retention.WinBack.Step1");
        editedStep.Subject = "Merchant's own subject";
        editedStep.IsActive = true;
        var editedRetired = _storedTemplates.Single(t => t.Name == "Retention.ReviewRequest");
        editedRetired.Body += "<p>Merchant's own line</p>";
        editedRetired.IsActive = true;
        var shippedBody = editedStep.Body;

        await Plugin().UpdateAsync("4.90.2", "4.90.3");

        Assert.That((editedStep.Subject, editedStep.Body, editedStep.IsActive), Is.EqualTo(("Merchant's own subject", shippedBody, true)));
        Assert.That(_storedTemplates, Has.Member(editedRetired));
        Assert.That(editedRetired.IsActive, Is.False);
        Assert.That(editedRetired.Body, Does.EndWith("<p>Merchant's own line</p>"));
        Assert.That(_storedTemplates.Any(t => t.Name == "Retention.PointsExpiryReminder"), Is.False);
    }

    [Test]
    public void Every_retention_token_a_template_uses_is_offered_in_the_template_editor()
    {
        var offered = new AdditionalTokensAddedEvent();
        new WorkflowTokensConsumer().HandleEventAsync(offered).GetAwaiter().GetResult();

        var used = RetentionDefaults.Templates.All
            .SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t.Subject + t.Body, "%(Retention\\.[A-Za-z]+)%").Select(m => m.Value))
            .Distinct().ToList();
        Assert.That(used, Is.Not.Empty);
        Assert.That(used, Is.SubsetOf(offered.AdditionalTokens));
    }

    [Test]
    public async Task Install_activates_the_widget_and_keeps_the_other_active_widgets()
    {
        await Plugin().InstallAsync();

        Assert.That(_widgetSettings.ActiveWidgetSystemNames, Is.EquivalentTo(new[] { "Widgets.Other", RetentionDefaults.SystemName }));
        _settings.Verify(s => s.SaveSettingAsync(_widgetSettings, 0), Times.Once);
    }

    [Test]
    public async Task Installing_again_duplicates_no_task_template_or_widget_entry()
    {
        await Plugin().InstallAsync();
        await Plugin().InstallAsync();

        Assert.That(_storedTasks, Has.Count.EqualTo(RetentionDefaults.Tasks.All.Count));
        Assert.That(_storedTemplates, Has.Count.EqualTo(RetentionDefaults.Templates.All.Count));
        Assert.That(_widgetSettings.ActiveWidgetSystemNames.Count(n => n == RetentionDefaults.SystemName), Is.EqualTo(1));
    }

    [Test]
    public async Task Uninstall_deletes_every_message_template_install_created()
    {
        var merchantsOwn = new MessageTemplate { Name = "OrderPlaced.CustomerNotification" };
        _storedTemplates.Add(merchantsOwn);
        await Plugin().InstallAsync();

        await Plugin().UninstallAsync();

        Assert.That(_storedTemplates, Is.EqualTo(new[] { merchantsOwn }));
    }

    [Test]
    public async Task Uninstall_deletes_every_schedule_task_install_created()
    {
        await Plugin().InstallAsync();

        await Plugin().UninstallAsync();

        Assert.That(_storedTasks, Is.Empty);
    }

    [Test]
    public async Task Uninstall_removes_settings_locales_permission_and_widget_activation()
    {
        await Plugin().InstallAsync();

        await Plugin().UninstallAsync();

        _settings.Verify(s => s.DeleteSettingAsync<RetentionSettings>(), Times.Once);
        _localization.Verify(s => s.DeleteLocaleResourcesAsync(RetentionDefaults.LocalePrefix, null), Times.Once);
        _localization.Verify(s => s.DeleteLocaleResourcesAsync("Security.Permission." + RetentionDefaults.Permissions.Manage, null), Times.Once);
        _permissions.Verify(s => s.DeletePermissionAsync(RetentionDefaults.Permissions.Manage), Times.Once);
        Assert.That(_widgetSettings.ActiveWidgetSystemNames, Is.EqualTo(new[] { "Widgets.Other" }));
    }

    [Test]
    public void Every_locale_prefix_resource_is_one_the_plugin_owns()
    {
        Assert.That(RetentionLocales.English().Keys.Where(k => !k.StartsWith("Security.Permission.")),
            Has.All.StartWith(RetentionDefaults.LocalePrefix));
    }

    [Test]
    public async Task Update_adds_the_templates_and_tasks_an_older_version_lacked_and_keeps_the_merchants_edits()
    {
        await Plugin().InstallAsync();
        var edited = _storedTemplates[0];
        edited.Subject = "Merchant's own subject";
        _storedTemplates.RemoveAt(_storedTemplates.Count - 1);
        _storedTasks.Clear();

        await Plugin().UpdateAsync("4.90.0", "4.90.1");

        Assert.That(_storedTemplates.Select(t => t.Name), Is.EquivalentTo(RetentionDefaults.Templates.All.Select(d => d.Name)));
        Assert.That(_storedTasks, Has.Count.EqualTo(RetentionDefaults.Tasks.All.Count));
        Assert.That(edited.Subject, Is.EqualTo("Merchant's own subject"));
    }

    [Test]
    public async Task Install_switches_off_native_earning_in_every_scope_that_sets_it_and_uninstall_puts_it_back()
    {
        _fakeSettings.Values[(0, "RewardPointsSettings.PointsForPurchases_Points")] = 10;
        _fakeSettings.Values[(0, "RewardPointsSettings.PointsForRegistration")] = 50;
        _fakeSettings.Values[(2, "RewardPointsSettings.PointsForPurchases_Points")] = 25;

        await Plugin().InstallAsync();

        foreach (var store in new[] { 0, 1, 2 })
        {
            var native = _fakeSettings.Load<RewardPointsSettings>(store);
            Assert.That((native.PointsForPurchases_Points, native.PointsForRegistration), Is.EqualTo((0, 0)), $"store {store}");
        }

        await Plugin().UninstallAsync();

        Assert.That(_fakeSettings.Load<RewardPointsSettings>(0).PointsForPurchases_Points, Is.EqualTo(10));
        Assert.That(_fakeSettings.Load<RewardPointsSettings>(1).PointsForRegistration, Is.EqualTo(50));
        Assert.That(_fakeSettings.Load<RewardPointsSettings>(2).PointsForPurchases_Points, Is.EqualTo(25));
        Assert.That(_fakeSettings.Load<RewardPointsSettings>(2).PointsForRegistration, Is.EqualTo(50));
    }

    [Test]
    public async Task Install_keeps_one_reward_points_balance_per_store_and_uninstall_puts_nopCommerces_choice_back()
    {
        // nopCommerce's default: points accumulated for all stores, which a per-store ledger could never match.
        _fakeSettings.Values[(0, "RewardPointsSettings.PointsAccumulatedForAllStores")] = true;
        _fakeSettings.Values[(2, "RewardPointsSettings.PointsAccumulatedForAllStores")] = false;

        await Plugin().InstallAsync();

        foreach (var store in new[] { 0, 1, 2 })
            Assert.That(_fakeSettings.Load<RewardPointsSettings>(store).PointsAccumulatedForAllStores, Is.False, $"store {store}");
        Assert.That(_fakeSettings.Load<RetentionInstallSettings>(0).WalletSinceUtc, Is.Not.Null, "wallet entries are taken in from now on");

        await Plugin().UninstallAsync();

        Assert.That(_fakeSettings.Load<RewardPointsSettings>(0).PointsAccumulatedForAllStores, Is.True);
        Assert.That(_fakeSettings.Load<RewardPointsSettings>(1).PointsAccumulatedForAllStores, Is.True);
        Assert.That(_fakeSettings.Load<RewardPointsSettings>(2).PointsAccumulatedForAllStores, Is.False);
    }

    [Test]
    public async Task Installing_again_keeps_the_first_backup_of_native_earning()
    {
        _fakeSettings.Values[(0, "RewardPointsSettings.PointsForPurchases_Points")] = 10;

        await Plugin().InstallAsync();
        await Plugin().InstallAsync();
        await Plugin().UninstallAsync();

        Assert.That(_fakeSettings.Load<RewardPointsSettings>(0).PointsForPurchases_Points, Is.EqualTo(10));
    }

    [Test]
    public async Task Install_creates_a_random_referral_secret_once_and_uninstall_deletes_the_loyalty_settings()
    {
        await Plugin().InstallAsync();
        var secret = _fakeSettings.Load<RetentionInstallSettings>(0).ReferralSecret;
        await Plugin().InstallAsync();

        Assert.That(Convert.FromBase64String(secret), Has.Length.EqualTo(32));
        Assert.That(_fakeSettings.Load<RetentionInstallSettings>(0).ReferralSecret, Is.EqualTo(secret));

        await Plugin().UninstallAsync();

        Assert.That(_fakeSettings.Values.Keys.Where(k => k.Key.StartsWith("Retention", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Install_hands_the_default_redemption_limits_to_nopCommerce_checkout()
    {
        await Plugin().InstallAsync();

        var native = _fakeSettings.Load<RewardPointsSettings>(0);
        var defaults = new LoyaltySettings();
        Assert.That(native.Enabled, Is.True);
        Assert.That(native.MaximumRedeemedRate, Is.EqualTo(defaults.MaxRedeemSharePercent / 100m));
        Assert.That(native.ExchangeRate, Is.EqualTo(defaults.CurrencyPerPoint));
        Assert.That(native.MinimumRewardPointsToUse, Is.EqualTo(defaults.MinimumBalanceToRedeem));
    }

    [Test]
    public void The_loyalty_nightly_task_is_among_the_installed_tasks()
    {
        Assert.That(RetentionDefaults.Tasks.All.Select(t => t.Type), Has.Member(typeof(LoyaltyNightlyTask).FullName));
    }

    [Test]
    public async Task Update_of_a_store_installed_before_loyalty_sets_loyalty_up_once_and_keeps_the_merchants_later_choices()
    {
        _fakeSettings.Values[(0, "RewardPointsSettings.PointsForPurchases_Points")] = 10;

        await Plugin().UpdateAsync("4.90.0", "4.90.1");
        _fakeSettings.Values[(0, "RewardPointsSettings.ExchangeRate")] = 0.5m;
        await Plugin().UpdateAsync("4.90.1", "4.90.2");

        Assert.That(_fakeSettings.Load<RewardPointsSettings>(0).PointsForPurchases_Points, Is.Zero);
        Assert.That(_fakeSettings.Load<RewardPointsSettings>(0).ExchangeRate, Is.EqualTo(0.5m));
        Assert.That(_fakeSettings.Load<RetentionInstallSettings>(0).ReferralSecret, Is.Not.Empty);
    }
}
