using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Workflows;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.WorkflowPages;
using static Retention.Sandbox.Web.SandboxTexts;
using Retention.Core.Localization;

namespace Retention.Sandbox.Web;

/// <summary>What the merchant typed into one step's email editor, kept when the save is refused so nothing typed is lost.</summary>
public sealed record StepEmailDraft(int Step, string Subject, string Body, ValidationResult Errors);

/// <summary>
/// Each step's email on the workflow page: subject and HTML body, stored per store and template (<see cref="SandboxTemplateEdits"/>,
/// the shipped template until the merchant saves), with a live preview re-rendered as the merchant types (wwwroot/js/email-editor.js
/// posting to <c>/email/preview</c>) through the outbox's own rendering with a real customer's tokens (<see cref="WorkflowPreviews"/>:
/// nothing recorded, issued or sent). Core's <see cref="EmailTemplateRules"/> decides what may be saved.
/// </summary>
public static class StepEmailPages
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/admin/workflows/{kind}/email", SaveAsync);
        app.MapPost("/admin/workflows/{kind}/email/reset", ResetAsync);
        app.MapPost("/admin/workflows/{kind}/email/preview", PreviewAsync);
    }

    /// <summary>The workflow page's "Emails" section: one editor per step.</summary>
    internal static string Section(WorkflowKind workflow, StoreId store, WorkflowSettings settings, TemplateEditSet edits, string antiforgery, int sampleCustomer,
        StepEmailDraft? draft)
    {
        var html = new StringBuilder("<style>\n.email-editor { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }\n"
                + ".email-editor label.block { display: block; margin: .4rem 0 0; } .email-editor input[name=subject] { width: 100%; }\n"
                + ".email-editor textarea { width: 100%; font-family: monospace; font-size: .8rem; } .email-editor .field-error { display: block; }\n"
                + ".live-preview iframe.email-body { height: 36rem; } .preview-subject { font-weight: 600; margin: .4rem 0 0; } details.step-email { margin: .5rem 0; }\n"
                + "ul.token-list { columns: 2; font-size: .85rem; }\n</style>\n")
            .Append("<section class=\"widget\" id=\"emails\">\n<h2>").Append(E(T("Emails"))).Append("</h2>\n")
            .Append("<p class=\"muted\">").Append(E(T("Each step's subject and body (HTML). The preview beside it is rendered as you type, with the sample customer's data, "
                + "the way the outbox renders a sent email; nothing is recorded or sent. Saved text is used by every email queued after the save."))).Append("</p>\n")
            .Append("<details class=\"tokens-help\"><summary>").Append(E(T("Retention tokens"))).Append("</summary><ul class=\"token-list\">");
        foreach (var token in EmailTemplateRules.RetentionTokens)
            html.Append("<li><code>%").Append(E(token)).Append("%</code> ").Append(E(EmailTemplates.Tokens.GetValueOrDefault(token, T("Test sends only: [Test].")))).Append("</li>");
        html.Append("</ul><p class=\"muted\">").Append(E(T("nopCommerce's own tokens work too, e.g."))).Append(" <code>%Store.Name%</code>, <code>%Customer.FirstName%</code>.</p></details>\n");
        for (var i = 0; i < settings.Steps.Count; i++)
        {
            var name = settings.Steps[i].TemplateName;
            var current = edits.Current(store.Value, name);
            var mine = draft?.Step == i ? draft : null;
            var subject = mine?.Subject ?? current?.Subject ?? "";
            var body = mine?.Body ?? current?.HtmlBody ?? "";
            string FieldError(string field) => string.Join(" ", mine?.Errors.Errors.Where(e => e.Field == field).Select(Say) ?? []);
            html.Append("<details class=\"step-email\" id=\"email-step-").Append(i + 1).Append('"').Append(mine != null ? " open" : "").Append(">\n<summary>").Append(E(F("Step {step}", TextArg.Of("step", (i + 1).ToString(Inv)))))
                .Append(" · <span class=\"current-subject\">").Append(E(current?.Subject ?? T("(no template)"))).Append("</span> <span class=\"badge\">")
                .Append(E(current?.Edited == true ? T("edited") : T("default"))).Append("</span> <code>").Append(E(name)).Append("</code></summary>\n")
                .Append("<form method=\"post\" action=\"/admin/workflows/").Append(workflow).Append("/email\" class=\"email-editor\" data-preview-url=\"/admin/workflows/")
                .Append(workflow).Append("/email/preview\">").Append(antiforgery)
                .Append("<input type=\"hidden\" name=\"store\" value=\"").Append(store.Value).Append("\"><input type=\"hidden\" name=\"step\" value=\"").Append(i).Append("\">")
                .Append("<div class=\"editor-fields\"><label class=\"block\">").Append(E(T("Subject"))).Append(" <input type=\"text\" name=\"subject\" maxlength=\"").Append(EmailTemplateRules.MaxSubjectLength)
                .Append("\" value=\"").Append(E(subject)).Append("\"").Append(FieldError("Subject").Length > 0 ? " class=\"invalid\"" : "").Append("></label>")
                .Append("<span class=\"error field-error\" data-field=\"Subject\">").Append(E(FieldError("Subject"))).Append("</span>")
                .Append("<label class=\"block\">").Append(E(T("Body (HTML)"))).Append(" <textarea name=\"body\" rows=\"16\" spellcheck=\"false\"").Append(FieldError("Body").Length > 0 ? " class=\"invalid\"" : "")
                .Append('>').Append(E(body)).Append("</textarea></label>")
                .Append("<span class=\"error field-error\" data-field=\"Body\">").Append(E(FieldError("Body"))).Append("</span>")
                .Append("<label>").Append(E(T("Preview as customer"))).Append(" <input type=\"number\" name=\"customer\" min=\"1\" value=\"").Append(sampleCustomer).Append("\"></label> ")
                .Append("<button>").Append(E(T("Save email"))).Append("</button> <button formaction=\"/admin/workflows/").Append(workflow).Append("/email/reset\" class=\"secondary\"")
                .Append(" data-confirm=\"").Append(E(T("Go back to the shipped text of this step? Emails queued from now on use it.")))
                .Append("\" onclick=\"return confirm(this.dataset.confirm)\">").Append(E(T("Reset to default"))).Append("</button></div>")
                .Append("<div class=\"live-preview\"><p class=\"preview-subject\"></p><p class=\"preview-note muted\"></p>")
                .Append("<iframe class=\"email-body\" sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"").Append(E(F("Live preview of step {step}", TextArg.Of("step", (i + 1).ToString(Inv))))).Append("\"></iframe></div>")
                .Append("</form>\n</details>\n");
        }
        return html.Append("<script src=\"/js/email-editor.js\"></script>\n</section>\n").ToString();
    }

    /// <summary>Saves a step's subject and body when Core's rules accept them; otherwise the page again with the messages beside the fields, nothing saved.</summary>
    public static async Task<IResult> SaveAsync(string kind, IFormCollection posted, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowReports reports, WorkflowScans scans, IClock clock, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        var (target, problem) = await PostedStepAsync(kind, posted, settingsStore, cancellationToken);
        if (problem != null)
            return problem;
        var (workflow, storeId, settings, step) = target!.Value;
        string subject = posted["subject"].ToString().Trim(), body = posted["body"].ToString();
        var errors = EmailTemplateRules.Validate(subject, body, settings.IsMarketing);
        if (!errors.IsValid)
            return await WorkflowEditorPages.EditPageAsync(workflow, storeId, null, new ValidationResult(),
                $"<p class=\"error\" id=\"email-not-saved\">{E(F("Step {step}'s email was not saved: correct the fields marked below.", TextArg.Of("step", (step + 1).ToString(Inv))))}</p>\n", StatusCodes.Status400BadRequest,
                http, antiforgery, settingsStore, reports, scans, clock, db, cancellationToken, new StepEmailDraft(step, subject, body, errors));
        await new SandboxTemplateEdits(database).SaveAsync(storeId.Value, settings.Steps[step].TemplateName, subject, body, clock.UtcNow, cancellationToken);
        return Results.Redirect($"/admin/workflows/{workflow}?store={storeId.Value}&email={step + 1}#email-step-{step + 1}", permanent: false, preserveMethod: false);
    }

    /// <summary>The workflow, store and step a save or reset names; or the error page when one of them is unknown.</summary>
    private static async Task<((WorkflowKind Workflow, StoreId Store, WorkflowSettings Settings, int Step)? Step, IResult? Problem)> PostedStepAsync(string kind,
        IFormCollection posted, IWorkflowSettingsStore settingsStore, CancellationToken cancellationToken)
    {
        if (!TryKind(kind, out var workflow))
            return (null, UnknownWorkflow(kind));
        var (storeId, problem) = await StoreAsync(posted["store"], settingsStore, Title(workflow), cancellationToken);
        if (problem != null)
            return (null, problem);
        var settings = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow);
        if (!TryStep(posted["step"], settings, out var step))
            return (null, Page(Title(workflow), $"<p class=\"error\">{E(F("Step: choose one of the workflow's {steps} steps.", TextArg.Count("steps", settings.Steps.Count)))}</p>", StatusCodes.Status400BadRequest));
        return ((workflow, storeId, settings, step), null);
    }

    /// <summary>Back to the shipped text for emails queued from now on.</summary>
    public static async Task<IResult> ResetAsync(string kind, IFormCollection posted, SandboxDatabase database, IClock clock, CancellationToken cancellationToken)
    {
        var (target, problem) = await PostedStepAsync(kind, posted, SettingsOf(database), cancellationToken);
        if (problem != null)
            return problem;
        var (workflow, storeId, settings, step) = target!.Value;
        await new SandboxTemplateEdits(database).ResetAsync(storeId.Value, settings.Steps[step].TemplateName, clock.UtcNow, cancellationToken);
        return Results.Redirect($"/admin/workflows/{workflow}?store={storeId.Value}&email={step + 1}#email-step-{step + 1}", permanent: false, preserveMethod: false);
    }

    /// <summary>
    /// The live preview: the posted subject and body rendered with the sample customer's tokens, and Core's verdict on them
    /// (JSON: subject, html, text, note, errors with their field). Reads only.
    /// </summary>
    public static async Task<IResult> PreviewAsync(string kind, IFormCollection posted, HttpRequest request, SandboxDatabase database, WorkflowPreviews previews,
        SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return Results.NotFound();
        var (storeId, problem) = await StoreAsync(posted["store"], settingsStore, Title(workflow), cancellationToken);
        if (problem != null)
            return problem;
        var settings = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow);
        if (!TryStep(posted["step"], settings, out var step))
            return Results.BadRequest(new { errors = new[] { new { field = "Step", message = F("Step: choose one of the workflow's {steps} steps.", TextArg.Count("steps", settings.Steps.Count)) } } });
        string subject = posted["subject"].ToString().Trim(), body = posted["body"].ToString();
        var verdict = EmailTemplateRules.Validate(subject, body, settings.IsMarketing);
        var errors = verdict.Errors.Select(e => new { field = e.Field, message = e.Message }).ToList();
        if (!Ids.TryParse(posted["customer"], out var customerId) || await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken) is not { } who)
        {
            errors.Add(new { field = "Customer", message = F("There is no customer '{customer}' to preview with.", TextArg.Of("customer", posted["customer"].ToString())) });
            return Results.Json(new { subject, html = "", text = "", note = T("Choose a customer to preview with."), errors });
        }
        var preview = await previews.PreviewAsync(storeId, workflow, step, new CustomerId(who.Id), cancellationToken);
        var email = EmailView.Render(preview.TemplateName, preview.Tokens, who, who.Email ?? "", BaseUrl(request),
            new TemplateText(subject, body, TemplateEditSet.TextOf(body), Edited: true))!;
        var note = preview.NothingToSay != null ? F("This step would be skipped for customer {id}: {reason}", TextArg.Of("id", who.Id.ToString(Inv)), TextArg.Of("reason", preview.NothingToSay))
            : F("As customer {id} would receive it now.", TextArg.Of("id", who.Id.ToString(Inv)));
        return Results.Json(new { subject = email.Subject, html = "<base target=\"_blank\">" + email.Html, text = email.Text, note, errors });
    }

    private static bool TryStep(string? raw, WorkflowSettings settings, out int step) =>
        int.TryParse(raw, System.Globalization.NumberStyles.None, Inv, out step) && step < settings.Steps.Count;
}
