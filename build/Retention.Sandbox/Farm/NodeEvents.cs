using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Farm;

/// <summary>The node's name and the key its event endpoint asks for.</summary>
public sealed record NodeEventsKey(string Node, string Key)
{
    /// <summary>Constant-time comparison, so the answer time says nothing about how much of a guess was right.</summary>
    public bool Accepts(string? presented) =>
        presented != null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(Key));
}

/// <summary>One store event as a machine delivers it to a node.</summary>
public sealed record NodeEvent
{
    public string? Kind { get; init; }
    public int OrderId { get; init; }
    public int CustomerId { get; init; }
    public IReadOnlyList<NodeEventLine>? Lines { get; init; }
    /// <summary>For <c>order-refunded</c>: the amount refunded so far.</summary>
    public decimal Amount { get; init; }
}

public sealed record NodeEventLine(int ProductId, int Quantity);

public sealed record NodeEventBatch(IReadOnlyList<NodeEvent>? Events);

/// <summary>
/// <c>POST /api/node/events</c>: a batch of store events delivered to this node, as nopCommerce's event publisher would
/// hand them to the plugin on whichever node the request landed — <c>order-placed</c> (an existing order, or a new one
/// given in full: customer and lines, priced like the sandbox checkout), <c>order-paid</c>, <c>order-delivered</c>,
/// <c>order-refunded</c> (amount refunded so far) and <c>customer-registered</c>. Exists only when the node was started
/// with <c>--node-events-key</c>, and answers 404 to a request without that key in <c>X-Node-Key</c>.
/// </summary>
/// <remarks>
/// Events of one customer are handled under a distributed lock per customer: nopCommerce hands one order's events to
/// the plugin one after another, and the tier a purchase earns with depends on the customer's earlier orders. The keys
/// of entries, enrollments and emails make a second delivery (the same node or another) write nothing.
/// </remarks>
public static class NodeEvents
{
    public const string Route = "/api/node/events";
    public const string KeyHeader = "X-Node-Key";
    public const int MaxEvents = 1000;
    public const int MaxLines = 16;
    /// <summary>New orders' line ids are the order id × this + the line's index, so every node numbers a line alike.</summary>
    public const int LineIdsPerOrder = 16;
    public const int MaxNewOrderId = int.MaxValue / LineIdsPerOrder - 1;

