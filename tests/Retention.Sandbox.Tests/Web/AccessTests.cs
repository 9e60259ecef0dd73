using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>
/// What a request can read and change in the sandbox. The sandbox has no sign-in — <c>?customer=N</c> says whose shop
/// to show, on 127.0.0.1 only — so "a shopper reads only their own points" means here: every shopper answer holds the
/// named customer's points and nobody else's, a malformed id reads nothing, and a change needs the antiforgery token of
/// the session that loaded the form.
/// </summary>
public sealed class AccessTests
{
    private static readonly StoreId Store = new(1);
    private SandboxServer _server = null!;
    private HttpClient _http = null!;
    private int _alice;
    private int _bob;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SandboxServer.PrepareAsync(customers: 300);
        await using (var db = _server.State.Database.CreateContext())
        {
            var withPoints = await db.Ledger.Where(l => l.StoreId == 1).Select(l => l.CustomerId).Distinct().OrderBy(c => c).Take(2).ToListAsync();
            (_alice, _bob) = (withPoints[0], withPoints[1]);
        }
        // A note only Bob's history holds: it must never reach Alice's pages.
        var clock = new SandboxClock(_server.State.AsOfUtc, _server.State.LoadedUtc);
        await SandboxLoyaltyStores.Ledger(_server.State.Database).TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey("test:bob-secret"), Store = Store, Customer = new CustomerId(_bob), Points = 7, Reason = LedgerReason.AdminAdjustment,
            Source = LedgerSource.Admin, Note = "bob-secret-note", CreatedUtc = clock.UtcNow.AddDays(-1), ActivatesUtc = clock.UtcNow.AddDays(-1),
        });
        await _server.StartAsync();
        _http = NewClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    private HttpClient NewClient() =>
        new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.BaseAddress) };

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<int> LedgerEntriesAsync(int customer)
    {
        await using var db = _server.State.Database.CreateContext();
        return await db.Ledger.CountAsync(l => l.StoreId == 1 && l.CustomerId == customer);
    }

    [TestCase("/shop/rewards?customer={0}")]
    [TestCase("/shop?customer={0}")]
    [TestCase("/api/shop/rewards?customer={0}")]
    [TestCase("/api/shop/checkout?customer={0}")]
    public async Task A_shoppers_answer_holds_that_customers_points_and_not_another_customers(string template)
    {
        var (aliceStatus, alice) = await GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _alice));
        var (bobStatus, bob) = await GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _bob));

        Assert.That((aliceStatus, bobStatus), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(alice, Does.Not.Contain("bob-secret-note"));
        if (template.Contains("rewards", StringComparison.Ordinal))
            Assert.That(bob, Does.Contain("bob-secret-note"), "the note is there to be leaked");
    }

    [Test]
    public async Task The_rewards_json_lists_exactly_the_named_customers_entries()
    {
        var (status, body) = await GetAsync($"/api/shop/rewards?customer={_alice}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var root = JsonDocument.Parse(body).RootElement;
        Assert.That(root.GetProperty("customer").GetInt32(), Is.EqualTo(_alice));
        Assert.That(root.GetProperty("history").GetArrayLength(), Is.EqualTo(Math.Min(50, await LedgerEntriesAsync(_alice))));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("1 OR 1=1")]
    [TestCase("1;DROP TABLE Ledger")]
    [TestCase("99999999999")]
    [TestCase("0x1")]
    [TestCase("1e2")]
    [TestCase("%201")]
    [TestCase("1,2")]
    [TestCase("")]
    public async Task A_malformed_customer_id_reads_nobodys_points(string raw)
    {
        foreach (var path in new[] { "/shop/rewards?customer=", "/shop?customer=", "/api/shop/rewards?customer=", "/api/shop/checkout?customer=", "/admin/customers/" })
        {
            var (status, body) = await GetAsync(path + raw);

            Assert.That(status, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.OK), path + raw);
            if (status == HttpStatusCode.OK)
                Assert.That(path, Is.AnyOf("/shop?customer=", "/shop/rewards?customer="),
                    "only the shop's customer picker and the guests' rewards panel answer an empty id with a page");
            Assert.That(body, Does.Not.Contain("\"available\"").And.Not.Contain("Available points").And.Not.Contain("bob-secret-note"), path + raw);
        }
    }

    // A real customer's id with something around it: .NET's integer parser takes "7\0" as 7, and Trim() took "7 " or "7\n".
    [TestCase("{0}%00")]
    [TestCase("{0}%00%00")]
    [TestCase("{0}%0A")]
    [TestCase("{0}%09")]
    [TestCase("{0}%20")]
    [TestCase("%20{0}")]
    [TestCase("%2B{0}")]
    [TestCase("0{0}")]
    [TestCase("{0}.0")]
    [TestCase("{0}%C2%A0")]
    public async Task A_customer_id_that_is_not_a_plain_decimal_number_is_refused_with_400_on_every_route_that_takes_one(string template)
    {
        var raw = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _bob);
        var links = new Retention.Core.Workflows.LinkSigner(await Retention.Sandbox.Workflows.SandboxWorkflows.LinkSecretAsync(_server.State.Database));
        var cart = links.Sign(new Retention.Core.Workflows.LinkPayload(Retention.Core.Workflows.LinkPurpose.CartRestore, Store, new CustomerId(_bob), 0, 0, "cart:access",
            0, _server.State.AsOfUtc.AddYears(1)));
        string bobsEmail;
        await using (var db = _server.State.Database.CreateContext())
            bobsEmail = (await db.Customers.SingleAsync(c => c.Id == _bob)).Email!;
        var routes = new[]
        {
            "/shop?customer=", "/shop/rewards?customer=", "/shop/product/1?customer=", "/admin/customers/", "/api/shop/rewards?customer=",
            "/api/shop/checkout?customer=", "/api/shop/product/1?customer=", "/outbox?customer=", "/admin/workflows/AbandonedCart/preview?step=0&customer=",
            $"/retention/cart/{Uri.EscapeDataString(cart)}?customer=",
        };

        foreach (var path in routes)
        {
            var (status, body) = await GetAsync(path + raw);

            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), path + raw);
            Assert.That(body, Does.Not.Contain("\"available\"").And.Not.Contain("Available points").And.Not.Contain("bob-secret-note")
                .And.Not.Contain(bobsEmail).And.Not.Contain(WebUtility.HtmlEncode(bobsEmail)), path + raw);
        }
    }

    [Test]
    public async Task An_adjustment_needs_the_token_of_the_session_that_loaded_the_form_and_a_post()
    {
        var before = await LedgerEntriesAsync(_alice);
        var (_, page) = await GetAsync($"/admin/customers/{_alice}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(token, Is.Not.Empty);

        FormUrlEncodedContent Form(string? withToken) => new(new Dictionary<string, string>
        {
            ["points"] = "1000", ["reason"] = "forged", ["requestId"] = Guid.NewGuid().ToString("N"),
        }.Concat(withToken == null ? [] : new[] { KeyValuePair.Create("__RequestVerificationToken", withToken) }));

        using var stranger = NewClient(); // another browser: the form's token without its cookie
        using (var noToken = await _http.PostAsync($"/admin/customers/{_alice}/adjust", Form(null)))
            Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var wrongSession = await stranger.PostAsync($"/admin/customers/{_alice}/adjust", Form(token)))
            Assert.That(wrongSession.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var garbled = await _http.PostAsync($"/admin/customers/{_alice}/adjust", Form(token[..^4] + "AAAA")))
            Assert.That(garbled.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var get = await _http.GetAsync($"/admin/customers/{_alice}/adjust?points=1000&reason=forged&__RequestVerificationToken={Uri.EscapeDataString(token)}"))
            Assert.That(get.StatusCode, Is.AnyOf(HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotFound));

        Assert.That(await LedgerEntriesAsync(_alice), Is.EqualTo(before), "no refused request wrote a ledger entry");
    }

    [Test]
    public async Task Every_endpoint_that_changes_data_requires_the_antiforgery_token_and_the_sandbox_listens_on_loopback_only()
    {
        var options = SandboxOptions.Parse(new[] { "--data", _server.Folder }, out var error, _ => null);
        Assert.That(error, Is.Null);
        Assert.That(options!.Urls ?? "http://127.0.0.1", Does.Contain("127.0.0.1"), "by default only this machine can reach the sandbox");

        await using var app = SandboxWebApp.Build(options, _server.State);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var unsafeVerbs = new[] { "POST", "PUT", "DELETE", "PATCH" };
        var changing = endpoints.Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(unsafeVerbs.Contains) == true).ToList();

        Assert.That(changing, Is.Not.Empty, "the adjustment form posts");
        // The one exception: a mail client's one-click unsubscribe (RFC 8058) posts without an antiforgery token; the signed
        // token in the address is the proof (the link-page tests prove a tampered one changes nothing).
        const string oneClick = "/retention/u/{token}";
        foreach (var endpoint in changing)
            Assert.That(endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation, endpoint.RoutePattern.RawText == oneClick ? Is.False : Is.True,
                $"{endpoint.RoutePattern.RawText} changes data without an antiforgery check");
        Assert.That(changing.Select(e => e.RoutePattern.RawText), Does.Contain(oneClick));
        TestContext.Out.WriteLine($"{endpoints.Count} endpoints, {changing.Count} changing data, each behind the antiforgery check");
    }
}
