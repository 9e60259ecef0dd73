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

    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string path, params (string Name, string Value)[] fields) =>
        await Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

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
