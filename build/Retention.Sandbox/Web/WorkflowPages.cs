using Retention.Core.Localization;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The workflows as people meet them in the sandbox, one class per page group: <see cref="OutboxPages"/> (the outbox and
/// the clock that plays sequences out), <see cref="WorkflowLinkPages"/> (the landing pages behind the signed links),
/// <see cref="WorkflowListPages"/> and <see cref="WorkflowEditorPages"/> (the admin's list, editor, preview, test email,
/// lift and survey results). Every figure comes from Core's workflow classes, the calls the plugin makes. This class
/// maps the routes and holds the pieces the groups share.
/// </summary>
public static class WorkflowPages
{
    internal static readonly StoreId DefaultStore = new(DemoStoreGenerator.StoreId);
    internal static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Map(WebApplication app)
    {
        OutboxPages.Map(app);
        WorkflowLinkPages.Map(app);
        WorkflowListPages.Map(app);
        WorkflowEditorPages.Map(app);
    }

    internal const string Styles = "<style>\n" +
        "article.email { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem 1rem; }\n" +
        "table.email-head { border: 0; } table.email-head th { width: 7rem; background: none; } td.subject { font-weight: 600; }\n" +
        "iframe.email-body { width: 100%; height: 44rem; border: 1px solid var(--line); background: #fff; }\n" +
        ".badge { background: #eef2f6; border-radius: .6rem; padding: 0 .5rem; font-size: .85rem; } .hold { color: #8a4b00; }\n" +
        "form.inline { margin: 0; display: inline; } form.inline-form label, form.filter label { margin-right: .75rem; }\n" +
        "button.small { padding: .1rem .5rem; font-size: .85rem; } .state.on { color: #1b7f3b; font-weight: 600; } .state.off { color: var(--muted); }\n" +
        "fieldset { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; } legend { font-weight: 600; }\n" +
        "fieldset label { display: inline-block; margin: .3rem 1rem .3rem 0; } .invalid { outline: 2px solid #b3261e; }\n" +
        "blockquote.comment { margin: .25rem 0; padding: .25rem .75rem; border-left: 3px solid var(--line); white-space: pre-wrap; }\n" +
        "nav.pager { margin: 1rem 0; } nav.pager a { margin: 0 .5rem; } pre.email-text { white-space: pre-wrap; background: #fff; padding: .5rem; }\n" +
        "</style>\n";

    /// <summary>The workflow settings Core itself reads (per store, over all-stores values).</summary>
    internal static IWorkflowSettingsStore SettingsOf(SandboxDatabase database) => new EfWorkflowSettingsStore(database);

    internal static string Antiforgery(AntiforgeryTokenSet tokens) =>
        $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";

    internal static string Errors(ValidationResult errors) => string.Concat(errors.Errors.Select(e => $"<p class=\"error\">{E(e.Field)}: {E(SandboxTexts.Say(e))}</p>\n"));

    /// <summary>The store asked for (default the demo store); a store the settings do not know is a clear 404.</summary>
    internal static async Task<(StoreId Store, IResult? Problem)> StoreAsync(string? raw, IWorkflowSettingsStore settingsStore, string title, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return (DefaultStore, null);
        if (!Ids.TryParse(raw, out var id))
            return (DefaultStore, Page(title, $"<p class=\"error\">{E(SandboxTexts.F("Store: '{raw}' is not a store id.", Core.Localization.TextArg.Of("raw", raw)))}</p>", StatusCodes.Status400BadRequest));
        var stores = await settingsStore.StoresAsync(cancellationToken);
        return stores.Contains(new StoreId(id))
            ? (new StoreId(id), null)
            : (DefaultStore, Page(title, $"<p class=\"error\">{E(SandboxTexts.F("There is no store {id}.", Core.Localization.TextArg.Of("id", id.ToString(Inv))))}</p>", StatusCodes.Status404NotFound));
    }

    internal static async Task<string> StorePickerAsync(IWorkflowSettingsStore settingsStore, StoreId current, string action, CancellationToken cancellationToken)
    {
        var stores = await settingsStore.StoresAsync(cancellationToken);
        if (stores.Count <= 1)
            return $"<p class=\"muted\">{E(SandboxTexts.F("Store {store}.", Core.Localization.TextArg.Of("store", current.Value.ToString(Inv))))}</p>\n";
        var html = new StringBuilder("<form method=\"get\" action=\"").Append(E(action)).Append("\" class=\"filter\"><label>").Append(E(SandboxTexts.T("Store"))).Append(" <select name=\"store\">");
        foreach (var s in stores)
            html.Append("<option value=\"").Append(s.Value).Append('"').Append(s == current ? " selected" : "").Append('>').Append(s.Value).Append("</option>");
        return html.Append("</select></label> <button>").Append(E(SandboxTexts.T("Show"))).Append("</button></form>\n").ToString();
    }

    internal static IResult UnknownWorkflow(string kind) =>
        Page("Workflows", $"<p class=\"error\">{E(SandboxTexts.F("There is no workflow '{kind}'.", Core.Localization.TextArg.Of("kind", kind)))} <a href=\"/admin/workflows\">{E(SandboxTexts.T("See the list"))}</a>.</p>", StatusCodes.Status404NotFound);

    /// <summary>A workflow by its name (case-insensitive); numbers are not names.</summary>
    public static bool TryKind(string? text, out WorkflowKind kind)
    {
        kind = default;
        var trimmed = text?.Trim();
        return !string.IsNullOrEmpty(trimmed) && char.IsAsciiLetter(trimmed[0]) && Enum.TryParse(trimmed, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    internal static WorkflowProgramSettings With(WorkflowProgramSettings settings, WorkflowSettings workflow) =>
        settings with { Workflows = WorkflowCatalog.All.Select(k => k == workflow.Kind ? workflow : settings.For(k)).ToList() };

    /// <summary>The workflow and 0-based step of a <c>Retention.{Kind}.Step{n}</c> template name; null for other templates.</summary>
    public static (WorkflowKind Kind, int Index)? StepOf(string templateName)
    {
        var parts = templateName.Split('.');
        return parts.Length == 3 && parts[0] == "Retention" && TryKind(parts[1], out var kind) && parts[2].StartsWith("Step", StringComparison.Ordinal)
               && int.TryParse(parts[2].AsSpan(4), NumberStyles.None, Inv, out var n) && n >= 1
            ? (kind, n - 1)
            : null;
    }

    internal static string SurveyName(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => "NPS (0–10)",
        SurveyKind.Csat => "CSAT (1–5)",
        _ => T("why customers left"),
    };

    internal static string SurveyTitle(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => T("How likely are you to recommend us?"),
        SurveyKind.Csat => T("How satisfied were you with your order?"),
        _ => T("Why did you stop shopping with us?"),
    };

    internal static string ScoreText(SurveyKind kind, int? score) => score is not { } s ? "—" : kind switch
    {
        SurveyKind.Nps => SandboxTexts.F("{score} out of 10", TextArg.Of("score", s.ToString(Inv))),
        SurveyKind.Csat => SandboxTexts.F("{score} out of 5", TextArg.Of("score", s.ToString(Inv))),
        _ => WinBackReasons.All.TryGetValue(s, out var reason) ? reason : s.ToString(Inv),
    };

    public static string Title(WorkflowKind kind) => kind switch
    {
        WorkflowKind.AbandonedCart => SandboxTexts.T("Abandoned cart"),
        WorkflowKind.WinBack => SandboxTexts.T("Win-back"),
        WorkflowKind.ReviewRequest => SandboxTexts.T("Review request"),
        WorkflowKind.NpsSurvey => SandboxTexts.T("NPS survey"),
        WorkflowKind.CsatSurvey => SandboxTexts.T("CSAT survey"),
        WorkflowKind.Welcome => SandboxTexts.T("Welcome series"),
        WorkflowKind.Birthday => SandboxTexts.T("Birthday"),
        WorkflowKind.PointsExpiry => SandboxTexts.T("Points-expiry reminder"),
        WorkflowKind.TierUp => SandboxTexts.T("Tier-up congratulation"),
        WorkflowKind.Replenishment => SandboxTexts.T("Replenishment reminder"),
        WorkflowKind.CrossSell => SandboxTexts.T("Post-purchase cross-sell"),
        WorkflowKind.CardLevelUp => SandboxTexts.T("Discount card level-up"),
        WorkflowKind.CashbackStatement => SandboxTexts.T("Cashback statement"),
        WorkflowKind.MembershipRenewal => SandboxTexts.T("Membership renewal reminder"),
        WorkflowKind.MembershipExpiry => SandboxTexts.T("Membership expiry reminder"),
        WorkflowKind.StampCardFull => SandboxTexts.T("Stamp card full"),
        WorkflowKind.StampCardExpiring => SandboxTexts.T("Stamp card expiry reminder"),
        WorkflowKind.ChallengeCompleted => SandboxTexts.T("Challenge completed"),
        WorkflowKind.BadgeEarned => SandboxTexts.T("Badge earned"),
        _ => kind.ToString(),
    };

    internal static string Name(CustomerFact who)
    {
        var name = string.Join(" ", new[] { who.FirstName, who.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : SandboxTexts.F("customer {id}", Core.Localization.TextArg.Of("id", who.Id.ToString(Inv)));
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/";

    internal static string N(int value) => value.ToString("N0", SandboxLanguage.Culture);

    internal static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv);
}
