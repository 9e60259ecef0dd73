using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Loyalty;
using Retention.Core.Loyalty.Cards;
using Retention.Sandbox.Data;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The cumulative discount card in the sandbox: the admin's card settings (levels, window, decay) with an error beside each
/// field, and the card block My rewards and the checkout show. Settings are saved inside the store's loyalty settings
/// through <see cref="ILoyaltySettingsStore"/>, whose validation is the plugin's too.
/// </summary>
public static class CardPages
{
    private const string Title = "Discount card";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/loyalty/card", ShowAsync);
        app.MapPost("/admin/loyalty/card", SaveAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    /// <summary>The card as the shopper sees it (My rewards, checkout); empty when the store runs no card.</summary>
    public static string Block(CardStatus? status)
    {
        if (status is null)
            return "";
        var culture = SandboxLanguage.Culture;
        var html = new StringBuilder("<section class=\"widget discount-card\" id=\"discount-card\">\n<h2>")
            .Append(SandboxLanguage.Current == "ru" ? "Дисконтная карта" : T("Discount card")).Append("</h2>\n");
        if (status.Level is { } level)
            html.Append("<p class=\"card-percent\"><strong id=\"card-percent\">").Append(E(level.Percent.ToString("0.##", culture))).Append("%</strong></p>\n");
        foreach (var line in CardView.Lines(status, LoyaltyPages.Money, utc => utc.ToString("d MMMM yyyy", culture)))
            html.Append("<p class=\"card-line\">").Append(E(CoreMessages.Render(line, culture))).Append("</p>\n");
        return html.Append("</section>\n").ToString();
    }

    /// <summary>The card as the loyalty settings page shows it (Core's labels), with the way to its own page.</summary>
    public static string Summary(CardSettings card, int store)
    {
        ArgumentNullException.ThrowIfNull(card);
        string Label(string property) => E(SettingLabel(property));
        var html = new StringBuilder("<fieldset id=\"card-summary\"><legend>").Append(Label("Card")).Append("</legend>\n<p class=\"muted\">")
            .Append(E(SettingHint("Card"))).Append("</p>\n<p>").Append(Label("Card.Enabled")).Append(": <strong>").Append(E(card.Enabled ? T("yes") : T("no")))
            .Append("</strong> · ").Append(Label("Card.WindowMonths")).Append(": ").Append(E(card.WindowMonths == 0 ? T("all time") : N(card.WindowMonths)))
            .Append(" · ").Append(Label("Card.DecayDays")).Append(": ").Append(E(card.DecayDays == 0 ? T("never") : N(card.DecayDays))).Append("</p>\n");
        if (card.Levels.Count > 0)
        {
            html.Append("<table class=\"card-levels\"><thead><tr><th>").Append(Label("Card.Level.Threshold")).Append("</th><th>").Append(Label("Card.Level.Percent"))
                .Append("</th></tr></thead><tbody>\n");
            foreach (var level in CardRules.Ladder(card))
                html.Append("<tr><td>").Append(E(LoyaltyPages.Money(level.Threshold))).Append("</td><td>").Append(E(level.Percent.ToString("0.##", SandboxLanguage.Culture))).Append("%</td></tr>\n");
            html.Append("</tbody></table>\n");
        }
        return html.Append("<p><a href=\"/admin/loyalty/card?store=").Append(store).Append("\" id=\"edit-card\">").Append(E(T("Edit the discount card"))).Append("</a></p>\n</fieldset>\n").ToString();
    }

    public static async Task<IResult> ShowAsync(string? store, string? saved, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        ILoyaltySettingsStore settingsStore, CardProgram cards, CancellationToken cancellationToken)
    {
        var (storeId, problem) = await WorkflowPages.StoreAsync(store, WorkflowPages.SettingsOf(database), Title, cancellationToken);
        if (problem != null)
            return problem;
        var card = (await settingsStore.LoadAsync(storeId, cancellationToken)).Card;
        var notice = saved == "1" ? ("<p class=\"notice\" id=\"saved\">" + E(T("The card was saved; levels apply from the next order and the nightly run.")) + "</p>\n") : "";
        return await PageAsync(storeId, Fields.Of(card), new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, database, cards, cancellationToken);
    }

    /// <summary>Any field error: nothing saved, the form back as typed with the error beside the field.</summary>
    public static async Task<IResult> SaveAsync(IFormCollection posted, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        ILoyaltySettingsStore settingsStore, CardProgram cards, CancellationToken cancellationToken)
    {
        var (storeId, problem) = await WorkflowPages.StoreAsync(posted["store"], WorkflowPages.SettingsOf(database), Title, cancellationToken);
        if (problem != null)
            return problem;
        var fields = Fields.Read(posted);
        var errors = fields.Parse(out var card);
        if (errors.IsValid)
        {
            var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
            var result = await settingsStore.SaveAsync(storeId, settings with { Card = card! }, cancellationToken);
            if (result.IsValid)
                return Results.Redirect($"/admin/loyalty/card?store={storeId.Value}&saved=1", permanent: false, preserveMethod: false);
            errors = result;
        }
        return await PageAsync(storeId, fields, errors, ("<p class=\"error\" id=\"not-saved\">" + E(T("Nothing was saved: correct the fields marked below.")) + "</p>\n"),
            StatusCodes.Status400BadRequest, http, antiforgery, database, cards, cancellationToken);
    }

    private static async Task<IResult> PageAsync(StoreId storeId, Fields fields, ValidationResult errors, string notice, int status, HttpContext http,
        IAntiforgery antiforgery, SandboxDatabase database, CardProgram cards, CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        string Error(string field) => errors.Errors.FirstOrDefault(e => e.Field == field) is { } error
            ? $"<span class=\"field-error\" data-field=\"{E(field)}\">{E(error.In(SandboxLanguage.Culture))}</span>"
            : "";
        string Input(string name, string value, string type = "text") =>
            $"<input type=\"{type}\" name=\"{E(name)}\" value=\"{E(value)}\" size=\"10\">";
        var body = new StringBuilder(WorkflowPages.Styles)
            .Append(await WorkflowPages.StorePickerAsync(WorkflowPages.SettingsOf(database), storeId, "/admin/loyalty/card", cancellationToken))
            .Append("<p><a href=\"/admin/loyalty/settings?store=").Append(storeId.Value).Append(("\">" + E(T("Loyalty settings")) + "</a></p>\n"))
            .Append(("<p class=\"muted\">" + E(T("A percentage off every order that grows with the customer's spend (all time or the last N months) and drops one level")) + " "))
            .Append((E(T("after N days without a purchase. Levels go from the lowest threshold up; thresholds and discounts must both rise.")) + "</p>\n"))
            .Append(notice)
            .Append("<form method=\"post\" action=\"/admin/loyalty/card\" id=\"card-form\">\n").Append(WorkflowPages.Antiforgery(tokens))
            .Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">\n")
            .Append("<p><label><input type=\"checkbox\" name=\"Card.Enabled\" value=\"true\"").Append(fields.Enabled ? " checked" : "").Append("> ")
            .Append(E(LoyaltySettingsTexts.Label("Card.Enabled"))).Append("</label></p>\n")
            .Append("<p><label>").Append(E(LoyaltySettingsTexts.Label("Card.WindowMonths"))).Append(" ").Append(Input("Card.WindowMonths", fields.WindowMonths)).Append("</label> ")
            .Append(Error("Card.WindowMonths")).Append("</p>\n")
            .Append("<p><label>").Append(E(LoyaltySettingsTexts.Label("Card.DecayDays"))).Append(" ").Append(Input("Card.DecayDays", fields.DecayDays)).Append("</label> ")
            .Append(Error("Card.DecayDays")).Append("</p>\n")
            .Append(Error("Card.Levels"))
            .Append(("<table class=\"card-levels\"><thead><tr><th>" + E(T("Level")) + "</th><th>") + E(LoyaltySettingsTexts.Label("Card.Level.Threshold")) + " ($)</th><th>" + E(LoyaltySettingsTexts.Label("Card.Level.Percent")) + "</th></tr></thead><tbody>\n");
        for (var i = 0; i < fields.Levels.Count; i++)
        {
            var (threshold, percent) = fields.Levels[i];
            body.Append("<tr><td>").Append(i + 1).Append("</td><td>").Append(Input($"Card.Levels[{i}].Threshold", threshold)).Append(Error($"Card.Levels[{i}].Threshold"))
                .Append("</td><td>").Append(Input($"Card.Levels[{i}].Percent", percent)).Append(Error($"Card.Levels[{i}].Percent")).Append("</td></tr>\n");
        }
        body.Append(("</tbody></table>\n<p class=\"muted\">" + E(T("Leave both cells of a row empty to remove the level.")) + "</p>\n<button>" + E(T("Save")) + "</button>\n</form>\n"));
        var holders = await cards.HoldersPerLevelAsync(storeId, cancellationToken);
        if (holders.Count > 0)
        {
            body.Append(("<h2>" + E(T("Card holders")) + "</h2>\n<table id=\"card-holders\"><thead><tr><th>" + E(T("Level")) + "</th><th>" + E(T("Discount")) + "</th><th class=\"num\">" + E(T("Customers")) + "</th></tr></thead><tbody>\n"));
            foreach (var h in holders)
                body.Append("<tr><td>").Append(h.LevelNumber).Append(" (from ").Append(E(LoyaltyPages.Money(h.Level.Threshold))).Append(")</td><td>")
                    .Append(E(h.Level.Percent.ToString("0.##", Inv))).Append("%</td><td class=\"num\">").Append(h.Holders.ToString("N0", Inv)).Append("</td></tr>\n");
            body.Append("</tbody></table>\n");
        }
        return Page(Title, body.ToString(), status);
    }

