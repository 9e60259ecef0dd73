using System.Globalization;
using System.Net.Mail;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Tables;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.WorkflowPages;
using static Retention.Sandbox.Web.SandboxTexts;
using Retention.Core.Localization;

namespace Retention.Sandbox.Web;

/// <summary>
/// The admin's page of one workflow: the edit form (<see cref="WorkflowForm"/>), preview and test email
/// (<see cref="WorkflowPreviews"/>), win-back's store figures (<see cref="WorkflowScans"/>), lift and survey results
/// (<see cref="WorkflowReports"/>).
/// </summary>
public static class WorkflowEditorPages
{
    private const int ReportDays = 90;

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/workflows/{kind}", EditAsync);
        app.MapPost("/admin/workflows/{kind}", SaveAsync);
        app.MapGet("/admin/workflows/{kind}/preview", PreviewAsync);
        app.MapPost("/admin/workflows/{kind}/test", SendTestAsync);
        StepEmailPages.Map(app);
    }

    public static async Task<IResult> EditAsync(string kind, string? store, string? saved, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowReports reports, WorkflowScans scans, IClock clock, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var (storeId, problem) = await StoreAsync(store, settingsStore, Title(workflow), cancellationToken);
        if (problem != null)
            return problem;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        var form = WorkflowForm.From(settings, workflow);
        var notice = saved == "1" ? "<p class=\"notice\" id=\"saved\">" + E(T("The workflow was saved.")) + "</p>\n"
            : int.TryParse(http.Request.Query["email"], NumberStyles.None, Inv, out var emailStep) ? $"<p class=\"notice\" id=\"email-saved\">{E(F("Step {step}'s email was saved.", TextArg.Of("step", emailStep.ToString(Inv))))}</p>\n" : "";
        return await EditPageAsync(workflow, storeId, form, new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, settingsStore, reports, scans, clock, db,
            cancellationToken);
    }

    /// <summary>Saves the edit form: every typed value checked, messages beside their fields, nothing saved unless all are fine.</summary>
    public static async Task<IResult> SaveAsync(string kind, IFormCollection posted, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowReports reports, WorkflowScans scans, IClock clock, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var (storeId, problem) = await StoreAsync(posted["store"], settingsStore, Title(workflow), cancellationToken);
        if (problem != null)
            return problem;
        var current = await settingsStore.LoadAsync(storeId, cancellationToken);
        var form = WorkflowForm.Read(posted, workflow);
        var errors = form.Parse(current, workflow, out var updated);
        if (errors.IsValid && updated != null)
        {
            errors = form.MapErrors(await settingsStore.SaveAsync(storeId, updated.SavedOver(current, clock.UtcNow), cancellationToken), workflow);
            if (errors.IsValid)
                return Results.Redirect($"/admin/workflows/{workflow}?store={storeId.Value}&saved=1", permanent: false, preserveMethod: false);
        }
        return await EditPageAsync(workflow, storeId, form, errors, "<p class=\"error\" id=\"not-saved\">" + E(T("Nothing was saved: correct the fields marked below.")) + "</p>\n",
            StatusCodes.Status400BadRequest, http, antiforgery, settingsStore, reports, scans, clock, db, cancellationToken);
    }

    internal static async Task<IResult> EditPageAsync(WorkflowKind workflow, StoreId storeId, WorkflowForm? form, ValidationResult errors, string notice, int status,
        HttpContext http, IAntiforgery antiforgery, IWorkflowSettingsStore settingsStore, WorkflowReports reports, WorkflowScans scans, IClock clock, SandboxDbContext db,
        CancellationToken cancellationToken, StepEmailDraft? emailDraft = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var now = clock.UtcNow;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        form ??= WorkflowForm.From(settings, workflow);
        var steps = settings.For(workflow).Steps.Count;
        var body = new StringBuilder(Styles)
            .Append(await StorePickerAsync(settingsStore, storeId, $"/admin/workflows/{workflow}", cancellationToken))
            .Append("<p><a href=\"/admin/workflows?store=").Append(storeId.Value).Append("\">").Append(E(T("All workflows"))).Append("</a> · <a href=\"/outbox?workflow=").Append(workflow)
            .Append("\">").Append(E(T("Its emails in the outbox"))).Append("</a></p>\n")
            .Append(notice);
        DormancyDefaults? dormancy = workflow == WorkflowKind.WinBack ? await scans.DormancyDefaultsAsync(storeId, cancellationToken) : null;
        body.Append(form.Render(workflow, storeId, errors, Antiforgery(tokens), dormancy));

        var sample = await SampleCustomerAsync(db, workflow, storeId, cancellationToken);
        body.Append("<section class=\"widget\" id=\"preview\">\n<h2>").Append(E(T("Preview and test email"))).Append("</h2>\n")
            .Append("<form method=\"get\" action=\"/admin/workflows/").Append(workflow).Append("/preview\" class=\"inline-form\">")
            .Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
            .Append(StepSelect(steps, 0)).Append(" <label>").Append(E(T("Customer id"))).Append(" <input type=\"number\" name=\"customer\" min=\"1\" value=\"").Append(sample).Append("\"></label> ")
            .Append("<button>").Append(E(T("Preview"))).Append("</button></form>\n")
            .Append(TestForm(workflow, storeId, steps, Antiforgery(tokens), sample.ToString(Inv), "", null))
            .Append("</section>\n");
        var edits = await new SandboxTemplateEdits(http.RequestServices.GetRequiredService<SandboxDatabase>()).LoadAsync([storeId.Value], cancellationToken);
        body.Append(StepEmailPages.Section(workflow, storeId, settings.For(workflow), edits, Antiforgery(tokens), sample, emailDraft));

        var lift = await reports.LiftAsync(storeId, workflow, now.AddDays(-ReportDays), now, cancellationToken);
        body.Append(LiftSection(lift));
        if (EmailLinks.SurveyOf(workflow) is { } survey)
            body.Append(SurveySection(await reports.SurveySummaryAsync(storeId, survey, now.AddDays(-ReportDays), now, cancellationToken)));
        return Page(Title(workflow), body.ToString(), status);
    }

    /// <summary>
    /// The customer the previews start with: one the step has something to say to (a cart for the cart emails, an order for
    /// those about an order), else the first with an address.
    /// </summary>
    private static async Task<int> SampleCustomerAsync(SandboxDbContext db, WorkflowKind workflow, StoreId store, CancellationToken cancellationToken)
    {
        var customers = db.Customers.AsNoTracking().Where(c => c.Email != null && c.Email != "" && !c.Deleted && c.Active);
        var storeId = store.Value;
        var fitting = workflow switch
        {
            WorkflowKind.AbandonedCart => customers.Where(c => db.CartItems.Any(i => i.CustomerId == c.Id && i.StoreId == storeId)),
            WorkflowKind.ReviewRequest or WorkflowKind.CsatSurvey or WorkflowKind.CrossSell or WorkflowKind.Replenishment or WorkflowKind.WinBack =>
                customers.Where(c => db.Orders.Any(o => o.CustomerId == c.Id && o.StoreId == storeId)),
            _ => customers,
        };
        var id = await fitting.OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        return id != 0 ? id : await customers.OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static string TestForm(WorkflowKind workflow, StoreId storeId, int steps, string antiforgery, string customer, string email, string? error) =>
        new StringBuilder("<form method=\"post\" action=\"/admin/workflows/").Append(workflow).Append("/test\" class=\"inline-form\" id=\"send-test\">")
            .Append(antiforgery).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
            .Append(StepSelect(steps, 0)).Append(" <label>").Append(E(T("Sample customer id"))).Append(" <input type=\"number\" name=\"customer\" min=\"1\" value=\"").Append(E(customer)).Append("\"></label> ")
            .Append("<label>").Append(E(T("Send to"))).Append(" <input type=\"email\" name=\"email\" value=\"").Append(E(email)).Append("\" placeholder=\"you@example.com\"></label> ")
            .Append("<button>").Append(E(T("Send a test email"))).Append("</button>")
            .Append(error != null ? $" <span class=\"error field-error\">{E(error)}</span>" : "")
            .Append("</form>\n").ToString();

    private static string StepSelect(int steps, int selected)
    {
        var html = new StringBuilder("<label>").Append(E(T("Step"))).Append(" <select name=\"step\">");
        for (var i = 0; i < steps; i++)
            html.Append("<option value=\"").Append(i).Append('"').Append(i == selected ? " selected" : "").Append('>').Append(i + 1).Append("</option>");
        return html.Append("</select></label>").ToString();
    }

    /// <summary>A step rendered with a real customer's data, shown like the outbox shows emails; nothing is recorded or sent.</summary>
    public static async Task<IResult> PreviewAsync(string kind, string? store, string? step, string? customer, HttpRequest request, SandboxDatabase database,
        WorkflowPreviews previews, SandboxDbContext db, IClock clock, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var title = F("Preview: {workflow}", TextArg.Of("workflow", Title(workflow)));
        var (storeId, problem) = await StoreAsync(store, settingsStore, title, cancellationToken);
        if (problem != null)
            return problem;
        var settings = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow);
        var (stepIndex, who, error) = await StepAndCustomerAsync(step, customer, settings.Steps.Count, db, cancellationToken);
        if (error != null)
            return Page(title, $"<p class=\"error\">{E(error)}</p><p><a href=\"/admin/workflows/{workflow}?store={storeId.Value}\">{E(T("Back"))}</a></p>", StatusCodes.Status400BadRequest);
        var preview = await previews.PreviewAsync(storeId, workflow, stepIndex, new CustomerId(who!.Id), cancellationToken);
        var body = new StringBuilder(Styles)
            .Append("<p>").Append(E(F("Step {step} of", TextArg.Of("step", (stepIndex + 1).ToString(Inv))))).Append(" <a href=\"/admin/workflows/").Append(workflow).Append("?store=").Append(storeId.Value).Append("\">")
            .Append(E(Title(workflow))).Append("</a> ").Append(E(F("as customer {id} would receive it now. Nothing is recorded, issued or sent.", TextArg.Of("id", who.Id.ToString(Inv))))).Append("</p>\n");
        if (preview.NothingToSay != null)
            body.Append("<p class=\"notice\" id=\"nothing-to-say\">").Append(E(T("This step would be skipped for this customer:"))).Append(" ").Append(E(preview.NothingToSay)).Append("</p>\n");
        else
        {
            var row = new OutboxRow
            {
                CustomerId = who.Id, StoreId = storeId.Value, ToEmail = who.Email ?? "", ToName = Name(who), TemplateName = preview.TemplateName,
                IsMarketing = settings.IsMarketing, CreatedOnUtc = clock.UtcNow,
            };
            body.Append(OutboxPages.EmailCard(row, preview.Tokens, who, BaseUrl(request), await new SandboxTemplateEdits(database).LoadAsync([storeId.Value], cancellationToken)));
        }
        return Page(title, body.ToString());
    }

    /// <summary>"Send a test email": the step rendered for a sample customer, to an address the admin types; it lands in the outbox.</summary>
    public static async Task<IResult> SendTestAsync(string kind, IFormCollection form, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowPreviews previews, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var title = F("Test email: {workflow}", TextArg.Of("workflow", Title(workflow)));
        var (storeId, problem) = await StoreAsync(form["store"], settingsStore, title, cancellationToken);
        if (problem != null)
            return problem;
        var steps = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow).Steps.Count;
        string customer = form["customer"].ToString(), email = form["email"].ToString().Trim();
        var (stepIndex, who, error) = await StepAndCustomerAsync(form["step"], customer, steps, db, cancellationToken);
        if (error == null && (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            error = F("'{email}' is not an email address.", TextArg.Of("email", email));
        if (error == null && !await previews.SendTestAsync(storeId, workflow, stepIndex, new CustomerId(who!.Id), email, cancellationToken))
            error = T("No test email was sent: the step has nothing to say for this sample customer (the preview says why), or its message template is missing.");
        if (error != null)
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Page(title, Styles + TestForm(workflow, storeId, steps, Antiforgery(tokens), customer, email, error), StatusCodes.Status400BadRequest);
        }
        return Results.Redirect($"/outbox?workflow={workflow}", permanent: false, preserveMethod: false);
    }

    private static async Task<(int Step, CustomerFact? Customer, string? Error)> StepAndCustomerAsync(string? step, string? customer, int steps, SandboxDbContext db,
        CancellationToken cancellationToken)
    {
        if (!int.TryParse(step, NumberStyles.None, Inv, out var index) || index >= steps)
            return (0, null, F("Step: choose one of the workflow's {steps} steps.", TextArg.Count("steps", steps)));
        if (!Ids.TryParse(customer, out var id))
            return (index, null, F("Customer: '{customer}' is not a customer id.", TextArg.Of("customer", customer ?? "")));
        var who = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return who == null ? (index, null, F("Customer: there is no customer {id}.", TextArg.Of("id", id.ToString(Inv)))) : (index, who, null);
    }

    private static string LiftSection(LiftReport lift)
    {
        var html = new StringBuilder("<section class=\"widget\" id=\"lift\">\n<h2>").Append(E(T("Lift: sent versus control group"))).Append("</h2>\n")
            .Append("<p class=\"muted\">").Append(E(F("Enrollments of the last {days} days. The control group is enrolled but never emailed; "
                + "the difference between the two is what the emails added. \"Enrolled and ordered\" counts the enrolled customers who ordered "
                + "before the sequence and the attribution window ran out, whether an email was clicked or not; the workflow list's conversions are orders credited to a click (last touch).",
                TextArg.Of("days", ReportDays.ToString(Inv))))).Append("</p>\n")
            .Append("<table>\n<thead><tr><th></th><th class=\"num\">").Append(E(T("Enrolled"))).Append("</th><th class=\"num\">").Append(E(T("Enrolled and ordered")))
            .Append("</th><th class=\"num\">").Append(E(T("Share that ordered"))).Append("</th>")
            .Append("<th class=\"num\">").Append(E(T("Revenue"))).Append("</th><th class=\"num\">").Append(E(T("Revenue per enrolled"))).Append("</th></tr></thead>\n<tbody>\n")
            .Append(Arm(T("Sent"), lift.Sent)).Append(Arm(T("Control"), lift.Control)).Append("</tbody>\n</table>\n<ul class=\"lift\">\n")
            .Append("<li>").Append(E(T("Conversion lift:"))).Append(" ").Append(E(IntervalText(lift.ConversionLift, percent: true))).Append("</li>\n")
            .Append("<li>").Append(E(T("Revenue per enrolled customer:"))).Append(" ").Append(E(IntervalText(lift.RevenuePerEnrolledLift, percent: false))).Append("</li>\n</ul>\n");
        html.Append("<p class=\"plain\">").Append(E(lift.NoteText is { } note ? CoreMessages.Render(note, SandboxLanguage.Culture) : lift.Note ?? PlainLift(lift))).Append("</p>\n");
        return html.Append("</section>\n").ToString();
    }

    private static string Arm(string label, LiftArm arm) =>
        $"<tr><th>{E(label)}</th><td class=\"num\">{N(arm.Enrolled)}</td><td class=\"num\">{N(arm.Converted)}</td>" +
        $"<td class=\"num\">{E(arm.ConversionRate.ToString("P1", SandboxLanguage.Culture))}</td><td class=\"num\">{E(LoyaltyPages.Money(arm.Revenue))}</td>" +
        $"<td class=\"num\">{E(LoyaltyPages.Money((decimal)arm.RevenuePerEnrolled))}</td></tr>\n";

    private static string IntervalText(Interval? interval, bool percent)
    {
        if (interval is not { } i)
            return T("not enough data");
        var culture = SandboxLanguage.Culture;
        string Write(double v) => percent
            ? F("{value} points", TextArg.Of("value", (v * 100).ToString("+0.0;-0.0;0.0", culture)))
            : (v < 0 ? "-$" : "+$") + Math.Abs(v).ToString("N2", culture);
        return F("{estimate} (95 % interval {low} to {high})", TextArg.Of("estimate", Write(i.Estimate)), TextArg.Of("low", Write(i.Low)), TextArg.Of("high", Write(i.High)));
    }

    /// <summary>What the interval means for a merchant who does not read statistics.</summary>
    private static string PlainLift(LiftReport lift) => lift.ConversionLift switch
    {
        null => T("There is not enough data yet to compare the two groups."),
        { Low: > 0 } => T("The emails made more customers buy: even the low end of the interval is above zero."),
        { High: < 0 } => T("Customers who got the emails bought less often than the control group: review the workflow."),
        _ => T("The groups cannot be told apart yet: the interval includes zero, so the emails may or may not make a difference."),
    };

    private static string SurveySection(SurveySummary summary)
    {
        var html = new StringBuilder("<section class=\"widget\" id=\"survey-results\">\n<h2>").Append(E(F("Survey results: {survey}", TextArg.Of("survey", T(SurveyName(summary.Kind)))))).Append("</h2>\n")
            .Append("<p class=\"muted\">").Append(E(F("Answers of the last {days} days to “{question}”", TextArg.Of("days", ReportDays.ToString(Inv)),
                TextArg.Of("question", T(SurveyTitle(summary.Kind)))))).Append("</p>\n");
        var headline = summary.Score is not { } score ? null : summary.Kind switch
        {
            SurveyKind.Nps => ("NPS", score.ToString("+0;-0;0", Inv)),
            SurveyKind.Csat => (T("CSAT (satisfied share)"), score.ToString("P0", SandboxLanguage.Culture)),
            _ => ((string, string)?)null,
        };
        html.Append(headline is { } h ? Figures((T("Answers"), N(summary.Answers)), h) : Figures((T("Answers"), N(summary.Answers))));
        if (summary.Distribution.Count > 0)
        {
            html.Append("<table class=\"distribution\">\n<thead><tr><th>" + E(T("Answer")) + "</th><th class=\"num\">" + E(T("Count")) + "</th></tr></thead>\n<tbody>\n");
            foreach (var (value, count) in summary.Distribution.OrderBy(d => d.Key))
                html.Append("<tr><td>").Append(E(ScoreText(summary.Kind, value))).Append("</td><td class=\"num\">").Append(N(count)).Append("</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }
        html.Append("<h3>").Append(E(T("Recent comments"))).Append("</h3>\n");
        if (summary.RecentComments.Count == 0)
            html.Append("<p class=\"muted\">").Append(E(T("No comments yet."))).Append("</p>\n");
        else
        {
            html.Append("<ul class=\"comments\">\n");
            foreach (var c in summary.RecentComments)
                html.Append("<li><blockquote class=\"comment\">").Append(E(c.Comment)).Append("</blockquote><span class=\"muted\">").Append(E(ScoreText(summary.Kind, c.Score)))
                    .Append(" · ").Append(E(F("customer {id}", TextArg.Of("id", c.Customer.Value.ToString(Inv))))).Append(" · ").Append(E(Time(c.AnsweredUtc))).Append("</span></li>\n");
            html.Append("</ul>\n");
        }
        return html.Append("</section>\n").ToString();
    }
}
