using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// The sandbox's batch reads answer exactly what the ports' per-item defaults answer, over more ids than one query
/// carries (1,000 ids), with unknown and repeated ids in the list.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class EfWorkflowBatchReadsTests(DatabaseProvider provider)
{
    private const int Customers = 2_300;
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;
    private List<Enrollment> _enrollments = null!;

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        _db = await TestDatabase.CreateAsync(provider);
        var customers = Enumerable.Range(1, Customers).Select(id => new CustomerFact
        {
            Id = id, CustomerGuid = Guid.NewGuid(), Email = $"c{id}@example.com", FirstName = id % 3 == 0 ? null : "First" + id, LastName = "Last",
            RegisteredInStoreId = 1, Active = id % 11 != 0, Deleted = id % 13 == 0, CreatedOnUtc = Now, LastActivityDateUtc = Now,
        }).ToList();
        var consents = customers.Where(c => c.Id % 2 == 0).Select(c => new NewsletterSubscriptionRow { StoreId = 1, CustomerId = c.Id, SubscribedUtc = Now }).ToList();
        var unsubscribed = customers.Where(c => c.Id % 5 == 0).Select(c => new Retention.Core.Tables.UnsubscribeRow { StoreId = 1, CustomerId = c.Id, CreatedOnUtc = Now }).ToList();
        await BulkLoader.LoadRowsAsync(_db.Database, [(typeof(CustomerFact), customers), (typeof(NewsletterSubscriptionRow), consents), (typeof(Retention.Core.Tables.UnsubscribeRow), unsubscribed)]);

        var store = SandboxStores.Enrollments(_db.Database);
        var events = SandboxStores.Events(_db.Database);
        _enrollments = [];
        foreach (var id in Enumerable.Range(1, Customers).Where(id => id % 4 != 0))
        foreach (var workflow in id % 7 == 0 ? new[] { WorkflowKind.Welcome, WorkflowKind.WinBack } : [WorkflowKind.Welcome])
        {
            var e = (await store.TryAddAsync(new Enrollment
            {
                Workflow = workflow, Store = id % 10 == 0 ? new StoreId(2) : Store, Customer = new CustomerId(id), Subject = "s",
                EnrolledUtc = Now, AnchorUtc = Now, IsControl = false, NextDueUtc = Now,
                State = id % 9 == 0 ? EnrollmentState.Completed : EnrollmentState.Active,
            }))!;
            _enrollments.Add(e);
            if (e.Id % 3 == 0)
                await events.TryAddAsync(new WorkflowEvent
                {
                    Key = new IdempotencyKey("click:" + e.Id), EnrollmentId = e.Id, Workflow = workflow, Step = 0, Store = e.Store, Customer = e.Customer,
                    Kind = e.Id % 2 == 0 ? WorkflowEventKind.Clicked : WorkflowEventKind.Opened, OccurredUtc = Now,
                });
        }
    }

    [OneTimeTearDown]
    public async Task DropAsync()
    {
        if (_db is not null)
            await _db.DisposeAsync();
    }

    /// <summary>Every customer, some twice, and ids that do not exist.</summary>
    private static List<CustomerId> Asked() =>
        Enumerable.Range(1, Customers).Concat(Enumerable.Range(1, 50)).Append(Customers + 7).Append(-1).Select(id => new CustomerId(id)).ToList();

    [Test]
    public async Task Contacts_of_a_batch_are_those_read_one_by_one()
    {
        IContactDirectory directory = new EfContactDirectory(_db.Database);

        var many = await directory.GetManyAsync(Store, Asked());

        var one = new Dictionary<CustomerId, ContactFacts>();
        foreach (var id in Asked().Distinct())
            if (await directory.GetAsync(Store, id) is { } contact)
                one[id] = contact;
        Assert.That(many, Is.EquivalentTo(one));
        Assert.That(many, Has.Count.EqualTo(Customers));
        Assert.That(many.Values.Count(c => c.HasMarketingConsent), Is.GreaterThan(0).And.LessThan(Customers / 2), "Consent and unsubscribes both show.");
    }

    [Test]
    public async Task Active_enrollments_of_a_batch_are_those_read_one_by_one()
    {
        IEnrollmentStore store = SandboxStores.Enrollments(_db.Database);

        var many = await store.ActiveForCustomersAsync(Store, Asked());

        var one = new List<Enrollment>();
        foreach (var id in Asked().Distinct())
            one.AddRange(await store.ActiveForCustomerAsync(Store, id));
        Assert.That(many, Is.EquivalentTo(one));
        Assert.That(many.Select(e => e.Id).Distinct().Count(), Is.EqualTo(many.Count), "A customer asked twice is answered once.");
        Assert.That(many, Has.Count.GreaterThan(1_000));
    }

    [Test]
    public async Task Enrollments_with_an_event_kind_in_a_batch_are_those_asked_one_by_one()
    {
        IWorkflowEventStore events = SandboxStores.Events(_db.Database);
        var ids = _enrollments.Select(e => e.Id).Concat(_enrollments.Take(20).Select(e => e.Id)).Append(0).Append(long.MaxValue).ToList();

        var many = await events.EnrollmentsWithAsync(ids, WorkflowEventKind.Clicked);

        var one = new HashSet<long>();
        foreach (var id in ids.Distinct())
            if (await events.AnyAsync(id, WorkflowEventKind.Clicked))
                one.Add(id);
        Assert.That(many, Is.EquivalentTo(one));
        Assert.That(many, Is.Not.Empty);
    }
}
