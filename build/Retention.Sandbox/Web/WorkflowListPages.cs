using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using static Retention.Sandbox.Web.Html;
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
            .Append("<p class=\"muted\">Figures of the last ").Append(StatsDays).Append(" days to ").Append(E(Time(now)))
            .Append(". Revenue is what orders attributed to a workflow's emails brought.</p>\n")
            .Append("<table class=\"workflows\">\n<thead><tr><th>Workflow</th><th>Status</th><th class=\"num\">Priority</th><th>Kind</th><th class=\"num\">Steps</th>")
            .Append("<th class=\"num\">Sent</th><th class=\"num\">Open rate</th><th class=\"num\">Click rate</th><th class=\"num\">Converted (last click)</th>")
            .Append("<th class=\"num\">Conversion rate</th><th class=\"num\">Attributed revenue</th><th class=\"num\">Revenue per recipient</th></tr></thead>\n<tbody>\n");
        foreach (var kind in WorkflowCatalog.All)
        {
            var w = settings.For(kind);
            var rates = WorkflowRates.Of(kind, stats);
            body.Append("<tr data-workflow=\"").Append(kind).Append("\"><td><a href=\"/admin/workflows/").Append(kind).Append("?store=").Append(storeId.Value)
                .Append("\">").Append(E(Title(kind))).Append("</a></td><td><form method=\"post\" action=\"/admin/workflows/").Append(kind).Append("/toggle\" class=\"inline\">")
                .Append(Antiforgery(tokens)).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
                .Append("<span class=\"state ").Append(w.Enabled ? "on" : "off").Append("\">").Append(w.Enabled ? "On" : "Off").Append("</span> ")
                // The browser asks first: a switch starts or stops emails to real customers.
                .Append("<button class=\"small\" onclick=\"return confirm(this.dataset.confirm)\" data-confirm=\"")
                .Append(E(w.Enabled
                    ? $"Switch the {Title(kind)} workflow off? It stops sending; customers enrolled now receive nothing more from it."
                    : $"Switch the {Title(kind)} workflow on? It starts enrolling customers and sending its emails."))
                .Append("\">").Append(w.Enabled ? "Switch off" : "Switch on").Append("</button></form></td>")
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
        var saved = await settingsStore.SaveAsync(storeId, With(settings, current with { Enabled = !current.Enabled }), cancellationToken);
        if (!saved.IsValid)
            return Page("Workflows", Errors(saved), StatusCodes.Status400BadRequest);
        return Results.Redirect($"/admin/workflows?store={storeId.Value}", permanent: false, preserveMethod: false);
    }
}
