using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Demo;

/// <summary>
/// The demo store's paid membership, the "Coffee Club": a monthly membership product ($9.00), 5 % off every order, free
/// shipping, double points and one members-only coffee. Its history is made by Core's <see cref="MembershipProgram"/> over
/// the sandbox's tables, each payment at its own instant, so the first start shows members, a lapsed one and a cancelled
/// one. The sandbox's catalog has no recurring fields, so the cycle of the membership product is said here
/// (<see cref="Products"/>), as nopCommerce's product page says it.
/// </summary>
public static class DemoMembership
{
    public const int ProductId = 40;
    public const int MemberOnlyProductId = 41;
    public const decimal Price = 9.00m;

    /// <summary>The membership's products, written beside the demo catalog (the generator never sells them).</summary>
    public static IReadOnlyList<ProductRow> CatalogRows { get; } =
    [
        new() { Id = ProductId, Name = "Coffee Club membership (monthly)", Category = "Membership", Price = Price },
        new() { Id = MemberOnlyProductId, Name = "Reserve Geisha 100 g (members only)", Category = "Coffee", Price = 24.00m, ReplenishDays = 21 },
    ];

    public static MembershipSettings Settings() => new()
    {
        Enabled = true,
        ProductId = ProductId,
        GraceDays = 7,
        DiscountPercent = 5m,
        FreeShipping = true,
        PointsMultiplier = 2m,
        RenewalReminderDays = 7,
        ExpiryReminderDays = 2,
        MemberOnlyProductIds = [MemberOnlyProductId],
    };

    /// <summary>The sandbox catalog's recurring cycles: the Coffee Club renews monthly.</summary>
    public sealed class Products : IMembershipProducts
    {
        public Task<MembershipCycle?> CycleOfAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
            Task.FromResult<MembershipCycle?>(productId == ProductId ? MembershipCycle.Monthly : null);
    }

    /// <summary>The membership program over the sandbox's tables (no observer: the sandbox's checkout reads the status).</summary>
    public static MembershipProgram Program(SandboxDatabase database, SandboxDbContext db, IClock clock) =>
        new(SandboxStores.Membership(database), new EfLoyaltySettingsStore(database), new Products(), new EfStoreData(db), new EfQueryRunner(), null, clock);

