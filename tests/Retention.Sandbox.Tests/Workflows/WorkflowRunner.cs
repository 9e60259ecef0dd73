using Npgsql;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Locking;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// One node running workflows over a sandbox database: its own <see cref="SandboxDatabase"/> (own context pool; on
/// PostgreSQL its own connection pool too, by an application name), its own context for the store queries, the lock it is given.
/// </summary>
internal sealed class WorkflowRunner : IAsyncDisposable
{
    public const string BaseAddress = "http://sandbox.test";

    private readonly SandboxDbContext _context;

    public WorkflowRunner(SandboxDatabase shared, string name, IClock clock, Func<SandboxDatabase, IDistributedLock> lockFor, byte[] secret)
    {
        Database = shared.Provider == DatabaseProvider.PostgreSql
            ? SandboxDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(shared.ConnectionString) { ApplicationName = name }.ToString())
            : SandboxDatabase.Sqlite(shared.SqliteFile!);
        _context = Database.CreateContext();
        Workflows = WorkflowParts.Compose(SandboxWorkflows.Services(Database, _context, clock, lockFor(Database), new LinkSigner(secret),
            new SandboxWorkflowContent(Database, () => BaseAddress)));
    }

    public SandboxDatabase Database { get; }

    public WorkflowParts Workflows { get; }

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    /// <summary>Options that let every due step through: no quiet hours, a cap no test reaches.</summary>
    public static async Task OpenTheGatesAsync(SandboxDatabase database)
    {
        var result = await new EfOptionsStore(database).SaveAsync(new StoreId(1), new RetentionOptions { QuietHoursStart = 0, QuietHoursEnd = 0, MarketingEmailsPerWeek = 50 });
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    /// <summary>
    /// <paramref name="count"/> customers with an address and marketing consent, each with a cart of one or two catalog
    /// products last changed <paramref name="cartIdle"/> before <paramref name="now"/>, and one delivered order each.
    /// </summary>
    public static async Task SeedShoppersAsync(SandboxDatabase database, int count, DateTime now, TimeSpan cartIdle)
    {
        var content = new StoreContent();
        content.Products.AddRange(Retention.Sandbox.Demo.DemoCatalog.Products.Select(p => p.Product));
        for (var id = 1; id <= count; id++)
        {
            content.Customers.Add(new CustomerFact
            {
                Id = id, CustomerGuid = Guid.NewGuid(), Email = $"shopper{id}@example.com", FirstName = "Shopper", LastName = $"No. {id}",
                RegisteredInStoreId = 1, Active = true, CreatedOnUtc = now.AddDays(-30), LastActivityDateUtc = now - cartIdle,
            });
            content.NewsletterSubscriptions.Add(new NewsletterSubscriptionRow { StoreId = 1, CustomerId = id, SubscribedUtc = now.AddDays(-30) });
            var product = 1 + id % 20;
            content.CartItems.Add(new CartItemFact
            {
                Id = content.CartItems.Count + 1, StoreId = 1, CustomerId = id, ProductId = product, Quantity = 1,
                CreatedOnUtc = now - cartIdle - TimeSpan.FromMinutes(10), UpdatedOnUtc = now - cartIdle,
            });
            content.Orders.Add(new OrderFact
            {
                Id = id, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = id, CreatedOnUtc = now.AddDays(-10), PaidDateUtc = now.AddDays(-10),
                OrderStatusId = (int)OrderState.Complete, PaymentStatusId = (int)PaymentState.Paid, OrderSubtotalExclTax = 20m, OrderTotal = 20m,
            });
            content.OrderLines.Add(new OrderLineFact { Id = id, OrderId = id, ProductId = 1 + (id + 7) % 20, Quantity = 1, PriceExclTax = 20m });
        }
        await BulkLoader.LoadAsync(database, content);
    }
}
