using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Retention.Core.Dashboard;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The dashboard's JSON, CSV and assets over HTTP, built by Core over the sandbox's SQLite store.</summary>
public sealed class DashboardWebTests
{
    private SandboxServer _server = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await (await SandboxServer.PrepareAsync(customers: 300)).StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseAddress), Timeout = TimeSpan.FromMinutes(3) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    [Test]
    public async Task Dashboard_json_is_the_snapshot_contract_for_the_sandbox_day()
    {
        var json = await _http.GetStringAsync("/api/admin/dashboard?store=1");

        var snapshot = DashboardSnapshot.FromJson(json);
        Assert.That(snapshot, Is.Not.Null);
        Assert.That(snapshot!.AsOf, Is.EqualTo(new DateOnly(2026, 2, 1)));
        Assert.That(snapshot.Periods[0].Kpis.Select(k => k.Key), Is.EqualTo(new[]
            { "customers", "activeCustomers", "rpr", "crr", "churn", "aov", "ltv", "tbp", "nps", "csat", "pointsLiability", "pointsLiabilityWithPending", "attributedRevenue" }));
        Assert.That(snapshot.Periods[0].Kpis[0].Value, Is.GreaterThan(0));
        Assert.That(snapshot.Cohorts, Is.Not.Empty);
        Assert.That(snapshot.StoreToday, Is.EqualTo(new DateOnly(2026, 2, 1)), "served with the sandbox clock's day");
        using var doc = JsonDocument.Parse(json);
        Assert.That(doc.RootElement.GetProperty("periods")[0].GetProperty("kpis")[8].GetProperty("value").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(await _http.GetStringAsync("/api/admin/dashboard"), Is.EqualTo(json), "the snapshot is built once and then only read");
    }

    [Test]
    public async Task Demo_store_report_has_holdout_figures_although_its_calibration_fit_finds_no_drop_out()
    {
        // This store's calibration fit lands on a ≈ 4·10⁵, b ≈ 2·10⁶, where the ₂F₁ series overflows: the holdout used to
        // be replaced by "series did not converge".
        var holdout = DashboardSnapshot.FromJson(await _http.GetStringAsync("/api/admin/dashboard?store=1"))!.Prediction.Holdout;

        Assert.That(holdout, Is.Not.Null);
        Assert.That(holdout!.Note, Is.Null);
        Assert.That(holdout.Customers, Is.GreaterThan(0));
        Assert.That(holdout.PredictedPurchases, Is.GreaterThan(0).And.LessThan(10 * (holdout.ActualPurchases + 1)));
        Assert.That(holdout.ByFrequency.Where(g => g.Customers > 0).Select(g => g.PredictedMean), Is.All.Not.Null);
    }

    [Test]
    public async Task Dashboard_json_says_beside_each_fits_estimates_how_its_search_ended()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/api/admin/dashboard?store=1"));
        var prediction = doc.RootElement.GetProperty("prediction");

        foreach (var model in new[] { "bgNbd", "gammaGamma" })
        {
            var fit = prediction.GetProperty(model).GetProperty("fit");
            TestContext.Out.WriteLine($"{model}: {fit}");
            Assert.That(fit.GetProperty("converged").GetBoolean(), Is.True, $"{model}: an unconverged fit is never shown");
            Assert.That(fit.GetProperty("atBoundary").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False), model);
            Assert.That(fit.GetProperty("gradientNorm").GetDouble(), Is.GreaterThanOrEqualTo(0), model);
        }
    }

    [Test]
    public async Task Csv_exports_download_with_a_header_and_an_unknown_one_is_refused_by_name()
    {
        var response = await _http.GetAsync("/api/admin/dashboard.csv?name=cohorts&store=1");
        var bad = await _http.GetAsync("/api/admin/dashboard.csv?name=everything");
        var badStore = await _http.GetAsync("/api/admin/dashboard?store=abc");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("cohort,size,partial_month,month_0"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        // The reason is a JSON string (escaped: ' is \u0027), so it is read as one.
        Assert.That(JsonSerializer.Deserialize<string>(await bad.Content.ReadAsStringAsync()), Does.Contain("There is no 'everything' export"));
        Assert.That(badStore.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_segments_customers_download_as_csv_and_add_up_to_the_segment_count_the_dashboard_shows()
    {
        var snapshot = DashboardSnapshot.FromJson(await _http.GetStringAsync("/api/admin/dashboard?store=1"))!;
        var loyal = snapshot.Segments.Single(s => s.Key == "Loyal");

        var response = await _http.GetAsync("/api/admin/segment.csv?segment=loyal&store=1");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var bad = await _http.GetAsync("/api/admin/segment.csv?segment=Royalty&store=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(lines[0], Is.EqualTo("customer_id,recency,frequency,monetary,rfm,segment,revenue"));
        Assert.That(loyal.Customers, Is.GreaterThan(0), "the demo store has loyal customers");
        Assert.That(lines.Length - 1, Is.EqualTo(loyal.Customers));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonSerializer.Deserialize<string>(await bad.Content.ReadAsStringAsync()), Does.Contain("There is no segment 'Royalty'"));
    }

    [Test]
    public async Task The_plugins_script_and_stylesheet_and_nopCommerces_chart_js_are_served_at_nopCommerces_paths()
    {
        var script = await _http.GetStringAsync("/Plugins/Misc.Retention/Content/retention-dashboard.js");
        var pluginScript = await File.ReadAllTextAsync(Path.Combine(Root(), "Plugins/Nop.Plugin.Misc.Retention/Content/retention-dashboard.js"));
        var chart = await _http.GetAsync(DashboardPages.ChartJsPath);
        var admin = await _http.GetStringAsync("/admin");

        Assert.That(script, Is.EqualTo(pluginScript), "the very file the plugin ships");
        Assert.That(chart.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the sandbox's build puts Chart.js in place (FetchChartJs)");
        Assert.That(admin, Does.Contain("class=\"retention-dashboard\" data-mode=\"widget\""));
        Assert.That(admin, Does.Contain("/Plugins/Misc.Retention/Content/retention-dashboard.js"));
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Retention.Plugin.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
