using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The admin workflow pages: the list with its switches, the editor and its field messages, preview, test email, lift and survey results.</summary>
public sealed class WorkflowAdminPagesTests : WorkflowServerFixture
{
    private const int Sample = 900_301;
    private static readonly StoreId Store = new(1);
    private EfWorkflowSettingsStore _settings = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 200);
        var now = Server.State.AsOfUtc;
        await using (var db = Server.State.Database.CreateContext())
        {
            db.Customers.Add(new CustomerFact
            {
                Id = Sample, CustomerGuid = Guid.NewGuid(), FirstName = "Pia", LastName = "Preview", Email = "pia@example.com", Active = true,
                RegisteredInStoreId = 1, CreatedOnUtc = now.AddYears(-1), LastActivityDateUtc = now,
            });
            await db.SaveChangesAsync();
        }
        // NPS answers of the last weeks, one comment written to break the page if it were not encoded; they replace the demo
        // history's, so the score below is known.
        await using (var db = Server.State.Database.CreateContext())
            await db.SurveyAnswers.Where(a => a.KindId == (int)SurveyKind.Nps).ExecuteDeleteAsync();
        var surveys = SandboxStores.Surveys(Server.State.Database);
        var scores = new[] { 10, 9, 9, 8, 7, 6, 3, 10 };
        for (var i = 0; i < scores.Length; i++)
            await surveys.TryAddAsync(new SurveyAnswer
            {
                Kind = SurveyKind.Nps, Store = Store, Customer = new CustomerId(i + 1), Subject = "nps", Score = scores[i], AnsweredUtc = now.AddDays(-i - 1),
                Comment = i == 6 ? "<img src=x onerror=alert(1)> too slow" : null,
            });
        _settings = new EfWorkflowSettingsStore(Server.State.Database);
        await StartServerAsync();
    }

    private async Task<WorkflowSettings> LoadAsync(WorkflowKind kind) => (await _settings.LoadAsync(Store)).For(kind);

    [Test]
    public async Task List_shows_every_workflow_with_its_switch_kind_and_figures()
    {
        var (status, body) = await Web.GetAsync("/admin/workflows");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var rows = Regex.Matches(body, "<tr data-workflow=\"(\\w+)\">(.*?)</tr>", RegexOptions.Singleline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.That(rows.Keys, Is.EquivalentTo(WorkflowCatalog.All.Select(k => k.ToString())));
        foreach (var kind in WorkflowCatalog.All)
        {
            var expected = await LoadAsync(kind);
            Assert.That(rows[kind.ToString()], Does.Contain(expected.Enabled ? ">On</span>" : ">Off</span>"), kind.ToString());
            Assert.That(rows[kind.ToString()], Does.Contain(expected.IsMarketing ? ">marketing<" : ">transactional<"), kind.ToString());
        }
        Assert.That(body, Does.Contain("<th class=\"num\">Attributed revenue</th>"));
    }

    [Test]
    public async Task List_shows_each_workflows_rates_as_Core_computes_them_for_the_same_window()
    {
        var (_, body) = await Web.GetAsync("/admin/workflows");
        var now = Server.Services.GetRequiredService<IClock>().UtcNow;
        var stats = await Server.Services.GetRequiredService<WorkflowReports>().StatsAsync(new StoreId(1), now.AddDays(-30), now);
        var program = await new EfWorkflowSettingsStore(Server.State.Database).LoadAsync(new StoreId(1));

        var rows = Regex.Matches(body, "<tr data-workflow=\"(\\w+)\">(.*?)</tr>", RegexOptions.Singleline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        foreach (var kind in WorkflowCatalog.All)
        {
            var rates = WorkflowRates.Of(kind, stats);
            var row = rows[kind.ToString()];
            Assert.That(row, Does.Contain($"<td class=\"num open-rate\">{rates.OpenRateShown(program.TrackOpens)}</td>"), kind.ToString());
            Assert.That(row, Does.Contain($"<td class=\"num click-rate\">{WorkflowRates.Percent(rates.ClickRate)}</td>"), kind.ToString());
            Assert.That(row, Does.Contain($"<td class=\"num conversion-rate\">{WorkflowRates.Percent(rates.ConversionRate)}</td>"), kind.ToString());
        }
        Assert.That(body, Does.Contain("<th class=\"num\">Revenue per recipient</th>"));
        Assert.That(body, Does.Contain("onclick=\"return confirm(this.dataset.confirm)\""), "the switch asks first");
    }

    [Test]
    public async Task Switch_turns_a_workflow_off_and_on_through_the_confirmation_and_needs_the_antiforgery_token()
    {
        await WorkflowScenario.ConfigureAsync(Server.State.Database, WorkflowKind.CrossSell, w => w with { Enabled = true });

        using (var forged = await Web.PostWithoutTokenAsync("/admin/workflows/CrossSell/toggle", ("store", "1")))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await LoadAsync(WorkflowKind.CrossSell)).Enabled, Is.True);

        using (var toggled = await Web.PostAsync("/admin/workflows/CrossSell/toggle", "/admin/workflows", ("store", "1")))
        {
            Assert.That(toggled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(toggled.Headers.Location?.OriginalString, Is.EqualTo("/admin/workflows?store=1"));
        }
        Assert.That((await LoadAsync(WorkflowKind.CrossSell)).Enabled, Is.False);
        var (_, list) = await Web.GetAsync("/admin/workflows");
        Assert.That(Regex.Match(list, "<tr data-workflow=\"CrossSell\">.*?</tr>", RegexOptions.Singleline).Value, Does.Contain(">Off</span>").And.Contain("Switch on…"));

        // Switching on is never a blind toggle: it leads to the confirmation, which says who would be enrolled.
        using (var toggled = await Web.PostAsync("/admin/workflows/CrossSell/toggle", "/admin/workflows", ("store", "1")))
            Assert.That(toggled.Headers.Location?.OriginalString, Is.EqualTo("/admin/workflows/CrossSell/switch-on?store=1"));
        Assert.That((await LoadAsync(WorkflowKind.CrossSell)).Enabled, Is.False);
        var (_, confirmation) = await Web.GetAsync("/admin/workflows/CrossSell/switch-on?store=1");
        Assert.That(confirmation, Does.Contain("Switching on enrols no one at once"));
        using (var forged = await Web.PostWithoutTokenAsync("/admin/workflows/CrossSell/switch-on", ("store", "1"), ("choice", "from-now-on")))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await LoadAsync(WorkflowKind.CrossSell)).Enabled, Is.False);

        using (var on = await Web.PostAsync("/admin/workflows/CrossSell/switch-on", "/admin/workflows/CrossSell/switch-on?store=1", ("store", "1"), ("choice", "from-now-on")))
            Assert.That(on.Headers.Location?.OriginalString, Is.EqualTo("/admin/workflows?store=1"));
        var crossSell = await LoadAsync(WorkflowKind.CrossSell);
        Assert.That((crossSell.Enabled, crossSell.SwitchOn?.Choice), Is.EqualTo((true, (BacklogChoice?)BacklogChoice.FromNowOn)));
    }

    [Test]
    public async Task Editor_shows_messages_beside_each_rejected_field_and_saves_nothing()
    {
        var before = await _settings.LoadAsync(Store);
        var (_, page) = await Web.GetAsync("/admin/workflows/AbandonedCart");
        var fields = WorkflowWeb.FormFields(page, "workflow-form");
        fields["ControlGroupPercent"] = "80";
        fields["Priority"] = "high";
        fields["Steps[1].Delay"] = "30";
        fields["Steps[1].DelayUnit"] = "hours";
        Assert.That(fields["Steps[2].DelayUnit"], Is.EqualTo("days"), "72 hours are shown as 3 days");
        fields["Steps[2].Delay"] = "20";          // 20 hours: earlier than step 2's 30 hours
        fields["Steps[2].DelayUnit"] = "hours";
        fields["Steps[2].Coupon.Value"] = "ten";
        fields["AttributionWindowDays"] = "0";

        using var response = await Web.PostAsync("/admin/workflows/AbandonedCart", "/admin/workflows/AbandonedCart", fields.Select(f => (f.Key, f.Value)).ToArray());
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("Nothing was saved"));
        string Message(string field) => Regex.Match(body, $"data-field=\"{Regex.Escape(field)}\">([^<]*)<").Groups[1].Value;
        Assert.That(Message("ControlGroupPercent"), Is.EqualTo("Must be between 0 and 50."));
        Assert.That(Message("Priority"), Is.EqualTo("Enter the priority as a whole number."));
        Assert.That(Message("Steps[2].Delay"), Is.EqualTo("Must be later than the step before it."));
        Assert.That(Message("Steps[2].Coupon.Value"), Is.EqualTo("Enter the coupon&#39;s value as a number."));
        Assert.That(Message("AttributionWindowDays"), Is.EqualTo("Must be between 1 and 90."));
        Assert.That(body, Does.Contain("name=\"Priority\" value=\"high\""), "what was typed is shown back");
        Assert.That(await _settings.LoadAsync(Store), Is.EqualTo(before).Using<WorkflowProgramSettings>((a, b) => Json(a) == Json(b)));
    }

    [Test]
    public async Task Switching_on_in_the_editor_records_only_from_now_on_so_no_backlog_is_enrolled_unasked()
    {
        var program = await _settings.LoadAsync(Store);
        await _settings.SaveAsync(Store, Retention.Sandbox.Web.WorkflowPages.With(program, program.For(WorkflowKind.Replenishment) with { Enabled = false, SwitchOn = null }));
        var (_, page) = await Web.GetAsync("/admin/workflows/Replenishment");
        var fields = WorkflowWeb.FormFields(page, "workflow-form");
        fields["Enabled"] = "true";
        var before = Server.Services.GetRequiredService<IClock>().UtcNow;

        using (var saved = await Web.PostAsync("/admin/workflows/Replenishment", "/admin/workflows/Replenishment", fields.Select(f => (f.Key, f.Value)).ToArray()))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());

        var replenishment = await LoadAsync(WorkflowKind.Replenishment);
        Assert.That((replenishment.Enabled, replenishment.SwitchOn?.Choice), Is.EqualTo((true, (BacklogChoice?)BacklogChoice.FromNowOn)));
        Assert.That(replenishment.SwitchOn!.SwitchedOnUtc, Is.InRange(before, Server.Services.GetRequiredService<IClock>().UtcNow), "switched on at the save");
    }

    [Test]
    public async Task Editor_saves_steps_added_removed_and_changed_and_shows_them_back()
    {
        var (_, page) = await Web.GetAsync("/admin/workflows/WinBack");
        var fields = WorkflowWeb.FormFields(page, "workflow-form");
        Assert.That(fields["StepCount"], Is.EqualTo("4"), "three steps and a blank row");
        fields["Steps[0].Remove"] = "true";                 // drop "we miss you"
        fields["Steps[1].Coupon.Kind"] = "Amount";
        fields["Steps[1].Coupon.Value"] = "7.5";
        fields["Steps[1].Coupon.ValidDays"] = "10";
        fields["Steps[3].Delay"] = "40";                    // a new fourth row, 40 days
        fields["Steps[3].DelayUnit"] = "days";
        fields["ControlGroupPercent"] = "5";
        fields["DormancyMultiple"] = "2.5";

        // The new row's delay first breaks the one-year limit: its message lands on its own row, not on the shifted index.
        fields["Steps[3].Delay"] = "400";
        using (var rejected = await Web.PostAsync("/admin/workflows/WinBack", "/admin/workflows/WinBack", fields.Select(f => (f.Key, f.Value)).ToArray()))
        {
            var body = await rejected.Content.ReadAsStringAsync();
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body, Does.Contain("data-field=\"Steps[3].Delay\">Must be between 0 and 365 days."));
        }
        fields["Steps[3].Delay"] = "40";
        using (var saved = await Web.PostAsync("/admin/workflows/WinBack", "/admin/workflows/WinBack", fields.Select(f => (f.Key, f.Value)).ToArray()))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
            Assert.That(saved.Headers.Location?.OriginalString, Is.EqualTo("/admin/workflows/WinBack?store=1&saved=1"));
        }

        var winBack = await LoadAsync(WorkflowKind.WinBack);
        Assert.That(winBack.Steps.Select(s => (s.Delay, s.TemplateName, s.Coupon)), Is.EqualTo(new[]
        {
            (TimeSpan.FromDays(7), "Retention.WinBack.Step2", (CouponOffer?)new CouponOffer(CouponKind.Amount, 7.5m, 10)),
            (TimeSpan.FromDays(21), "Retention.WinBack.Step3", null),
            (TimeSpan.FromDays(40), "Retention.WinBack.Step4", null),
        }));
        Assert.That((winBack.ControlGroupPercent, winBack.DormancyMultiple), Is.EqualTo((5m, 2.5m)));
        var (_, shown) = await Web.GetAsync("/admin/workflows/WinBack?saved=1");
        Assert.That(shown, Does.Contain("The workflow was saved.").And.Contain("name=\"Steps[2].Delay\" value=\"40\""));
        Assert.That(shown, Does.Contain("id=\"dormancy-defaults\"").And.Contain("median time between purchases"));
    }

    [Test]
    public async Task Preview_renders_a_step_with_a_real_customers_data_and_sends_nothing()
    {
        int outboxBefore;
        await using (var db = Server.State.Database.CreateContext())
            outboxBefore = await db.Outbox.CountAsync();

        var (status, body) = await Web.GetAsync($"/admin/workflows/Welcome/preview?step=0&customer={Sample}");
        var (skipped, cartless) = await Web.GetAsync($"/admin/workflows/AbandonedCart/preview?step=0&customer={Sample}");
        var (bad, badBody) = await Web.GetAsync("/admin/workflows/Welcome/preview?step=7&customer=1");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("<td class=\"subject\">Demo store: welcome!</td>").And.Contain("srcdoc=").And.Contain("Hello Pia,"));
        Assert.That(skipped, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(cartless, Does.Contain("id=\"nothing-to-say\""), "a customer without a cart gets no abandoned-cart email");
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badBody, Does.Contain("Step: choose one of the workflow&#39;s 3 steps."));
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.Outbox.CountAsync(), Is.EqualTo(outboxBefore));
    }

    [TestCase("ReviewRequest", "Review ")]
    [TestCase("CrossSell", "srcdoc=")]
    public async Task An_order_email_is_previewed_with_the_sample_customers_latest_order(string workflow, string shown)
    {
        int buyer;
        await using (var db = Server.State.Database.CreateContext())
            buyer = await db.Orders.OrderByDescending(o => o.CreatedOnUtc).Select(o => o.CustomerId).FirstAsync();

        var (status, body) = await Web.GetAsync($"/admin/workflows/{workflow}/preview?step=0&customer={buyer}");
        var (_, orderless) = await Web.GetAsync($"/admin/workflows/{workflow}/preview?step=0&customer={Sample}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Not.Contain("id=\"nothing-to-say\"").And.Contain(shown));
        Assert.That(orderless, Does.Contain("id=\"nothing-to-say\"").And.Contain($"Customer {Sample} has no order in this store"));
    }

    [Test]
    public async Task Links_in_a_preview_change_nothing_for_the_sample_customer_when_followed()
    {
        var (_, welcome) = await Web.GetAsync($"/admin/workflows/Welcome/preview?step=0&customer={Sample}");
        var (_, nps) = await Web.GetAsync($"/admin/workflows/NpsSurvey/preview?step=0&customer={Sample}");
        var unsubscribe = Regex.Match(welcome, "/retention/u/[A-Za-z0-9_.-]+").Value;
        var score = Regex.Match(nps, "/retention/s/[A-Za-z0-9_.-]+").Value;
        Assert.That(new[] { unsubscribe, score }, Has.None.Empty, "the preview carries the email's links");
        int unsubscribes, answers;
        await using (var db = Server.State.Database.CreateContext())
            (unsubscribes, answers) = (await db.Unsubscribes.CountAsync(), await db.SurveyAnswers.CountAsync());

        var (unsubscribeStatus, unsubscribePage) = await Web.GetAsync(unsubscribe);
        var (scoreStatus, scorePage) = await Web.GetAsync(score);

        Assert.That((unsubscribeStatus, scoreStatus), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(unsubscribePage, Does.Contain("id=\"link-preview\""));
        Assert.That(scorePage, Does.Contain("id=\"link-preview\""));
        await using (var db = Server.State.Database.CreateContext())
        {
            Assert.That(await db.Unsubscribes.CountAsync(), Is.EqualTo(unsubscribes), "the sample customer stays subscribed");
            Assert.That(await db.SurveyAnswers.CountAsync(), Is.EqualTo(answers), "no answer, so no survey bonus and no statistics");
        }
    }

    [Test]
    public async Task Test_email_goes_to_the_address_typed_and_appears_in_the_outbox()
    {
        using (var refused = await Web.PostAsync("/admin/workflows/Welcome/test", "/admin/workflows/Welcome",
                   ("store", "1"), ("step", "1"), ("customer", Sample.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("email", "not an address")))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("&#39;not an address&#39; is not an email address."));
        }
        using (var sent = await Web.PostAsync("/admin/workflows/Welcome/test", "/admin/workflows/Welcome",
                   ("store", "1"), ("step", "1"), ("customer", Sample.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("email", "admin@example.com")))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(sent.Headers.Location?.OriginalString, Is.EqualTo("/outbox?workflow=Welcome"));
        }
        await using (var db = Server.State.Database.CreateContext())
            Assert.That(await db.Outbox.CountAsync(m => m.ToEmail == "admin@example.com" && m.TemplateName == "Retention.Welcome.Step2"), Is.EqualTo(1));
        var (_, outbox) = await Web.GetAsync("/outbox?workflow=Welcome");
        Assert.That(outbox, Does.Contain("admin@example.com").And.Contain("Demo store: good to know"));
    }

    [Test]
    public async Task Survey_results_and_lift_are_shown_with_comments_encoded()
    {
        var (status, body) = await Web.GetAsync("/admin/workflows/NpsSurvey");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var survey = Regex.Match(body, "<section class=\"widget\" id=\"survey-results\">.*?</section>", RegexOptions.Singleline).Value;
        // Promoters 10, 9, 9, 10 (four), detractors 6 and 3 (two), of 8 answers: NPS = (4 − 2) / 8 = +25.
        Assert.That(survey, Does.Contain("<span class=\"value\">8</span><span class=\"label\">Answers</span>"));
        Assert.That(survey, Does.Contain("<span class=\"value\">+25</span><span class=\"label\">NPS</span>"));
        Assert.That(survey, Does.Contain("&lt;img src=x onerror=alert(1)&gt; too slow").And.Not.Contain("<img"));
        var lift = Regex.Match(body, "<section class=\"widget\" id=\"lift\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.That(lift, Does.Contain("<th>Sent</th>").And.Contain("<th>Control</th>").And.Contain("class=\"plain\""));
    }

    [TestCase("/admin/workflows/Nope", HttpStatusCode.NotFound, "There is no workflow 'Nope'")]
    [TestCase("/admin/workflows/3", HttpStatusCode.NotFound, "There is no workflow '3'")]
    [TestCase("/admin/workflows?store=abc", HttpStatusCode.BadRequest, "Store: 'abc' is not a store id.")]
    [TestCase("/admin/workflows/WinBack?store=99", HttpStatusCode.NotFound, "There is no store 99.")]
    public async Task Unknown_workflows_and_stores_get_a_clear_message(string path, HttpStatusCode expected, string message)
    {
        var (status, body) = await Web.GetAsync(path);

        Assert.That(status, Is.EqualTo(expected));
        // The sentence as a reader sees it: the page encodes the whole translated sentence, quotes included.
        Assert.That(System.Net.WebUtility.HtmlDecode(body), Does.Contain(message));
    }

    private static string Json(WorkflowProgramSettings settings) => System.Text.Json.JsonSerializer.Serialize(settings);
}
