using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Configuration;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>Issue 15 in the plugin: the switch-on confirmation and the at-risk actions, over Core's real classes; nopCommerce's services mocked.</summary>
public class FlowsAdminTests
{
    private UiFixture _ui;
    private WorkflowUiHarness _wf;
    private Mock<INotificationService> _notifications;
    private Mock<IPermissionService> _permissions;
    private List<MessageTemplate> _templates;
    private List<CustomerRole> _roles;
    private List<CustomerCustomerRoleMapping> _mappings;
    private Mock<ISettingService> _settingService;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _wf = new WorkflowUiHarness();
        _notifications = new Mock<INotificationService>();
        _permissions = new Mock<IPermissionService>();
        _permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(true);
        _permissions.Setup(p => p.AuthorizeAsync(StandardPermission.Customers.CUSTOMERS_CREATE_EDIT_DELETE)).ReturnsAsync(true);
        _templates = RetentionDefaults.Templates.All.Select((d, i) => new MessageTemplate { Id = i + 1, Name = d.Name, IsActive = false }).ToList();
        _roles =
        [
            new CustomerRole { Id = 1, Name = "Administrators", Active = true, IsSystemRole = true, SystemName = "Administrators" },
            new CustomerRole { Id = 7, Name = "VIP", Active = true },
            new CustomerRole { Id = 8, Name = "Old promo", Active = false },
        ];
        _mappings = [];
        _settingService = new Mock<ISettingService>();
        _ui.CustomerService.Setup(c => c.GetAllCustomerRolesAsync(It.IsAny<bool>())).ReturnsAsync(() => _roles);
        _ui.CustomerService.Setup(c => c.AddCustomerRoleMappingAsync(It.IsAny<CustomerCustomerRoleMapping>()))
            .Callback((CustomerCustomerRoleMapping m) => _mappings.Add(m)).Returns(Task.CompletedTask);
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(WorkflowUiHarness.Store.Value);
    }

    private RetentionFlowsAdminController Controller()
    {
        var templates = new Mock<IMessageTemplateService>();
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => _templates.Where(t => t.Name == name).ToList());
        var mappings = new Mock<IRepository<CustomerCustomerRoleMapping>>();
        mappings.Setup(r => r.Table).Returns(() => _mappings.AsQueryable());
        return UiFixture.WithHttpContext(new RetentionFlowsAdminController(_wf.Workflows.Scans,
            new WorkflowAdminService(_wf.Settings, templates.Object, _ui.StoreContext.Object, _ui.StoreService.Object, _wf.Clock.Object),
            new AtRiskRoles(_ui.CustomerService.Object, mappings.Object, new InMemoryQueryRunner(), _permissions.Object), _ui.StoreContext.Object, _ui.StoreService.Object,
            _ui.Localization.Object, _notifications.Object, _permissions.Object, _settingService.Object));
    }

    private Task<WorkflowSettings> WinBackAsync() => _wf.Settings.LoadAsync(WorkflowUiHarness.Store).ContinueWith(t => t.Result.For(WorkflowKind.WinBack));

    [Test]
    public async Task The_confirmation_shows_cores_backlog_and_switching_on_only_from_now_on_records_the_time_and_activates_the_templates()
    {
        var page = (WorkflowSwitchOnModel)((ViewResult)await Controller().SwitchOn(WorkflowKind.WinBack)).Model;
        Assert.That((page.AlreadyOn, page.HasBacklog, page.BacklogCount, page.PerDay), Is.EqualTo((false, true, 0, SwitchOnPlan.DefaultPerDay)));
        Assert.That((await WinBackAsync()).Enabled, Is.False, "showing the confirmation changes nothing");

        var result = await Controller().SwitchOn(WorkflowKind.WinBack, BacklogChoice.FromNowOn, null);

        Assert.That(((RedirectToActionResult)result).ActionName, Is.EqualTo("List"));
        var winBack = await WinBackAsync();
        Assert.That((winBack.Enabled, winBack.SwitchOn?.Choice, winBack.SwitchOn?.SwitchedOnUtc), Is.EqualTo((true, (BacklogChoice?)BacklogChoice.FromNowOn, (DateTime?)_wf.Now)));
        Assert.That(_templates.Where(t => t.Name.StartsWith("Retention.WinBack.", StringComparison.Ordinal)).Select(t => t.IsActive), Has.All.True);
        Assert.That(((WorkflowSwitchOnModel)((ViewResult)await Controller().SwitchOn(WorkflowKind.WinBack)).Model).AlreadyOn, Is.True);
    }

    [Test]
    public async Task In_the_all_stores_scope_the_backlog_counts_the_customers_of_every_store_that_takes_the_all_stores_settings()
    {
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(0);
        await _wf.Settings.ConfigureAsync(new StoreId(0), WorkflowKind.AbandonedCart, w => w with { Enabled = false });
        foreach (var (customer, store) in new[] { (11, 1), (12, 2), (13, 2) })
        {
            _wf.StoreData.CustomerList.Add(new CustomerFact { Id = customer, Email = $"c{customer}@example.com", Active = true, RegisteredInStoreId = store });
            _wf.StoreData.CartItemList.Add(new CartItemFact
            {
                Id = customer, StoreId = store, CustomerId = customer, ProductId = 1, Quantity = 1,
                CreatedOnUtc = _wf.Now.AddHours(-5), UpdatedOnUtc = _wf.Now.AddHours(-5),
            });
        }

        var page = (WorkflowSwitchOnModel)((ViewResult)await Controller().SwitchOn(WorkflowKind.AbandonedCart)).Model;
        Assert.That(page.BacklogCount, Is.EqualTo(3), "the idle carts of both stores, not only the first store's");

        // A store with workflow settings of its own is not switched by the all-stores settings.
        _settingService.Setup(s => s.SettingExistsAsync(It.IsAny<RetentionWorkflowSettings>(), It.IsAny<System.Linq.Expressions.Expression<Func<RetentionWorkflowSettings, string>>>(), 2))
            .ReturnsAsync(true);
        page = (WorkflowSwitchOnModel)((ViewResult)await Controller().SwitchOn(WorkflowKind.AbandonedCart)).Model;
        Assert.That(page.BacklogCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_bad_pace_is_refused_on_the_confirmation_and_nothing_is_switched_on()
    {
        var result = (ViewResult)await Controller().SwitchOn(WorkflowKind.WinBack, BacklogChoice.IncludeBacklog, 0);

        Assert.That(((WorkflowSwitchOnModel)result.Model).Error, Is.EqualTo(RetentionLocales.SwitchOnBadPerDay));
        Assert.That((await WinBackAsync()).Enabled, Is.False);
        Assert.That(_templates.Select(t => t.IsActive), Has.All.False);
    }

    [Test]
    public async Task Start_win_back_says_what_core_decided_and_enrols_only_when_allowed()
    {
        await Controller().StartWinBack(40, WorkflowUiHarness.Store.Value);
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.AtRiskStart(ManualStartStatus.WorkflowOff), It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
        Assert.That(_wf.Stores.AllEnrollments, Is.Empty);

        await _wf.Settings.ConfigureAsync(WorkflowUiHarness.Store, WorkflowKind.WinBack, w => w with { Enabled = true, ControlGroupPercent = 0m });
        var result = await Controller().StartWinBack(40, WorkflowUiHarness.Store.Value);

        Assert.That(((RedirectToActionResult)result).ControllerName, Is.EqualTo("Home"));
        _notifications.Verify(n => n.SuccessNotification(RetentionLocales.AtRiskStart(ManualStartStatus.Started), It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
        Assert.That(_wf.Stores.AllEnrollments.Select(e => (e.Workflow, e.Customer.Value)), Is.EqualTo(new[] { (WorkflowKind.WinBack, 40) }));
    }

    [Test]
    public async Task Add_to_role_maps_the_customer_to_one_of_the_stores_own_roles_once_and_never_to_a_system_or_inactive_role()
    {
        _ui.CustomerService.Setup(c => c.GetCustomerByIdAsync(40)).ReturnsAsync(new Customer { Id = 40 });

        await Controller().AddToRole(40, 1);
        await Controller().AddToRole(40, 8);
        Assert.That(_mappings, Is.Empty, "Administrators and an inactive role are not offered");
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.AtRiskRoleRefused, It.IsAny<bool>(), It.IsAny<int>()), Times.Exactly(2));

        await Controller().AddToRole(40, 7);
        await Controller().AddToRole(40, 7);

        Assert.That(_mappings.Select(m => (m.CustomerId, m.CustomerRoleId)), Is.EqualTo(new[] { (40, 7) }));
        _notifications.Verify(n => n.SuccessNotification(RetentionLocales.AtRiskRoleAdded, It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.AtRiskRoleAlready, It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
        Assert.That((await new AtRiskRoles(_ui.CustomerService.Object, Mock.Of<IRepository<CustomerCustomerRoleMapping>>(), new InMemoryQueryRunner(), _permissions.Object).OfferedAsync())
            .Select(r => r.Name), Is.EqualTo(new[] { "VIP" }));
    }

    [Test]
    public async Task Add_to_role_for_a_customer_who_does_not_exist_maps_nothing()
    {
        await Controller().AddToRole(404, 7);

        Assert.That(_mappings, Is.Empty);
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.AtRiskNoCustomer, It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
    }

    [Test]
    public async Task An_admin_who_may_not_edit_customers_is_offered_no_role_and_adding_one_is_denied_without_a_mapping()
    {
        _ui.CustomerService.Setup(c => c.GetCustomerByIdAsync(40)).ReturnsAsync(new Customer { Id = 40 });
        _permissions.Setup(p => p.AuthorizeAsync(StandardPermission.Customers.CUSTOMERS_CREATE_EDIT_DELETE)).ReturnsAsync(false);

        var result = await Controller().AddToRole(40, 7);

        Assert.That(result, Is.InstanceOf<RedirectToActionResult>());
        Assert.That(((RedirectToActionResult)result).ActionName, Is.EqualTo("AccessDenied"));
        Assert.That(_mappings, Is.Empty);
        _ui.CustomerService.Verify(c => c.AddCustomerRoleMappingAsync(It.IsAny<CustomerCustomerRoleMapping>()), Times.Never);
        Assert.That(await new AtRiskRoles(_ui.CustomerService.Object, Mock.Of<IRepository<CustomerCustomerRoleMapping>>(), new InMemoryQueryRunner(), _permissions.Object)
            .OfferedAsync(), Is.Empty, "the dashboard shows no role action to this admin");
    }
}
