using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Farm;

namespace Retention.Sandbox.Tests.Farm;

/// <summary>A new order the test has the nodes place: one per customer, so each customer's tier follows from their own orders.</summary>
internal sealed record FarmOrder(int OrderId, int CustomerId, IReadOnlyList<NodeEventLine> Lines);

internal sealed record FarmPlan(IReadOnlyList<FarmOrder> Orders, IReadOnlyList<int> Registrations)
{
    /// <summary>Order events (placed, paid, delivered per order) and registrations.</summary>
    public int OrderEvents => Orders.Count * 3;
    public int Events => OrderEvents + Registrations.Count;
}

internal sealed record BurstFigures(int Events, int Deliveries, int Requests, int RepeatedOnOneNode, TimeSpan Elapsed);

/// <summary>Builds the burst of store events and fires it at the nodes: every event to two nodes, about a fifth twice to one of them.</summary>
internal static class FarmWorkload
{
    public const double RepeatShare = 0.2;

    public static async Task<FarmPlan> PlanAsync(SandboxDatabase database, int orders, int seed)
    {
        await using var db = database.CreateContext();
        var customers = await db.Customers.AsNoTracking().Where(c => c.Active && !c.Deleted && c.Email != null)
            .OrderBy(c => c.Id).Select(c => c.Id).Take(orders).ToListAsync();
        Assert.That(customers, Has.Count.EqualTo(orders), "The demo store has enough customers for one new order each.");
        // Ordinary purchases: an order buying the membership would earn at the rate before it (Core's rule), which the
        // points check, reading the member's multiplier as the order was paid, would not tell from a member's order.
        var products = await db.Products.AsNoTracking().Where(p => !p.IsGiftCard && p.Id != Retention.Sandbox.Demo.DemoMembership.ProductId)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        var firstId = (await db.Orders.MaxAsync(o => o.Id)) + 1000;
        var random = new Random(seed);
        var planned = customers.Select((customer, i) => new FarmOrder(firstId + i, customer,
            products.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(p => new NodeEventLine(p, random.Next(1, 4))).ToList())).ToList();
        return new FarmPlan(planned, customers);
    }

    /// <summary>
    /// Every event delivered to two different nodes, about <see cref="RepeatShare"/> of them once more to one of those, in
    /// shuffled batches posted to all nodes at once (<paramref name="parallelPerNode"/> requests in flight per node). One
    /// order's events travel together, placed before paid before delivered, as one node sees them from nopCommerce.
    /// </summary>
    public static async Task<BurstFigures> FireAsync(FarmCluster farm, FarmPlan plan, int seed, int unitsPerRequest = 25, int parallelPerNode = 3)
    {
        var random = new Random(seed);
        var units = plan.Orders.Select(o => (IReadOnlyList<NodeEvent>)
            [
                new NodeEvent { Kind = NodeEvents.OrderPlaced, OrderId = o.OrderId, CustomerId = o.CustomerId, Lines = o.Lines },
                new NodeEvent { Kind = NodeEvents.OrderPaid, OrderId = o.OrderId },
                new NodeEvent { Kind = NodeEvents.OrderDelivered, OrderId = o.OrderId },
            ])
            .Concat(plan.Registrations.Select(c => (IReadOnlyList<NodeEvent>)[new NodeEvent { Kind = NodeEvents.CustomerRegistered, CustomerId = c }]))
            .ToList();
        var perNode = farm.Nodes.Select(_ => new List<IReadOnlyList<NodeEvent>>()).ToList();
        var repeated = 0;
        foreach (var unit in units)
        {
            var first = random.Next(perNode.Count);
            var second = (first + 1 + random.Next(perNode.Count - 1)) % perNode.Count;
            perNode[first].Add(unit);
            perNode[second].Add(unit);
            if (random.NextDouble() < RepeatShare)
            {
                perNode[random.Next(2) == 0 ? first : second].Add(unit);
                repeated += unit.Count;
            }
        }

        var deliveries = perNode.Sum(list => list.Sum(u => u.Count));
        var requests = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(perNode.Select((list, n) =>
        {
            var batches = new ConcurrentQueue<List<NodeEvent>>(list.OrderBy(_ => random.Next()).Chunk(unitsPerRequest).Select(c => c.SelectMany(u => u).ToList()));
            Interlocked.Add(ref requests, batches.Count);
            return Task.WhenAll(Enumerable.Range(0, parallelPerNode).Select(_ => Task.Run(async () =>
            {
                while (batches.TryDequeue(out var batch))
                    await PostAsync(farm, farm.Nodes[n], batch);
            })));
        }));
        return new BurstFigures(plan.Events, deliveries, requests, repeated, watch.Elapsed);
    }

    public static async Task PostAsync(FarmCluster farm, FarmNodeProcess node, IReadOnlyList<NodeEvent> events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.BaseAddress, NodeEvents.Route)) { Content = JsonContent.Create(new NodeEventBatch(events)) };
        request.Headers.Add(NodeEvents.KeyHeader, farm.Key);
        using var response = await farm.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"Node {node.Name} refused a batch: {body}");
        Assert.That(body, Does.Contain("\"refused\":[]"), $"Node {node.Name} refused events: {body}");
    }

    /// <summary>Active enrollments due at <paramref name="now"/>.</summary>
    public static async Task<int> DueAsync(SandboxDatabase database, DateTime now)
    {
        await using var db = database.CreateContext();
        return await db.Enrollments.CountAsync(e => e.StateId == (int)EnrollmentState.Active && e.NextDueUtc <= now);
    }

    public static async Task<int> OutboxCountAsync(SandboxDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.CountAsync();
    }

    /// <summary>
    /// Moves the shared clock by <paramref name="by"/> and waits until the nodes' runs have taken every step due (each
    /// poll runs <paramref name="whileWaiting"/>, the kill test's chance to strike).
    /// </summary>
    public static async Task AdvanceAndDrainAsync(FarmCluster farm, TimeSpan by, Func<Task>? whileWaiting = null)
    {
        var clock = await farm.ClockAsync();
        await clock.AdvanceAsync(by);
        // The nodes read the offset every FarmNode.ClockPoll; give every node a few polls to follow.
        await Task.Delay(FarmNode.ClockPoll * 5);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        while (await DueAsync(farm.Database, clock.UtcNow) > 0)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Steps still due 6 minutes after advancing to {clock.UtcNow:u}:\n" + string.Join("\n", farm.Nodes.Select(n => $"[{n.Name}] {n.Tail(8)}")));
            if (whileWaiting != null)
                await whileWaiting();
            await Task.Delay(200);
        }
    }
}