    /// <summary>
    /// A paid order of the membership product alone at <paramref name="atUtc"/>, written as nopCommerce's recurring payment
    /// writes the next cycle's order: a virtual product (no shipping), the store's tax. Numbered after the last order.
    /// </summary>
    public static async Task<(OrderFact Order, OrderLineFact Line)> AddOrderAsync(SandboxDatabase database, StoreId store, CustomerId customer, DateTime atUtc,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = database.CreateContext();
            var orderId = (await db.Orders.MaxAsync(o => (int?)o.Id, cancellationToken) ?? 0) + 1;
            var lineId = (await db.OrderLines.MaxAsync(l => (int?)l.Id, cancellationToken) ?? 0) + 1;
            var tax = Math.Round(Price * Workflows.SandboxCheckout.TaxRate, 2);
            var order = new OrderFact
            {
                Id = orderId, OrderGuid = Guid.NewGuid(), StoreId = store.Value, CustomerId = customer.Value, CreatedOnUtc = atUtc, PaidDateUtc = atUtc,
                OrderStatusId = (int)OrderState.Complete, PaymentStatusId = (int)PaymentState.Paid, OrderSubtotalExclTax = Price, OrderTax = tax,
                OrderTotal = Price + tax,
            };
            var line = new OrderLineFact { Id = lineId, OrderId = orderId, ProductId = ProductId, Quantity = 1, PriceExclTax = Price };
            db.Orders.Add(order);
            db.OrderLines.Add(line);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (order, line);
            }
            catch (DbUpdateException e) when (SandboxDatabase.IsUniqueViolation(e) && attempt < 5)
            {
                // Another order took the number; take the next one.
            }
        }
    }

    /// <summary>
    /// The simulated payment gateway's renewals up to <paramref name="upToUtc"/>: every member whose paid-through date has
    /// come, who neither cancelled nor had that renewal marked failed, gets the next cycle's paid order at the paid-through
    /// instant (as many cycles as the clock crossed), each through Core's door like any paid order. The number of orders made.
    /// </summary>
    public static async Task<int> RenewDueAsync(SandboxDatabase database, StoreEvents events, IClock clock, CancellationToken cancellationToken = default)
    {
        var store = new StoreId(DemoStoreGenerator.StoreId);
        await using var db = database.CreateContext();
        var program = Program(database, db, clock);
        if (!(await program.SettingsAsync(store, cancellationToken)).Enabled) return 0;
        var rows = SandboxStores.Membership(database);
        var made = 0;
        for (var after = 0; ;)
        {
            var members = await rows.CustomersAsync(store, after, 200, membersOnly: true, cancellationToken);
            foreach (var customer in members)
            {
                for (var cycle = 0; cycle < 24; cycle++)
                {
                    var status = await program.StatusAsync(store, customer, cancellationToken);
                    if (status.Cancelled || status.LastRenewalFailed || status.PaidThroughUtc is not { } due || due > clock.UtcNow || status.State == MemberState.Lapsed)
                        break;
                    var (order, line) = await AddOrderAsync(database, store, customer, due, cancellationToken);
                    await events.OrderPaidAsync(await Workflows.SandboxCheckout.EarnOrderAsync(db, order, [line], cancellationToken), null, cancellationToken);
                    made++;
                }
            }
            if (members.Count < 200) break;
            after = members[^1].Value;
        }
        return made;
    }

    /// <summary>
    /// The demo's members, among the most frequent buyers of the last half year: two paying every month, one who joined
    /// ten days ago, one who cancelled two days ago (a member until the month runs out), and one whose renewal failed and lapsed.
    /// </summary>
    public static async Task<int> RunAsync(SandboxDatabase database, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        var store = new StoreId(DemoStoreGenerator.StoreId);
        await using (var db = database.CreateContext())
        {
            db.Products.AddRange(CatalogRows.Select(p => new ProductRow
            {
                Id = p.Id, Name = p.Name, Category = p.Category, Price = p.Price, ReplenishDays = p.ReplenishDays,
            }));
            await db.SaveChangesAsync(cancellationToken);
        }
        List<int> regulars;
        await using (var db = database.CreateContext())
        {
            var since = asOfUtc.AddDays(-180);
            regulars = await db.Orders.AsNoTracking()
                .Where(o => o.StoreId == store.Value && o.PaidDateUtc >= since && o.PaidDateUtc < asOfUtc && o.OrderStatusId != (int)OrderState.Cancelled)
                .GroupBy(o => o.CustomerId).Select(g => new { Customer = g.Key, Orders = g.Count() })
                .OrderByDescending(g => g.Orders).ThenBy(g => g.Customer).Take(5).Select(g => g.Customer)
                .ToListAsync(cancellationToken);
        }
        // (joined days ago, what happened at the end)
        var stories = new (int JoinedDaysAgo, string Story)[] { (150, "renews"), (95, "renews"), (10, "renews"), (70, "cancelled"), (120, "failed") };
        var members = 0;
        foreach (var (customerId, (joined, story)) in regulars.Zip(stories))
        {
            var customer = new CustomerId(customerId);
            var clock = new DemoClock(asOfUtc.Date.AddDays(-joined).AddHours(10));
            var first = await AddOrderAsync(database, store, customer, clock.UtcNow, cancellationToken);
            await using var db = database.CreateContext();
            var program = Program(database, db, clock);
            var status = await program.OrderPaidAsync(new MembershipOrder(store, customer, first.Order.Id, clock.UtcNow, [ProductId]), cancellationToken);
            members++;
            // Renewals on each paid-through date up to the demo's day; the failing one fails at its last due date.
            while (status.PaidThroughUtc is { } due && due <= asOfUtc)
            {
                clock.UtcNow = due;
                if (story == "failed" && due.AddDays(40) > asOfUtc)
                {
                    await program.RenewalFailedAsync(store, customer, cancellationToken);
                    break;
                }
                var renewal = await AddOrderAsync(database, store, customer, due, cancellationToken);
                status = await program.OrderPaidAsync(new MembershipOrder(store, customer, renewal.Order.Id, due, [ProductId]), cancellationToken);
            }
            if (story == "cancelled")
            {
                clock.UtcNow = asOfUtc.AddDays(-2);
                await program.CancelledAsync(store, customer, cancellationToken);
            }
            clock.UtcNow = asOfUtc;
            var standing = await program.ReconcileAsync(store, customer, cancellationToken);
            await RecordPerksAsync(db, program, store, customer, standing, cancellationToken);
        }
        return members;
    }

    /// <summary>
    /// What the perks gave the member's own orders paid inside a paid period, recorded as the sandbox's checkout records it
    /// (the member discount when it is the order's largest, the shipping a member does not pay), so the dashboard's and the
    /// finance report's membership savings are the Coffee Club's, not 0. The generator priced those orders without the
    /// perks: the figure is what membership would have saved on them.
    /// </summary>
    private static async Task RecordPerksAsync(SandboxDbContext db, MembershipProgram program, StoreId store, CustomerId customer, MemberStatus standing,
        CancellationToken cancellationToken)
    {
        var settings = Settings();
        var (storeId, customerId) = (store.Value, customer.Value);
        var membershipOrders = standing.Periods.Select(p => p.OrderId).ToHashSet();
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == storeId && o.CustomerId == customerId && o.PaidDateUtc != null && o.OrderStatusId != (int)OrderState.Cancelled)
            .OrderBy(o => o.PaidDateUtc).ThenBy(o => o.Id).ToListAsync(cancellationToken);
        foreach (var order in orders)
        {
            var paid = order.PaidDateUtc!.Value;
            if (membershipOrders.Contains(order.Id) || !standing.Periods.Any(p => p.StartUtc <= paid && paid < p.EndUtc))
                continue;
            var member = Retention.Core.Loyalty.Cards.CardRules.DiscountOn(order.OrderSubtotalExclTax, settings.DiscountPercent);
            var saving = new MemberSaving(member > order.OrderDiscount ? member : 0m, settings.FreeShipping ? order.OrderShippingExclTax : 0m, 0, 0m);
            await program.OrderPaidAsync(new MembershipOrder(store, customer, order.Id, paid, [], saving), cancellationToken);
        }
    }

    private sealed class DemoClock(DateTime now) : IClock
    {
        public DateTime UtcNow { get; set; } = now;
    }
}
