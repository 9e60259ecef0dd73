using System.Net;
using System.Text.RegularExpressions;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// A browser-less visitor of the sandbox for the workflow page tests: keeps cookies (antiforgery, the guest visitor), never
/// follows redirects (the tests look at them), and posts forms with the antiforgery token a page handed out.
/// </summary>
public sealed partial class WorkflowWeb : IDisposable
{
    private string? _antiforgery;

    public WorkflowWeb(SandboxServer server)
    {
        Http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseAddress) };
    }

    public HttpClient Http { get; }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Remember(body);
        return (response.StatusCode, body);
    }

    /// <summary>Posts the fields with the antiforgery token of the last page read (reading <paramref name="tokenPage"/> first when none was).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string tokenPage, params (string Name, string Value)[] fields)
    {
        if (_antiforgery == null)
            await GetAsync(tokenPage);
        Assert.That(_antiforgery, Is.Not.Null, $"{tokenPage} hands out an antiforgery token");
        return await PostWithoutTokenAsync(path, fields.Append(("__RequestVerificationToken", _antiforgery!)).ToArray());
    }

    /// <summary>
    /// Follows a clock advance job's page (where the advance redirects) until it shows the report: the report page. Fails
    /// if the job fails or takes longer than two minutes.
    /// </summary>
    public async Task<string> FinishedClockJobAsync(string jobPage)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var (status, body) = await GetAsync(jobPage);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Not.Contain("id=\"clock-failed\""));
            if (body.Contains("id=\"clock-result\"", StringComparison.Ordinal))
                return body;
            Assert.That(body, Does.Contain("id=\"clock-running\"").And.Contain("<meta http-equiv=\"refresh\""), "a running job's page refreshes itself");
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the advance job finishes");
            await Task.Delay(50);
        }
    }

    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string path, params (string Name, string Value)[] fields) =>
        await Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    /// <summary>
    /// What a browser would post from the form with <paramref name="formId"/>: inputs by value, ticked checkboxes only,
    /// each select's chosen option (else its first), textareas' text. Enough for the sandbox's own server-written forms.
    /// </summary>
    public static Dictionary<string, string> FormFields(string page, string formId)
    {
        var start = page.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"the page has a form #{formId}");
        var form = page[start..page.IndexOf("</form>", start, StringComparison.Ordinal)];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(form))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            if (name is null or "__RequestVerificationToken" || (Attribute(tag, "type") == "checkbox" && !tag.Contains(" checked", StringComparison.Ordinal)))
                continue;
            fields[name] = Attribute(tag, "value") ?? "";
        }
        foreach (Match select in SelectTag().Matches(form))
        {
            var options = OptionTag().Matches(select.Groups[2].Value).ToList();
            var chosen = options.FirstOrDefault(o => o.Value.Contains(" selected", StringComparison.Ordinal)) ?? options.FirstOrDefault();
            fields[WebUtility.HtmlDecode(select.Groups[1].Value)] = chosen == null ? "" : WebUtility.HtmlDecode(chosen.Groups[1].Value);
        }
        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<select name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectTag();

    [GeneratedRegex("<option value=\"([^\"]*)\"[^>]*>")]
    private static partial Regex OptionTag();

    private void Remember(string body)
    {
        var match = TokenField().Match(body);
        if (match.Success)
            _antiforgery = WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => Http.Dispose();
}
