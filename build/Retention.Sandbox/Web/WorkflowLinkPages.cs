using Retention.Core.Localization;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;
using static Retention.Sandbox.Web.WorkflowPages;

namespace Retention.Sandbox.Web;

/// <summary>
/// The landing pages behind the signed links in workflow emails, over <see cref="WorkflowLinks"/> (the calls the plugin's
/// links controller makes). A refused link gets one error page and changes nothing. Unsubscribe and survey links only
/// show a page when opened (mail scanners open every link); the change is the POST of that page's button.
/// </summary>
public static class WorkflowLinkPages
{
    private const string VisitorCookie = "retention_sandbox_visitor";

    public static void Map(WebApplication app)
    {
        app.MapGet("/retention/u/{token}", UnsubscribeAsync);
        app.MapPost("/retention/u/{token}", UnsubscribeConfirmAsync).DisableAntiforgery();
        app.MapGet("/retention/s/{token}", SurveyAsync);
        app.MapPost("/retention/s/{token}", SurveyPostAsync);
        app.MapGet("/retention/cart/{token}", RestoreCartAsync);
        app.MapGet("/retention/c/{token}", ClickAsync);
        app.MapGet("/retention/o/{token}.gif", OpenAsync);
    }

    /// <summary>The one page every refused link gets: what happened, and that nothing changed.</summary>
    private static IResult LinkRefused(LinkCheck check) =>
        Page("This link cannot be used",
            $"<p class=\"error\" id=\"link-error\">{E(check.Message)}</p>\n<p>{E(F("Nothing was changed. Links in our emails work for {days} days;", TextArg.Count("days", EmailLinks.LinkLifetime.Days)))} " +
            (E(T("for anything else, visit the")) + " <a href=\"/shop\">" + E(T("shop")) + "</a>.</p>"),
            check.Status == LinkStatus.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest);

    /// <summary>
    /// The page a genuine link from a preview or a test email gets: it was signed for a real sample customer, so it is
    /// not refused, but Core recorded and changed nothing, and the page says so.
    /// </summary>
    private static IResult LinkPreview() =>
        Page("Preview link",
            ("<p class=\"notice\" id=\"link-preview\">" + E(T("This link comes from a preview or a test email, so nothing was recorded or changed:")) + " ")
            + (E(T("no unsubscribe, no survey answer, no points, no cart. In an email a customer receives, the same link works for real.")) + "</p>\n")
            + ("<p><a href=\"/shop\">" + E(T("Back to the shop")) + "</a></p>"));

    /// <summary>
    /// The unsubscribe link opened: a question and a button, nothing changed yet. Mail scanners open every link in an
    /// email, so only the button's POST (<see cref="UnsubscribeConfirmAsync"/>) unsubscribes.
    /// </summary>
    public static async Task<IResult> UnsubscribeAsync(string token, WorkflowLinks links, CancellationToken cancellationToken)
    {
        var question = await links.ReadUnsubscribeAsync(token, cancellationToken);
        if (!question.Check.IsValid)
            return LinkRefused(question.Check);
        if (question.Check.IsPreview)
            return LinkPreview();
        if (question.AlreadyUnsubscribed)
            return Page("Unsubscribe", ("<p class=\"notice\" id=\"unsubscribed\">" + E(T("You are unsubscribed already: the shop sends you no marketing emails.")) + "</p>\n")
                + ("<p class=\"muted\">" + E(T("Emails about your orders and your points still reach you.")) + "</p>"));
        // No antiforgery field: the signed token in the address is the proof, as it is for a mail client's one-click POST.
        return Page("Unsubscribe", ("<p id=\"unsubscribe-question\">" + E(T("Stop the shop's marketing emails (offers, reminders, news) to you?")) + "</p>\n")
            + "<form method=\"post\" action=\"/retention/u/" + E(Uri.EscapeDataString(token)) + "\" id=\"unsubscribe-form\">"
            + ("<button>" + E(T("Unsubscribe")) + "</button></form>\n")
            + ("<p class=\"muted\">" + E(T("Emails about your orders and your points still reach you. Changed your mind? Just close this page.")) + "</p>"));
    }

