using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>
/// <c>POST /api/node/events</c> is a machine door into the store: it exists only on a node started with
/// <c>--node-events-key</c>, and a request without that key gets the same 404 as a route that does not exist.
/// </summary>
[TestFixture, Category("Farm"), NonParallelizable]
public sealed class NodeEventsEndpointTests
{
    private const string Key = "farm-key-0123456789abcdef";
    private static NodeEvent NewOrder(int id) => new() { Kind = NodeEvents.OrderPlaced, OrderId = id, CustomerId = 3, Lines = [new NodeEventLine(2, 1)] };

    private TestDatabase _database = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _database = await TestDatabase.CreatePostgresAsync();
        _folder = TestDatabase.NewTempFolder();
        await SandboxSetup.PrepareAsync(Options(null), NullLog.Instance);
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_database is not null)
            await _database.DisposeAsync();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
    }

    private SandboxOptions Options(string? key) => SandboxOptions.Parse(
    [
        "--pg", _database.Database.ConnectionString, "--customers", "60", "--as-of", "2026-03-02", "--data", _folder,
        "--urls", "http://127.0.0.1:0", "--workflow-interval", "0", "--node", "t", .. key == null ? Array.Empty<string>() : ["--node-events-key", key],
    ], out _, _ => null)!;

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string? key, string? header, object body)
    {
        var options = Options(key);
        var state = await SandboxSetup.TryReuseAsync(_database.Database) ?? throw new InvalidOperationException("not seeded");
        await using var app = SandboxWebApp.Build(options, state);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, SandboxWebApp.Address(app) + NodeEvents.Route) { Content = JsonContent.Create(body) };
            if (header != null)
                request.Headers.Add(NodeEvents.KeyHeader, header);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private async Task<bool> OrderExistsAsync(int id)
    {
        await using var db = _database.Database.CreateContext();
        return await db.Orders.AnyAsync(o => o.Id == id);
    }

    [TestCase(null, Description = "no key header")]
    [TestCase("farm-key-0123456789abcdeX", Description = "a wrong key of the right length")]
    [TestCase("farm-key", Description = "a prefix of the key")]
    public async Task Without_the_key_the_endpoint_answers_404_and_writes_nothing(string? header)
    {
        var (status, _) = await PostAsync(Key, header, new NodeEventBatch([NewOrder(900_001)]));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await OrderExistsAsync(900_001), Is.False);
    }

    [Test]
    public async Task A_node_started_without_a_key_has_no_event_endpoint()
    {
        var (status, _) = await PostAsync(null, Key, new NodeEventBatch([NewOrder(900_002)]));
        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await OrderExistsAsync(900_002), Is.False);
    }

    [Test]
    public async Task A_batch_with_one_malformed_event_is_refused_whole_and_names_it()
    {
        var (status, body) = await PostAsync(Key, Key, new NodeEventBatch([NewOrder(900_003), new NodeEvent { Kind = NodeEvents.OrderPaid }]));
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("events[1]: orderId must be a positive number"));
        Assert.That(await OrderExistsAsync(900_003), Is.False, "Nothing of the batch was applied.");
    }

    [Test]
    public async Task With_the_key_a_new_order_is_placed_once_however_often_it_is_delivered()
    {
        const int id = 900_004;
        for (var delivery = 0; delivery < 2; delivery++)
        {
            var (status, body) = await PostAsync(Key, Key, new NodeEventBatch([NewOrder(id), new NodeEvent { Kind = NodeEvents.OrderPaid, OrderId = id }]));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Contain("\"handled\":2"));
        }
        await using var db = _database.Database.CreateContext();
        Assert.That(await db.Orders.CountAsync(o => o.Id == id), Is.EqualTo(1));
        Assert.That(await db.Ledger.CountAsync(e => e.IdempotencyKey == "earn:1:" + id), Is.EqualTo(1), "The order's points once.");
    }

    [Test]
    public async Task A_full_refund_delivered_before_the_paid_awards_nothing_on_the_order()
    {
        const int id = 900_005;
        var (placed, placedBody) = await PostAsync(Key, Key, new NodeEventBatch([NewOrder(id)]));
        Assert.That(placed, Is.EqualTo(HttpStatusCode.OK), placedBody);
        decimal total;
        await using (var read = _database.Database.CreateContext())
            total = await read.Orders.Where(o => o.Id == id).Select(o => o.OrderTotal).SingleAsync();

        var (status, body) = await PostAsync(Key, Key, new NodeEventBatch([
            new NodeEvent { Kind = NodeEvents.OrderRefunded, OrderId = id, Amount = total },
            new NodeEvent { Kind = NodeEvents.OrderPaid, OrderId = id },
        ]));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(body, Does.Contain("\"handled\":2"));
        await using var db = _database.Database.CreateContext();
        var orderRef = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var points = await db.Ledger.Where(e => e.SourceRef == orderRef).Select(e => new { Key = e.IdempotencyKey, e.Points }).ToListAsync();
        Assert.That(points.Sum(p => p.Points), Is.Zero, string.Join(", ", points.Select(p => $"{p.Key} {p.Points}")));
        Assert.That(points.Where(p => p.Key == "earn:1:" + id), Is.Empty, "the order was worth nothing when it was paid");
    }
}
