using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Messaging;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Workflows.EngineHarness;

namespace Retention.Core.Tests.Workflows;

/// <summary>Web farms and crashes: however runs overlap or die, every step's email, coupon and event happen once.</summary>
public sealed class EngineRobustnessTests
{
    private const int Customers = 40;

    private static async Task<EngineHarness> WelcomeForManyAsync()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome, w => w with { ControlGroupPercent = 20m });
        for (var c = 1; c <= Customers; c++)
            await h.EnrollAsync(WorkflowKind.Welcome, customer: c, anchor: T0);
        return h;
    }

    /// <summary>Each (enrollment, step) has exactly one outcome event, every enrollment completed, and the reports add up to the outbox.</summary>
    private static void AssertEveryStepOnce(EngineHarness h, IReadOnlyCollection<WorkflowRunReport> reports)
    {
        var steps = WorkflowCatalog.Default(WorkflowKind.Welcome).Steps.Count;
        var outcomes = h.Stores.AllEvents.Where(e => e.Kind is WorkflowEventKind.Sent or WorkflowEventKind.Withheld).ToList();
        Assert.That(outcomes.GroupBy(e => (e.EnrollmentId, e.Step)).Select(g => g.Count()), Has.All.EqualTo(1));
        Assert.That(outcomes, Has.Count.EqualTo(Customers * steps));
        Assert.That(h.Stores.AllEnrollments.Select(e => e.State), Has.All.EqualTo(EnrollmentState.Completed));
        var sentEnrollments = h.Stores.AllEnrollments.Where(e => !e.IsControl).ToList();
        Assert.That(h.Outbox.Messages, Has.Count.EqualTo(sentEnrollments.Count * steps));
        Assert.That(h.Outbox.Messages.Select(m => m.Key).Distinct().Count(), Is.EqualTo(h.Outbox.Messages.Count));
        Assert.That(reports.Sum(r => r.Sent), Is.EqualTo(h.Outbox.Messages.Count), "A step is counted as sent by the run whose email was queued.");
        Assert.That(reports.Sum(r => r.Withheld), Is.EqualTo((Customers - sentEnrollments.Count) * steps));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Two_nodes_sharing_the_lock_run_at_once_and_every_step_happens_once(bool stepWriter)
    {
        var h = await WelcomeForManyAsync();
        var shared = new InMemoryDistributedLock(h.Clock);
        var (a, b) = (h.Workflows(shared, stepWriter: Writer(h, stepWriter)), h.Workflows(shared, stepWriter: Writer(h, stepWriter)));
        var reports = new List<WorkflowRunReport>();

        for (var at = T0; at <= T0.AddDays(8); at = at.AddHours(12))
        {
            h.Clock.UtcNow = at;
            var both = await Task.WhenAll(Task.Run(() => a.Run.RunAsync()), Task.Run(() => b.Run.RunAsync()));
            reports.AddRange(both);
            // The loser of the lock may still find work if the winner finished first; a busy node reports nothing else.
            Assert.That(both.Where(r => r.LockBusy), Has.All.EqualTo(WorkflowRunReport.Busy));
        }

        AssertEveryStepOnce(h, reports);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Two_nodes_whose_lock_does_not_exclude_each_other_still_do_every_step_once(bool stepWriter)
    {
        // nopCommerce's distributed-cache locker is not atomic: correctness must come from the keys and the compare-and-set.
        var h = await WelcomeForManyAsync();
        var nodes = Enumerable.Range(0, 3).Select(_ => h.Workflows(new InMemoryDistributedLock(h.Clock), stepWriter: Writer(h, stepWriter))).ToList();
        var reports = new List<WorkflowRunReport>();

        for (var at = T0; at <= T0.AddDays(8); at = at.AddHours(12))
        {
            h.Clock.UtcNow = at;
            reports.AddRange(await Task.WhenAll(nodes.Select(n => Task.Run(() => n.Run.RunAsync(batchSize: 7)))));
            // Small batches leave due work behind; the next round at the same instant picks it up.
            reports.AddRange(await Task.WhenAll(nodes.Select(n => Task.Run(() => n.Run.RunAsync()))));
        }

        Assert.That(reports.Where(r => r.LockBusy), Is.Empty);
        AssertEveryStepOnce(h, reports);
    }

    /// <summary>A node's own writer over the shared stores, or none (the engine writes through the single ports).</summary>
    private static IWorkflowStepWriter? Writer(EngineHarness h, bool stepWriter) => stepWriter ? h.NewStepWriter() : null;

    private static readonly string[] SinglePortCrashPoints =
    [
        "before Coupons.Issue", "after Coupons.Issue",
        "before Content.RenderMany", "after Content.RenderMany",
        "before Outbox.TryEnqueue", "after Outbox.TryEnqueue",
        "before Events.TryAdd", "after Events.TryAdd",
        "before Enrollments.TryAdvance", "after Enrollments.TryAdvance",
    ];

    private static readonly string[] StepWriterCrashPoints =
    [
        "before Coupons.Issue", "after Coupons.Issue",
        "before Content.RenderMany", "after Content.RenderMany",
        "before StepWriter.Commit", "after StepWriter.Commit",
    ];

    [TestCaseSource(nameof(SinglePortCrashPoints))]
    public Task Run_that_crashes_at_any_point_and_is_retried_sends_the_step_and_its_coupon_once(string point) => CrashAndRetryAsync(point, stepWriter: false);

    [TestCaseSource(nameof(StepWriterCrashPoints))]
    public Task Run_with_a_step_writer_that_crashes_at_any_point_and_is_retried_sends_the_step_and_its_coupon_once(string point) =>
        CrashAndRetryAsync(point, stepWriter: true);

    private static async Task CrashAndRetryAsync(string point, bool stepWriter)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Birthday);
        await h.EnrollAsync(WorkflowKind.Birthday, subject: "2026");
        var crash = new Crash(point);
        var program = WorkflowParts.Compose(h.Services(outbox: new CrashingOutbox(h.Outbox, crash), coupons: new CrashingCoupons(h.Coupons, crash),
            enrollments: new CrashingEnrollments(h.Stores, crash), events: new CrashingEvents(h.Stores, crash),
            stepWriter: stepWriter ? new CrashingWriter(h.NewStepWriter(), crash) : null, content: new CrashingContent(h.Content, crash)));

        try
        {
            await program.Run.RunAsync();
        }
        catch (AggregateException failed)
        {
            Assert.That(failed.InnerExceptions.Single().InnerException, Is.InstanceOf<SimulatedCrash>());
        }
        h.Clock.UtcNow = T0.AddMinutes(5);
        await program.Run.RunAsync();
        h.Clock.UtcNow = T0.AddMinutes(10);
        await program.Run.RunAsync();

        Assert.That(crash.Fired, Is.True, "The crash point was reached.");
        var message = h.Outbox.Messages.Single();
        Assert.That(h.Coupons.Coupons, Has.Count.EqualTo(1));
        Assert.That(message.Tokens["Retention.CouponCode"], Is.EqualTo(h.Coupons.Coupons[0].Code));
        var sent = h.Stores.AllEvents.Single();
        Assert.That((sent.Kind, sent.Detail), Is.EqualTo((WorkflowEventKind.Sent, h.Coupons.Coupons[0].Code)));
        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Completed));
    }

    [Test]
    public async Task Step_that_keeps_failing_holds_back_no_other_step_and_is_named_in_the_error()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        for (var c = 1; c <= 3; c++)
            await h.EnrollAsync(WorkflowKind.Welcome, customer: c, anchor: T0);
        h.Content.NothingToSay = m => m.Enrollment.Customer.Value == 2 ? throw new InvalidOperationException("Product 5 is gone.") : null;
        var poisoned = h.Stores.AllEnrollments.Single(e => e.Customer.Value == 2);

        var failed = Assert.ThrowsAsync<AggregateException>(() => h.Workflows().Run.RunAsync());
        var again = Assert.ThrowsAsync<AggregateException>(() => h.Workflows().Run.RunAsync());

        Assert.That(h.Outbox.Messages.Select(m => m.Customer.Value), Is.EquivalentTo(new[] { 1, 3 }));
        Assert.That(failed!.InnerExceptions.Single().Message,
            Is.EqualTo($"Step 1 of Welcome enrollment {poisoned.Id} failed: Product 5 is gone."));
        Assert.That(again!.InnerExceptions, Has.Count.EqualTo(1), "The failed step stays due and is tried again.");
        Assert.That(h.Only(2).NextStep, Is.EqualTo(0));
    }

    private sealed class SimulatedCrash(string point) : Exception($"Simulated crash {point}.");

    /// <summary>Throws once, at the named point.</summary>
    private sealed class Crash(string point)
    {
        public bool Fired { get; private set; }

        public async Task<T> AroundAsync<T>(string call, Func<Task<T>> inner)
        {
            Check("before " + call);
            var result = await inner();
            Check("after " + call);
            return result;
        }

        private void Check(string at)
        {
            if (Fired || at != point)
                return;
            Fired = true;
            throw new SimulatedCrash(at);
        }
    }

    private sealed class CrashingOutbox(IMessageOutbox inner, Crash crash) : IMessageOutbox
    {
        public Task<bool> TryEnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
            crash.AroundAsync("Outbox.TryEnqueue", () => inner.TryEnqueueAsync(message, cancellationToken));

        public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default) =>
            inner.CountSentSinceAsync(store, customer, sinceUtc, marketingOnly, cancellationToken);

        public Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
            DateTime sinceUtc, bool marketingOnly, CancellationToken cancellationToken = default) =>
            inner.SentTimesSinceAsync(store, customers, sinceUtc, marketingOnly, cancellationToken);
    }

    private sealed class CrashingContent(IWorkflowContent inner, Crash crash) : IWorkflowContent
    {
        public Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default) => inner.RenderAsync(message, cancellationToken);

        public Task<IReadOnlyList<StepContent>> RenderManyAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default) =>
            crash.AroundAsync("Content.RenderMany", () => inner.RenderManyAsync(messages, cancellationToken));
    }

    private sealed class CrashingWriter(IWorkflowStepWriter inner, Crash crash) : IWorkflowStepWriter
    {
        public Task<IReadOnlySet<long>> CommitAsync(IReadOnlyList<StepOutcome> outcomes, CancellationToken cancellationToken = default) =>
            crash.AroundAsync("StepWriter.Commit", () => inner.CommitAsync(outcomes, cancellationToken));
    }

    private sealed class CrashingCoupons(ICouponIssuer inner, Crash crash) : ICouponIssuer
    {
        public Task<IssuedCoupon> IssueAsync(CouponRequest request, CancellationToken cancellationToken = default) =>
            crash.AroundAsync("Coupons.Issue", () => inner.IssueAsync(request, cancellationToken));

        public Task<int> CleanupExpiredAsync(DateTime expiredBeforeUtc, int limit, CancellationToken cancellationToken = default) =>
            inner.CleanupExpiredAsync(expiredBeforeUtc, limit, cancellationToken);
    }

    private sealed class CrashingEvents(IWorkflowEventStore inner, Crash crash) : IWorkflowEventStore
    {
        public Task<IReadOnlyDictionary<CustomerId, DateTime>> LastSentAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers,
            DateTime sinceUtc, CancellationToken cancellationToken = default) => inner.LastSentAsync(workflow, store, customers, sinceUtc, cancellationToken);

        public Task<bool> TryAddAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken = default) =>
            crash.AroundAsync("Events.TryAdd", () => inner.TryAddAsync(workflowEvent, cancellationToken));

        public Task<WorkflowEvent?> LastAsync(StoreId store, CustomerId customer, IReadOnlyCollection<WorkflowEventKind> kinds, DateTime fromUtc, DateTime toUtc,
            CancellationToken cancellationToken = default) => inner.LastAsync(store, customer, kinds, fromUtc, toUtc, cancellationToken);

        public Task<bool> AnyAsync(long enrollmentId, WorkflowEventKind kind, CancellationToken cancellationToken = default) =>
            inner.AnyAsync(enrollmentId, kind, cancellationToken);
    }

    private sealed class CrashingEnrollments(IEnrollmentStore inner, Crash crash) : IEnrollmentStore
    {
        public Task<bool> TryAdvanceAsync(EnrollmentTransition transition, CancellationToken cancellationToken = default) =>
            crash.AroundAsync("Enrollments.TryAdvance", () => inner.TryAdvanceAsync(transition, cancellationToken));

        public Task<Enrollment?> TryAddAsync(Enrollment enrollment, CancellationToken cancellationToken = default) => inner.TryAddAsync(enrollment, cancellationToken);

        public Task<Enrollment?> GetAsync(long id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<Enrollment>> DueAsync(DateTime nowUtc, int limit, CancellationToken cancellationToken = default) =>
            inner.DueAsync(nowUtc, limit, cancellationToken);

        public Task<IReadOnlyList<Enrollment>> ActiveForCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
            inner.ActiveForCustomerAsync(store, customer, cancellationToken);

        public Task<DateTime?> LastEnrolledAsync(WorkflowKind workflow, StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
            inner.LastEnrolledAsync(workflow, store, customer, cancellationToken);

        public Task<IReadOnlySet<CustomerId>> EnrolledSinceAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers, DateTime sinceUtc,
            CancellationToken cancellationToken = default) => inner.EnrolledSinceAsync(workflow, store, customers, sinceUtc, cancellationToken);
    }
}
