using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The web app, started in-process on a free port over a small seeded SQLite store.</summary>
public sealed class SandboxWebAppTests
{
    private const int Sneaky = 900_001;
    private SandboxServer _server = null!;
    private HttpClient _http = null!;
    private SandboxState _state = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SandboxServer.PrepareAsync(customers: 400);
        _state = _server.State;

        // A customer and an email whose text would break the page if it were not encoded.
        await using (var db = _state.Database.CreateContext())
        {
            db.Customers.Add(new CustomerFact
            {
                Id = Sneaky, CustomerGuid = Guid.NewGuid(), FirstName = "<script>alert(1)</script>", LastName = "O'Hara & Co",
                Email = "x\"><img src=x>@example.com", Active = true, RegisteredInStoreId = 1,
                CreatedOnUtc = _state.AsOfUtc, LastActivityDateUtc = _state.AsOfUtc,
            });
            await db.SaveChangesAsync();
        }
        await SandboxStores.Outbox(_state.Database).TryEnqueueAsync(new OutboundMessage
        {
            Key = new IdempotencyKey("test:outbox:1"), Store = new StoreId(1), Customer = new CustomerId(Sneaky),
            ToEmail = "x\"><img src=x>@example.com", TemplateName = "Retention.AbandonedCart.Step1",
            Tokens = new Dictionary<string, string> { ["Retention.CartUrl"] = "<b>https://shop/cart?a=1&b=2</b>" },
            IsMarketing = true, CreatedUtc = _state.AsOfUtc,
        });
        await SandboxLoyaltyStores.Ledger(_state.Database).TryAppendAsync(new Core.Loyalty.LedgerEntry
        {
            Key = new IdempotencyKey("test:points:1"), Store = new StoreId(1), Customer = new CustomerId(Sneaky), Points = 1234,
            Reason = Core.Loyalty.LedgerReason.AdminAdjustment, Source = Core.Loyalty.LedgerSource.Admin,
            CreatedUtc = _state.AsOfUtc.AddDays(-30), ActivatesUtc = _state.AsOfUtc.AddDays(-30),
        });

        await _server.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseAddress) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body, string? Type)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Test]
    public async Task Index_links_the_admin_shop_and_outbox_pages()
    {
        var (status, body, type) = await GetAsync("/");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(type, Is.EqualTo("text/html"));
        Assert.That(body, Does.Contain("href=\"/admin\"").And.Contain("href=\"/shop\"").And.Contain("href=\"/outbox\""));
    }

    [Test]
    public async Task Admin_page_shows_the_counts_from_the_database()
    {
        var summary = JsonSerializer.Deserialize<JsonElement>((await GetAsync("/api/admin/summary")).Body);

        var (status, body, _) = await GetAsync("/admin");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain(summary.GetProperty("customers").GetInt32().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(body, Does.Contain(summary.GetProperty("orders").GetInt32().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(body, Does.Contain("Open carts"));
    }

    [Test]
    public async Task Summary_endpoint_counts_customers_orders_revenue_and_carts_as_the_database_does()
    {
        await using var db = _state.Database.CreateContext();
        var customers = db.Customers.Count(c => !c.Deleted);
        var counted = db.Orders.Where(o => o.OrderStatusId != (int)OrderState.Cancelled).ToList();
        var carts = db.CartItems.Select(c => c.CustomerId).Distinct().Count();

        var (status, body, type) = await GetAsync("/api/admin/summary");
        var json = JsonSerializer.Deserialize<JsonElement>(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(type, Is.EqualTo("application/json"));
        Assert.That(json.GetProperty("customers").GetInt32(), Is.EqualTo(customers));
        Assert.That(json.GetProperty("orders").GetInt32(), Is.EqualTo(counted.Count));
        Assert.That(json.GetProperty("revenue").GetDecimal(), Is.EqualTo(counted.Sum(o => o.OrderTotal - o.RefundedAmount)));
        Assert.That(json.GetProperty("openCarts").GetInt32(), Is.EqualTo(carts).And.GreaterThan(0));
        Assert.That(json.GetProperty("abandonedCarts").GetInt32(), Is.InRange(1, carts));
    }

    [Test]
    public async Task Health_endpoint_reports_the_provider_and_the_data_source()
    {
        var (status, body, _) = await GetAsync("/api/health");
        var json = JsonSerializer.Deserialize<JsonElement>(body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(json.GetProperty("database").GetString(), Is.EqualTo("Sqlite"));
        Assert.That(json.GetProperty("source").GetString(), Is.EqualTo("demo"));
    }

    [Test]
    public async Task Shop_page_shows_the_customers_points_and_orders_with_their_name_encoded()
    {
        var (status, body, _) = await GetAsync($"/shop?customer={Sneaky}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("1,234").And.Contain("Points available"));
        Assert.That(body, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Contain("O&#39;Hara &amp; Co"));
        Assert.That(body, Does.Not.Contain("<script>").And.Not.Contain("<img"));
    }

    [Test]
    public async Task Shop_page_counts_a_demo_customers_orders()
    {
        await using var db = _state.Database.CreateContext();
        var buyer = db.Orders.Where(o => o.OrderStatusId != (int)OrderState.Cancelled).GroupBy(o => o.CustomerId)
            .Select(g => new { Customer = g.Key, Orders = g.Count() }).OrderByDescending(g => g.Orders).ThenBy(g => g.Customer).First();

        var (_, body, _) = await GetAsync($"/shop?customer={buyer.Customer}");

        Assert.That(body, Does.Contain($"<span class=\"value\">{buyer.Orders}</span><span class=\"label\">Orders</span>"));
    }

    [TestCase("", HttpStatusCode.OK, "Pick a customer")]
    [TestCase("?customer=%3Cb%3E", HttpStatusCode.BadRequest, "&#39;&lt;b&gt;&#39; is not a customer id")]
    [TestCase("?customer=999999999", HttpStatusCode.NotFound, "There is no customer 999999999")]
    public async Task Shop_page_without_a_valid_customer_explains_itself(string query, HttpStatusCode expected, string text)
    {
        var (status, body, _) = await GetAsync("/shop" + query);

        Assert.That(status, Is.EqualTo(expected));
        Assert.That(body, Does.Contain(text));
    }

    [Test]
    public async Task Outbox_page_lists_queued_messages_with_every_field_encoded()
    {
        var (status, body, _) = await GetAsync("/outbox");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("Retention.AbandonedCart.Step1").And.Contain("test:outbox:1").And.Contain("marketing"));
        Assert.That(body, Does.Contain("&lt;b&gt;https://shop/cart?a=1&amp;b=2&lt;/b&gt;"));
        Assert.That(body, Does.Contain("x&quot;&gt;&lt;img src=x&gt;@example.com"));
        Assert.That(body, Does.Not.Contain("<img").And.Not.Contain("<b>"));
    }

    [Test]
    public async Task Stylesheet_is_served()
    {
        var (status, body, type) = await GetAsync("/css/sandbox.css");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(type, Is.EqualTo("text/css"));
        Assert.That(body, Does.Contain(".figures"));
    }
}
