using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Web;

/// <summary>Shoppers, carts and orders for the workflow page and browser tests, put in the sandbox as its own pages would.</summary>
public static class WorkflowScenario
{
    public static readonly StoreId Store = new(1);

    /// <summary>A customer with an email who subscribed to the newsletter (marketing consent), before the server starts or while it runs.</summary>
    public static async Task AddShopperAsync(SandboxDatabase database, int id, string firstName, DateTime nowUtc)
    {
        await using var db = database.CreateContext();
        db.Customers.Add(new CustomerFact
        {
            Id = id, CustomerGuid = Guid.NewGuid(), FirstName = firstName, LastName = "Shopper", Email = $"{firstName.ToLowerInvariant()}.{id}@example.com",
            Active = true, RegisteredInStoreId = Store.Value, CreatedOnUtc = nowUtc.AddYears(-1), LastActivityDateUtc = nowUtc,
        });
        db.NewsletterSubscriptions.Add(new NewsletterSubscriptionRow { StoreId = Store.Value, CustomerId = id, SubscribedUtc = nowUtc.AddYears(-1) });
        await db.SaveChangesAsync();
    }

    /// <summary>Puts the first <paramref name="products"/> catalog products in the customer's cart, last changed at <paramref name="changedUtc"/>.</summary>
    public static async Task<Dictionary<int, int>> FillCartAsync(SandboxDatabase database, int customer, int products, DateTime changedUtc)
    {
        await using var db = database.CreateContext();
        var ids = await db.Products.Where(p => !p.IsGiftCard).OrderBy(p => p.Id).Select(p => p.Id).Take(products).ToListAsync();
        var next = (await db.CartItems.MaxAsync(c => (int?)c.Id) ?? 0) + 1;
        var cart = new Dictionary<int, int>();
        foreach (var (product, i) in ids.Select((p, i) => (p, i)))
        {
            cart[product] = i + 1;
            db.CartItems.Add(new CartItemFact
            {
                Id = next++, StoreId = Store.Value, CustomerId = customer, ProductId = product, Quantity = i + 1, CreatedOnUtc = changedUtc.AddMinutes(-20),
                UpdatedOnUtc = changedUtc,
            });
        }
        await db.SaveChangesAsync();
        return cart;
    }

    /// <summary>Records a paid order of one product and, when the server runs, tells the workflows as a checkout would.</summary>
    public static async Task<int> PlaceOrderAsync(SandboxServer server, int customer, DateTime atUtc, bool notify = true)
    {
        OrderFact order;
        OrderLineFact line;
        await using (var db = server.State.Database.CreateContext())
        {
            var product = await db.Products.Where(p => !p.IsGiftCard).OrderBy(p => p.Id).FirstAsync();
            order = new OrderFact
            {
                Id = (await db.Orders.MaxAsync(o => (int?)o.Id) ?? 0) + 1, OrderGuid = Guid.NewGuid(), StoreId = Store.Value, CustomerId = customer, CreatedOnUtc = atUtc,
                PaidDateUtc = atUtc, OrderStatusId = (int)OrderState.Processing, PaymentStatusId = 30, OrderSubtotalExclTax = product.Price, OrderTotal = product.Price,
            };
            line = new OrderLineFact
            {
                Id = (await db.OrderLines.MaxAsync(l => (int?)l.Id) ?? 0) + 1, OrderId = order.Id, ProductId = product.Id, Quantity = 1, PriceExclTax = product.Price,
            };
            db.Orders.Add(order);
            db.OrderLines.Add(line);
            await db.SaveChangesAsync();
        }
        if (notify)
        {
            await using var scope = server.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowProgram>().OrderPlacedAsync(new PlacedOrder(order, [line], []));
        }
        return order.Id;
    }

    /// <summary>Changes one workflow of the store as its editor would.</summary>
    public static async Task ConfigureAsync(SandboxDatabase database, WorkflowKind kind, Func<WorkflowSettings, WorkflowSettings> change)
    {
        var store = new EfWorkflowSettingsStore(database);
        var settings = await store.LoadAsync(Store);
        var changed = change(settings.For(kind));
        var saved = await store.SaveAsync(Store, settings with { Workflows = WorkflowCatalog.All.Select(k => k == kind ? changed : settings.For(k)).ToList() });
        Assert.That(saved.IsValid, Is.True, string.Join("; ", saved.Errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    /// <summary>The customer's queued emails, oldest first: template and tokens.</summary>
    public static async Task<List<Retention.Core.Tables.OutboxRow>> EmailsAsync(SandboxDatabase database, int customer)
    {
        await using var db = database.CreateContext();
        return await db.Outbox.AsNoTracking().Where(m => m.CustomerId == customer).OrderBy(m => m.CreatedOnUtc).ThenBy(m => m.Id).ToListAsync();
    }
}