    /// <summary>The form's values as typed (strings), so a refused form comes back exactly as sent.</summary>
    private sealed record Fields(bool Enabled, string WindowMonths, string DecayDays, IReadOnlyList<(string Threshold, string Percent)> Levels)
    {
        private const int BlankRows = 2;

        public static Fields Of(CardSettings card) => new(card.Enabled, card.WindowMonths.ToString(Inv), card.DecayDays.ToString(Inv),
            card.Levels.Select(l => (l.Threshold.ToString("0.##", Inv), l.Percent.ToString("0.##", Inv)))
                .Concat(Enumerable.Repeat(("", ""), BlankRows)).Take(CardSettings.MaxLevels).ToList());

        public static Fields Read(IFormCollection posted)
        {
            var levels = new List<(string, string)>();
            for (var i = 0; i < CardSettings.MaxLevels; i++)
            {
                if (!posted.ContainsKey($"Card.Levels[{i}].Threshold") && !posted.ContainsKey($"Card.Levels[{i}].Percent"))
                    break;
                levels.Add((posted[$"Card.Levels[{i}].Threshold"].ToString().Trim(), posted[$"Card.Levels[{i}].Percent"].ToString().Trim()));
            }
            return new Fields(posted["Card.Enabled"].ToString() == "true", posted["Card.WindowMonths"].ToString().Trim(), posted["Card.DecayDays"].ToString().Trim(), levels);
        }

