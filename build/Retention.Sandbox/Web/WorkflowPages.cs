using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using static Retention.Sandbox.Web.Html;

namespace Retention.Sandbox.Web;

/// <summary>
/// The workflows as people meet them in the sandbox: the outbox (each queued email rendered as the customer sees it),
/// the clock control that plays sequences out, the landing pages behind the signed links in the emails, and the admin
/// pages that switch, edit, preview and measure the workflows. Every figure comes from <see cref="WorkflowProgram"/>,
/// the calls the plugin makes.
/// </summary>
public static partial class WorkflowPages
{
    private static readonly StoreId DefaultStore = new(DemoStoreGenerator.StoreId);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int OutboxPageSize = 10;
    private const int StatsDays = 30;
    private const int ReportDays = 90;
    private const string VisitorCookie = "retention_sandbox_visitor";

    public static void Map(WebApplication app)
    {
        app.MapGet("/outbox", OutboxAsync);
        app.MapPost("/admin/clock/advance", AdvanceClockAsync);

        app.MapGet("/retention/u/{token}", UnsubscribeAsync);
        app.MapGet("/retention/s/{token}", SurveyAsync);
        app.MapPost("/retention/s/{token}", SurveyCommentAsync);
        app.MapGet("/retention/cart/{token}", RestoreCartAsync);
        app.MapGet("/retention/c/{token}", ClickAsync);
        app.MapGet("/retention/o/{token}.gif", OpenAsync);

        app.MapGet("/admin/workflows", ListAsync);
        app.MapPost("/admin/workflows/{kind}/toggle", ToggleAsync);
        app.MapGet("/admin/workflows/{kind}", EditAsync);
        app.MapPost("/admin/workflows/{kind}", SaveAsync);
        app.MapGet("/admin/workflows/{kind}/preview", PreviewAsync);
        app.MapPost("/admin/workflows/{kind}/test", SendTestAsync);
    }

    // ------------------------------------------------------------------ outbox

