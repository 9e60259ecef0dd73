using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// The batch reads a run makes over a due batch agree with their one-at-a-time counterparts, and read the ids 1,000 per
/// query (SQL Server's 2,100-parameter limit).
/// </summary>
public class BatchReadTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Counts the queries the adapters run.</summary>
    private sealed class CountingRunner : IQueryRunner
    {
        private readonly InMemoryQueryRunner _inner = new();
        public int Queries { get; private set; }

        public Task<List<T>> ToListAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default)
        {
            Queries++;
            return _inner.ToListAsync(query, cancellationToken);
        }

        public Task<int> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default)
        {
            Queries++;
            return _inner.CountAsync(query, cancellationToken);
        }
    }

    [Test]
    public async Task Active_enrollments_of_a_batch_are_those_each_customer_has_alone()
    {
        var tables = NopWorkflowTables.Create();
        var store = tables.Enrollments;
        for (var customer = 1; customer <= 6; customer++)
            for (var cart = 0; cart < customer % 3; cart++)
                await store.TryAddAsync(WorkflowBuild.Enrollment($"cart:{cart}", customer: customer, due: T0));
        await store.TryAddAsync(WorkflowBuild.Enrollment("cart:9", store: 2, customer: 1, due: T0));
        var closed = await store.TryAddAsync(WorkflowBuild.Enrollment("cart:8", customer: 2, due: T0));
        await store.TryAdvanceAsync(new EnrollmentTransition(closed.Id, 0, 0, null, EnrollmentState.Exited, "order", T0));
        CustomerId[] batch = [new(1), new(2), new(3), new(4), new(5), new(2), new(404)];

        var many = await store.ActiveForCustomersAsync(new StoreId(1), batch);

        var alone = new List<Enrollment>();
        foreach (var customer in batch.Distinct())
            alone.AddRange(await store.ActiveForCustomerAsync(new StoreId(1), customer));
        Assert.That(many, Is.EquivalentTo(alone));
        Assert.That(many, Has.Count.EqualTo(6), "customers 1, 2, 4, 5 hold 1 + 2 + 1 + 2 active carts in store 1 (not the closed one, not store 2's)");
    }

    [Test]
    public async Task Clicked_enrollments_of_a_batch_are_those_each_enrollment_answers_alone()
    {
        var events = NopWorkflowTables.Create().Events;
        await events.TryAddAsync(WorkflowBuild.Event("e1", enrollmentId: 1, kind: WorkflowEventKind.Clicked));
        await events.TryAddAsync(WorkflowBuild.Event("e2", enrollmentId: 1, kind: WorkflowEventKind.Clicked, step: 1));
        await events.TryAddAsync(WorkflowBuild.Event("e3", enrollmentId: 2, kind: WorkflowEventKind.Sent));
        await events.TryAddAsync(WorkflowBuild.Event("e4", enrollmentId: 3, kind: WorkflowEventKind.Clicked));
        long[] batch = [1, 2, 3, 4, 0, -5, long.MaxValue, 3];

        var many = await events.EnrollmentsWithAsync(batch, WorkflowEventKind.Clicked);

        var alone = new HashSet<long>();
        foreach (var id in batch)
            if (await events.AnyAsync(id, WorkflowEventKind.Clicked))
                alone.Add(id);
        Assert.That(many, Is.EquivalentTo(alone));
        Assert.That(many, Is.EquivalentTo(new long[] { 1, 3 }));
    }

    [Test]
    public async Task A_batch_of_2500_customers_is_read_in_three_queries()
    {
        var runner = new CountingRunner();
        var tables = NopWorkflowTables.Create(runner);
        for (var customer = 1; customer <= 2500; customer += 250)
            await tables.Enrollments.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: customer, due: T0));
        await tables.Events.TryAddAsync(WorkflowBuild.Event("e1", enrollmentId: 2, kind: WorkflowEventKind.Clicked));
        var customers = Enumerable.Range(1, 2500).Select(id => new CustomerId(id)).ToList();

        var before = runner.Queries;
        var active = await tables.Enrollments.ActiveForCustomersAsync(new StoreId(1), customers);
        var enrollmentQueries = runner.Queries - before;
        before = runner.Queries;
        var clicked = await tables.Events.EnrollmentsWithAsync(Enumerable.Range(1, 2500).Select(id => (long)id).ToList(), WorkflowEventKind.Clicked);
        var eventQueries = runner.Queries - before;

        Assert.That((enrollmentQueries, eventQueries), Is.EqualTo((3, 3)));
        Assert.That((active.Count, clicked.Count), Is.EqualTo((10, 1)), "every chunk's rows are in the answer");
    }

    [TestCase(true, TestName = "Outbox send times of a batch agree with counting each customer alone, marketing only")]
    [TestCase(false, TestName = "Outbox send times of a batch agree with counting each customer alone, every message")]
    public async Task Outbox_send_times_agree(bool marketingOnly)
    {
        var outbox = NopOutbox.Create().Outbox;
        await outbox.TryEnqueueAsync(Build.Message("m1", customer: 1, created: T0.AddDays(-1)));
        await outbox.TryEnqueueAsync(Build.Message("m2", customer: 1, marketing: false, created: T0.AddDays(-2)));
        await outbox.TryEnqueueAsync(Build.Message("m3", customer: 1, created: T0.AddDays(-9)));
        await outbox.TryEnqueueAsync(Build.Message("m4", customer: 2, created: T0.AddDays(-3)));
        await outbox.TryEnqueueAsync(Build.Message("m5", store: 2, customer: 3, created: T0.AddDays(-1)));
        await outbox.TryEnqueueAsync(Build.Message("m6", customer: 4, marketing: false, created: T0.AddDays(-1)));
        CustomerId[] batch = [new(1), new(2), new(3), new(4), new(5)];

        var times = await outbox.SentTimesSinceAsync(new StoreId(1), batch, T0.AddDays(-7), marketingOnly);

        foreach (var customer in batch)
            Assert.That(times.TryGetValue(customer, out var sent) ? sent.Count : 0,
                Is.EqualTo(await outbox.CountSentSinceAsync(new StoreId(1), customer, T0.AddDays(-7), marketingOnly)), $"customer {customer}");
        Assert.That(times[new CustomerId(1)][0].Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(times.Keys.Count, Is.EqualTo(marketingOnly ? 2 : 3));
    }
}
