using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The admin's loyalty settings and tier editor, as the plugin's configure page has them, plus the category multipliers
/// and promotions the demo runs on. Saving goes through the same <see cref="ILoyaltySettingsStore"/> the program reads,
/// whose <see cref="LoyaltySettings.Validate"/> is the plugin's validation too: nothing is saved unless every field is fine.
/// </summary>
public static class LoyaltySettingsPages
{
    private const string Title = "Loyalty settings";

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/loyalty/settings", ShowAsync);
        app.MapPost("/admin/loyalty/settings", SaveAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    /// <summary>The demo catalog's categories with the ids the earning rule knows them by.</summary>
    private static IReadOnlyList<(int Id, string Name)> Categories =>
        DemoLoyalty.CategoryIds.OrderBy(c => c.Value).Select(c => (c.Value, c.Key)).ToList();

    public static async Task<IResult> ShowAsync(string? store, string? saved, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        ILoyaltySettingsStore settingsStore, CancellationToken cancellationToken)
    {
        var (storeId, problem) = await WorkflowPages.StoreAsync(store, WorkflowPages.SettingsOf(database), Title, cancellationToken);
        if (problem != null)
            return problem;
        var form = LoyaltySettingsForm.From(await settingsStore.LoadAsync(storeId, cancellationToken), Categories);
        var notice = saved == "1" ? "<p class=\"notice\" id=\"saved\">" + E(T("The loyalty settings were saved; they apply from the next order, page and nightly run.")) + "</p>\n" : "";
        return await PageAsync(storeId, form, new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, database, cancellationToken);
    }

    /// <summary>Saves the form, or adds a tier/promotion row (nothing saved); any field error: nothing saved, the form back as typed.</summary>
    public static async Task<IResult> SaveAsync(IFormCollection posted, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        ILoyaltySettingsStore settingsStore, CancellationToken cancellationToken)
    {
        var (storeId, problem) = await WorkflowPages.StoreAsync(posted["store"], WorkflowPages.SettingsOf(database), Title, cancellationToken);
        if (problem != null)
            return problem;
        var form = LoyaltySettingsForm.Read(posted, Categories);
        if (posted["add"].ToString() is "tier" or "promotion")
            return await PageAsync(storeId, form.WithRowAdded(posted["add"].ToString()), new ValidationResult(),
                "<p class=\"muted\" id=\"not-saved\">" + E(T("A row was added; nothing is saved until you press Save.")) + "</p>\n", StatusCodes.Status200OK, http, antiforgery, database,
                cancellationToken);

        var errors = form.Parse(await settingsStore.LoadAsync(storeId, cancellationToken), out var updated);
        if (errors.IsValid && updated != null)
        {
            errors = form.MapErrors(await settingsStore.SaveAsync(storeId, updated, cancellationToken));
            if (errors.IsValid)
                return Results.Redirect($"/admin/loyalty/settings?store={storeId.Value}&saved=1", permanent: false, preserveMethod: false);
        }
        return await PageAsync(storeId, form, errors, "<p class=\"error\" id=\"not-saved\">" + E(T("Nothing was saved: correct the fields marked below.")) + "</p>\n",
            StatusCodes.Status400BadRequest, http, antiforgery, database, cancellationToken);
    }

    private static async Task<IResult> PageAsync(StoreId storeId, LoyaltySettingsForm form, ValidationResult errors, string notice, int status, HttpContext http,
        IAntiforgery antiforgery, SandboxDatabase database, CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = new StringBuilder(WorkflowPages.Styles).Append(Styles)
            .Append(await WorkflowPages.StorePickerAsync(WorkflowPages.SettingsOf(database), storeId, "/admin/loyalty/settings", cancellationToken))
            .Append("<p><a href=\"/admin/loyalty/report?store=").Append(storeId.Value).Append("\">").Append(E(T("Points accounting"))).Append("</a> · <a href=\"/admin/workflows?store=")
            .Append(storeId.Value).Append("\">").Append(E(T("Workflows"))).Append("</a></p>\n")
            .Append(notice)
            .Append(form.Render(storeId.Value, errors, WorkflowPages.Antiforgery(tokens)))
            .Append(CardPages.Summary((await new Ports.EfLoyaltySettingsStore(database).LoadAsync(storeId, cancellationToken)).Card, storeId.Value));
        return Page(Title, body.ToString(), status);
    }

    private const string Styles = "<style>\n" +
        "#loyalty-settings-form .field { margin: .4rem 0; } #loyalty-settings-form .field > label { display: inline-block; min-width: 17rem; }\n" +
        "#loyalty-settings-form small.hint { display: block; color: var(--muted); margin-left: .2rem; }\n" +
        "#loyalty-settings-form table { margin: .5rem 0; } #loyalty-settings-form td { vertical-align: top; }\n" +
        // A fieldset is as wide as its widest content by default, which would push the tables off a phone's screen.
        "#loyalty-settings-form fieldset { min-width: 0; }\n" +
        "@media (max-width: 640px) { #loyalty-settings-form .field > label { min-width: 0; display: block; } #loyalty-settings-form table { display: block; overflow-x: auto; } }\n" +
        // A choice's text in a longer language (Russian) would widen its list past the screen.
        "@media (max-width: 640px) { #loyalty-settings-form select { max-width: 100%; } }\n" +
        "</style>\n";
}