    /// <summary>Every queued email, newest first, rendered from Core's templates with the message's tokens; filter by customer and workflow.</summary>
    public static async Task<IResult> OutboxAsync(string? customer, string? workflow, string? page, HttpRequest request, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        int? customerId = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            if (Ids.TryParse(customer, out var c)) customerId = c;
            else errors.Add($"Customer: '{customer}' is not a customer id (a whole number from 1).");
        }
        WorkflowKind? kind = null;
        if (!string.IsNullOrWhiteSpace(workflow))
        {
            if (TryKind(workflow, out var k)) kind = k;
            else errors.Add($"Workflow: '{workflow}' is not one of the workflows.");
        }
        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, Inv, out pageNumber) || pageNumber < 1))
            errors.Add($"Page: '{page}' is not a page number.");
        var filterForm = OutboxFilter(customer, kind);
        if (errors.Count > 0)
            return Page("Outbox", filterForm + string.Concat(errors.Select(e => $"<p class=\"error\">{E(e)}</p>\n")), StatusCodes.Status400BadRequest);

        var query = db.Outbox.AsNoTracking();
        if (customerId is { } id)
            query = query.Where(m => m.CustomerId == id);
        if (kind is { } w)
        {
            var prefix = $"Retention.{w}.Step";
            query = query.Where(m => m.TemplateName.StartsWith(prefix));
        }
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + OutboxPageSize - 1) / OutboxPageSize);
        pageNumber = Math.Min(pageNumber, pages);
        var rows = await query.OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id)
            .Skip((pageNumber - 1) * OutboxPageSize).Take(OutboxPageSize).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        var body = new StringBuilder(Styles).Append(filterForm);
        if (total == 0)
        {
            body.Append(customerId == null && kind == null
                ? "<p>No email has been queued yet. Emails the engine sends (abandoned cart, win-back, review requests…) appear here instead of being delivered. Advance the clock on <a href=\"/admin\">the admin page</a> to play the workflows out.</p>"
                : "<p>No queued email matches the filter.</p>");
            return Page("Outbox", body.ToString());
        }
        body.Append("<p>").Append(E(total.ToString("N0", Inv))).Append(" queued email(s)")
            .Append(customerId != null || kind != null ? " matching the filter" : "")
            .Append(". Nothing leaves this machine.</p>\n");
        var baseUrl = BaseUrl(request);
        foreach (var row in rows)
        {
            var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(row.TokensJson) ?? new Dictionary<string, string>();
            customers.TryGetValue(row.CustomerId, out var who);
            body.Append(EmailCard(row, tokens, who, baseUrl));
        }
        body.Append(Pager(pageNumber, pages, customerId, kind));
        return Page("Outbox", body.ToString());
    }

    private static string OutboxFilter(string? customer, WorkflowKind? kind)
    {
        var html = new StringBuilder("<form method=\"get\" action=\"/outbox\" class=\"filter\">")
            .Append("<label>Customer id <input type=\"number\" name=\"customer\" min=\"1\" value=\"").Append(E(customer)).Append("\"></label> ")
            .Append("<label>Workflow <select name=\"workflow\"><option value=\"\">all</option>");
        foreach (var k in WorkflowCatalog.All)
            html.Append("<option value=\"").Append(k).Append('"').Append(k == kind ? " selected" : "").Append('>').Append(E(Title(k))).Append("</option>");
        return html.Append("</select></label> <button>Filter</button></form>\n").ToString();
    }

    private static string Pager(int page, int pages, int? customer, WorkflowKind? kind)
    {
        if (pages <= 1)
            return "";
        string Link(int p) => "/outbox?page=" + p.ToString(Inv) + (customer is { } c ? "&customer=" + c.ToString(Inv) : "") + (kind is { } k ? "&workflow=" + k : "");
        var html = new StringBuilder("<nav class=\"pager\">");
        if (page > 1) html.Append("<a href=\"").Append(E(Link(page - 1))).Append("\" rel=\"prev\">Newer</a> ");
        html.Append("<span>Page ").Append(page.ToString(Inv)).Append(" of ").Append(pages.ToString(Inv)).Append("</span>");
        if (page < pages) html.Append(" <a href=\"").Append(E(Link(page + 1))).Append("\" rel=\"next\">Older</a>");
        return html.Append("</nav>\n").ToString();
    }

    /// <summary>One queued email: who, which workflow step, when, the quiet-hours hold, then the email itself in a sandboxed frame.</summary>
    private static string EmailCard(OutboxMessageRow row, IReadOnlyDictionary<string, string> tokens, CustomerFact? who, string baseUrl)
    {
        var step = StepOf(row.TemplateName);
        var email = EmailView.Render(row.TemplateName, tokens, who, row.ToEmail, baseUrl);
        var html = new StringBuilder("<article class=\"email\" data-template=\"").Append(E(row.TemplateName)).Append("\" data-customer=\"")
            .Append(row.CustomerId.ToString(Inv)).Append("\">\n<table class=\"email-head\">\n")
            .Append("<tr><th>Subject</th><td class=\"subject\">").Append(E(email?.Subject ?? "(no template: tokens below)")).Append("</td></tr>\n")
            .Append("<tr><th>To</th><td>").Append(E(row.ToName != null ? $"{row.ToName} <{row.ToEmail}>" : row.ToEmail))
            .Append(" · <a href=\"/admin/customers/").Append(row.CustomerId.ToString(Inv)).Append("\">customer ").Append(row.CustomerId.ToString(Inv)).Append("</a></td></tr>\n")
            .Append("<tr><th>Workflow</th><td>");
        if (step is { } s)
            html.Append("<a href=\"/admin/workflows/").Append(s.Kind).Append("\">").Append(E(Title(s.Kind))).Append("</a>, step ").Append((s.Index + 1).ToString(Inv));
        else
            html.Append("<span class=\"muted\">not a workflow email</span>");
        html.Append(" · <code>").Append(E(row.TemplateName)).Append("</code> · <span class=\"badge\">").Append(row.IsMarketing ? "marketing" : "transactional").Append("</span></td></tr>\n")
            .Append("<tr><th>Queued</th><td>").Append(E(Time(row.CreatedUtc)));
        if (row.NotBeforeUtc is { } hold && hold > row.CreatedUtc)
            html.Append(" · <span class=\"hold\">held for quiet hours until ").Append(E(Time(hold))).Append("</span>");
        html.Append("</td></tr>\n");
        if (row.Key.Length > 0)
            html.Append("<tr><th>Key</th><td><code>").Append(E(row.Key)).Append("</code></td></tr>\n");
        html.Append("</table>\n");
        if (email != null)
            // As a webmail shows an email: no script runs in it, and its links open in a tab of their own, outside the frame.
            html.Append("<iframe class=\"email-body\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" title=\"")
                .Append(E(email.Subject)).Append("\" srcdoc=\"").Append(E("<base target=\"_blank\">" + email.Html)).Append("\"></iframe>\n")
                .Append("<details><summary>Plain text</summary><pre class=\"email-text\">").Append(E(email.Text)).Append("</pre></details>\n");
        html.Append("<details").Append(email == null ? " open" : "").Append("><summary>Tokens</summary><table class=\"tokens\">");
        foreach (var (name, value) in tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
            html.Append("<tr><td><code>%").Append(E(name)).Append("%</code></td><td>").Append(E(value)).Append("</td></tr>");
        return html.Append("</table></details>\n</article>\n").ToString();
    }

    // ------------------------------------------------------------------ clock

    /// <summary>The admin page's clock panel: the sandbox's time and the form that moves it on and runs the workflows once.</summary>
    public static string ClockPanel(HttpContext http, IAntiforgery antiforgery, DateTime nowUtc, string? hours = null, string? days = null, string? error = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = new StringBuilder("<section class=\"widget\" id=\"clock\">\n<h2>Sandbox clock</h2>\n")
            .Append("<p>Sandbox time: <strong class=\"now\">").Append(E(Time(nowUtc))).Append("</strong>. Move it on to watch the workflows play out; ")
            .Append("the <a href=\"/admin/workflows\">workflows</a> then run once and the emails they queue appear in the <a href=\"/outbox\">outbox</a>.</p>\n");
        if (error != null)
            html.Append("<p class=\"error\">").Append(E(error)).Append("</p>\n");
        return html.Append("<form method=\"post\" action=\"/admin/clock/advance\" class=\"clock\">")
            .Append(Antiforgery(tokens))
            .Append("<label>Hours <input type=\"number\" name=\"hours\" min=\"0\" max=\"8760\" value=\"").Append(E(hours ?? "0")).Append("\"></label> ")
            .Append("<label>Days <input type=\"number\" name=\"days\" min=\"0\" max=\"365\" value=\"").Append(E(days ?? "0")).Append("\"></label> ")
            .Append("<button>Advance and run</button></form>\n</section>\n").ToString();
    }

    /// <summary>Moves the sandbox clock on by the hours and days posted, then runs the workflows once and shows what the run did.</summary>
    public static async Task<IResult> AdvanceClockAsync(IFormCollection form, HttpContext http, IAntiforgery antiforgery, SandboxClock clock, WorkflowProgram program,
        CancellationToken cancellationToken)
    {
        string? hours = form["hours"], days = form["days"];
        var h = 0;
        var d = 0;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(hours) && (!int.TryParse(hours.Trim(), NumberStyles.None, Inv, out h) || h > 8760))
            error = $"Hours: '{hours}' is not a whole number from 0 to 8760.";
        else if (!string.IsNullOrWhiteSpace(days) && (!int.TryParse(days.Trim(), NumberStyles.None, Inv, out d) || d > 365))
            error = $"Days: '{days}' is not a whole number from 0 to 365.";
        else if (h == 0 && d == 0)
            error = "Say how far to move the clock: at least one hour or one day.";
        else if (TimeSpan.FromHours(h) + TimeSpan.FromDays(d) > SandboxClock.MaxAdvance)
            error = $"The clock moves at most {SandboxClock.MaxAdvance.TotalDays:0} days at a time; advance in several steps.";
        if (error != null)
            return Page("Sandbox clock", ClockPanel(http, antiforgery, clock.UtcNow, hours, days, error), StatusCodes.Status400BadRequest);

        var before = clock.UtcNow;
        await clock.AdvanceAsync(TimeSpan.FromHours(h) + TimeSpan.FromDays(d), cancellationToken);
        WorkflowRunReport? report = null;
        IReadOnlyCollection<Exception> failures = [];
        try
        {
            report = await program.RunAsync(cancellationToken: cancellationToken);
        }
        catch (AggregateException e)
        {
            // The run carried on past the parts that failed; what they were is worth more to the person watching than a 500.
            failures = e.InnerExceptions;
        }
        var body = new StringBuilder(Styles)
            .Append("<p class=\"notice\" id=\"clock-result\">The clock moved from ").Append(E(Time(before))).Append(" to <strong>").Append(E(Time(clock.UtcNow)))
            .Append("</strong>, then the workflows ran once.</p>\n")
            .Append(report == null
                ? "<p class=\"error\" id=\"run-failed\">Parts of the run failed and are tried again on the next run:</p>\n<ul>"
                  + string.Concat(failures.Select(f => $"<li class=\"error\">{E(f.Message)}{(f.InnerException != null ? $" ({E(f.InnerException.Message)})" : "")}</li>")) + "</ul>\n"
                : report.LockBusy
                ? "<p class=\"error\">Another run held the workflows' lock, so this run did nothing; try again in a moment.</p>\n"
                : Figures(
                    ("Enrolled", N(report.Enrolled)), ("Sent", N(report.Sent)), ("Withheld (control group)", N(report.Withheld)),
                    ("Skipped", N(report.Skipped)), ("Deferred", N(report.Deferred)), ("Exited", N(report.Exited)), ("Coupons cleaned up", N(report.CouponsCleaned))))
            .Append("<p><a href=\"/outbox\">See the outbox</a> · <a href=\"/admin/workflows\">Workflows</a> · <a href=\"/admin\">Admin</a></p>\n")
            .Append(ClockPanel(http, antiforgery, clock.UtcNow));
        return Page("Sandbox clock", body.ToString());
    }

    // ------------------------------------------------------------------ pieces

    private const string Styles = "<style>\n" +
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

    /// <summary>The workflow settings the program itself reads (per store, over all-stores values).</summary>
    private static IWorkflowSettingsStore SettingsOf(SandboxDatabase database) => new EfWorkflowSettingsStore(database);

    private static string Antiforgery(AntiforgeryTokenSet tokens) =>
        $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";

    private static string Errors(ValidationResult errors) => string.Concat(errors.Errors.Select(e => $"<p class=\"error\">{E(e.Field)}: {E(e.Message)}</p>\n"));

    /// <summary>The store asked for (default the demo store); a store the settings do not know is a clear 404.</summary>
    private static async Task<(StoreId Store, IResult? Problem)> StoreAsync(string? raw, IWorkflowSettingsStore settingsStore, string title, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return (DefaultStore, null);
        if (!Ids.TryParse(raw, out var id))
            return (DefaultStore, Page(title, $"<p class=\"error\">Store: '{E(raw)}' is not a store id.</p>", StatusCodes.Status400BadRequest));
        var stores = await settingsStore.StoresAsync(cancellationToken);
        return stores.Contains(new StoreId(id))
            ? (new StoreId(id), null)
            : (DefaultStore, Page(title, $"<p class=\"error\">There is no store {E(id)}.</p>", StatusCodes.Status404NotFound));
    }

    private static async Task<string> StorePickerAsync(IWorkflowSettingsStore settingsStore, StoreId current, string action, CancellationToken cancellationToken)
    {
        var stores = await settingsStore.StoresAsync(cancellationToken);
        if (stores.Count <= 1)
            return $"<p class=\"muted\">Store {current.Value}.</p>\n";
        var html = new StringBuilder("<form method=\"get\" action=\"").Append(E(action)).Append("\" class=\"filter\"><label>Store <select name=\"store\">");
        foreach (var s in stores)
            html.Append("<option value=\"").Append(s.Value).Append('"').Append(s == current ? " selected" : "").Append('>').Append(s.Value).Append("</option>");
        return html.Append("</select></label> <button>Show</button></form>\n").ToString();
    }

    private static IResult UnknownWorkflow(string kind) =>
        Page("Workflows", $"<p class=\"error\">There is no workflow '{E(kind)}'. <a href=\"/admin/workflows\">See the list</a>.</p>", StatusCodes.Status404NotFound);

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

    private static SurveyKind? SurveyOf(WorkflowKind workflow) => workflow switch
    {
        WorkflowKind.NpsSurvey => SurveyKind.Nps,
        WorkflowKind.CsatSurvey => SurveyKind.Csat,
        WorkflowKind.WinBack => SurveyKind.WinBackReason,
        _ => null,
    };

    private static string SurveyName(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => "NPS (0–10)",
        SurveyKind.Csat => "CSAT (1–5)",
        _ => "why customers left",
    };

    private static string SurveyTitle(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => "How likely are you to recommend us?",
        SurveyKind.Csat => "How satisfied were you with your order?",
        _ => "Why did you stop shopping with us?",
    };

    private static string ScoreText(SurveyKind kind, int? score) => score is not { } s ? "—" : kind switch
    {
        SurveyKind.Nps => $"{s} out of 10",
        SurveyKind.Csat => $"{s} out of 5",
        _ => WinBackReasons.All.TryGetValue(s, out var reason) ? reason : s.ToString(Inv),
    };

    public static string Title(WorkflowKind kind) => kind switch
    {
        WorkflowKind.AbandonedCart => "Abandoned cart",
        WorkflowKind.WinBack => "Win-back",
        WorkflowKind.ReviewRequest => "Review request",
        WorkflowKind.NpsSurvey => "NPS survey",
        WorkflowKind.CsatSurvey => "CSAT survey",
        WorkflowKind.Welcome => "Welcome series",
        WorkflowKind.Birthday => "Birthday",
        WorkflowKind.PointsExpiry => "Points-expiry reminder",
        WorkflowKind.TierUp => "Tier-up congratulation",
        WorkflowKind.Replenishment => "Replenishment reminder",
        WorkflowKind.CrossSell => "Post-purchase cross-sell",
        _ => kind.ToString(),
    };

    internal static string Name(CustomerFact who)
    {
        var name = string.Join(" ", new[] { who.FirstName, who.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : $"customer {who.Id}";
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/";

    private static string N(int value) => value.ToString("N0", Inv);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv);
}
