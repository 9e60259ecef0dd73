using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;
using Retention.Testing.Contracts;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>Core's email content contract over the sandbox's store on SQLite: the same markup as the plugin's.</summary>
public sealed class SandboxWorkflowContentContract : WorkflowContentContract
{
    private TestDatabase? _db;

    protected override async Task<IWorkflowContent> CreateAsync()
    {
        _db = await TestDatabase.CreateSqliteAsync();
        await using var db = _db.Database.CreateContext();
        foreach (var (id, name, price) in Products)
            db.Products.Add(new ProductRow { Id = id, Name = name, Category = "Coffee", Price = price });
        var added = 0;
        foreach (var (productId, quantity) in Cart)
            db.CartItems.Add(new CartItemFact
            {
                Id = ++added, StoreId = Store.Value, CustomerId = Customer.Value, ProductId = productId, Quantity = quantity,
                CreatedOnUtc = Now.AddHours(-3).AddMinutes(added), UpdatedOnUtc = Now.AddHours(-2),
            });
        await db.SaveChangesAsync();
        return new SandboxWorkflowContent(_db.Database, () => StoreUrl + "/");
    }

    protected override async Task ReleaseAsync()
    {
        if (_db is not null)
            await _db.DisposeAsync();
    }
}
