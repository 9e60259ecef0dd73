using System.Collections.Concurrent;
using System.Reflection;
using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Workflows.EngineHarness;

namespace Retention.Core.Tests.Workflows;

/// <summary>A run works its due steps as a batch: reads per batch, not per step; one step's failure stays its own.</summary>
public sealed class EngineBatchTests
{
    /// <summary>
    /// <paramref name="customers"/> customers each with an abandoned cart (exits on order and empty cart, "cart still has
    /// items") and a review request at its "not clicked yet" reminder, both due now; runs once and counts the port calls.
    /// </summary>
    private static async Task<(ConcurrentDictionary<string, int> Calls, EngineHarness Harness)> RunCountedAsync(int customers, bool stepWriter)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        await h.EnableAsync(WorkflowKind.ReviewRequest);
        // Room under the cap for the cart's three reminders and the review reminder, so every due step sends.
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = 4 });
        for (var c = 1; c <= customers; c++)
        {
            h.CartLine(customer: c, updated: T0.AddHours(-2));
            h.Order(id: c, customer: c, created: T0.AddDays(-20));
            await h.Stores.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: c, enrolled: T0.AddHours(-1), due: T0));
            await h.Stores.TryAddAsync(WorkflowBuild.Enrollment($"order:{c}", customer: c, workflow: WorkflowKind.ReviewRequest, enrolled: T0.AddDays(-14),
                due: T0, nextStep: 1));
        }
        var calls = new ConcurrentDictionary<string, int>();
        var program = WorkflowParts.Compose(h.Services(
            outbox: Counting<IMessageOutbox>.Wrap(h.Outbox, calls),
            builtIn: Counting<IBuiltInReminders>.Wrap(NoBuiltInReminders.Instance, calls),
            enrollments: Counting<IEnrollmentStore>.Wrap(h.Stores, calls),
            events: Counting<IWorkflowEventStore>.Wrap(h.Stores, calls),
            stepWriter: stepWriter ? Counting<IWorkflowStepWriter>.Wrap(h.NewStepWriter(), calls) : null,
            contacts: Counting<IContactDirectory>.Wrap(h.Contacts, calls),
            content: Counting<IWorkflowContent>.Wrap(h.Content, calls),
            runner: Counting<IQueryRunner>.Wrap(new InMemoryQueryRunner(), calls)));

        var report = await program.Run.RunAsync(batchSize: WorkflowRun.MaxBatchSize);

        Assert.That(report.Sent, Is.EqualTo(2 * customers), "Every due step sent its email.");
        Assert.That(h.Outbox.Messages, Has.Count.EqualTo(2 * customers));
        return (calls, h);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_batch_reads_each_kind_of_fact_with_as_many_calls_for_sixty_customers_as_for_three(bool stepWriter)
    {
        var (few, _) = await RunCountedAsync(3, stepWriter);
        var (many, _) = await RunCountedAsync(60, stepWriter);

        string[] reads =
        [
            "IContactDirectory.GetManyAsync", "IMessageOutbox.SentTimesSinceAsync", "IBuiltInReminders.SentTimesSinceAsync",
            "IEnrollmentStore.ActiveForCustomersAsync", "IWorkflowEventStore.EnrollmentsWithAsync", "IWorkflowContent.RenderManyAsync",
        ];
        foreach (var read in reads)
        {
            Assert.That(many.GetValueOrDefault(read), Is.EqualTo(1), read);
            Assert.That(few.GetValueOrDefault(read), Is.EqualTo(1), read);
        }
        Assert.That(many.GetValueOrDefault("IQueryRunner.ToListAsync"), Is.EqualTo(few.GetValueOrDefault("IQueryRunner.ToListAsync")),
            "The last orders and the carts are one grouped query each, whatever the batch's size.");
        string[] perStep =
        [
            "IContactDirectory.GetAsync", "IMessageOutbox.CountSentSinceAsync", "IBuiltInReminders.CountSentSinceAsync",
            "IEnrollmentStore.ActiveForCustomerAsync", "IWorkflowEventStore.AnyAsync", "IQueryRunner.CountAsync",
        ];
        Assert.That(perStep.Select(c => many.GetValueOrDefault(c)), Has.All.Zero, "No read is asked step by step.");
        if (stepWriter)
        {
            Assert.That(many.GetValueOrDefault("IWorkflowStepWriter.CommitAsync"), Is.EqualTo(1), "120 outcomes fit one chunk of 250.");
            string[] singleWrites = ["IMessageOutbox.TryEnqueueAsync", "IWorkflowEventStore.TryAddAsync", "IEnrollmentStore.TryAdvanceAsync"];
            Assert.That(singleWrites.Select(c => many.GetValueOrDefault(c)), Has.All.Zero, "The writer commits the batch; no single port is written.");
        }
    }

    [Test]
    public async Task A_batch_of_more_customers_than_a_read_chunk_reads_in_chunks_and_decides_them_all()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        var customers = WorkflowRun.ReadChunkSize + 5;
        for (var c = 1; c <= customers; c++)
            await h.Stores.TryAddAsync(WorkflowBuild.Enrollment("welcome", customer: c, workflow: WorkflowKind.Welcome, enrolled: T0, due: T0));
        var calls = new ConcurrentDictionary<string, int>();
        var program = WorkflowParts.Compose(h.Services(contacts: Counting<IContactDirectory>.Wrap(h.Contacts, calls), stepWriter: h.NewStepWriter()));

        var report = await program.Run.RunAsync(batchSize: WorkflowRun.MaxBatchSize);

        Assert.That(report.Sent, Is.EqualTo(customers));
        Assert.That(calls.GetValueOrDefault("IContactDirectory.GetManyAsync"), Is.EqualTo(2));
    }

    [Test]
    [Explicit("A scale figure for the docs: run by hand, under flock /tmp/retention-bench.lock.")]
    public async Task Ten_thousand_due_steps_take_two_full_batches_with_a_read_per_thousand_customers()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        await h.EnableAsync(WorkflowKind.ReviewRequest);
        const int customers = 5000;
        for (var c = 1; c <= customers; c++)
        {
            h.CartLine(customer: c, updated: T0.AddHours(-2));
            await h.Stores.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: c, enrolled: T0.AddHours(-1), due: T0));
            await h.Stores.TryAddAsync(WorkflowBuild.Enrollment($"order:{c}", customer: c, workflow: WorkflowKind.ReviewRequest, enrolled: T0.AddDays(-14),
                due: T0, nextStep: 1));
        }
        var calls = new ConcurrentDictionary<string, int>();
        var program = WorkflowParts.Compose(h.Services(contacts: Counting<IContactDirectory>.Wrap(h.Contacts, calls), stepWriter: h.NewStepWriter()));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

        var reports = new[] { await program.Run.RunAsync(WorkflowRun.MaxBatchSize), await program.Run.RunAsync(WorkflowRun.MaxBatchSize) };

        TestContext.Out.WriteLine($"{2 * customers} due steps over in-memory ports in {clock.Elapsed.TotalSeconds:F2} s wall, "
                                  + $"{(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s CPU");
        Assert.That(reports.Sum(r => r.Sent), Is.EqualTo(2 * customers));
        Assert.That(h.Outbox.Messages, Has.Count.EqualTo(2 * customers));
        // Each run's batch of 5000 steps falls on at most 5000 customers: five chunks of a thousand each, never one read a step.
        Assert.That(calls.GetValueOrDefault("IContactDirectory.GetManyAsync"), Is.LessThanOrEqualTo(2 * (WorkflowRun.MaxBatchSize / WorkflowRun.ReadChunkSize)));
        Assert.That(calls.GetValueOrDefault("IContactDirectory.GetAsync"), Is.Zero);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_weekly_cap_counts_the_sends_decided_earlier_in_the_same_batch(bool stepWriter)
    {
        var h = new EngineHarness();
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = 2 });
        // One step each (priorities 50, 45, 40), so no later step of a higher-priority workflow keeps a slot.
        foreach (var kind in new[] { WorkflowKind.CsatSurvey, WorkflowKind.NpsSurvey, WorkflowKind.Birthday })
        {
            await h.EnableAsync(kind);
            await h.Stores.TryAddAsync(WorkflowBuild.Enrollment("s", customer: 7, workflow: kind, enrolled: T0, due: T0));
        }
        var program = h.Workflows(stepWriter: stepWriter ? h.NewStepWriter() : null);

        var report = await program.Run.RunAsync();

        Assert.That((report.Sent, report.Skipped), Is.EqualTo((2, 1)));
        Assert.That(h.MessagesTo(7), Has.Count.EqualTo(2));
        var lowest = h.Stores.AllEvents.Single(e => e.Workflow == WorkflowKind.Birthday);
        Assert.That((lowest.Kind, lowest.Detail), Is.EqualTo((WorkflowEventKind.Skipped,
            "Weekly cap of 2 marketing emails reached. No slot within 3 days of the step falling due.")),
            "The lowest-priority step finds the cap full with the batch's own two sends.");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_step_whose_rendering_fails_fails_alone_and_stays_due(bool stepWriter)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        for (var c = 1; c <= 3; c++)
            await h.EnrollAsync(WorkflowKind.Welcome, customer: c, anchor: T0);
        h.Content.NothingToSay = m => m.Enrollment.Customer.Value == 2 ? throw new InvalidOperationException("Product 5 is gone.") : null;
        var poisoned = h.Only(2);

        var failed = Assert.ThrowsAsync<AggregateException>(() => h.Workflows(stepWriter: stepWriter ? h.NewStepWriter() : null).Run.RunAsync());

        Assert.That(failed!.InnerExceptions.Single().Message, Is.EqualTo($"Step 1 of Welcome enrollment {poisoned.Id} failed: Product 5 is gone."));
        Assert.That(h.Outbox.Messages.Select(m => m.Customer.Value), Is.EquivalentTo(new[] { 1, 3 }));
        Assert.That(h.Stores.AllEvents.Select(e => e.Customer.Value), Is.EquivalentTo(new[] { 1, 3 }));
        Assert.That((h.Only(2).NextStep, h.Only(2).NextDueUtc), Is.EqualTo((0, poisoned.NextDueUtc)));
    }

    [Test]
    public async Task A_step_whose_commit_fails_fails_alone_and_the_rest_of_its_chunk_commits()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        for (var c = 1; c <= 4; c++)
            await h.EnrollAsync(WorkflowKind.Welcome, customer: c, anchor: T0);
        var poisoned = h.Only(3);
        var writer = h.NewStepWriter();
        writer.BeforeCommit = chunk =>
        {
            if (chunk.Any(o => o.Transition.EnrollmentId == poisoned.Id))
                throw new InvalidOperationException("Deadlock victim.");
        };

        var failed = Assert.ThrowsAsync<AggregateException>(() => h.Workflows(stepWriter: writer).Run.RunAsync());

        Assert.That(failed!.InnerExceptions.Single().Message, Is.EqualTo($"Step 1 of Welcome enrollment {poisoned.Id} failed: Deadlock victim."));
        Assert.That(writer.Commits, Is.EqualTo(1 + 4), "The chunk, then each of its outcomes alone.");
        Assert.That(h.Outbox.Messages.Select(m => m.Customer.Value), Is.EquivalentTo(new[] { 1, 2, 4 }));
        Assert.That(h.EventsOf(3, WorkflowEventKind.Sent), Is.Empty, "A failed commit wrote nothing of its step.");
        Assert.That(h.Only(3).NextStep, Is.Zero);

        writer.BeforeCommit = null;
        var retried = await h.Workflows(stepWriter: writer).Run.RunAsync();

        Assert.That(retried.Sent, Is.EqualTo(1));
        Assert.That(h.MessagesTo(3), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_failing_read_leaves_the_stores_steps_due_and_says_which_read()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);

        var failed = Assert.ThrowsAsync<AggregateException>(() => WorkflowParts.Compose(h.Services(contacts: new TimingOutContacts())).Run.RunAsync());

        Assert.That(failed!.InnerExceptions.Single().Message, Is.EqualTo("Reading the due steps of store 1 failed: The customer table timed out."));
        Assert.That((h.Only().NextStep, h.Outbox.Messages.Count), Is.EqualTo((0, 0)));
    }

    private sealed class TimingOutContacts : IContactDirectory
    {
        public Task<ContactFacts?> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
            throw new TimeoutException("The customer table timed out.");

        public Task<IReadOnlyDictionary<CustomerId, ContactFacts>> GetManyAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
            CancellationToken cancellationToken = default) => throw new TimeoutException("The customer table timed out.");

        public Task UnsubscribeAsync(StoreId store, CustomerId customer, DateTime nowUtc, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>Forwards every call of <typeparamref name="T"/> to an implementation and counts it as "Interface.Method".</summary>
    public class Counting<T> : DispatchProxy where T : class
    {
        private T _inner = null!;
        private ConcurrentDictionary<string, int> _calls = null!;

        public static T Wrap(T inner, ConcurrentDictionary<string, int> calls)
        {
            var proxy = Create<T, Counting<T>>();
            var counting = (Counting<T>)(object)proxy;
            (counting._inner, counting._calls) = (inner, calls);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            _calls.AddOrUpdate($"{typeof(T).Name}.{targetMethod.Name}", 1, (_, n) => n + 1);
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
            {
                throw wrapped.InnerException;
            }
        }
    }
}
