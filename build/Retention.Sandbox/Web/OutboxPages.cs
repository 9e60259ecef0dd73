using Retention.Core.Localization;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Tables;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;
using static Retention.Sandbox.Web.WorkflowPages;

namespace Retention.Sandbox.Web;

/// <summary>
/// The outbox (each queued email rendered as the customer sees it) and the clock control that plays the workflows out:
/// it moves the sandbox's time on and calls <see cref="WorkflowRun"/>, the run the plugin's scheduled task makes.
/// </summary>
public static class OutboxPages
{
    private const int OutboxPageSize = 10;

    public static void Map(WebApplication app)
    {
        app.MapGet("/outbox", OutboxAsync);
        app.MapPost("/admin/clock/advance", AdvanceClock);
        app.MapGet("/admin/clock", ClockPage);
        app.MapGet("/admin/clock/jobs/{id}", ClockJob);
    }

    /// <summary>Every queued email, newest first, rendered from Core's templates with the message's tokens; filter by customer and workflow.</summary>
    public static async Task<IResult> OutboxAsync(string? customer, string? workflow, string? page, HttpRequest request, SandboxDbContext db, SandboxDatabase database,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        int? customerId = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            if (Ids.TryParse(customer, out var c)) customerId = c;
            else errors.Add(F("Customer: '{raw}' is not a customer id (a whole number from 1).", TextArg.Of("raw", customer)));
        }
        WorkflowKind? kind = null;
        if (!string.IsNullOrWhiteSpace(workflow))
        {
            if (TryKind(workflow, out var k)) kind = k;
            else errors.Add(F("Workflow: '{raw}' is not one of the workflows.", TextArg.Of("raw", workflow)));
        }
        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, Inv, out pageNumber) || pageNumber < 1))
            errors.Add(F("Page: '{raw}' is not a page number.", TextArg.Of("raw", page)));
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
        var rows = await query.OrderByDescending(m => m.CreatedOnUtc).ThenByDescending(m => m.Id)
            .Skip((pageNumber - 1) * OutboxPageSize).Take(OutboxPageSize).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        var body = new StringBuilder(Styles).Append(filterForm);
        if (total == 0)
        {
            body.Append(customerId == null && kind == null
                ? ("<p>" + E(T("No email has been queued yet. Emails the engine sends (abandoned cart, win-back, review requests…) appear here instead of being delivered. Advance the clock on")) + " <a href=\"/admin\">" + E(T("the admin page")) + "</a> " + E(T("to play the workflows out.")) + "</p>")
                : ("<p>" + E(T("No queued email matches the filter.")) + "</p>"));
            return Page("Outbox", body.ToString());
        }
        body.Append("<p>").Append(E(total.ToString("N0", Inv))).Append(T(" queued email(s)"))
            .Append(customerId != null || kind != null ? T(" matching the filter") : "")
            .Append((E(T(". Nothing leaves this machine.")) + "</p>\n"));
        var baseUrl = BaseUrl(request);
        var edits = await new SandboxTemplateEdits(database).LoadAsync(rows.Select(r => r.StoreId).Distinct().ToList(), cancellationToken);
        foreach (var row in rows)
        {
            var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(row.TokensJson) ?? new Dictionary<string, string>();
            customers.TryGetValue(row.CustomerId, out var who);
            body.Append(EmailCard(row, tokens, who, baseUrl, edits));
        }
        body.Append(Pager(pageNumber, pages, customerId, kind));
        return Page("Outbox", body.ToString());
    }

    private static string OutboxFilter(string? customer, WorkflowKind? kind)
    {
        var html = new StringBuilder("<form method=\"get\" action=\"/outbox\" class=\"filter\">")
            .Append(("<label>" + E(T("Customer id")) + " <input type=\"number\" name=\"customer\" min=\"1\" value=\"")).Append(E(customer)).Append("\"></label> ")
            .Append(("<label>" + E(T("Workflow")) + " <select name=\"workflow\"><option value=\"\">" + E(T("all")) + "</option>"));
        foreach (var k in WorkflowCatalog.All)
            html.Append("<option value=\"").Append(k).Append('"').Append(k == kind ? " selected" : "").Append('>').Append(E(Title(k))).Append("</option>");
        return html.Append(("</select></label> <button>" + E(T("Filter")) + "</button></form>\n")).ToString();
    }

    private static string Pager(int page, int pages, int? customer, WorkflowKind? kind)
    {
        if (pages <= 1)
            return "";
        string Link(int p) => "/outbox?page=" + p.ToString(Inv) + (customer is { } c ? "&customer=" + c.ToString(Inv) : "") + (kind is { } k ? "&workflow=" + k : "");
        var html = new StringBuilder("<nav class=\"pager\">");
        if (page > 1) html.Append("<a href=\"").Append(E(Link(page - 1))).Append(("\" rel=\"prev\">" + E(T("Newer")) + "</a> "));
        html.Append(("<span>" + E(T("Page")) + " ")).Append(page.ToString(Inv)).Append(" of ").Append(pages.ToString(Inv)).Append("</span>");
        if (page < pages) html.Append(" <a href=\"").Append(E(Link(page + 1))).Append(("\" rel=\"next\">" + E(T("Older")) + "</a>"));
        return html.Append("</nav>\n").ToString();
    }

    /// <summary>One queued email: who, which workflow step, when, the quiet-hours hold, then the email itself in a sandboxed frame.</summary>
    internal static string EmailCard(OutboxRow row, IReadOnlyDictionary<string, string> tokens, CustomerFact? who, string baseUrl, TemplateEditSet edits)
    {
        var step = StepOf(row.TemplateName);
        var email = EmailView.Render(row.TemplateName, tokens, who, row.ToEmail, baseUrl, edits.InForce(row.StoreId, row.TemplateName, row.CreatedOnUtc));
        var html = new StringBuilder("<article class=\"email\" data-template=\"").Append(E(row.TemplateName)).Append("\" data-customer=\"")
            .Append(row.CustomerId.ToString(Inv)).Append("\">\n<table class=\"email-head\">\n")
            .Append(("<tr><th>" + E(T("Subject")) + "</th><td class=\"subject\">")).Append(E(email?.Subject ?? T("(no template: tokens below)"))).Append("</td></tr>\n")
            .Append(("<tr><th>" + E(T("To")) + "</th><td>")).Append(E(row.ToName != null ? $"{row.ToName} <{row.ToEmail}>" : row.ToEmail))
            .Append(" · <a href=\"/admin/customers/").Append(row.CustomerId.ToString(Inv)).Append(("\">" + E(T("customer")) + " ")).Append(row.CustomerId.ToString(Inv)).Append("</a></td></tr>\n")
            .Append(("<tr><th>" + E(T("Workflow")) + "</th><td>"));
        if (step is { } s)
            html.Append("<a href=\"/admin/workflows/").Append(s.Kind).Append("\">").Append(E(Title(s.Kind))).Append(("</a>" + E(T(", step")) + " ")).Append((s.Index + 1).ToString(Inv));
        else
            html.Append(("<span class=\"muted\">" + E(T("not a workflow email")) + "</span>"));
        html.Append(" · <code>").Append(E(row.TemplateName)).Append("</code> · <span class=\"badge\">").Append(row.IsMarketing ? "marketing" : "transactional").Append("</span></td></tr>\n")
            .Append(("<tr><th>" + E(T("Queued")) + "</th><td>")).Append(E(Time(row.CreatedOnUtc)));
        if (row.NotBeforeUtc is { } hold && hold > row.CreatedOnUtc)
            html.Append((" · <span class=\"hold\">" + E(T("held for quiet hours until")) + " ")).Append(E(Time(hold))).Append("</span>");
        html.Append("</td></tr>\n");
        // The headers a live store sends with the email: a mail client's own unsubscribe button posts to the signed link.
        var headers = EmailLinks.UnsubscribeHeaders(tokens.GetValueOrDefault(WorkflowTokens.UnsubscribeUrl));
        if (headers.Count > 0)
            html.Append(("<tr><th>" + E(T("Headers")) + "</th><td class=\"headers\" style=\"word-break:break-all\">"))
                .Append(string.Join("<br>", headers.Select(h => $"<code>{E(h.Key)}: {E(h.Value)}</code>"))).Append("</td></tr>\n");
        if (row.IdempotencyKey.Length > 0)
            html.Append(("<tr><th>" + E(T("Key")) + "</th><td><code>")).Append(E(row.IdempotencyKey)).Append("</code></td></tr>\n");
        html.Append("</table>\n");
        if (email != null)
            // As a webmail shows an email: no script runs in it, and its links open in a tab of their own, outside the frame.
            html.Append("<iframe class=\"email-body\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" title=\"")
                .Append(E(email.Subject)).Append("\" srcdoc=\"").Append(E("<base target=\"_blank\">" + email.Html)).Append("\"></iframe>\n")
                .Append(("<details><summary>" + E(T("Plain text")) + "</summary><pre class=\"email-text\">")).Append(E(email.Text)).Append("</pre></details>\n");
        html.Append("<details").Append(email == null ? " open" : "").Append(("><summary>" + E(T("Tokens")) + "</summary><table class=\"tokens\">"));
        foreach (var (name, value) in tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
            html.Append("<tr><td><code>%").Append(E(name)).Append("%</code></td><td>").Append(E(value)).Append("</td></tr>");
        return html.Append("</table></details>\n</article>\n").ToString();
    }

    /// <summary>The admin page's clock panel: the sandbox's time and the form that moves it on (<see cref="SandboxClockAdvance"/>).</summary>
    public static string ClockPanel(HttpContext http, IAntiforgery antiforgery, DateTime nowUtc, string? hours = null, string? days = null, string? error = null)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        // The links and the time are set into the translated sentence.
        var sentence = E(SandboxTexts.F("Sandbox time: {now}. Move it on to watch the workflows play out; every {workflow} step that falls due on the way is worked, "
                + "the loyalty sweep runs for each day that begins, and the emails queued appear in the {outbox}.",
                Core.Localization.TextArg.Of("now", "\uE000"), Core.Localization.TextArg.Of("workflow", "\uE001"), Core.Localization.TextArg.Of("outbox", "\uE002")))
            .Replace("\uE000", "<strong class=\"now\">" + E(Time(nowUtc)) + "</strong>", StringComparison.Ordinal)
            .Replace("\uE001", "<a href=\"/admin/workflows\">" + E(SandboxTexts.T("workflow")) + "</a>", StringComparison.Ordinal)
            .Replace("\uE002", "<a href=\"/outbox\">" + E(SandboxTexts.T("outbox")) + "</a>", StringComparison.Ordinal);
        var html = new StringBuilder("<section class=\"widget\" id=\"clock\">\n<h2>").Append(E(SandboxTexts.T("Sandbox clock"))).Append("</h2>\n")
            .Append("<p>").Append(sentence).Append("</p>\n");
        if (error != null)
            html.Append("<p class=\"error\">").Append(E(error)).Append("</p>\n");
        return html.Append("<form method=\"post\" action=\"/admin/clock/advance\" class=\"clock\">")
            .Append(Antiforgery(tokens))
            .Append("<label>").Append(E(SandboxTexts.T("Hours"))).Append(" <input type=\"number\" name=\"hours\" min=\"0\" max=\"8760\" value=\"").Append(E(hours ?? "0")).Append("\"></label> ")
            .Append("<label>").Append(E(SandboxTexts.T("Days"))).Append(" <input type=\"number\" name=\"days\" min=\"0\" max=\"365\" value=\"").Append(E(days ?? "0")).Append("\"></label> ")
            .Append("<button>").Append(E(SandboxTexts.T("Advance and run"))).Append("</button></form>\n</section>\n").ToString();
    }

    /// <summary>
    /// Moves the sandbox clock on by the hours and days posted, working every step and loyalty sweep that falls due on the
    /// way (<see cref="SandboxClockAdvance"/>), as a job (<see cref="ClockAdvanceJobs"/>) in a scope of its own, and
    /// redirects to the job's page, so the browser follows its progress and a refresh does not move the clock again.
    /// </summary>
    public static IResult AdvanceClock(IFormCollection form, HttpContext http, IAntiforgery antiforgery, SandboxClock clock,
        ClockAdvanceJobs jobs, IServiceScopeFactory scopes)
    {
        string? hours = form["hours"], days = form["days"];
        var h = 0;
        var d = 0;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(hours) && (!int.TryParse(hours.Trim(), NumberStyles.None, Inv, out h) || h > 8760))
            error = F("Hours: '{raw}' is not a whole number from 0 to 8760.", TextArg.Of("raw", hours));
        else if (!string.IsNullOrWhiteSpace(days) && (!int.TryParse(days.Trim(), NumberStyles.None, Inv, out d) || d > 365))
            error = F("Days: '{raw}' is not a whole number from 0 to 365.", TextArg.Of("raw", days));
        else if (h == 0 && d == 0)
            error = T("Say how far to move the clock: at least one hour or one day.");
        else if (TimeSpan.FromHours(h) + TimeSpan.FromDays(d) > SandboxClock.MaxAdvance)
            error = $"The clock moves at most {SandboxClock.MaxAdvance.TotalDays:0} days at a time; advance in several steps.";
        if (error != null)
            return Page("Sandbox clock", ClockPanel(http, antiforgery, clock.UtcNow, hours, days, error), StatusCodes.Status400BadRequest);

        var (job, _) = jobs.Start(TimeSpan.FromHours(h) + TimeSpan.FromDays(d), async (progress, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SandboxClockAdvance>().AdvanceAsync(TimeSpan.FromHours(h) + TimeSpan.FromDays(d), progress, ct);
        });
        return Results.Redirect(JobPath(job.Id), permanent: false, preserveMethod: false);
    }

    /// <summary>The page of an advance job.</summary>
    public static string JobPath(string id) => "/admin/clock/jobs/" + Uri.EscapeDataString(id);

    /// <summary>Seconds between the running job page's refreshes.</summary>
    private const int RefreshSeconds = 1;

    /// <summary>
    /// An advance job's page: while it runs, what it has done so far and what it is doing, refreshed every second (only a
    /// get: a refresh never starts anything); once done, the report; a job no longer kept, the clock as it is.
    /// </summary>
    public static IResult ClockJob(string id, HttpContext http, IAntiforgery antiforgery, SandboxClock clock, ClockAdvanceJobs jobs)
    {
        var body = new StringBuilder(Styles);
        var job = jobs.Find(id);
        if (job is { Done: false })
        {
            var latest = job.Latest;
            body.Append("<meta http-equiv=\"refresh\" content=\"").Append(RefreshSeconds.ToString(Inv)).Append("\">\n")
                .Append(("<p class=\"notice\" id=\"clock-running\" role=\"status\">" + E(T("Moving the clock on by")) + " ")).Append(E(Span(job.By))).Append(": ")
                .Append(E(latest?.Doing ?? "starting")).Append("… (").Append(E(job.Elapsed.TotalSeconds.ToString("0", Inv))).Append((" " + E(T("s so far; this page refreshes itself)")) + "</p>\n"));
            if (latest != null)
                body.Append(("<p>" + E(T("Sandbox time")) + " <strong id=\"clock-now\">")).Append(E(Time(latest.SoFar.ToUtc))).Append(("</strong>" + E(T(", moving to")) + " "))
                    .Append(E(Time(latest.TargetUtc))).Append((E(T(". Worked so far:")) + "</p>\n"))
                    .Append(ReportFigures(latest.SoFar));
            return Page("Sandbox clock", body.ToString());
        }
        if (job?.Report is { } report)
        {
            body.Append(("<p class=\"notice\" id=\"clock-result\">" + E(T("The clock moved from")) + " ")).Append(E(Time(report.FromUtc))).Append((" " + E(T("to")) + " <strong>"))
                .Append(E(Time(report.ToUtc))).Append(("</strong>" + E(T("; every workflow step that fell due on the way was worked ("))))
                .Append(N(report.Runs)).Append(report.Runs == 1 ? " run" : " runs").Append(T(") and the loyalty sweep ran for each day that began ("))
                .Append(N(report.Sweeps)).Append(T("). Done in ")).Append(E(job.Elapsed.TotalSeconds.ToString("0.0", Inv))).Append(" s.</p>\n");
            if (report.Failures.Count > 0)
                body.Append(("<p class=\"error\" id=\"run-failed\">" + E(T("Parts of the runs failed and are tried again on the next run:")) + "</p>\n<ul>"))
                    .Append(string.Concat(report.Failures.Select(f => $"<li class=\"error\">{E(f)}</li>"))).Append("</ul>\n");
            if (report.Workflows.LockBusy)
                body.Append(("<p class=\"error\">" + E(T("Another run held the workflows' lock for part of the time; what it left is worked on the next run.")) + "</p>\n"));
            body.Append(ReportFigures(report)).Append(StepsTable(report));
        }
        else if (job?.Error is { } error)
            body.Append(("<p class=\"error\" id=\"clock-failed\">" + E(T("The advance stopped:")) + " ")).Append(E(error)).Append("</p>\n");
        else
            body.Append(("<p class=\"muted\">" + E(T("That advance is no longer kept; the clock below is the sandbox's time now.")) + "</p>\n"));
        body.Append(("<p><a href=\"/outbox\">" + E(T("See the outbox")) + "</a> · <a href=\"/admin/workflows\">" + E(T("Workflows")) + "</a> · <a href=\"/admin\">" + E(T("Admin")) + "</a></p>\n"))
            .Append(ClockPanel(http, antiforgery, clock.UtcNow));
        return Page("Sandbox clock", body.ToString());
    }

    /// <summary>The clock on its own (the admin page has the same panel).</summary>
    public static IResult ClockPage(HttpContext http, IAntiforgery antiforgery, SandboxClock clock) =>
        Page("Sandbox clock", Styles + ClockPanel(http, antiforgery, clock.UtcNow));

    private static string ReportFigures(ClockAdvanceReport report)
    {
        var w = report.Workflows;
        var l = report.Loyalty;
        return new StringBuilder(("<h2>" + E(T("Workflows")) + "</h2>\n"))
            .Append(Figures(("Enrolled", N(w.Enrolled)), ("Sent", N(w.Sent)), (T("Withheld (control group)"), N(w.Withheld)), ("Skipped", N(w.Skipped)),
                ("Deferred", N(w.Deferred)), ("Exited", N(w.Exited)), (T("Coupons cleaned up"), N(w.CouponsCleaned))))
            .Append(("<h2>" + E(T("Loyalty")) + "</h2>\n"))
            .Append(Figures((T("Expiry entries"), N(l.ExpiryEntries)), (T("Points expired"), N(l.PointsExpired)), (T("Birthday bonuses"), N(l.BirthdayBonuses)),
                (T("Tier changes"), N(l.TierChanges)), (T("Expiry reminders due"), N(l.RemindersDue))))
            .ToString();
    }

    /// <summary>The steps worked, per workflow step, and whether anything due by the end is left.</summary>
    private static string StepsTable(ClockAdvanceReport report)
    {
        var html = new StringBuilder(("<h2>" + E(T("Due steps worked")) + "</h2>\n"));
        if (report.Steps.Count == 0)
            html.Append(("<p class=\"muted\" id=\"steps-worked\">" + E(T("No workflow step fell due in this period.")) + "</p>\n"));
        else
        {
            html.Append(("<table id=\"steps-worked\"><thead><tr><th>" + E(T("Workflow")) + "</th><th>" + E(T("Step")) + "</th><th>" + E(T("Sent")) + "</th><th>" + E(T("Withheld (control group)")) + "</th><th>" + E(T("Skipped")) + "</th></tr></thead><tbody>"));
            foreach (var s in report.Steps)
                html.Append("<tr><td>").Append(E(Title(s.Workflow))).Append("</td><td>").Append(N(s.Step + 1)).Append("</td><td>").Append(N(s.Sent))
                    .Append("</td><td>").Append(N(s.Withheld)).Append("</td><td>").Append(N(s.Skipped)).Append("</td></tr>");
            html.Append("</tbody></table>\n");
        }
        return html.Append(report.StillDue == 0
                ? ("<p id=\"still-due\">" + E(T("Nothing due by the end of the period is left: every due step was worked.")) + "</p>\n")
                : $"<p class=\"error\" id=\"still-due\">{E(F("{steps, plural, one {# step} other {# steps}} due by the end of the period are not worked yet; the next run tries them again.", TextArg.Count("steps", report.StillDue)))}</p>\n")
            .ToString();
    }

    private static string Span(TimeSpan by) =>
        string.Join(" and ", new[] { (by.Days, "day"), (by.Hours, "hour") }.Where(p => p.Item1 > 0)
            .Select(p => $"{p.Item1.ToString(Inv)} {p.Item2}{(p.Item1 == 1 ? "" : "s")}"));
}
