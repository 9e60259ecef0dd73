using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// Customer-controlled text as an attacker would write it — every customer of a seeded demo store renamed to script and
/// markup payloads, with spreadsheet formulas at the start — and an admin's adjustment reason, read back from every place
/// the sandbox shows it: the pages carry it HTML-encoded, the dashboard JSON escapes it, the CSV exports neutralise
/// formulas. <see cref="Payloads"/> is shared with the browser test that proves no script runs.
/// </summary>
public sealed class XssTests
{
    /// <summary>Markup that runs script when a page inserts it as HTML. Each sets <c>window.__xss</c> and raises a dialog.</summary>
    public static readonly string[] Markup =
    {
        "<script>window.__xss=1;alert('xss-script')</script>",
        "\"><img src=x onerror=\"window.__xss=1;alert('xss-img')\">",
        "'><svg onload=\"window.__xss=1;alert('xss-svg')\">",
        "</script><script>window.__xss=1;alert('xss-break')</script>",
        "<a href=\"javascript:window.__xss=1;alert('xss-href')\">x</a>",
    };

    /// <summary>Cell starts a spreadsheet runs as a formula.</summary>
    public static readonly string[] Formulas = { "=cmd|' /C calc'!A0 ", "+1+1 ", "-2+3 ", "@SUM(1+1) ", "\t=1+1 " };

    /// <summary>Every demo customer's first name, last name and e-mail become payloads (by customer id).</summary>
    public static class Payloads
    {
        public static string FirstName(int id) => Formulas[id % Formulas.Length] + Markup[id % Markup.Length];
        public static string LastName(int id) => Markup[(id + 1) % Markup.Length];
        public static string Email(int id) => $"=HYPERLINK(\"http://evil.test\")\"><img src=x onerror=alert({id})>{id}@evil.test";

