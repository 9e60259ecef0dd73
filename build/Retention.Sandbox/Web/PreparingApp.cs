using System.Globalization;
using System.Net;
using System.Text;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Web;

/// <summary>
/// What answers on the sandbox's address while the database is prepared (a first start builds the demo store, which takes
/// a while on a small machine): every page is a "preparing" page that names the stage and reloads itself, and the API says
/// 503 with Retry-After, so a person sees at once that the sandbox is on its way and a farm's health check waits. It stops
/// when the database is ready and the real app takes the address over.
/// </summary>
public static class PreparingApp
{
    /// <summary>Seconds between the page's reloads.</summary>
    public const int RefreshSeconds = 2;

    /// <summary>Starts listening on the sandbox's address; the caller stops it (or disposes it) before the real app starts.</summary>
    public static async Task<WebApplication> StartAsync(SandboxOptions options, SetupProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls ?? $"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async http =>
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = RefreshSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";
            var (done, current, elapsed) = progress.Read();
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await http.Response.WriteAsJsonAsync(new { preparing = true, stage = current, seconds = Math.Round(elapsed.TotalSeconds, 1) });
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(Page(done, current, elapsed));
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>The page: the stages done with their seconds, the one running, and a reload every <see cref="RefreshSeconds"/> seconds.</summary>
    public static string Page(IReadOnlyList<(string Stage, TimeSpan Took)> done, string current, TimeSpan elapsed)
    {
        var list = new StringBuilder();
        foreach (var (stage, took) in done)
            list.Append("<li class=\"done\">").Append(WebUtility.HtmlEncode(stage)).Append(" — ")
                .Append(took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</li>\n");
        list.Append("<li class=\"current\" id=\"stage\">").Append(WebUtility.HtmlEncode(current)).Append("…</li>\n");
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="{{RefreshSeconds}}">
            <title>Preparing the sandbox</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
            li.done{color:#2e7d32}li.current{font-weight:600}</style></head>
            <body><h1 id="preparing">Preparing the sandbox</h1>
            <p>The first start builds the demo store: customers, orders, the loyalty program's history and months of workflow
            emails. This page reloads by itself and becomes the sandbox when the data is ready
            ({{elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}} s so far).</p>
            <ol>
            {{list}}</ol>
            </body></html>
            """;
    }
}