        /// <summary>The typed values as settings, or the fields that are not numbers. Empty rows are dropped; errors keep the row's place.</summary>
        public ValidationResult Parse(out CardSettings? card)
        {
            var errors = new ValidationResult();
            card = null;
            if (!int.TryParse(WindowMonths, NumberStyles.Integer, Inv, out var window))
                errors.Add("Card.WindowMonths", T("Enter the months as a whole number."));
            if (!int.TryParse(DecayDays, NumberStyles.Integer, Inv, out var decay))
                errors.Add("Card.DecayDays", T("Enter the days as a whole number."));
            var levels = new List<CardLevel>();
            for (var i = 0; i < Levels.Count; i++)
            {
                var (threshold, percent) = Levels[i];
                if (threshold.Length == 0 && percent.Length == 0)
                    continue;
                var t = decimal.TryParse(threshold, NumberStyles.Number, Inv, out var tv);
                var p = decimal.TryParse(percent, NumberStyles.Number, Inv, out var pv);
                if (!t) errors.Add($"Card.Levels[{i}].Threshold", T("Enter the spend as a number, such as 10000."));
                if (!p) errors.Add($"Card.Levels[{i}].Percent", T("Enter the discount as a number, such as 5."));
                levels.Add(new CardLevel(tv, pv));
            }
            // Row numbers of the validation must be the form's: only a form without blank rows in the middle is validated as typed.
            if (!errors.IsValid)
                return errors;
            var filled = Levels.Select((l, i) => (l, i)).Where(x => x.l.Threshold.Length > 0 || x.l.Percent.Length > 0).Select(x => x.i).ToList();
            card = new CardSettings { Enabled = Enabled, WindowMonths = window, DecayDays = decay, Levels = levels };
            var validation = card.Validate();
            if (validation.IsValid)
                return validation;
            // Level errors name the saved list's index; put them back on the row the admin typed them in.
            var mapped = new ValidationResult();
            foreach (var error in validation.Errors)
            {
                var field = error.Field;
                var match = System.Text.RegularExpressions.Regex.Match(field, @"^Card\.Levels\[(\d+)\]\.(\w+)$");
                if (match.Success)
                    field = $"Card.Levels[{filled[int.Parse(match.Groups[1].Value, Inv)]}].{match.Groups[2].Value}";
                mapped.Add(field, error);
            }
            card = null;
            return mapped;
        }
    }
}
