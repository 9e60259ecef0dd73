using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Coupons;
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
public static class WorkflowPages
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
            if (int.TryParse(customer.Trim(), NumberStyles.None, Inv, out var c) && c > 0) customerId = c;
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

    // ------------------------------------------------------------------ landing pages

    /// <summary>The one page every refused link gets: what happened, and that nothing changed.</summary>
    private static IResult LinkRefused(LinkCheck check) =>
        Page("This link cannot be used",
            $"<p class=\"error\" id=\"link-error\">{E(check.Message)}</p>\n<p>Nothing was changed. Links in our emails work for {WorkflowProgram.LinkLifetime.Days} days; " +
            "for anything else, visit the <a href=\"/shop\">shop</a>.</p>",
            check.Status == LinkStatus.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest);

    public static async Task<IResult> UnsubscribeAsync(string token, WorkflowProgram program, CancellationToken cancellationToken)
    {
        var result = await program.UnsubscribeAsync(token, cancellationToken);
        if (!result.Check.IsValid)
            return LinkRefused(result.Check);
        var body = result.Changed
            ? "<p class=\"notice\" id=\"unsubscribed\">You are unsubscribed: the shop will send you no more marketing emails.</p>\n"
            : "<p class=\"notice\" id=\"unsubscribed\">You were already unsubscribed: the shop sends you no marketing emails.</p>\n";
        return Page("Unsubscribed", body + "<p class=\"muted\">Emails about your orders and your points still reach you.</p>");
    }

    /// <summary>A one-click survey score: recorded once; the page thanks and invites a comment that posts back to the same link.</summary>
    public static async Task<IResult> SurveyAsync(string token, HttpContext http, IAntiforgery antiforgery, WorkflowProgram program, CancellationToken cancellationToken)
    {
        var result = await program.AnswerSurveyAsync(token, cancellationToken);
        if (!result.Check.IsValid || result.Kind is not { } kind)
            return LinkRefused(result.Check);
        var standing = result.Recorded ? result.Score : result.ExistingScore ?? result.Score;
        var body = new StringBuilder()
            .Append("<p class=\"notice\" id=\"survey-thanks\">")
            .Append(result.Recorded ? "Thank you! We recorded your answer: " : "You answered this survey before; your answer stands: ")
            .Append("<strong>").Append(E(ScoreText(kind, standing))).Append("</strong>.</p>\n")
            .Append(CommentForm(http, antiforgery, token, kind, "", null));
        return Page(SurveyTitle(kind), body.ToString());
    }

    /// <summary>
    /// The comment posted back to the survey link. A refused token gets the error page whatever was typed; an empty or
    /// overlong comment on a good link gets the form back with its message; a good one is saved by Core for the link's own answer.
    /// </summary>
    public static async Task<IResult> SurveyCommentAsync(string token, IFormCollection form, HttpContext http, IAntiforgery antiforgery, LinkSigner links, IClock clock,
        WorkflowProgram program, CancellationToken cancellationToken)
    {
        var check = links.Verify(token, LinkPurpose.SurveyAnswer, clock.UtcNow);
        if (!check.IsValid)
            return LinkRefused(check);
        var comment = form["comment"].ToString().Trim();
        if (WorkflowProgram.SurveyCommentError(comment) is { } message)
            return Page("Your comment", CommentForm(http, antiforgery, token, check.Payload!.SurveyKind, comment, message), StatusCodes.Status400BadRequest);
        var saved = await program.CommentSurveyAsync(token, comment, cancellationToken);
        if (!saved.IsValid)
            return LinkRefused(saved);
        return Page("Thank you", "<p class=\"notice\" id=\"comment-thanks\">Thank you for your comment. We read every one.</p>\n<blockquote class=\"comment\">"
            + E(comment) + "</blockquote>\n<p><a href=\"/shop\">Back to the shop</a></p>");
    }

    private static string CommentForm(HttpContext http, IAntiforgery antiforgery, string token, SurveyKind kind, string comment, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new StringBuilder("<form method=\"post\" action=\"/retention/s/").Append(E(Uri.EscapeDataString(token))).Append("\" class=\"comment-form\">\n")
            .Append(Antiforgery(tokens))
            .Append("<label for=\"comment\">").Append(E(kind == SurveyKind.WinBackReason ? "Anything you would like to tell us?" : "What is the main reason for your answer?"))
            .Append("</label><br>\n<textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"60\" maxlength=\"").Append(SurveyAnswer.MaxCommentLength.ToString(Inv)).Append("\">")
            .Append(E(comment)).Append("</textarea>\n")
            .Append(error != null ? $"<p class=\"error field-error\">{E(error)}</p>\n" : "")
            .Append("<p><button>Send comment</button></p>\n</form>\n").ToString();
    }

    /// <summary>
    /// "Return to your cart": copies the enrolled customer's cart lines into the visitor's cart without signing anyone in, then
    /// shows the cart. The visitor is the shopper named by <c>?customer=N</c> (as on /shop), else the browser's guest
    /// (a cookie, a guest customer made on first use, as nopCommerce does). A line already there keeps the larger quantity, so
    /// following the link twice restores once.
    /// </summary>
    public static async Task<IResult> RestoreCartAsync(string token, string? customer, HttpContext http, WorkflowProgram program, SandboxDbContext db, IClock clock,
        CancellationToken cancellationToken)
    {
        int? named = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            if (!int.TryParse(customer.Trim(), NumberStyles.None, Inv, out var c) || c <= 0 || !await db.Customers.AnyAsync(x => x.Id == c, cancellationToken))
                return Page("Cart", $"<p class=\"error\">There is no shopper '{E(customer)}' to restore the cart for.</p>", StatusCodes.Status400BadRequest);
            named = c;
        }
        var result = await program.RestoreCartAsync(token, cancellationToken);
        if (!result.Check.IsValid || result.Store is not { } store || result.Customer is not { } owner)
            return LinkRefused(result.Check);
        var visitor = named ?? await GuestAsync(http, db, clock, cancellationToken);
        await CopyCartAsync(db, store, owner, visitor, clock.UtcNow, cancellationToken);
        return Results.Redirect("/shop?customer=" + visitor.ToString(Inv), permanent: false, preserveMethod: false);
    }

    /// <summary>The browser's guest customer: from its cookie when that names a guest, else a new guest row and cookie.</summary>
    private static async Task<int> GuestAsync(HttpContext http, SandboxDbContext db, IClock clock, CancellationToken cancellationToken)
    {
        if (int.TryParse(http.Request.Cookies[VisitorCookie], NumberStyles.None, Inv, out var known)
            && await db.Customers.AnyAsync(c => c.Id == known && c.Email == null && !c.Deleted, cancellationToken))
            return known;
        for (var attempt = 0; ; attempt++)
        {
            var id = (await db.Customers.MaxAsync(c => (int?)c.Id, cancellationToken) ?? 0) + 1;
            var guest = new CustomerFact
            {
                Id = id, CustomerGuid = Guid.NewGuid(), Active = true, RegisteredInStoreId = DefaultStore.Value,
                CreatedOnUtc = clock.UtcNow, LastActivityDateUtc = clock.UtcNow,
            };
            db.Customers.Add(guest);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                http.Response.Cookies.Append(VisitorCookie, id.ToString(Inv), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
                return id;
            }
            catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e) && attempt < 5)
            {
                // Another request took the id first: take the next one.
                db.Entry(guest).State = EntityState.Detached;
            }
        }
    }

    private static async Task CopyCartAsync(SandboxDbContext db, StoreId store, CustomerId owner, int visitor, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (owner.Value == visitor)
            return;
        var source = await db.CartItems.AsNoTracking().Where(c => c.StoreId == store.Value && c.CustomerId == owner.Value)
            .GroupBy(c => c.ProductId).Select(g => new { ProductId = g.Key, Quantity = g.Sum(c => c.Quantity) }).ToListAsync(cancellationToken);
        var mine = await db.CartItems.Where(c => c.StoreId == store.Value && c.CustomerId == visitor).ToListAsync(cancellationToken);
        var nextId = 0;
        foreach (var line in source)
        {
            var existing = mine.FirstOrDefault(m => m.ProductId == line.ProductId);
            if (existing != null)
            {
                if (existing.Quantity >= line.Quantity)
                    continue;
                existing.Quantity = line.Quantity;
                existing.UpdatedOnUtc = nowUtc;
                continue;
            }
            if (nextId == 0)
                nextId = (await db.CartItems.MaxAsync(c => (int?)c.Id, cancellationToken) ?? 0) + 1;
            db.CartItems.Add(new CartItemFact
            {
                Id = nextId++, StoreId = store.Value, CustomerId = visitor, ProductId = line.ProductId, Quantity = line.Quantity,
                CreatedOnUtc = nowUtc, UpdatedOnUtc = nowUtc,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A tracked link: only to a path on this site (no open redirect), counted once per step, then followed.</summary>
    public static async Task<IResult> ClickAsync(string token, string? to, WorkflowProgram program, CancellationToken cancellationToken)
    {
        if (!IsLocalPath(to))
            return Page("This link cannot be used",
                "<p class=\"error\" id=\"link-error\">This link does not lead to a page of this shop, so it is not followed.</p>\n<p>Nothing was changed.</p>",
                StatusCodes.Status400BadRequest);
        var check = await program.ClickAsync(token, cancellationToken);
        return check.IsValid ? Results.Redirect(to!, permanent: false, preserveMethod: false) : LinkRefused(check);
    }

    /// <summary>A path on this site: one leading slash, no scheme or host, no backslash or control character.</summary>
    public static bool IsLocalPath(string? to) =>
        !string.IsNullOrEmpty(to) && to.Length <= 2000 && to[0] == '/' && (to.Length == 1 || (to[1] != '/' && to[1] != '\\'))
        && !to.Any(c => char.IsControl(c) || c == '\\' || char.IsWhiteSpace(c));

    /// <summary>The classic transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>The open pixel: counts the open when the token is good, and answers with the same 1×1 GIF whatever happens.</summary>
    public static async Task<IResult> OpenAsync(string token, HttpContext http, WorkflowProgram program, CancellationToken cancellationToken)
    {
        await program.OpenAsync(token, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(Pixel, "image/gif");
    }

    // ------------------------------------------------------------------ admin: list

    /// <summary>The workflows of a store: on/off, priority, kind and the last 30 days' figures.</summary>
    public static async Task<IResult> ListAsync(string? store, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database, WorkflowProgram program,
        IClock clock, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        var (storeId, problem) = await StoreAsync(store, settingsStore, "Workflows", cancellationToken);
        if (problem != null)
            return problem;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        var now = clock.UtcNow;
        var stats = await program.StatsAsync(storeId, now.AddDays(-StatsDays), now, cancellationToken);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = new StringBuilder(Styles)
            .Append(await StorePickerAsync(settingsStore, storeId, "/admin/workflows", cancellationToken))
            .Append("<p class=\"muted\">Figures of the last ").Append(StatsDays).Append(" days to ").Append(E(Time(now)))
            .Append(". Revenue is what orders attributed to a workflow's emails brought.</p>\n")
            .Append("<table class=\"workflows\">\n<thead><tr><th>Workflow</th><th>Status</th><th class=\"num\">Priority</th><th>Kind</th><th class=\"num\">Steps</th>")
            .Append("<th class=\"num\">Sent</th><th class=\"num\">Clicked</th><th class=\"num\">Converted</th><th class=\"num\">Attributed revenue</th></tr></thead>\n<tbody>\n");
        foreach (var kind in WorkflowCatalog.All)
        {
            var w = settings.For(kind);
            var mine = stats.Where(s => s.Workflow == kind).ToList();
            body.Append("<tr data-workflow=\"").Append(kind).Append("\"><td><a href=\"/admin/workflows/").Append(kind).Append("?store=").Append(storeId.Value)
                .Append("\">").Append(E(Title(kind))).Append("</a></td><td><form method=\"post\" action=\"/admin/workflows/").Append(kind).Append("/toggle\" class=\"inline\">")
                .Append(Antiforgery(tokens)).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
                .Append("<span class=\"state ").Append(w.Enabled ? "on" : "off").Append("\">").Append(w.Enabled ? "On" : "Off").Append("</span> ")
                .Append("<button class=\"small\">").Append(w.Enabled ? "Switch off" : "Switch on").Append("</button></form></td>")
                .Append("<td class=\"num\">").Append(w.Priority.ToString(Inv)).Append("</td><td>").Append(w.IsMarketing ? "marketing" : "transactional")
                .Append("</td><td class=\"num\">").Append(w.Steps.Count.ToString(Inv))
                .Append("</td><td class=\"num\">").Append(N(mine.Sum(s => s.Sent))).Append("</td><td class=\"num\">").Append(N(mine.Sum(s => s.Clicked)))
                .Append("</td><td class=\"num\">").Append(N(mine.Sum(s => s.Converted))).Append("</td><td class=\"num\">").Append(E(LoyaltyPages.Money(mine.Sum(s => s.Revenue))))
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

    // ------------------------------------------------------------------ admin: edit

    public static async Task<IResult> EditAsync(string kind, string? store, string? saved, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowProgram program, IClock clock, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var (storeId, problem) = await StoreAsync(store, settingsStore, Title(workflow), cancellationToken);
        if (problem != null)
            return problem;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        var form = WorkflowForm.From(settings, workflow);
        var notice = saved == "1" ? "<p class=\"notice\" id=\"saved\">The workflow was saved.</p>\n" : "";
        return await EditPageAsync(workflow, storeId, form, new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, settingsStore, program, clock, db,
            cancellationToken);
    }

    /// <summary>Saves the edit form: every typed value checked, messages beside their fields, nothing saved unless all are fine.</summary>
    public static async Task<IResult> SaveAsync(string kind, IFormCollection posted, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowProgram program, IClock clock, SandboxDbContext db, CancellationToken cancellationToken)
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
            errors = form.MapErrors(await settingsStore.SaveAsync(storeId, updated, cancellationToken), workflow);
            if (errors.IsValid)
                return Results.Redirect($"/admin/workflows/{workflow}?store={storeId.Value}&saved=1", permanent: false, preserveMethod: false);
        }
        return await EditPageAsync(workflow, storeId, form, errors, "<p class=\"error\" id=\"not-saved\">Nothing was saved: correct the fields marked below.</p>\n",
            StatusCodes.Status400BadRequest, http, antiforgery, settingsStore, program, clock, db, cancellationToken);
    }

    private static async Task<IResult> EditPageAsync(WorkflowKind workflow, StoreId storeId, WorkflowForm form, ValidationResult errors, string notice, int status,
        HttpContext http, IAntiforgery antiforgery, IWorkflowSettingsStore settingsStore, WorkflowProgram program, IClock clock, SandboxDbContext db,
        CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var now = clock.UtcNow;
        var settings = await settingsStore.LoadAsync(storeId, cancellationToken);
        var steps = settings.For(workflow).Steps.Count;
        var body = new StringBuilder(Styles)
            .Append(await StorePickerAsync(settingsStore, storeId, $"/admin/workflows/{workflow}", cancellationToken))
            .Append("<p><a href=\"/admin/workflows?store=").Append(storeId.Value).Append("\">All workflows</a> · <a href=\"/outbox?workflow=").Append(workflow)
            .Append("\">Its emails in the outbox</a></p>\n")
            .Append(notice);
        DormancyDefaults? dormancy = workflow == WorkflowKind.WinBack ? await program.DormancyDefaultsAsync(storeId, cancellationToken) : null;
        body.Append(form.Render(workflow, storeId, errors, Antiforgery(tokens), dormancy));

        var sample = await db.Customers.AsNoTracking().Where(c => c.Email != null && !c.Deleted).OrderBy(c => c.Id).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        body.Append("<section class=\"widget\" id=\"preview\">\n<h2>Preview and test email</h2>\n")
            .Append("<form method=\"get\" action=\"/admin/workflows/").Append(workflow).Append("/preview\" class=\"inline-form\">")
            .Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
            .Append(StepSelect(steps, 0)).Append(" <label>Customer id <input type=\"number\" name=\"customer\" min=\"1\" value=\"").Append(sample).Append("\"></label> ")
            .Append("<button>Preview</button></form>\n")
            .Append(TestForm(workflow, storeId, steps, Antiforgery(tokens), sample.ToString(Inv), "", null))
            .Append("</section>\n");

        var lift = await program.LiftAsync(storeId, workflow, now.AddDays(-ReportDays), now, cancellationToken);
        body.Append(LiftSection(lift));
        if (SurveyOf(workflow) is { } survey)
            body.Append(SurveySection(await program.SurveySummaryAsync(storeId, survey, now.AddDays(-ReportDays), now, cancellationToken)));
        return Page(Title(workflow), body.ToString(), status);
    }

    private static string TestForm(WorkflowKind workflow, StoreId storeId, int steps, string antiforgery, string customer, string email, string? error) =>
        new StringBuilder("<form method=\"post\" action=\"/admin/workflows/").Append(workflow).Append("/test\" class=\"inline-form\" id=\"send-test\">")
            .Append(antiforgery).Append("<input type=\"hidden\" name=\"store\" value=\"").Append(storeId.Value).Append("\">")
            .Append(StepSelect(steps, 0)).Append(" <label>Sample customer id <input type=\"number\" name=\"customer\" min=\"1\" value=\"").Append(E(customer)).Append("\"></label> ")
            .Append("<label>Send to <input type=\"email\" name=\"email\" value=\"").Append(E(email)).Append("\" placeholder=\"you@example.com\"></label> ")
            .Append("<button>Send a test email</button>")
            .Append(error != null ? $" <span class=\"error field-error\">{E(error)}</span>" : "")
            .Append("</form>\n").ToString();

    private static string StepSelect(int steps, int selected)
    {
        var html = new StringBuilder("<label>Step <select name=\"step\">");
        for (var i = 0; i < steps; i++)
            html.Append("<option value=\"").Append(i).Append('"').Append(i == selected ? " selected" : "").Append('>').Append(i + 1).Append("</option>");
        return html.Append("</select></label>").ToString();
    }

    /// <summary>A step rendered with a real customer's data, shown like the outbox shows emails; nothing is recorded or sent.</summary>
    public static async Task<IResult> PreviewAsync(string kind, string? store, string? step, string? customer, HttpRequest request, SandboxDatabase database,
        WorkflowProgram program, SandboxDbContext db, IClock clock, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var title = $"Preview: {Title(workflow)}";
        var (storeId, problem) = await StoreAsync(store, settingsStore, title, cancellationToken);
        if (problem != null)
            return problem;
        var settings = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow);
        var (stepIndex, who, error) = await StepAndCustomerAsync(step, customer, settings.Steps.Count, db, cancellationToken);
        if (error != null)
            return Page(title, $"<p class=\"error\">{E(error)}</p><p><a href=\"/admin/workflows/{workflow}?store={storeId.Value}\">Back</a></p>", StatusCodes.Status400BadRequest);
        var preview = await program.PreviewAsync(storeId, workflow, stepIndex, new CustomerId(who!.Id), cancellationToken);
        var body = new StringBuilder(Styles)
            .Append("<p>Step ").Append(stepIndex + 1).Append(" of <a href=\"/admin/workflows/").Append(workflow).Append("?store=").Append(storeId.Value).Append("\">")
            .Append(E(Title(workflow))).Append("</a> as customer ").Append(who.Id).Append(" would receive it now. Nothing is recorded, issued or sent.</p>\n");
        if (preview.NothingToSay != null)
            body.Append("<p class=\"notice\" id=\"nothing-to-say\">This step would be skipped for this customer: ").Append(E(preview.NothingToSay)).Append("</p>\n");
        else
        {
            var row = new OutboxMessageRow
            {
                CustomerId = who.Id, StoreId = storeId.Value, ToEmail = who.Email ?? "", ToName = Name(who), TemplateName = preview.TemplateName,
                IsMarketing = settings.IsMarketing, CreatedUtc = clock.UtcNow,
            };
            body.Append(EmailCard(row, preview.Tokens, who, BaseUrl(request)));
        }
        return Page(title, body.ToString());
    }

    /// <summary>"Send a test email": the step rendered for a sample customer, to an address the admin types; it lands in the outbox.</summary>
    public static async Task<IResult> SendTestAsync(string kind, IFormCollection form, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        WorkflowProgram program, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var settingsStore = SettingsOf(database);
        if (!TryKind(kind, out var workflow))
            return UnknownWorkflow(kind);
        var title = $"Test email: {Title(workflow)}";
        var (storeId, problem) = await StoreAsync(form["store"], settingsStore, title, cancellationToken);
        if (problem != null)
            return problem;
        var steps = (await settingsStore.LoadAsync(storeId, cancellationToken)).For(workflow).Steps.Count;
        string customer = form["customer"].ToString(), email = form["email"].ToString().Trim();
        var (stepIndex, who, error) = await StepAndCustomerAsync(form["step"], customer, steps, db, cancellationToken);
        if (error == null && (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            error = $"'{email}' is not an email address.";
        if (error == null && !await program.SendTestAsync(storeId, workflow, stepIndex, new CustomerId(who!.Id), email, cancellationToken))
            error = "The step's message template is missing, so no test email was sent.";
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
            return (0, null, $"Step: choose one of the workflow's {steps} steps.");
        if (!int.TryParse(customer?.Trim(), NumberStyles.None, Inv, out var id) || id <= 0)
            return (index, null, $"Customer: '{customer}' is not a customer id.");
        var who = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return who == null ? (index, null, $"Customer: there is no customer {id}.") : (index, who, null);
    }

    private static string LiftSection(LiftReport lift)
    {
        var html = new StringBuilder("<section class=\"widget\" id=\"lift\">\n<h2>Lift: sent versus control group</h2>\n")
            .Append("<p class=\"muted\">Enrollments of the last ").Append(ReportDays).Append(" days. The control group is enrolled but never emailed; ")
            .Append("the difference between the two is what the emails added.</p>\n")
            .Append("<table>\n<thead><tr><th></th><th class=\"num\">Enrolled</th><th class=\"num\">Converted</th><th class=\"num\">Conversion rate</th>")
            .Append("<th class=\"num\">Revenue</th><th class=\"num\">Revenue per enrolled</th></tr></thead>\n<tbody>\n")
            .Append(Arm("Sent", lift.Sent)).Append(Arm("Control", lift.Control)).Append("</tbody>\n</table>\n<ul class=\"lift\">\n")
            .Append("<li>Conversion lift: ").Append(E(IntervalText(lift.ConversionLift, percent: true))).Append("</li>\n")
            .Append("<li>Revenue per enrolled customer: ").Append(E(IntervalText(lift.RevenuePerEnrolledLift, percent: false))).Append("</li>\n</ul>\n");
        html.Append("<p class=\"plain\">").Append(E(lift.Note ?? PlainLift(lift))).Append("</p>\n");
        return html.Append("</section>\n").ToString();
    }

    private static string Arm(string label, LiftArm arm) =>
        $"<tr><th>{E(label)}</th><td class=\"num\">{N(arm.Enrolled)}</td><td class=\"num\">{N(arm.Converted)}</td>" +
        $"<td class=\"num\">{E(arm.ConversionRate.ToString("P1", Inv))}</td><td class=\"num\">{E(LoyaltyPages.Money(arm.Revenue))}</td>" +
        $"<td class=\"num\">{E(LoyaltyPages.Money((decimal)arm.RevenuePerEnrolled))}</td></tr>\n";

    private static string IntervalText(Interval? interval, bool percent)
    {
        if (interval is not { } i)
            return "not enough data";
        string F(double v) => percent ? (v * 100).ToString("+0.0;-0.0;0.0", Inv) + " points" : (v < 0 ? "-$" : "+$") + Math.Abs(v).ToString("N2", Inv);
        return $"{F(i.Estimate)} (95 % interval {F(i.Low)} to {F(i.High)})";
    }

    /// <summary>What the interval means for a merchant who does not read statistics.</summary>
    private static string PlainLift(LiftReport lift) => lift.ConversionLift switch
    {
        null => "There is not enough data yet to compare the two groups.",
        { Low: > 0 } => "The emails made more customers buy: even the low end of the interval is above zero.",
        { High: < 0 } => "Customers who got the emails bought less often than the control group: review the workflow.",
        _ => "The groups cannot be told apart yet: the interval includes zero, so the emails may or may not make a difference.",
    };

    private static string SurveySection(SurveySummary summary)
    {
        var html = new StringBuilder("<section class=\"widget\" id=\"survey-results\">\n<h2>Survey results: ").Append(E(SurveyName(summary.Kind))).Append("</h2>\n")
            .Append("<p class=\"muted\">Answers of the last ").Append(ReportDays).Append(" days to “").Append(E(SurveyTitle(summary.Kind))).Append("”</p>\n");
        var headline = summary.Score is not { } score ? null : summary.Kind switch
        {
            SurveyKind.Nps => ("NPS", score.ToString("+0;-0;0", Inv)),
            SurveyKind.Csat => ("CSAT (satisfied share)", score.ToString("P0", Inv)),
            _ => ((string, string)?)null,
        };
        html.Append(headline is { } h ? Figures(("Answers", N(summary.Answers)), h) : Figures(("Answers", N(summary.Answers))));
        if (summary.Distribution.Count > 0)
        {
            html.Append("<table class=\"distribution\">\n<thead><tr><th>Answer</th><th class=\"num\">Count</th></tr></thead>\n<tbody>\n");
            foreach (var (value, count) in summary.Distribution.OrderBy(d => d.Key))
                html.Append("<tr><td>").Append(E(ScoreText(summary.Kind, value))).Append("</td><td class=\"num\">").Append(N(count)).Append("</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }
        html.Append("<h3>Recent comments</h3>\n");
        if (summary.RecentComments.Count == 0)
            html.Append("<p class=\"muted\">No comments yet.</p>\n");
        else
        {
            html.Append("<ul class=\"comments\">\n");
            foreach (var c in summary.RecentComments)
                html.Append("<li><blockquote class=\"comment\">").Append(E(c.Comment)).Append("</blockquote><span class=\"muted\">").Append(E(ScoreText(summary.Kind, c.Score)))
                    .Append(" · customer ").Append(c.Customer.Value).Append(" · ").Append(E(Time(c.AnsweredUtc))).Append("</span></li>\n");
            html.Append("</ul>\n");
        }
        return html.Append("</section>\n").ToString();
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
        if (!int.TryParse(raw.Trim(), NumberStyles.None, Inv, out var id) || id <= 0)
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