    /// <summary>
    /// The unsubscribe itself: the page's button, or a mail client's one-click POST (RFC 8058, body
    /// <c>List-Unsubscribe=One-Click</c>), which carries no antiforgery token, so the signed token is the proof. A
    /// repeated POST changes nothing more.
    /// </summary>
    public static async Task<IResult> UnsubscribeConfirmAsync(string token, WorkflowLinks links, CancellationToken cancellationToken)
    {
        var result = await links.UnsubscribeAsync(token, cancellationToken);
        if (!result.Check.IsValid)
            return LinkRefused(result.Check);
        if (result.Check.IsPreview)
            return LinkPreview();
        var body = result.Changed
            ? ("<p class=\"notice\" id=\"unsubscribed\">" + E(T("You are unsubscribed: the shop will send you no more marketing emails.")) + "</p>\n")
            : ("<p class=\"notice\" id=\"unsubscribed\">" + E(T("You were already unsubscribed: the shop sends you no marketing emails.")) + "</p>\n");
        return Page("Unsubscribed", body + ("<p class=\"muted\">" + E(T("Emails about your orders and your points still reach you.")) + "</p>"));
    }

    /// <summary>
    /// The survey link opened: the score it carries, an optional comment and a button, nothing recorded yet (mail scanners
    /// open every link). When the survey was answered before, the answer that stands and an invitation to comment.
    /// </summary>
    public static async Task<IResult> SurveyAsync(string token, HttpContext http, IAntiforgery antiforgery, WorkflowLinks links, CancellationToken cancellationToken)
    {
        var read = await links.ReadSurveyAsync(token, cancellationToken);
        if (!read.Check.IsValid || read.Kind is not { } kind || read.Score is not { } score)
            return LinkRefused(read.Check);
        if (read.Check.IsPreview)
            return LinkPreview();
        if (read.ExistingScore is { } standing)
            return Page(SurveyTitle(kind), ("<p class=\"notice\" id=\"survey-thanks\">" + E(T("You answered this survey before; your answer stands:")) + " <strong>")
                + E(ScoreText(kind, standing)) + "</strong>.</p>\n" + CommentForm(http, antiforgery, token, kind, "", null, answering: false));
        return Page(SurveyTitle(kind), ("<p id=\"survey-question\">" + E(T("Your answer:")) + " <strong>") + E(ScoreText(kind, score)) + "</strong>.</p>\n"
            + CommentForm(http, antiforgery, token, kind, "", null, answering: true));
    }

    /// <summary>
    /// The survey page's form: records the link's score (once; a repeated POST is harmless) and the comment when one was
    /// written. A refused token gets the error page whatever was typed; an overlong comment, or an empty one sent on its
    /// own, gets the form back with its message and nothing recorded.
    /// </summary>
    public static async Task<IResult> SurveyPostAsync(string token, IFormCollection form, HttpContext http, IAntiforgery antiforgery, LinkSigner signer, IClock clock,
        WorkflowLinks links, CancellationToken cancellationToken)
    {
        var check = signer.Verify(token, LinkPurpose.SurveyAnswer, clock.UtcNow);
        if (!check.IsValid)
            return LinkRefused(check);
        if (check.IsPreview)
            return LinkPreview();
        var answering = form[PartField].ToString() != CommentPart;
        var comment = form["comment"].ToString().Trim();
        if ((!answering || comment.Length > 0) && WorkflowLinks.SurveyCommentError(comment) is { } message)
            return Page(SurveyTitle(check.Payload!.SurveyKind), CommentForm(http, antiforgery, token, check.Payload!.SurveyKind, comment, message, answering),
                StatusCodes.Status400BadRequest);

        var answer = await links.AnswerSurveyAsync(token, cancellationToken);
        if (!answer.Check.IsValid || answer.Kind is not { } kind)
            return LinkRefused(answer.Check);
        var standing = answer.Recorded ? answer.Score : answer.ExistingScore ?? answer.Score;
        var body = new StringBuilder("<p class=\"notice\" id=\"survey-thanks\">")
            .Append(answer.Recorded ? T("Thank you! We recorded your answer: ") : "You answered this survey before; your answer stands: ")
            .Append("<strong>").Append(E(ScoreText(kind, standing))).Append("</strong>.</p>\n");
        if (comment.Length == 0)
            return Page(SurveyTitle(kind), body.Append(CommentForm(http, antiforgery, token, kind, "", null, answering: false)).ToString());
        var saved = await links.CommentSurveyAsync(token, comment, cancellationToken);
        if (!saved.IsValid)
            return LinkRefused(saved);
        return Page("Thank you", body.Append(("<p class=\"notice\" id=\"comment-thanks\">" + E(T("Thank you for your comment. We read every one.")) + "</p>\n<blockquote class=\"comment\">"))
            .Append(E(comment)).Append(("</blockquote>\n<p><a href=\"/shop\">" + E(T("Back to the shop")) + "</a></p>")).ToString());
    }

