using System.Net;
using System.Text;

namespace Retention.Sandbox.Web;

/// <summary>The sandbox's page frame. Everything that comes from data goes through <see cref="E"/>.</summary>
public static class Html
{
    /// <summary>HTML-encodes text for an element or a quoted attribute.</summary>
    public static string E(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK)
    {
        // Titles the sandbox names itself ("Shop", "My rewards") in the chosen language; a name from data stays as it is.
        title = SandboxTexts.T(title);
        string T(string english) => E(SandboxTexts.T(english));
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(SandboxLanguage.Current).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · ").Append(T("Retention sandbox")).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/css/sandbox.css\">\n</head>\n<body>\n")
            .Append("<header><a class=\"brand\" href=\"/\">").Append(T("Retention sandbox")).Append("</a>\n<nav>")
            .Append("<a href=\"/admin\">").Append(T("Admin")).Append("</a><a href=\"/shop\">").Append(T("Shop")).Append("</a><a href=\"/admin/workflows\">")
            .Append(T("Workflows")).Append("</a><a href=\"/outbox\">").Append(T("Outbox")).Append("</a>")
            .Append("</nav>").Append(SandboxLanguage.Switch()).Append("</header>\n<main>\n<h1>").Append(E(title)).Append("</h1>\n")
            .Append(body)
            .Append("\n</main>\n</body>\n</html>\n")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>A row of figure cards: label and value, both encoded.</summary>
    public static string Figures(params (string Label, string Value)[] figures)
    {
        var html = new StringBuilder("<div class=\"figures\">");
        foreach (var (label, value) in figures)
            html.Append("<div class=\"figure\"><span class=\"value\">").Append(E(value)).Append("</span><span class=\"label\">")
                .Append(E(label)).Append("</span></div>");
        return html.Append("</div>").ToString();
    }
}
