using Retention.Core.Localization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;
using static Retention.Sandbox.Web.WorkflowPages;

namespace Retention.Sandbox.Web;

/// <summary>
/// The admin's list of a store's workflows: each one's state and switch (asking first), priority, kind and the last 30
/// days' figures with their rates (<see cref="WorkflowRates"/>, as the plugin's list shows them).
/// </summary>
public static class WorkflowListPages
{
    private const int StatsDays = 30;

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/workflows", ListAsync);
        app.MapPost("/admin/workflows/{kind}/toggle", ToggleAsync);
        app.MapGet("/admin/workflows/{kind}/switch-on", ConfirmSwitchOnAsync);
        app.MapPost("/admin/workflows/{kind}/switch-on", SwitchOnAsync);
    }

    /// <summary>The workflows of a store: on/off, priority, kind and the last 30 days' figures.</summary>
    public static async Task<IResult> ListAsync(string? store, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database, WorkflowReports reports,
        IClock clock, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        var (storeId, problem) = await StoreAsync(store, settingsStore, "Workflows", cancellationToken);
        if (problem != null)
            return problem;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        var now = clock.UtcNow;
        var stats = await reports.StatsAsync(storeId, now.AddDays(-StatsDays), now, cancellationToken);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = new StringBuilder(Styles)
            .Append(await StorePickerAsync(settingsStore, storeId, "/admin/workflows", cancellationToken))
            .Append(("<p class=\"muted\">" + E(T("Figures of the last")) + " ")).Append(StatsDays).Append(T(" days to ")).Append(E(Time(now)))
            .Append((E(T(". Revenue is what orders attributed to a workflow's emails brought.")) + "</p>\n"))
            .Append(("<table class=\"workflows\">\n<thead><tr><th>" + E(T("Workflow")) + "</th><th>" + E(T("Status")) + "</th><th class=\"num\">" + E(T("Priority")) + "</th><th>" + E(T("Kind")) + "</th><th class=\"num\">" + E(T("Steps")) + "</th>"))
            .Append(("<th class=\"num\">" + E(T("Sent")) + "</th><th class=\"num\">" + E(T("Open rate")) + "</th><th class=\"num\">" + E(T("Click rate")) + "</th><th class=\"num\">" + E(T("Converted (last click)")) + "</th>"))
            .Append(("<th class=\"num\">" + E(T("Conversion rate")) + "</th><th class=\"num\">" + E(T("Attributed revenue")) + "</th><th class=\"num\">" + E(T("Revenue per recipient")) + "</th></tr></thead>\n<tbody>\n"));
        foreach (var kind in WorkflowCatalog.All)
        {
            var w = settings.For(kind);
            var rates = WorkflowRates.Of(kind, stats);
            body.Append("<tr data-workflow=\"").Append(kind).Append("\"><td><a href=\"/admin/workflows/").Append(kind).Append("?store=").Append(storeId.Value)
                .Append("\">").Append(E(Title(kind))).Append("</a></td><td>");
            if (w.Enabled)
                body.Append("<form method=\"post\" action=\"/admin/workflows/").Append(kind).Append("/toggle\" class=\"inline\">")
                    .Append(Antiforgery(tokens)).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
                    .Append(("<span class=\"state on\">" + E(T("On")) + "</span> "))
                    // The browser asks first: a switch stops emails to real customers.
                    .Append("<button class=\"small\" onclick=\"return confirm(this.dataset.confirm)\" data-confirm=\"")
                    .Append(E($"Switch the {Title(kind)} workflow off? It stops sending; customers enrolled now receive nothing more from it."))
                    .Append(("\">" + E(T("Switch off")) + "</button></form></td>"));
            else
                // Switching on asks on a page of its own: how many customers qualify already, and whether to include them.
                body.Append("<form method=\"get\" action=\"/admin/workflows/").Append(kind).Append("/switch-on\" class=\"inline\">")
                    .Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
                    .Append(("<span class=\"state off\">" + E(T("Off")) + "</span> <button class=\"small switch-on\">" + E(T("Switch on…")) + "</button></form></td>"));
            body
                .Append("<td class=\"num\">").Append(w.Priority.ToString(Inv)).Append("</td><td>").Append(w.IsMarketing ? "marketing" : "transactional")
                .Append("</td><td class=\"num\">").Append(w.Steps.Count.ToString(Inv))
                .Append("</td><td class=\"num\">").Append(N(rates.Sent)).Append("</td><td class=\"num open-rate\">").Append(E(rates.OpenRateShown(settings.TrackOpens)))
                .Append("</td><td class=\"num click-rate\">").Append(E(WorkflowRates.Percent(rates.ClickRate)))
                .Append("</td><td class=\"num\">").Append(N(rates.Converted)).Append("</td><td class=\"num conversion-rate\">").Append(E(WorkflowRates.Percent(rates.ConversionRate)))
                .Append("</td><td class=\"num\">").Append(E(LoyaltyPages.Money(rates.Revenue)))
                .Append("</td><td class=\"num revenue-per-recipient\">").Append(rates.RevenuePerRecipient is { } perRecipient ? E(LoyaltyPages.Money(perRecipient)) : "—")
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        return Page("Workflows", body.ToString());
    }

    public static async Task<IResult> ToggleAsync(string kind, IFormCollection form, SandboxDatabase database, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var (storeId, problem) = await StoreAsync(form["store"], settingsStore, "Workflows", cancellationToken);
        if (problem != null)
            return problem;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        var current = settings.For(workflow);
        // Switching on goes through the confirmation, which shows the backlog and asks what to do with it.
        if (!current.Enabled)
            return Results.Redirect($"/admin/workflows/{workflow}/switch-on?store={storeId.Value}", permanent: false, preserveMethod: false);
        var saved = await settingsStore.SaveAsync(storeId, With(settings, current with { Enabled = false }), cancellationToken);
        if (!saved.IsValid)
            return Page("Workflows", Errors(saved), StatusCodes.Status400BadRequest);
        return Results.Redirect($"/admin/workflows?store={storeId.Value}", permanent: false, preserveMethod: false);
    }

    /// <summary>
    /// The switch-on confirmation: how many customers the workflow would enrol at once (Core's backlog: those who already
    /// qualify), and the choice between "only from now on" and "include the backlog" at a number a day.
    /// </summary>
    public static async Task<IResult> ConfirmSwitchOnAsync(string kind, string? store, string? perDay, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowScans scans, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var title = F("Switch on: {workflow}", TextArg.Of("workflow", Title(workflow)));
        var (storeId, problem) = await StoreAsync(store, settingsStore, title, cancellationToken);
        if (problem != null)
            return problem;
        var pace = int.TryParse(perDay, System.Globalization.NumberStyles.None, Inv, out var p) && p >= 1 ? p : SwitchOnPlan.DefaultPerDay;
        return await SwitchOnPageAsync(workflow, storeId, BacklogChoice.FromNowOn, pace.ToString(Inv), new ValidationResult(), StatusCodes.Status200OK, http, antiforgery,
            settingsStore, scans, cancellationToken);
    }

    /// <summary>Switches on with the merchant's choice (Core's <see cref="WorkflowScans.SwitchOnAsync"/>); a bad number comes back beside its field, nothing switched.</summary>
    public static async Task<IResult> SwitchOnAsync(string kind, IFormCollection form, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowScans scans, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var (storeId, problem) = await StoreAsync(form["store"], settingsStore, F("Switch on: {workflow}", TextArg.Of("workflow", Title(workflow))), cancellationToken);
        if (problem != null)
            return problem;
        var errors = new ValidationResult();
        var choice = form["choice"].ToString() switch
        {
            "backlog" => BacklogChoice.IncludeBacklog,
            "from-now-on" => BacklogChoice.FromNowOn,
            _ => (BacklogChoice)0,
        };
        var perDayText = form["perDay"].ToString().Trim();
        var perDay = 0;
        if (choice == BacklogChoice.IncludeBacklog && !int.TryParse(perDayText, System.Globalization.NumberStyles.None, Inv, out perDay))
            errors.Add("SwitchOn.PerDay", T("Enter how many customers a day as a whole number."));
        if (errors.IsValid)
            errors = await scans.SwitchOnAsync(storeId, workflow, choice, perDay, cancellationToken: cancellationToken);
        if (!errors.IsValid)
            return await SwitchOnPageAsync(workflow, storeId, choice, perDayText, errors, StatusCodes.Status400BadRequest, http, antiforgery, settingsStore, scans,
                cancellationToken);
        return Results.Redirect($"/admin/workflows?store={storeId.Value}", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SwitchOnPageAsync(WorkflowKind workflow, StoreId storeId, BacklogChoice choice, string perDay, ValidationResult errors, int status,
        HttpContext http, IAntiforgery antiforgery, IWorkflowSettingsStore settingsStore, WorkflowScans scans, CancellationToken cancellationToken)
    {
        var title = F("Switch on: {workflow}", TextArg.Of("workflow", Title(workflow)));
        var current = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow);
        var back = $"<p><a href=\"/admin/workflows?store={storeId.Value}\">{E(T("All workflows"))}</a></p>\n";
        if (current.Enabled)
            return Page(title, back + ("<p class=\"notice\" id=\"already-on\">" + E(T("This workflow is on already.")) + "</p>\n"));
        var pace = int.TryParse(perDay, System.Globalization.NumberStyles.None, Inv, out var p) && p >= 1 ? p : SwitchOnPlan.DefaultPerDay;
        var preview = await scans.SwitchOnPreviewAsync(storeId, workflow, pace, cancellationToken: cancellationToken);
        string FieldError(string field) => string.Concat(errors.Errors.Where(e => e.Field == field).Select(e => $" <span class=\"error field-error\">{E(e.Message)}</span>"));
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = new StringBuilder(Styles).Append(back);
        if (!errors.IsValid)
            body.Append(("<p class=\"error\" id=\"not-switched\">" + E(T("The workflow was not switched on: correct the field marked below.")) + "</p>\n"));
        body.Append("<form method=\"post\" action=\"/admin/workflows/").Append(workflow).Append("/switch-on\" id=\"switch-on\" class=\"widget\">")
            .Append(Antiforgery(tokens)).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">");
        if (!preview.HasBacklog)
        {
            body.Append(("<p id=\"backlog\" data-count=\"0\">" + E(T("Switching on enrols no one at once: this workflow enrols each customer when its trigger happens")) + " "))
                .Append((E(T("(an order, a delivery, a registration…) from now on.")) + "</p>"))
                .Append("<input type=\"hidden\" name=\"choice\" value=\"from-now-on\">");
        }
        else
        {
            body.Append("<p id=\"backlog\" data-count=\"").Append(preview.BacklogCount.ToString(Inv)).Append("\"><strong>").Append(N(preview.BacklogCount))
                .Append(("</strong> " + E(T("customer(s) already qualify (")))).Append(E(Backlog(workflow))).Append((E(T(") and would be enrolled at once if nothing held them back.")) + "</p>\n"))
                .Append(("<fieldset><legend>" + E(T("Customers who already qualify")) + "</legend>"))
                .Append("<label class=\"block\"><input type=\"radio\" name=\"choice\" value=\"from-now-on\"").Append(choice != BacklogChoice.IncludeBacklog ? " checked" : "")
                .Append(("> <strong>" + E(T("Only from now on")) + "</strong>" + E(T(": none of them is enrolled; only customers who qualify after the switch-on are.")) + "</label><br>"))
                .Append("<label class=\"block\"><input type=\"radio\" name=\"choice\" value=\"backlog\"").Append(choice == BacklogChoice.IncludeBacklog ? " checked" : "")
                .Append(("> <strong>" + E(T("Include the backlog")) + "</strong>" + E(T(", at most")) + "</label> <input type=\"number\" name=\"perDay\" value=\"")).Append(E(perDay)).Append('"')
                .Append(FieldError("SwitchOn.PerDay").Length > 0 ? " class=\"invalid\"" : "").Append(("> " + E(T("a day"))))
                .Append(FieldError("SwitchOn.PerDay"))
                .Append(("<p class=\"muted\" id=\"backlog-days\">" + E(T("At")) + " ")).Append(N(pace)).Append(T(" a day the backlog takes ")).Append(N(preview.Days))
                .Append((" " + E(T("day(s), starting today, in order of customer number; customers who order in the meantime drop out of it.")) + "</p></fieldset>"));
        }
        body.Append(FieldError("SwitchOn.Choice")).Append(("<p><button>" + E(T("Switch on")) + "</button> <a href=\"/admin/workflows?store=")).Append(storeId.Value).Append(("\">" + E(T("Cancel")) + "</a></p></form>\n"));
        return Page(title, body.ToString(), status);
    }

    private static string Backlog(WorkflowKind workflow) => workflow switch
    {
        WorkflowKind.WinBack => T("buyers dormant now, not in win-back within its re-entry days"),
        WorkflowKind.AbandonedCart => F("carts idle in the last {days} days", TextArg.Count("days", WorkflowScans.AbandonedCartCatchUpDays)),
        WorkflowKind.PointsExpiry => T("members whose points lapse within the reminder's days"),
        _ => "",
    };
}