    /// <summary>The form field that tells the answer form (score, optional comment) from the comment form that follows it.</summary>
    private const string PartField = "part";

    private const string CommentPart = "comment";

    private static string CommentForm(HttpContext http, IAntiforgery antiforgery, string token, SurveyKind kind, string comment, string? error, bool answering)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var prompt = kind == SurveyKind.WinBackReason ? T("Anything you would like to tell us?") : T("What is the main reason for your answer?");
        return new StringBuilder("<form method=\"post\" action=\"/retention/s/").Append(E(Uri.EscapeDataString(token))).Append("\" class=\"comment-form\" id=\"")
            .Append(answering ? "survey-answer" : "survey-comment").Append("\">\n")
            .Append(Antiforgery(tokens))
            .Append("<input type=\"hidden\" name=\"").Append(PartField).Append("\" value=\"").Append(answering ? "answer" : CommentPart).Append("\">\n")
            .Append("<label for=\"comment\">").Append(E(answering ? prompt + " (optional)" : prompt))
            .Append("</label><br>\n<textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"60\" maxlength=\"").Append(SurveyAnswer.MaxCommentLength.ToString(Inv)).Append("\">")
            .Append(E(comment)).Append("</textarea>\n")
            .Append(error != null ? $"<p class=\"error field-error\">{E(error)}</p>\n" : "")
            .Append("<p><button>").Append(answering ? T("Send my answer") : T("Send comment")).Append("</button></p>\n</form>\n").ToString();
    }

    /// <summary>
    /// "Return to your cart": copies the enrolled customer's cart lines into the visitor's cart without signing anyone in, then
    /// shows the cart. The visitor is the shopper named by <c>?customer=N</c> (as on /shop), else the browser's guest
    /// (a cookie, a guest customer made on first use, as nopCommerce does). A line already there keeps the larger quantity, so
    /// following the link twice restores once.
    /// </summary>
    public static async Task<IResult> RestoreCartAsync(string token, string? customer, HttpContext http, WorkflowLinks links, SandboxDbContext db, IClock clock,
        CancellationToken cancellationToken)
    {
        int? named = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            if (!Ids.TryParse(customer, out var c) || !await db.Customers.AnyAsync(x => x.Id == c, cancellationToken))
                return Page("Cart", $"<p class=\"error\">{E(F("There is no shopper '{raw}' to restore the cart for.", TextArg.Of("raw", customer ?? "")))}</p>", StatusCodes.Status400BadRequest);
            named = c;
        }
        var result = await links.RestoreCartAsync(token, cancellationToken);
        if (result.Check.IsPreview)
            return LinkPreview();
        if (!result.Check.IsValid || result.Store is not { } store || result.Customer is not { } owner)
            return LinkRefused(result.Check);
        var visitor = named ?? await GuestAsync(http, db, clock, cancellationToken);
        await CopyCartAsync(db, store, owner, visitor, clock.UtcNow, cancellationToken);
        return Results.Redirect("/shop?customer=" + visitor.ToString(Inv), permanent: false, preserveMethod: false);
    }

    /// <summary>The browser's guest customer: from its cookie when that names a guest, else a new guest row and cookie.</summary>
    private static async Task<int> GuestAsync(HttpContext http, SandboxDbContext db, IClock clock, CancellationToken cancellationToken)
    {
        if (Ids.TryParse(http.Request.Cookies[VisitorCookie], out var known)
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

    /// <summary>A tracked link: only to a page of this site (no open redirect), counted once per step, then followed.</summary>
    public static async Task<IResult> ClickAsync(string token, string? to, WorkflowLinks links, CancellationToken cancellationToken)
    {
        var result = await links.ClickAsync(token, to, cancellationToken);
        if (result.TargetRefused)
            return Page("This link cannot be used",
                ("<p class=\"error\" id=\"link-error\">" + E(T("This link does not lead to a page of this shop, so it is not followed.")) + "</p>\n<p>" + E(T("Nothing was changed.")) + "</p>"),
                StatusCodes.Status400BadRequest);
        return result.Location is { } location ? Results.Redirect(location, permanent: false, preserveMethod: false) : LinkRefused(result.Check);
    }

    /// <summary>The classic transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>The open pixel: counts the open when the token is good, and answers with the same 1×1 GIF whatever happens.</summary>
    public static async Task<IResult> OpenAsync(string token, HttpContext http, WorkflowLinks links, CancellationToken cancellationToken)
    {
        await links.OpenAsync(token, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(Pixel, "image/gif");
    }
}
