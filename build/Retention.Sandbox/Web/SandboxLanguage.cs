using System.Globalization;

namespace Retention.Sandbox.Web;

/// <summary>
/// The language a visitor reads the sandbox's product texts in, as a store's language switch chooses it: English, or
/// Russian after <c>?lang=ru</c> (kept in a cookie). It picks Core's tables (rewards panel, dashboard, emails) and the
/// culture numbers and plural forms follow. The sandbox's own frame (menus, demo buttons) stays English: in a store
/// that is nopCommerce's theme, translated by its own language pack.
/// </summary>
public static class SandboxLanguage
{
    public const string Cookie = "retention-lang";

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly AsyncLocal<(string Language, string Here)?> Request = new();

    /// <summary>"en" or "ru" for the request being served ("en" outside a request).</summary>
    public static string Current => Request.Value?.Language ?? "en";

    /// <summary>The culture of <see cref="Current"/>: Russian, or the invariant culture the English pages always used.</summary>
    public static CultureInfo Culture => Current == "ru" ? Russian : CultureInfo.InvariantCulture;

    /// <summary>Reads the switch (query first, then the cookie) for every request.</summary>
    public static void Use(WebApplication app) => app.Use(async (context, next) =>
    {
        var asked = context.Request.Query["lang"].ToString();
        var language = asked is "en" or "ru" ? asked : context.Request.Cookies[Cookie] is "ru" ? "ru" : "en";
        if (asked is "en" or "ru")
            context.Response.Cookies.Append(Cookie, language, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        var query = string.Join("&", context.Request.Query.Where(q => q.Key != "lang")
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        Request.Value = (language, context.Request.Path.Value + (query.Length > 0 ? "?" + query + "&" : "?"));
        await next();
    });

    /// <summary>The EN / RU links of the page header, each back to the page being shown.</summary>
    public static string Switch()
    {
        var here = Request.Value?.Here ?? "/?";
        string Link(string language, string label) => Current == language
            ? $"<strong>{label}</strong>"
            : $"<a href=\"{Html.E(here + "lang=" + language)}\" hreflang=\"{language}\">{label}</a>";
        return $"<span class=\"lang-switch\">{Link("en", "EN")} · {Link("ru", "RU")}</span>";
    }
}
