using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Retention.Core.Common;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Workflows;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// The register page the referral link of "My rewards" leads to (<c>/register?ref=…</c>): who invited the visitor, a short
/// form, and after it the new customer's own rewards page. A changed or foreign code is an error page that still lets the
/// visitor register without it.
/// </summary>
public static class RegisterPages
{
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);

    public static void Map(WebApplication app)
    {
        app.MapGet("/register", ShowAsync);
        app.MapPost("/register", RegisterAsync);
    }

    public static async Task<IResult> ShowAsync([FromQuery(Name = "ref")] string? invitation, HttpContext http, SandboxRegistration registration,
        ReferralSecret secret, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (referrer, error) = await registration.ReadInvitationAsync(Store, invitation, secret.Bytes.ToArray(), cancellationToken);
        if (error != null)
            return Page("Invitation not valid",
                $"<p class=\"error\" id=\"invitation-error\">{E(error)}</p>\n<p><a href=\"/register\">{E(T("Register without an invitation"))}</a></p>\n",
                StatusCodes.Status400BadRequest);
        return Form(http, antiforgery, referrer is null ? null : invitation!.Trim(), await InviterAsync(http, referrer, cancellationToken), "", "", false, null,
            StatusCodes.Status200OK);
    }

    public static async Task<IResult> RegisterAsync([FromForm] string? email, [FromForm] string? firstName, [FromForm] string? newsletter,
        [FromForm(Name = "ref")] string? invitation, HttpContext http, SandboxRegistration registration, ReferralSecret secret, IAntiforgery antiforgery,
        CancellationToken cancellationToken)
    {
        var result = await registration.RegisterAsync(Store, email, firstName, newsletter == "on", invitation, secret.Bytes.ToArray(), cancellationToken);
        if (result.Registered)
            return Results.Redirect($"/shop/rewards?customer={result.Customer!.Id}&welcome=1", permanent: false, preserveMethod: false);
        var (referrer, _) = await registration.ReadInvitationAsync(Store, invitation, secret.Bytes.ToArray(), cancellationToken);
        return Form(http, antiforgery, invitation, await InviterAsync(http, referrer, cancellationToken), email, firstName, newsletter == "on", result.Errors,
            StatusCodes.Status400BadRequest);
    }

    private static async Task<string?> InviterAsync(HttpContext http, CustomerId? referrer, CancellationToken cancellationToken)
    {
        if (referrer is not { } id)
            return null;
        await using var db = http.RequestServices.GetRequiredService<Data.SandboxDatabase>().CreateContext();
        var who = await db.Customers.FindAsync([id.Value], cancellationToken);
        return string.IsNullOrWhiteSpace(who?.FirstName) ? "a friend" : who.FirstName;
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string? invitation, string? inviter, string? email, string? firstName,
        bool newsletter, ValidationResult? errors, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        string FieldError(string field) => errors?.Errors.Where(e => e.Field == field)
            .Select(e => $" <span class=\"error field-error\" id=\"error-{E(field)}\">{E(e.Message)}</span>").FirstOrDefault() ?? "";
        var body = new StringBuilder();
        if (inviter != null)
            body.Append("<p class=\"notice\" id=\"invited-by\">").Append(E(inviter))
                .Append((" " + E(T("invited you. Register and place your first order: you both earn points once it is paid.")) + "</p>\n"));
        body.Append(FieldError(SandboxRegistration.InvitationField).Length > 0 ? $"<p>{FieldError(SandboxRegistration.InvitationField)}</p>\n" : "")
            .Append("<form id=\"register\" method=\"post\" action=\"/register\" class=\"register\">\n")
            .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken)).Append("\">\n");
        if (invitation != null)
            body.Append("<input type=\"hidden\" name=\"ref\" value=\"").Append(E(invitation)).Append("\">\n");
        body.Append(("<p><label>" + E(T("Email")) + " <input type=\"email\" name=\"email\" required maxlength=\"254\" value=\"")).Append(E(email)).Append("\"></label>")
            .Append(FieldError("Email")).Append("</p>\n")
            .Append(("<p><label>" + E(T("First name")) + " <input type=\"text\" name=\"firstName\" maxlength=\"")).Append(SandboxRegistration.MaxNameLength).Append("\" value=\"")
            .Append(E(firstName)).Append("\"></label>").Append(FieldError("FirstName")).Append("</p>\n")
            .Append("<p><label><input type=\"checkbox\" name=\"newsletter\" value=\"on\"").Append(newsletter ? " checked" : "")
            .Append(("> " + E(T("Send me offers and news by email")) + "</label></p>\n"))
            .Append(("<p><button>" + E(T("Register")) + "</button></p>\n</form>\n"));
        return Page("Register", body.ToString(), status);
    }
}
