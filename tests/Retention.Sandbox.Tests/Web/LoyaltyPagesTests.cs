using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The loyalty pages and JSON over HTTP, against a demo store whose history was replayed through the program.</summary>
public sealed class LoyaltyPagesTests
{
    private const int Sneaky = 900_002;
    private static readonly StoreId Store = new(1);
    private SandboxServer _server = null!;
    private HttpClient _http = null!;
    private SandboxState _state = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SandboxServer.PrepareAsync(customers: 300);
        _state = _server.State;
        await using (var db = _state.Database.CreateContext())
        {
            db.Customers.Add(new CustomerFact
            {
                Id = Sneaky, CustomerGuid = Guid.NewGuid(), FirstName = "<script>alert(1)</script>", LastName = "O'Hara & Co",
                Email = "x\"><img src=x>@example.com", Active = true, RegisteredInStoreId = 1, CreatedOnUtc = _state.AsOfUtc, LastActivityDateUtc = _state.AsOfUtc,
            });
            await db.SaveChangesAsync();
        }
        await _server.StartAsync();
        _http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.BaseAddress) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private async Task<int> CustomerWithCartAndPointsAsync()
    {
        await using var db = _state.Database.CreateContext();
        var withPoints = await db.Ledger.GroupBy(l => l.CustomerId).Where(g => g.Sum(l => l.Points) > 0).Select(g => g.Key).ToListAsync();
        var withCart = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
        return withPoints.Intersect(withCart).Order().First();
    }

    private async Task<PointsBalance> BalanceAsync(int customer) =>
        await SandboxLoyaltyStores.Ledger(_state.Database).GetBalanceAsync(Store, new CustomerId(customer), new SandboxClock(_state.AsOfUtc, _state.LoadedUtc).UtcNow);

    [Test]
    public async Task The_replayed_demo_has_purchases_bonuses_redemptions_expiries_and_tier_holders()
    {
        await using var db = _state.Database.CreateContext();
        var reasons = await db.Ledger.Select(l => l.ReasonId).Distinct().ToListAsync();
        Assert.That(reasons, Is.SupersetOf(new[] { LedgerReason.Purchase, LedgerReason.RegistrationBonus, LedgerReason.ReviewBonus, LedgerReason.Redemption, LedgerReason.Expiry }.Select(r => (int)r)));
        var tiers = await db.TierStandings.Where(s => s.Tier != null).Select(s => s.Tier).Distinct().ToListAsync();
        Assert.That(tiers, Is.SupersetOf(new[] { "Bronze", "Silver" }));
        Assert.That(await db.LoyaltySettings.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Checkout_widget_shows_the_ledger_balance_and_what_the_cart_earns()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var json = await JsonAsync($"/api/shop/checkout?customer={customer}");
        var balance = await BalanceAsync(customer);

        var (status, body) = await GetAsync($"/shop?customer={customer}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("available").GetInt32(), Is.EqualTo(balance.Available));
        Assert.That(json.GetProperty("cartPoints").GetInt32(), Is.GreaterThan(0));
        Assert.That(body, Does.Contain($"<strong>{balance.Available.ToString("N0", CultureInfo.InvariantCulture)} points</strong>"));
        Assert.That(body, Does.Contain($"This order earns <strong>{json.GetProperty("cartPoints").GetInt32().ToString("N0", CultureInfo.InvariantCulture)} points</strong>"));
        Assert.That(body, Does.Contain("class=\"progress\"").And.Contain("Tier:"));
    }

    [Test]
    public async Task Rewards_page_lists_the_history_and_a_referral_link_that_names_the_customer()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var (status, body) = await GetAsync($"/shop/rewards?customer={customer}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("Welcome bonus").And.Contain("Available points").And.Contain("Expiring soon"));
        var code = Regex.Match(body, @"register\?ref=([A-Za-z0-9_\-]+)").Groups[1].Value;
        var secret = await File.ReadAllBytesAsync(Path.Combine(_server.Folder, ReferralSecret.FileName));
        Assert.That(ReferralCodes.Read(Store, code, secret), Is.EqualTo(new CustomerId(customer)));
    }

    [Test]
    public async Task Rewards_page_encodes_the_customers_name()
    {
        var (status, body) = await GetAsync($"/shop/rewards?customer={Sneaky}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Contain("O&#39;Hara &amp; Co"));
        Assert.That(body, Does.Not.Contain("<script>").And.Not.Contain("<img"));
    }

    // Demo settings: 10 points per dollar, tea ×2, no promotion running in February 2026; a guest has no tier.
    [TestCase(1, 99)]   // House Blend 250 g, 9.90
    [TestCase(9, 150)]  // Earl Grey, 7.50, tea ×2
    [TestCase(30, 0)]   // gift card: points when it is spent
    public async Task Product_page_shows_earn_n_points_for_a_guest(int product, int points)
    {
        var (status, body) = await GetAsync($"/shop/product/{product}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain($"Earn <strong>{points}</strong> points"));
        Assert.That((await JsonAsync($"/api/shop/product/{product}")).GetProperty("points").GetInt32(), Is.EqualTo(points));
    }

    [TestCase("/shop/rewards?customer=abc", HttpStatusCode.BadRequest, "is not a customer id")]
    [TestCase("/shop/rewards?customer=999999999", HttpStatusCode.NotFound, "There is no customer 999999999")]
    [TestCase("/shop/product/999", HttpStatusCode.NotFound, "There is no product 999")]
    [TestCase("/api/shop/rewards", HttpStatusCode.BadRequest, "is not a customer id")]
    [TestCase("/api/shop/checkout?customer=999999999", HttpStatusCode.NotFound, "There is no customer")]
    [TestCase("/admin/loyalty/report?from=2026-13-01", HttpStatusCode.BadRequest, "From: &#39;2026-13-01&#39; is not a date")]
    [TestCase("/admin/loyalty/report?from=2026-02-01&to=2026-01-01", HttpStatusCode.BadRequest, "must not be after the last day")]
    [TestCase("/admin/loyalty/report?from=2024-01-01&to=2026-01-01", HttpStatusCode.BadRequest, "at most 366 days")]
    [TestCase("/admin/loyalty/report.csv?store=x", HttpStatusCode.BadRequest, "Store: 'x' is not a store id")]
    public async Task Bad_input_gets_a_clear_message(string path, HttpStatusCode expected, string text)
    {
        var (status, body) = await GetAsync(path);

        Assert.That(status, Is.EqualTo(expected));
        Assert.That(body, Does.Contain(text));
    }

    [Test]
    public async Task Report_days_chain_and_the_last_closing_is_the_ledger_sum_at_its_end()
    {
        var (status, csv) = await GetAsync("/admin/loyalty/report.csv?store=1&from=2026-01-01&to=2026-01-31");
        var (htmlStatus, html) = await GetAsync("/admin/loyalty/report?store=1&from=2026-01-01&to=2026-01-31");
        await using var db = _state.Database.CreateContext();
        var end = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        var ledgerAtEnd = await db.Ledger.Where(l => l.StoreId == 1 && l.CreatedOnUtc < end).SumAsync(l => l.Points);

        Assert.That((status, htmlStatus), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.StartWith("day,store,opening,earned,bonuses,adjusted,reversed,redeemed,reimbursed,expired,closing,pending_at_close"));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows, Has.Count.EqualTo(31));
        for (var i = 1; i < rows.Count; i++)
            Assert.That(rows[i][2], Is.EqualTo(rows[i - 1][10]), $"opening of {rows[i][0]} is the closing of the day before");
        Assert.That(int.Parse(rows[^1][10], CultureInfo.InvariantCulture), Is.EqualTo(ledgerAtEnd));
        Assert.That(html, Does.Contain("<td class=\"num\">2026-01-31</td>").And.Contain("Download CSV"));
    }

    [Test]
    public async Task Admin_adjustment_needs_the_antiforgery_token_shows_field_errors_and_saves_once_per_request_id()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var before = await BalanceAsync(customer);
        var (status, page) = await GetAsync($"/admin/customers/{customer}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var requestId = Regex.Match(page, "name=\"requestId\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(token, Is.Not.Empty);

        async Task<HttpResponseMessage> PostAsync(params (string, string)[] fields) =>
            await _http.PostAsync($"/admin/customers/{customer}/adjust", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));

        using (var forged = await PostAsync(("points", "250"), ("reason", "Goodwill"), ("requestId", requestId)))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a post without the antiforgery token is refused");

        using (var invalid = await PostAsync(("__RequestVerificationToken", token), ("points", "12x"), ("reason", ""), ("requestId", requestId)))
        {
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("Enter a whole number of points"));
        }
        using (var noReason = await PostAsync(("__RequestVerificationToken", token), ("points", "250"), ("reason", " "), ("requestId", requestId)))
            Assert.That(await noReason.Content.ReadAsStringAsync(), Does.Contain("A reason is required."));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var saved = await PostAsync(("__RequestVerificationToken", token), ("points", "250"), ("reason", "Goodwill <b>gesture</b>"), ("requestId", requestId));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"attempt {attempt}");
        }

        var after = await BalanceAsync(customer);
        Assert.That(after.Available, Is.EqualTo(before.Available + 250), "the same request id saves once");
        var (_, shown) = await GetAsync($"/admin/customers/{customer}?adjusted=1");
        Assert.That(shown, Does.Contain("The adjustment was saved").And.Contain("Goodwill &lt;b&gt;gesture&lt;/b&gt;").And.Contain(LoyaltyPages.Actor));
    }

    [Test]
    public async Task Admin_adjustment_is_bounded_asks_before_overdrawing_and_refuses_a_hostile_reason_with_a_message()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var before = await BalanceAsync(customer);
        var (_, page) = await GetAsync($"/admin/customers/{customer}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        async Task<(HttpStatusCode Status, string Body)> PostAsync(params (string, string)[] fields)
        {
            using var response = await _http.PostAsync($"/admin/customers/{customer}/adjust",
                new FormUrlEncodedContent(fields.Prepend(("__RequestVerificationToken", token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var huge = await PostAsync(("points", "2147483647"), ("reason", "typo"), ("requestId", "r-huge"));
        var longReason = await PostAsync(("points", "5"), ("reason", new string('x', 200_000)), ("requestId", "r-long"));
        var nul = await PostAsync(("points", "5"), ("reason", "bad\0reason"), ("requestId", "r-nul"));
        var overdraw = before.Available + 10;
        var unconfirmed = await PostAsync(("points", (-overdraw).ToString(CultureInfo.InvariantCulture)), ("reason", "fraud"), ("requestId", "r-over"));
        var confirmed = await PostAsync(("points", (-overdraw).ToString(CultureInfo.InvariantCulture)), ("reason", "fraud"), ("requestId", "r-over"), ("confirmOverdraw", "on"));

        Assert.That(huge.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(huge.Body, Does.Contain("One adjustment can add or take at most 100,000 points"));
        Assert.That(longReason.Body, Does.Contain("Keep the reason to 500 characters."));
        Assert.That(nul.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        // The form reader refuses a NUL before any handler runs; the page still says what happened.
        Assert.That(nul.Body, Does.Contain("id=\"form-refused\">The form could not be read"));
        Assert.That(unconfirmed.Body, Does.Contain("Confirm to take the balance below zero.").And.Contain("name=\"confirmOverdraw\""));
        Assert.That(confirmed.Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await BalanceAsync(customer)).Available, Is.EqualTo(-10));
        var (status, shown) = await GetAsync($"/admin/customers/{customer}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(shown, Does.Contain("-10"));
    }
}
