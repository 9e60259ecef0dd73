using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Messages;
using Nop.Services.Security;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The admin's workflow pages over the real facade and in-memory settings; nopCommerce's services mocked.</summary>
public class WorkflowAdminTests
{
    private UiFixture _ui;
    private WorkflowUiHarness _wf;
    private Mock<IPermissionService> _permissions;
    private Mock<INotificationService> _notifications;
    private Mock<IMessageTemplateService> _templates;
    private Mock<IBuiltInReminders> _builtIn;
    private Mock<IMessageTokenProvider> _tokenProvider;
    private List<MessageTemplate> _storedTemplates;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _wf = new WorkflowUiHarness();
        _permissions = new Mock<IPermissionService>();
        _permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(true);
        _notifications = new Mock<INotificationService>();
        _builtIn = new Mock<IBuiltInReminders>();
        _tokenProvider = new Mock<IMessageTokenProvider>();
        _builtIn.Setup(b => b.DetectAsync(It.IsAny<CancellationToken>())).ReturnsAsync(BuiltInReminderStatus.None);
        _storedTemplates = RetentionDefaults.Templates.All
            .Select((d, i) => new MessageTemplate { Id = i + 1, Name = d.Name, IsActive = WorkflowCatalog.Default(d.Workflow).Enabled }).ToList();
        _templates = new Mock<IMessageTemplateService>();
        _templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => _storedTemplates.Where(t => t.Name == name).ToList());
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(0);
    }

    private WorkflowAdminModelFactory Factory() => new(_wf.Workflows.Reports, _wf.Workflows.Previews, _wf.Workflows.Scans, _wf.Settings, _builtIn.Object, _ui.CustomerService.Object,
        Mock.Of<IEmailAccountService>(), _ui.Localization.Object, _templates.Object, _tokenProvider.Object, _ui.PriceFormatter.Object,
        _ui.StoreContext.Object, _ui.StoreService.Object);

    private RetentionWorkflowsAdminController Controller() => UiFixture.WithHttpContext(new RetentionWorkflowsAdminController(Factory(),
        new WorkflowAdminService(_wf.Settings, _templates.Object, _ui.StoreContext.Object, _ui.StoreService.Object, _wf.Clock.Object), _wf.Workflows.Previews,
        _builtIn.Object, _wf.Clock.Object, _ui.Localization.Object, _notifications.Object, _permissions.Object, _ui.WorkContext.Object));

    private static ActionExecutingContext ExecutingContext(Controller controller) =>
        new(new ActionContext(controller.HttpContext, new RouteData(), new ActionDescriptor()), new List<IFilterMetadata>(),
            new Dictionary<string, object>(), controller);

    private async Task<WorkflowEditModel> EditModelAsync(WorkflowKind kind) => await Factory().PrepareEditAsync(kind);

    /// <summary>Records compare their lists by reference; a workflow is the same when its fields and its steps are.</summary>
    private static bool Same(WorkflowSettings a, WorkflowSettings b) =>
        a with { Steps = [] } == b with { Steps = [] } && a.Steps.SequenceEqual(b.Steps);

    private bool TemplateActive(WorkflowKind kind, int step) => _storedTemplates.Single(t => t.Name == WorkflowCatalog.TemplateName(kind, step)).IsActive;

    [Test]
    public async Task Without_the_plugin_permission_no_action_runs_and_the_admin_is_sent_to_access_denied()
    {
        _permissions.Setup(p => p.AuthorizeAsync(RetentionDefaults.Permissions.Manage)).ReturnsAsync(false);
        var controller = Controller();
        var context = ExecutingContext(controller);
        var ran = false;

        await controller.OnActionExecutionAsync(context, () => { ran = true; return Task.FromResult<ActionExecutedContext>(null); });

        Assert.That(ran, Is.False);
        var redirect = (RedirectToActionResult)context.Result;
        Assert.That((redirect.ControllerName, redirect.ActionName, redirect.RouteValues["area"]), Is.EqualTo(("Security", "AccessDenied", (object)"Admin")));
    }

    [Test]
    public async Task With_the_permission_the_action_runs()
    {
        var controller = Controller();
        var context = ExecutingContext(controller);
        var ran = false;

        await controller.OnActionExecutionAsync(context, () => { ran = true; return Task.FromResult<ActionExecutedContext>(null); });

        Assert.That((ran, context.Result), Is.EqualTo((true, (IActionResult)null)));
    }

    [Test]
    public void Every_action_checks_the_plugin_permission()
    {
        var actions = typeof(RetentionWorkflowsAdminController).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(Task<IActionResult>)).ToList();

        Assert.That(actions, Has.Count.GreaterThanOrEqualTo(9));
        foreach (var action in actions)
            Assert.That(action.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CheckPermissionAttribute"
                && (string)a.ConstructorArguments[0].Value == RetentionDefaults.Permissions.Manage), Is.True, action.Name);
        var attributes = typeof(RetentionWorkflowsAdminController).GetCustomAttributesData().Select(a => a.AttributeType.Name).ToList();
        Assert.That(attributes, Does.Contain("AreaAttribute").And.Contain("AuthorizeAdminAttribute"));
    }

    [Test]
    public async Task Invalid_settings_come_back_with_each_error_under_its_field_and_nothing_is_saved()
    {
        var model = await EditModelAsync(WorkflowKind.AbandonedCart);
        model.ControlGroupPercent = 80;
        model.Steps[1].DelayHours = 0.5m;
        model.Steps[2].CouponValue = 150;
        model.Enabled = false;
        var controller = Controller();

        var result = (ViewResult)await controller.Edit(model);

        Assert.That(result.ViewName, Is.EqualTo(RetentionWorkflowsAdminController.EditView));
        Assert.That(controller.ModelState.Where(e => e.Value.Errors.Count > 0).Select(e => e.Key),
            Is.EquivalentTo(new[] { "ControlGroupPercent", "Steps[1].DelayHours", "Steps[2].CouponValue" }));
        Assert.That(Same((await _wf.Settings.LoadAsync(new StoreId(0))).For(WorkflowKind.AbandonedCart), WorkflowCatalog.Default(WorkflowKind.AbandonedCart)), Is.True);
        Assert.That(TemplateActive(WorkflowKind.AbandonedCart, 0), Is.True, "templates follow only a saved switch");
        _templates.Verify(t => t.UpdateMessageTemplateAsync(It.IsAny<MessageTemplate>()), Times.Never);
    }

    [Test]
    public async Task A_valid_edit_is_saved_for_the_admins_store_scope_as_typed()
    {
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(2);
        var model = await EditModelAsync(WorkflowKind.WinBack);
        model.Steps[1].CouponKind = CouponKind.Amount;
        model.Steps[1].CouponValue = 7.5m;
        model.Steps[2].DelayHours = 30 * 24;
        model.AudienceMinOrders = 2;

        var result = await Controller().Edit(model);

        Assert.That(((RedirectToActionResult)result).ActionName, Is.EqualTo(nameof(RetentionWorkflowsAdminController.Edit)));
        var saved = (await _wf.Settings.LoadAsync(new StoreId(2))).For(WorkflowKind.WinBack);
        Assert.That(saved.Steps[1].Coupon, Is.EqualTo(new CouponOffer(CouponKind.Amount, 7.5m, 14)));
        Assert.That(saved.Steps[2].Delay, Is.EqualTo(TimeSpan.FromDays(30)));
        Assert.That(saved.Audience.MinOrders, Is.EqualTo(2));
        Assert.That(Same((await _wf.Settings.LoadAsync(new StoreId(1))).For(WorkflowKind.WinBack), WorkflowCatalog.Default(WorkflowKind.WinBack)), Is.True,
            "another store keeps the all-stores values");
    }

    [Test]
    public async Task Switching_a_workflow_on_activates_its_templates_and_they_stay_active_while_any_store_runs_it()
    {
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(1);
        var model = await EditModelAsync(WorkflowKind.WinBack);
        model.Enabled = true;
        await Controller().Edit(model);
        Assert.That(Enumerable.Range(0, 3).Select(i => TemplateActive(WorkflowKind.WinBack, i)), Has.All.True);

        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(2);
        await Controller().Toggle(WorkflowKind.WinBack, false);
        Assert.That(TemplateActive(WorkflowKind.WinBack, 0), Is.True, "store 1 still runs win-back");

        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(1);
        await Controller().Toggle(WorkflowKind.WinBack, false);
        Assert.That(Enumerable.Range(0, 3).Select(i => TemplateActive(WorkflowKind.WinBack, i)), Has.All.False);
        Assert.That(TemplateActive(WorkflowKind.AbandonedCart, 0), Is.True, "other workflows' templates are left alone");
    }

    [Test]
    public async Task Switch_on_from_the_list_goes_to_the_switch_on_page_and_saves_nothing()
    {
        var result = await Controller().Toggle(WorkflowKind.WinBack, true);

        Assert.That(((RedirectToActionResult)result).ControllerName, Is.EqualTo("RetentionFlowsAdmin"));
        Assert.That(((RedirectToActionResult)result).ActionName, Is.EqualTo("SwitchOn"));
        Assert.That((await _wf.Settings.LoadAsync(WorkflowUiHarness.Store)).For(WorkflowKind.WinBack).Enabled, Is.False);
    }

    [Test]
    public async Task Switching_on_through_the_edit_form_records_only_from_now_on_so_no_backlog_is_enrolled_unasked()
    {
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(1);
        var model = await EditModelAsync(WorkflowKind.WinBack);
        model.Enabled = true;

        await Controller().Edit(model);

        var saved = (await _wf.Settings.LoadAsync(new StoreId(1))).For(WorkflowKind.WinBack);
        Assert.That(saved.Enabled, Is.True);
        Assert.That(saved.SwitchOn, Is.EqualTo(new SwitchOnPlan { SwitchedOnUtc = _wf.Now, Choice = BacklogChoice.FromNowOn }));

        _wf.Now = _wf.Now.AddDays(3);
        model = await EditModelAsync(WorkflowKind.WinBack);
        model.Priority = 5;
        await Controller().Edit(model);
        Assert.That((await _wf.Settings.LoadAsync(new StoreId(1))).For(WorkflowKind.WinBack).SwitchOn!.SwitchedOnUtc, Is.EqualTo(_wf.Now.AddDays(-3)),
            "an edit of a workflow that is on keeps its switch-on");
    }

    [Test]
    public async Task Invalid_program_settings_are_refused_field_by_field_and_nothing_is_saved()
    {
        var controller = Controller();

        var result = (ViewResult)await controller.Program(new WorkflowProgramModel { AttributionWindowDays = 0, CouponCleanupDays = 30,
            AttributionBasis = AttributionBasis.Send, BuiltInReminders = BuiltInRemindersMode.TakeOver });

        Assert.That(result.ViewName, Is.EqualTo(RetentionWorkflowsAdminController.ListView));
        Assert.That(controller.ModelState["Program.AttributionWindowDays"].Errors, Has.Count.EqualTo(1));
        Assert.That((await _wf.Settings.LoadAsync(new StoreId(0))).AttributionBasis, Is.EqualTo(AttributionBasis.Click));
        _builtIn.Verify(b => b.TakeOverAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Valid_program_settings_are_saved_and_the_built_in_reminders_follow_the_mode()
    {
        await Controller().Program(new WorkflowProgramModel { AttributionWindowDays = 7, CouponCleanupDays = 10, TrackOpens = true,
            AttributionBasis = AttributionBasis.Send, BuiltInReminders = BuiltInRemindersMode.StandAside });

        var saved = await _wf.Settings.LoadAsync(new StoreId(0));
        Assert.That((saved.AttributionWindowDays, saved.AttributionBasis, saved.TrackOpens, saved.CouponCleanupDays, saved.BuiltInReminders),
            Is.EqualTo((7, AttributionBasis.Send, true, 10, BuiltInRemindersMode.StandAside)));
        Assert.That(saved.Workflows.Zip(WorkflowCatalog.Defaults().Workflows).All(p => Same(p.First, p.Second)), Is.True, "the workflows are left as they were");
        _builtIn.Verify(b => b.RestoreAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task The_list_shows_the_built_in_reminders_notice_only_when_nopCommerce_has_them()
    {
        var none = await Factory().PrepareListAsync(_wf.Now.AddDays(-30), _wf.Now);
        _builtIn.Setup(b => b.DetectAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BuiltInReminderStatus(true, true, false, ["AbandonedCart.Reminder1", "AbandonedCart.Reminder2"]));

        var found = await Factory().PrepareListAsync(_wf.Now.AddDays(-30), _wf.Now);

        Assert.That(none.BuiltInNotice, Is.Null);
        Assert.That(found.BuiltInNotice, Does.StartWith(RetentionLocales.WorkflowBuiltInFound));
        Assert.That(found.Workflows.Select(w => w.Kind), Is.EqualTo(WorkflowCatalog.All));
    }

    [Test]
    public async Task The_list_sums_each_workflows_sends_over_every_store_for_all_stores_and_counts_one_store_for_a_store_scope()
    {
        var one = await _wf.EnrolledAsync(15);
        await _wf.Stores.TryAddAsync(new WorkflowEvent { Key = new IdempotencyKey("a"), EnrollmentId = one.Id, Workflow = WorkflowKind.AbandonedCart, Step = 0,
            Store = new StoreId(2), Customer = new CustomerId(15), Kind = WorkflowEventKind.Sent, OccurredUtc = _wf.Now.AddDays(-1) });
        await _wf.Stores.TryAddAsync(new WorkflowEvent { Key = new IdempotencyKey("b"), EnrollmentId = 99, Workflow = WorkflowKind.AbandonedCart, Step = 0,
            Store = new StoreId(1), Customer = new CustomerId(16), Kind = WorkflowEventKind.Sent, OccurredUtc = _wf.Now.AddDays(-1) });

        var all = await Factory().PrepareListAsync(_wf.Now.AddDays(-30), _wf.Now);
        _ui.StoreContext.Setup(s => s.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(2);
        var second = await Factory().PrepareListAsync(_wf.Now.AddDays(-30), _wf.Now);

        Assert.That(all.Workflows.Single(w => w.Kind == WorkflowKind.AbandonedCart).Sent, Is.EqualTo(2));
        Assert.That(second.Workflows.Single(w => w.Kind == WorkflowKind.AbandonedCart).Sent, Is.EqualTo(1));
    }

    [Test]
    public async Task The_lists_rates_are_Cores_rates_of_the_same_stats_and_the_switch_asks_first()
    {
        var one = await _wf.EnrolledAsync(15);
        var at = _wf.Now.AddDays(-1);
        var n = 0;
        foreach (var (kind, customer) in new[] { (WorkflowEventKind.Sent, 15), (WorkflowEventKind.Sent, 16), (WorkflowEventKind.Sent, 17), (WorkflowEventKind.Sent, 18),
                     (WorkflowEventKind.Opened, 15), (WorkflowEventKind.Clicked, 15) })
            await _wf.Stores.TryAddAsync(new WorkflowEvent { Key = new IdempotencyKey("r" + n++), EnrollmentId = one.Id + customer, Workflow = WorkflowKind.AbandonedCart,
                Step = 0, Store = new StoreId(2), Customer = new CustomerId(customer), Kind = kind, OccurredUtc = at });
        await _wf.Stores.TryAddAsync(new WorkflowEvent { Key = new IdempotencyKey("conv"), EnrollmentId = one.Id, Workflow = WorkflowKind.AbandonedCart, Step = 0,
            Store = new StoreId(2), Customer = new CustomerId(15), Kind = WorkflowEventKind.Converted, OccurredUtc = at, Revenue = 80m });

        var list = await Factory().PrepareListAsync(_wf.Now.AddDays(-30), _wf.Now);
        var expected = WorkflowRates.Of(WorkflowKind.AbandonedCart,
            await _wf.Workflows.Reports.StatsAsync(new StoreId(2), _wf.Now.AddDays(-30).Date, _wf.Now.Date.AddDays(1)));

        var row = list.Workflows.Single(w => w.Kind == WorkflowKind.AbandonedCart);
        Assert.That((row.Sent, row.OpenRate, row.ClickRate, row.ConversionRate), Is.EqualTo((4, expected.OpenRateShown(list.Program.TrackOpens), "25.0%", "25.0%")));
        Assert.That((row.ClickRate, row.ConversionRate), Is.EqualTo((WorkflowRates.Percent(expected.ClickRate), WorkflowRates.Percent(expected.ConversionRate))));
        Assert.That(row.RevenuePerRecipient, Is.Not.EqualTo("—"), "formatted by the store's price formatter");
        Assert.That(list.Workflows.Single(w => w.Kind == WorkflowKind.Birthday).ClickRate, Is.EqualTo("—"), "nothing sent: no rate");
    }

    [TestCase("Steps[1].Delay", "Steps[1].DelayHours")]
    [TestCase("Steps[0].Coupon.Value", "Steps[0].CouponValue")]
    [TestCase("Steps[0].Coupon.ValidDays", "Steps[0].CouponValidDays")]
    [TestCase("Audience.MaxOrders", "AudienceMaxOrders")]
    [TestCase("WinBack.DormancyMultiple", "DormancyMultiple")]
    [TestCase("Workflows", "")]
    public void Core_field_names_map_to_the_edit_forms_fields(string core, string form)
    {
        Assert.That(WorkflowAdminModelFactory.EditField(core, WorkflowKind.WinBack), Is.EqualTo(form));
    }

    [Test]
    public async Task A_test_email_to_an_unknown_customer_sends_nothing_and_says_why()
    {
        var result = await Controller().SendTest(WorkflowKind.Welcome, 0, "nobody@shop.test", "admin@shop.test");

        Assert.That(((RedirectToActionResult)result).ActionName, Is.EqualTo(nameof(RetentionWorkflowsAdminController.Edit)));
        _notifications.Verify(n => n.ErrorNotification(RetentionLocales.WorkflowNoSuchCustomer, It.IsAny<bool>(), It.IsAny<int>()), Times.Once);
        Assert.That(_wf.Outbox.Messages, Is.Empty);
    }

    [Test]
    public async Task A_preview_for_a_customer_named_by_email_fills_the_stores_template_and_sends_nothing()
    {
        var customer = _ui.Registered(15, "ann@shop.test");
        _ui.CustomerService.Setup(c => c.GetCustomerByEmailAsync("ann@shop.test")).ReturnsAsync(customer);
        var template = _storedTemplates.Single(t => t.Name == WorkflowCatalog.TemplateName(WorkflowKind.Welcome, 0));
        template.Subject = "Hi %Customer.FullName%";
        template.Body = "<p>%Retention.UnsubscribeUrl%</p>";
        _tokenProvider.Setup(t => t.AddCustomerTokensAsync(It.IsAny<IList<Token>>(), 15))
            .Callback((IList<Token> tokens, int _) => tokens.Add(new Token("Customer.FullName", "Ann <Admin>")))
            .Returns(Task.CompletedTask);

        var result = (ViewResult)await Controller().Preview(WorkflowKind.Welcome, 0, " ann@shop.test ");

        var model = (WorkflowPreviewModel)result.Model;
        Assert.That(model.Error, Is.Null);
        Assert.That(model.Subject, Is.EqualTo("Hi Ann &lt;Admin&gt;"));
        Assert.That(model.Body, Does.StartWith("<p>/retention/u/"));
        Assert.That(_wf.Outbox.Messages, Is.Empty);
        Assert.That(_wf.Stores.AllEnrollments, Is.Empty);
    }

    [Test]
    public async Task A_tier_name_stored_with_markup_is_text_in_the_tier_up_preview()
    {
        const string sneaky = "Gold<a href=\"https://evil.example/\">claim</a>";
        var customer = _ui.Registered(15, "ann@shop.test");
        _ui.CustomerService.Setup(c => c.GetCustomerByEmailAsync("ann@shop.test")).ReturnsAsync(customer);
        var template = _storedTemplates.Single(t => t.Name == WorkflowCatalog.TemplateName(WorkflowKind.TierUp, 0));
        var installed = EmailTemplates.Find(template.Name)!;
        (template.Subject, template.Body) = (installed.Subject, installed.HtmlBody);
        // What NopWorkflowContent fills from a tier list saved before names were checked.
        _wf.Content.Extra[WorkflowTokens.TierName] = sneaky;

        var result = (ViewResult)await Controller().Preview(WorkflowKind.TierUp, 0, "ann@shop.test");

        var model = (WorkflowPreviewModel)result.Model;
        Assert.That(model.Error, Is.Null);
        Assert.That(model.Body, Does.Not.Contain("<a href=\"https://evil.example/\">"));
        Assert.That(model.Body, Does.Contain("Gold&lt;a href=&quot;https://evil.example/&quot;&gt;claim&lt;/a&gt;"));
        Assert.That(NopWorkflowContent.HtmlTokens, Does.Not.Contain(WorkflowTokens.TierName), "queued for nopCommerce to encode when it sends");
    }

    [Test]
    public async Task The_preview_names_unknown_retention_tokens_and_a_missing_unsubscribe_link_and_links_to_nopcommerces_editor()
    {
        var customer = _ui.Registered(15, "ann@shop.test");
        _ui.CustomerService.Setup(c => c.GetCustomerByEmailAsync("ann@shop.test")).ReturnsAsync(customer);
        var template = _storedTemplates.Single(t => t.Name == WorkflowCatalog.TemplateName(WorkflowKind.Welcome, 0));
        (template.Subject, template.Body) = ("Hi %Retention.FirstNam%", "<p>Welcome</p>");

        var model = (WorkflowPreviewModel)((ViewResult)await Controller().Preview(WorkflowKind.Welcome, 0, "ann@shop.test")).Model;

        Assert.That(model.TemplateId, Is.EqualTo(template.Id));
        Assert.That(model.Problems, Is.EqualTo(new[] { RetentionLocales.TemplateUnknownTokens, RetentionLocales.TemplateValidTokens, RetentionLocales.TemplateNoUnsubscribe }));

        (template.Subject, template.Body) = (EmailTemplates.Find(template.Name)!.Subject, EmailTemplates.Find(template.Name)!.HtmlBody);
        model = (WorkflowPreviewModel)((ViewResult)await Controller().Preview(WorkflowKind.Welcome, 0, "ann@shop.test")).Model;
        Assert.That(model.Problems, Is.Empty, "the shipped template passes");
    }
}