        /// <summary>Renames every customer of the server's store before it starts (the dashboard snapshot is built on first request).</summary>
        public static async Task ApplyAsync(SandboxServer server)
        {
            await using var db = server.State.Database.CreateContext();
            foreach (var customer in await db.Customers.ToListAsync())
            {
                customer.FirstName = FirstName(customer.Id);
                customer.LastName = LastName(customer.Id);
                customer.Email = Email(customer.Id);
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Fragments that only appear in a page when a payload was written into it as markup.</summary>
    private static readonly string[] LiveMarkup = { "<script>window.__xss", "<img src=x", "<svg onload", "<a href=\"javascript:" };

    private SandboxServer _server = null!;
    private HttpClient _http = null!;
    private int _customer;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SandboxServer.PrepareAsync(customers: 400);
        await Payloads.ApplyAsync(_server);
        await using (var db = _server.State.Database.CreateContext())
            _customer = await db.Ledger.Select(l => l.CustomerId).OrderBy(c => c).FirstAsync();
        // Admin-entered text: a tier name every shopper's JSON carries (as the next tier, out of everyone's reach), and an adjustment reason.
        var settings = await new EfLoyaltySettingsStore(_server.State.Database).LoadAsync(Store);
        // Stored past validation (tier names with < or > are refused now), as a store that saved it earlier holds it:
        // every output must still encode it.
        await JsonSettingsRows.SaveAsync<LoyaltySettingsRow>(_server.State.Database, Store.Value, JsonSerializer.Serialize(settings with
        {
            TierBasis = TierBasis.Spend,
            Tiers = new[] { new TierDefinition(TierName, 1_000_000m, 2m) },
        }), CancellationToken.None);
        var clock = new SandboxClock(_server.State.AsOfUtc, _server.State.LoadedUtc);
        await SandboxLoyaltyStores.Ledger(_server.State.Database).TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey("test:xss-reason"), Store = Store, Customer = new CustomerId(_customer), Points = 3, Reason = LedgerReason.AdminAdjustment,
            Source = LedgerSource.Admin, Note = AdminReason, CreatedUtc = clock.UtcNow.AddDays(-1), ActivatesUtc = clock.UtcNow.AddDays(-1),
        });
        await _server.StartAsync();
        _http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.BaseAddress) };
    }

    private static readonly StoreId Store = new(1);
    private const string TierName = "Gold</script><img src=x onerror=alert(1)> & 'co'";
    private const string AdminReason = "Goodwill <b>bonus</b> & 'thanks' </script>";

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    private async Task<string> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {body[..Math.Min(body.Length, 300)]}");
        return body;
    }

    private static void NoLiveMarkup(string path, string body)
    {
        foreach (var fragment in LiveMarkup)
            Assert.That(body, Does.Not.Contain(fragment), $"{path} carries a payload as markup");
    }

    [TestCase("/shop/rewards?customer={0}")]
    [TestCase("/shop?customer={0}")]
    [TestCase("/admin/customers/{0}")]
    [TestCase("/shop/product/1?customer={0}")]
    public async Task Pages_that_show_a_customers_name_and_email_carry_them_html_encoded(string template)
    {
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _customer);

        var body = await GetAsync(path);

        NoLiveMarkup(path, body);
        Assert.That(body, Does.Contain(WebUtility.HtmlEncode(Payloads.LastName(_customer))), $"{path} shows the (encoded) name");
    }

    [Test]
    public async Task The_outbox_page_encodes_recipient_names_and_tokens()
    {
        var body = await GetAsync("/outbox");

        NoLiveMarkup("/outbox", body);
    }

    [Test]
    public async Task Dashboard_json_escapes_markup_and_keeps_the_names_exact()
    {
        var raw = await GetAsync("/api/admin/dashboard");

        Assert.That(raw, Does.Not.Contain("<"), "the JSON a page may embed in a script element holds no '<'");
        var atRisk = JsonDocument.Parse(raw).RootElement.GetProperty("atRisk").GetProperty("customers");
        Assert.That(atRisk.GetArrayLength(), Is.GreaterThan(0), "the at-risk list is there to be attacked");
        foreach (var c in atRisk.EnumerateArray())
        {
            var id = c.GetProperty("customerId").GetInt32();
            Assert.That(c.GetProperty("name").GetString(), Is.EqualTo(Payloads.FirstName(id) + " " + Payloads.LastName(id)));
            Assert.That(c.GetProperty("email").GetString(), Is.EqualTo(Payloads.Email(id)));
        }
    }

    /// <summary>
    /// Every JSON answer that carries text an admin or a customer typed (tier names, an adjustment reason, customer names,
    /// an id echoed in an error) holds none of &lt; &gt; &amp; ' raw, so a page that embeds it in a script element or an
    /// attribute cannot be broken out of; parsed, the text is exact.
    /// </summary>
    [Test]
    public async Task Json_answers_carrying_typed_text_hold_no_raw_markup_characters_and_the_text_is_exact()
    {
        var paths = new[]
        {
            $"/api/shop/rewards?customer={_customer}", $"/api/shop/checkout?customer={_customer}", "/api/admin/dashboard", "/api/admin/summary",
            "/api/health", "/api/shop/rewards?customer=%3Cscript%3E%26%27", "/api/shop/product/%3Cb%3E%26%27", $"/api/shop/product/1?customer=%3Cb%3E",
        };
        foreach (var path in paths)
        {
            using var response = await _http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), path);
            foreach (var c in "<>&'")
                Assert.That(body, Does.Not.Contain(c.ToString()), $"{path} carries a raw {c}: {body[..Math.Min(body.Length, 300)]}");
        }

        using var rewards = await _http.GetAsync($"/api/shop/rewards?customer={_customer}");
        var root = JsonDocument.Parse(await rewards.Content.ReadAsStringAsync()).RootElement;
        Assert.That(root.GetProperty("tier").GetProperty("next").GetString(), Is.EqualTo(TierName));
        Assert.That(root.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("note").GetString()), Does.Contain(AdminReason));
    }

    [Test]
    public async Task At_risk_csv_neutralises_every_formula_a_customer_wrote_into_their_name_or_email()
    {
        var csv = await GetAsync("/api/admin/dashboard.csv?name=at-risk");

        var rows = ParseCsv(csv);
        Assert.That(rows[0][1..3], Is.EqualTo(new[] { "name", "email" }));
        Assert.That(rows.Count, Is.GreaterThan(1));
        foreach (var row in rows.Skip(1))
        {
            var id = int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (cell, written) in new[] { (row[1], Payloads.FirstName(id) + " " + Payloads.LastName(id)), (row[2], Payloads.Email(id)) })
            {
                Assert.That("=+-@\t\r".Contains(cell[0]), Is.False, $"customer {id}: a spreadsheet would run '{cell}'");
                Assert.That(cell, Is.EqualTo("'" + written), $"customer {id}: the text itself is kept after the quote mark");
            }
        }
    }

    [Test]
    public async Task An_adjustment_reason_with_markup_is_encoded_on_the_admin_page_and_the_shoppers_history()
    {
        var page = await GetAsync($"/admin/customers/{_customer}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var requestId = Regex.Match(page, "name=\"requestId\" value=\"([^\"]+)\"").Groups[1].Value;
        var reason = "=1+1 " + Markup[0] + Markup[1];

        using (var saved = await _http.PostAsync($"/admin/customers/{_customer}/adjust", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = token, ["points"] = "5", ["reason"] = reason, ["requestId"] = requestId,
               })))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());

        foreach (var path in new[] { $"/admin/customers/{_customer}", $"/shop/rewards?customer={_customer}" })
        {
            var body = await GetAsync(path);
            NoLiveMarkup(path, body);
            Assert.That(body, Does.Contain(WebUtility.HtmlEncode(reason)), $"{path} shows the reason, encoded");
        }
        // JSON is data, not a page: served as application/json (a browser never renders it as HTML) with the text exact.
        using var json = await _http.GetAsync($"/api/shop/rewards?customer={_customer}");
        Assert.That(json.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var notes = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("note").GetString());
        Assert.That(notes, Does.Contain(reason));
    }

    /// <summary>RFC 4180 (quoted fields, doubled quotes, CRLF or LF rows), for reading the exports back.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row.ToArray());
                row.Clear();
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row.ToArray()); }
        return rows;
    }
}
