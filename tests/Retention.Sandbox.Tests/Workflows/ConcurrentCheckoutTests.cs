using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// One cart checked out by many requests at once (a double click, a retried request, two browser tabs, two nodes):
/// each request has what an HTTP request of the sandbox has — its own checkout, workflow program and loyalty program
/// over its own contexts — and they start together. The database must let exactly one order through.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class ConcurrentCheckoutTests(DatabaseProvider provider)
{
    private const int Requests = 16;
    private const int Customers = 3;
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Test]
    public async Task Sixteen_checkouts_of_one_cart_at_once_place_one_order_award_it_once_and_send_one_tier_email()
    {
        var database = _db!.Database;
        await _db.ClearAsync();
        // 10 points per unit, at once; Bronze from 20 spent: the cart of 2 × 10 + 3.50 reaches it with the one order.
        var settings = new LoyaltySettings { PointsPerCurrencyUnit = 10m, ActivationDelayDays = 0, Tiers = [new TierDefinition("Bronze", 20m, 1m)] };
        Assert.That((await new EfLoyaltySettingsStore(database).SaveAsync(Store, settings)).IsValid, Is.True);
        await SeedAsync(database);
        var clock = new SandboxClock(Now, Now, () => Now);
        var secret = LinkSigner.NewSecret();

        var answers = new List<CheckoutResult[]>();
        for (var customer = 1; customer <= Customers; customer++)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var who = new CustomerId(customer);
            var requests = Enumerable.Range(0, Requests).Select(_ => Task.Run(async () =>
            {
                await using var context = database.CreateContext();
                await using var workflowContext = database.CreateContext();
                var observer = new SandboxLoyaltyObserver(database);
                var tiers = new TierEvaluation(SandboxLoyaltyStores.TierStandings(database, clock), new EfStoreData(context), new EfQueryRunner(), observer);
                var loyalty = new LoyaltyEvents(SandboxLoyaltyStores.Ledger(database), new EfLoyaltySettingsStore(database), tiers, new EfStoreData(context),
                    new EfQueryRunner(), observer, clock);
                var nightly = new LoyaltyNightly(SandboxLoyaltyStores.Ledger(database), SandboxLoyaltyStores.Ledger(database), new EfLoyaltySettingsStore(database), tiers,
                    new EfStoreData(context), new EfQueryRunner(), observer, clock);
                var workflows = WorkflowParts.Compose(SandboxWorkflows.Services(database, workflowContext, clock, SandboxLocks.For(database, clock),
                    new LinkSigner(secret), new SandboxWorkflowContent(database, () => WorkflowRunner.BaseAddress), new WorkflowLoyalty(loyalty, nightly)));
                var checkout = new SandboxCheckout(database, clock, SandboxWorkflows.Events(database, workflows.Program, clock, loyalty, nightly));
                await gate.Task;
                return await checkout.PlaceOrderAsync(Store, who, null);
            })).ToList();
            gate.SetResult();
            answers.Add(await Task.WhenAll(requests));
        }

        // The tier email is the tier-up workflow's step, sent by the workflows' run like every other email.
        await WorkflowRunner.OpenTheGatesAsync(database);
        await using (var runner = new WorkflowRunner(database, "tier-up", clock, d => SandboxLocks.For(d, clock), secret))
            await runner.Workflows.Run.RunAsync();

        await using var db = database.CreateContext();
        for (var customer = 1; customer <= Customers; customer++)
        {
            var results = answers[customer - 1];
            var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer).ToListAsync();
            var ids = orders.Select(o => o.Id).ToList();
            var purchases = await db.Ledger.AsNoTracking().CountAsync(r => r.CustomerId == customer && r.ReasonId == (int)LedgerReason.Purchase);
            var tierUps = await db.Enrollments.AsNoTracking().CountAsync(e => e.CustomerId == customer && e.WorkflowId == (int)WorkflowKind.TierUp);
            var tierEmails = await db.Outbox.AsNoTracking().CountAsync(m => m.CustomerId == customer && m.TemplateName == WorkflowCatalog.TemplateName(WorkflowKind.TierUp, 0));
            Assert.Multiple(() =>
            {
                Assert.That(orders, Has.Count.EqualTo(1), $"customer {customer}: one order from one cart");
                Assert.That(results.Count(r => r.Placed), Is.EqualTo(1), $"customer {customer}: one request placed it");
                // A request that priced the cart before the winner took it hears it was placed already; one that came after finds it empty.
                Assert.That(results.Where(r => !r.Placed).Select(r => r.Problem),
                    Is.All.EqualTo(CheckoutResult.AlreadyPlacedProblem).Or.EqualTo(CheckoutResult.EmptyCartProblem), $"customer {customer}: the others' answers");
                Assert.That(purchases, Is.EqualTo(1), $"customer {customer}: the order earned once");
                Assert.That(tierUps, Is.EqualTo(1), $"customer {customer}: one tier-up enrollment");
                Assert.That(tierEmails, Is.EqualTo(1), $"customer {customer}: one 'you reached Bronze' email");
                Assert.That(ids, Is.EqualTo(results.Where(r => r.Placed).Select(r => r.Order!.Id)));
            });
        }
        Assert.That(await db.CartItems.CountAsync(), Is.EqualTo(0), "Every cart was emptied by its order.");
    }

    private static async Task SeedAsync(SandboxDatabase database)
    {
        await using var db = database.CreateContext();
        db.Products.Add(new ProductRow { Id = 1, Name = "Beans", Category = "Coffee", Price = 10m });
        db.Products.Add(new ProductRow { Id = 2, Name = "Filters", Category = "Supplies", Price = 3.50m });
        for (var customer = 1; customer <= Customers; customer++)
        {
            db.Customers.Add(new CustomerFact
            {
                Id = customer, CustomerGuid = Guid.NewGuid(), Email = $"c{customer}@example.com", FirstName = "Ann", LastName = "Lee", RegisteredInStoreId = 1,
                Active = true, CreatedOnUtc = Now.AddDays(-10), LastActivityDateUtc = Now,
            });
            db.CartItems.Add(new CartItemFact
            {
                Id = customer * 10 + 1, StoreId = 1, CustomerId = customer, ProductId = 1, Quantity = 2, CreatedOnUtc = Now.AddHours(-3), UpdatedOnUtc = Now.AddHours(-2),
            });
            db.CartItems.Add(new CartItemFact
            {
                Id = customer * 10 + 2, StoreId = 1, CustomerId = customer, ProductId = 2, Quantity = 1, CreatedOnUtc = Now.AddHours(-3), UpdatedOnUtc = Now.AddHours(-2),
            });
        }
        await db.SaveChangesAsync();
    }
}