    public const string OrderPlaced = "order-placed";
    public const string OrderPaid = "order-paid";
    public const string OrderDelivered = "order-delivered";
    public const string OrderRefunded = "order-refunded";
    public const string CustomerRegistered = "customer-registered";

    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);
    private static readonly string[] Kinds = [OrderPlaced, OrderPaid, OrderDelivered, OrderRefunded, CustomerRegistered];

    public static void Map(WebApplication app) => app.MapPost(Route, HandleAsync);

    public static async Task<IResult> HandleAsync(HttpRequest request, NodeEventsKey key, IServiceProvider services, ILogger<NodeEventsKey> log,
        CancellationToken cancellationToken)
    {
        // The same answer as a route that does not exist: a caller without the key learns nothing.
        if (!key.Accepts(request.Headers[KeyHeader].FirstOrDefault()))
            return Results.NotFound();
        NodeEventBatch? batch;
        try
        {
            batch = await request.ReadFromJsonAsync<NodeEventBatch>(cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Results.BadRequest(new { error = $"The body is not a JSON event batch: {e.Message}" });
        }
        if (batch?.Events is not { } events || events.Count == 0)
            return Results.BadRequest(new { error = "The body needs \"events\": a list of 1 to " + MaxEvents + " events." });
        if (events.Count > MaxEvents)
            return Results.BadRequest(new { error = $"At most {MaxEvents} events per batch, not {events.Count}." });
        for (var i = 0; i < events.Count; i++)
            if (Problem(events[i]) is { } problem)
                return Results.BadRequest(new { error = $"events[{i}]: {problem}" });

        var refused = new List<object>();
        for (var i = 0; i < events.Count; i++)
        {
            var refusal = await HandleOneAsync(events[i], services, cancellationToken);
            if (refusal != null)
            {
                refused.Add(new { index = i, reason = refusal });
                log.LogWarning("Node {Node}: event {Index} ({Kind}) refused: {Reason}", key.Node, i, events[i].Kind, refusal);
            }
        }
        return Results.Ok(new { node = key.Node, received = events.Count, handled = events.Count - refused.Count, refused });
    }

    /// <summary>What is wrong with the event's shape, or null (nothing is read from the database here).</summary>
    public static string? Problem(NodeEvent? e)
    {
        if (e == null) return "null is not an event";
        if (e.Kind == null || !Kinds.Contains(e.Kind, StringComparer.Ordinal))
            return $"kind must be one of {string.Join(", ", Kinds)}";
        if (e.Kind == CustomerRegistered)
            return e.CustomerId > 0 ? null : "customerId must be a positive number";
        if (e.OrderId <= 0)
            return "orderId must be a positive number";
        if (e.Kind == OrderRefunded && (e.Amount <= 0m || e.Amount > 1_000_000m))
            return "amount must be more than 0 and at most 1,000,000";
        if (e.Lines is not { Count: > 0 } lines)
            return e.Kind == OrderPlaced && e.CustomerId != 0 ? "a new order needs lines" : null;
        if (e.Kind != OrderPlaced) return "only order-placed takes lines";
        if (e.CustomerId <= 0) return "a new order needs customerId";
        if (e.OrderId > MaxNewOrderId) return $"a new order's id must be at most {MaxNewOrderId}";
        if (lines.Count > MaxLines) return $"at most {MaxLines} lines";
        if (lines.Any(l => l is null || l.ProductId <= 0 || l.Quantity is <= 0 or > 1000))
            return "every line needs a positive productId and a quantity from 1 to 1000";
        return null;
    }

    /// <summary>Handles one event under its customer's lock; the reason when it was refused (nothing written then).</summary>
    private static async Task<string?> HandleOneAsync(NodeEvent e, IServiceProvider services, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<SandboxDatabase>();
        int customer;
        if (e.Kind == CustomerRegistered || e.Lines is { Count: > 0 })
            customer = e.CustomerId;
        else
        {
            await using var db = database.CreateContext();
            var owner = await db.Orders.AsNoTracking().Where(o => o.Id == e.OrderId).Select(o => (int?)o.CustomerId).FirstOrDefaultAsync(cancellationToken);
            if (owner == null)
                return $"there is no order {e.OrderId}";
            customer = owner.Value;
        }

        string? refusal = null;
        var locks = services.GetRequiredService<IDistributedLock>();
        var deadline = DateTime.UtcNow + LockWait;
        while (!await locks.TryRunExclusiveAsync($"node-customer:{Store.Value}:{customer}", LockWait, async ct =>
               {
                   await using var scope = services.CreateAsyncScope();
                   refusal = await ApplyAsync(e, customer, scope.ServiceProvider, ct);
               }, cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
                return $"customer {customer}'s events stayed locked for {LockWait.TotalSeconds:0} s";
            await Task.Delay(TimeSpan.FromMilliseconds(10 + Random.Shared.Next(20)), cancellationToken);
        }
        return refusal;
    }

    private static async Task<string?> ApplyAsync(NodeEvent e, int customer, IServiceProvider services, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<SandboxDatabase>();
        var clock = services.GetRequiredService<IClock>();
        var events = services.GetRequiredService<StoreEvents>();
        if (e.Kind == CustomerRegistered)
        {
            await using var db = database.CreateContext();
            if (!await db.Customers.AnyAsync(c => c.Id == customer && !c.Deleted, cancellationToken))
                return $"there is no customer {customer}";
            await events.CustomerRegisteredAsync(Store, new CustomerId(customer), clock.UtcNow, cancellationToken);
            return null;
        }

        var (order, lines, problem) = e.Kind == OrderPlaced && e.Lines is { Count: > 0 }
            ? await PlaceAsync(database, e, Seconds(clock.UtcNow), cancellationToken)
            : await LoadAsync(database, e.OrderId, cancellationToken);
        if (order == null)
            return problem;
        switch (e.Kind)
        {
            case OrderPlaced:
                await events.OrderPlacedAsync(new PlacedOrder(order, lines, []), cancellationToken);
                break;
            case OrderPaid:
                await using (var db = database.CreateContext())
                    await events.OrderPaidAsync(await SandboxCheckout.EarnOrderAsync(db, order, lines, cancellationToken), null, cancellationToken);
                break;
            case OrderDelivered:
                await events.OrderDeliveredAsync(Store, new CustomerId(order.CustomerId), order.Id, clock.UtcNow, cancellationToken);
                break;
            case OrderRefunded:
                if (e.Amount > order.OrderTotal)
                    return $"order {order.Id} totals {order.OrderTotal}; {e.Amount} cannot be refunded";
                var refunded = Math.Max(order.RefundedAmount, e.Amount);
                await using (var db = database.CreateContext())
                    await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(u => u
                        .SetProperty(o => o.RefundedAmount, refunded)
                        .SetProperty(o => o.PaymentStatusId, (int)(refunded == order.OrderTotal ? PaymentState.Refunded : PaymentState.PartiallyRefunded)), cancellationToken);
                await events.OrderRefundedAsync(new OrderRefund(Store, new CustomerId(order.CustomerId), order.Id, order.OrderTotal, refunded,
                    Cancelled: order.OrderStatusId == (int)OrderState.Cancelled), cancellationToken);
                break;
        }
        return null;
    }

    private static async Task<(OrderFact? Order, IReadOnlyList<OrderLineFact> Lines, string? Problem)> LoadAsync(SandboxDatabase database, int orderId,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order == null)
            return (null, [], $"there is no order {orderId}");
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        return (order, lines, null);
    }

    /// <summary>
    /// The new order as the sandbox checkout would price it, inserted with its lines in one transaction; when the order
    /// exists already (another delivery of this event was first) the stored one, if it is this customer's.
    /// </summary>
    private static async Task<(OrderFact? Order, IReadOnlyList<OrderLineFact> Lines, string? Problem)> PlaceAsync(SandboxDatabase database, NodeEvent e, DateTime now,
        CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(database, e.OrderId, cancellationToken);
        if (stored.Order != null)
            return stored.Order.CustomerId == e.CustomerId ? stored : (null, [], $"order {e.OrderId} is another customer's");

        await using var db = database.CreateContext();
        if (!await db.Customers.AnyAsync(c => c.Id == e.CustomerId && !c.Deleted, cancellationToken))
            return (null, [], $"there is no customer {e.CustomerId}");
        var ids = e.Lines!.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        if (ids.FirstOrDefault(id => !products.ContainsKey(id)) is var missing and > 0)
            return (null, [], $"there is no product {missing}");

        var lines = e.Lines!.Select((l, i) => new OrderLineFact
        {
            Id = e.OrderId * LineIdsPerOrder + i,
            OrderId = e.OrderId,
            ProductId = l.ProductId,
            Quantity = l.Quantity,
            PriceExclTax = products[l.ProductId].Price * l.Quantity,
            IsGiftCard = products[l.ProductId].IsGiftCard,
        }).ToList();
        var order = SandboxCheckout.PaidOrder(e.OrderId, Store, new CustomerId(e.CustomerId), lines.Sum(l => l.PriceExclTax), 0m, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Orders.Add(order);
            db.OrderLines.AddRange(lines);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (order, lines, null);
        }
        catch (DbUpdateException ex) when (SandboxDatabase.IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync(cancellationToken);
            var again = await LoadAsync(database, e.OrderId, cancellationToken);
            return again.Order?.CustomerId == e.CustomerId ? again : (null, [], $"order {e.OrderId} or one of its line ids is taken by another order");
        }
    }

    private static DateTime Seconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
