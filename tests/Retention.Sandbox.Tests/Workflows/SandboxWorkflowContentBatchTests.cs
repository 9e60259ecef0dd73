using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// <see cref="SandboxWorkflowContent.RenderManyAsync"/> reads a batch's carts, orders, reviews and products at once and
/// must give every message exactly the tokens (or the reason for nothing) <see cref="SandboxWorkflowContent.RenderAsync"/>
/// gives it alone — over a demo store, for every kind of workflow, with empty carts, reviewed orders and unknown subjects.
/// </summary>
public sealed class SandboxWorkflowContentBatchTests
{
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;
    private StoreContent _store = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _db = await TestDatabase.CreateSqliteAsync();
        _store = DemoStoreGenerator.Generate(new DemoStoreSettings { AsOfUtc = Now, Customers = 1_500 });
        await BulkLoader.LoadAsync(_db.Database, _store);
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        if (_db is not null)
            await _db.DisposeAsync();
    }

    private static StepMessage Message(int id, WorkflowKind workflow, int customer, string subject)
    {
        var enrollment = new Enrollment
        {
            Id = id, Workflow = workflow, Store = Store, Customer = new CustomerId(customer), Subject = subject, EnrolledUtc = Now.AddDays(-(id % 5)),
            AnchorUtc = Now, IsControl = false,
        };
        var links = new StepLinks($"u{id}", $"c{id}", workflow == WorkflowKind.AbandonedCart ? $"r{id}" : null,
            workflow == WorkflowKind.WinBack ? new Dictionary<int, string> { [1] = $"s{id}" } : new Dictionary<int, string>(), id % 2 == 0 ? $"o{id}" : null);
        var contact = new ContactFacts($"c{customer}@example.com", "C", true, false, true, false, TimeZoneInfo.Utc);
        return new StepMessage(enrollment, WorkflowCatalog.Default(workflow), 0, contact, null, links, IsPreview: false);
    }

    /// <summary>Messages of every workflow: carts full and empty, orders with and without reviews left, subjects naming no order.</summary>
    private List<StepMessage> Batch()
    {
        var withCart = _store.CartItems.Select(c => c.CustomerId).Distinct().Take(300).ToList();
        var withoutCart = _store.Customers.Select(c => c.Id).Except(_store.CartItems.Select(c => c.CustomerId)).Take(50).ToList();
        var reviewed = _store.ProductReviews.Select(r => r.CustomerId).ToHashSet();
        var orders = _store.Orders.OrderBy(o => reviewed.Contains(o.CustomerId) ? 0 : 1).ThenBy(o => o.Id).Take(400).ToList();
        var lines = _store.OrderLines.ToLookup(l => l.OrderId);
        var messages = new List<StepMessage>();
        var id = 0;
        messages.AddRange(withCart.Concat(withoutCart).Select(c => Message(++id, WorkflowKind.AbandonedCart, c, "cart")));
        messages.AddRange(orders.Select(o => Message(++id, WorkflowKind.ReviewRequest, o.CustomerId, $"order:{o.Id}")));
        messages.AddRange(orders.Take(30).Select(o => Message(++id, WorkflowKind.CrossSell, o.CustomerId, $"order:{o.Id}")));
        messages.AddRange(orders.Where(o => lines[o.Id].Any()).Take(50)
            .Select(o => Message(++id, WorkflowKind.Replenishment, o.CustomerId, $"order:{o.Id}:product:{lines[o.Id].First().ProductId}")));
        messages.AddRange(withoutCart.Select(c => Message(++id, WorkflowKind.Welcome, c, "welcome")));
        messages.AddRange(withoutCart.Take(10).Select(c => Message(++id, WorkflowKind.WinBack, c, "winback")));
        messages.Add(Message(++id, WorkflowKind.ReviewRequest, 1, "not-an-order"));
        messages.Add(Message(++id, WorkflowKind.Replenishment, 1, "order:1:product:999999"));
        // Interleaved, as a due batch comes in due order rather than by workflow.
        return messages.OrderBy(m => m.Enrollment.Id * 7919 % 1009).ToList();
    }

    [Test]
    public async Task A_batch_renders_every_message_as_rendering_it_alone_does()
    {
        var content = new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test/");
        var batch = Batch();

        var many = await content.RenderManyAsync(batch);

        Assert.That(many, Has.Count.EqualTo(batch.Count));
        for (var i = 0; i < batch.Count; i++)
        {
            var alone = await content.RenderAsync(batch[i]);
            var name = $"{batch[i].Enrollment.Workflow} {batch[i].Enrollment.Subject} of customer {batch[i].Enrollment.Customer.Value}";
            Assert.That(many[i].NothingToSay, Is.EqualTo(alone.NothingToSay), name);
            Assert.That(many[i].Tokens, Is.EquivalentTo(alone.Tokens), name);
        }
        // The batch covers both answers of each kind, so the comparison above is not only about empty emails.
        var outcomes = batch.Zip(many, (m, c) => (m.Enrollment.Workflow, c.HasContent)).Distinct().ToList();
        Assert.That(outcomes, Does.Contain((WorkflowKind.AbandonedCart, true)).And.Contain((WorkflowKind.AbandonedCart, false))
            .And.Contain((WorkflowKind.ReviewRequest, true)).And.Contain((WorkflowKind.ReviewRequest, false))
            .And.Contain((WorkflowKind.Replenishment, true)).And.Contain((WorkflowKind.Welcome, true)));
    }

    [Test]
    public async Task An_empty_batch_renders_nothing()
    {
        var many = await new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test").RenderManyAsync([]);

        Assert.That(many, Is.Empty);
    }
}
