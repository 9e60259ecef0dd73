using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// Orders placed go through the workflows off the checkout path: the order-placed consumer only records the order, and
/// the workflow task hands each recorded order to the workflows once, under the run's lock, before any due step.
/// </summary>
public class PendingOrdersTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>One database (the shared tables) and any number of nodes over it.</summary>
    private sealed class Farm
    {
        public TestClock Clock { get; } = new(T0);
        public InMemoryWorkflowSettingsStore Settings { get; } = new(new StoreId(1));
        public InMemoryWorkflowStores Stores { get; } = new();
        public InMemoryStoreData StoreData { get; } = new();
        public InMemoryDistributedLock Lock { get; }
        public Mock<IRepository<RetentionPendingOrder>> Pending { get; }
        public List<RetentionPendingOrder> PendingRows { get; }
        public IRepository<Discount> Discounts { get; set; } = FakeRepository.Reading(new List<Discount>());
        /// <summary>The enrollment reads of every node, in order.</summary>
        public List<string> Reads { get; } = [];

        public Farm()
        {
            Lock = new InMemoryDistributedLock(Clock);
            (Pending, PendingRows) = FakeRepository.Create<RetentionPendingOrder>(p => p.OrderId.ToString());
        }

        public (WorkflowTask Task, WorkflowEventsConsumer Consumer, PendingOrders Orders) Node()
        {
            var runner = new InMemoryQueryRunner();
            var workflows = WorkflowParts.Compose(new WorkflowServices
            {
                Settings = Settings, Options = new InMemoryOptionsStore(), Enrollments = new RecordingEnrollments(Stores, Reads), Events = Stores, Surveys = Stores,
                Contacts = new FakeContactDirectory(), Outbox = new InMemoryMessageOutbox(), Coupons = new InMemoryCouponIssuer(),
                Content = new RecordingWorkflowContent(), Store = StoreData, Runner = runner, Lock = Lock, Clock = Clock,
                Links = new LinkSigner(new byte[32]), Data = Stores, BuiltInReminders = NoBuiltInReminders.Instance,
            });
            var events = new StoreEvents(null, null, new WorkflowTriggers(workflows.Program, Settings, Stores, Clock));
            var orders = new PendingOrders(Pending.Object, FakeRepository.Reading(new List<DiscountUsageHistory>()), Discounts, events, StoreData, runner, Clock);
            var consumer = new WorkflowEventsConsumer(events, orders, FakeRepository.Reading(new List<Order>()), FakeRepository.Reading(new List<Customer>()),
                runner, Clock);
            return (new WorkflowTask(workflows.Run, Settings, NoBuiltInReminders.Instance, orders, Lock), consumer, orders);
        }

        public void Placed(int orderId, int customer) =>
            StoreData.OrderList.Add(new OrderFact { Id = orderId, StoreId = 1, CustomerId = customer, CreatedOnUtc = T0, OrderStatusId = 10, OrderTotal = 50m });

        public Task<Enrollment> DueCartAsync(int customer) => Stores.TryAddAsync(new Enrollment
        {
            Workflow = WorkflowKind.AbandonedCart, Store = new StoreId(1), Customer = new CustomerId(customer), Subject = "cart:1",
            EnrolledUtc = T0.AddHours(-2), AnchorUtc = T0.AddHours(-2), IsControl = false, NextDueUtc = T0.AddMinutes(-1),
        });

        /// <summary>How many times the order was marked processed.</summary>
        public int TimesProcessed(int orderId) => Pending.Invocations.Count(i => i.Method.Name == nameof(IRepository<RetentionPendingOrder>.UpdateAsync)
            && i.Arguments[0] is RetentionPendingOrder { ProcessedOnUtc: not null } row && row.OrderId == orderId);
    }

    /// <summary>Notes which enrollments the workflows read, and when.</summary>
    private sealed class RecordingEnrollments(IEnrollmentStore inner, List<string> reads) : IEnrollmentStore
    {
        private void Note(string read)
        {
            lock (reads) reads.Add(read);
        }

        public Task<Enrollment> TryAddAsync(Enrollment enrollment, CancellationToken cancellationToken = default) => inner.TryAddAsync(enrollment, cancellationToken);

        public Task<Enrollment> GetAsync(long id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<Enrollment>> DueAsync(DateTime nowUtc, int limit, CancellationToken cancellationToken = default)
        {
            Note("due steps");
            return inner.DueAsync(nowUtc, limit, cancellationToken);
        }

        public Task<bool> TryAdvanceAsync(EnrollmentTransition transition, CancellationToken cancellationToken = default) =>
            inner.TryAdvanceAsync(transition, cancellationToken);

        public Task<IReadOnlyList<Enrollment>> ActiveForCustomerAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
        {
            Note($"active of {customer}");
            return inner.ActiveForCustomerAsync(store, customer, cancellationToken);
        }

        public Task<DateTime?> LastEnrolledAsync(WorkflowKind workflow, StoreId store, CustomerId customer, CancellationToken cancellationToken = default) =>
            inner.LastEnrolledAsync(workflow, store, customer, cancellationToken);

        public Task<IReadOnlySet<CustomerId>> EnrolledSinceAsync(WorkflowKind workflow, StoreId store, IReadOnlyCollection<CustomerId> customers, DateTime sinceUtc,
            CancellationToken cancellationToken = default) => inner.EnrolledSinceAsync(workflow, store, customers, sinceUtc, cancellationToken);
    }

    [Test]
    public async Task Checkout_only_records_the_order_with_one_insert_and_a_replay_records_nothing_more()
    {
        var farm = new Farm();
        var cart = await farm.DueCartAsync(7);
        farm.Placed(50, 7);
        var consumer = farm.Node().Consumer;

        await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = 50, StoreId = 1, CustomerId = 7 }));
        await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = 50, StoreId = 1, CustomerId = 7 }));

        farm.Pending.Verify(p => p.InsertAsync(It.IsAny<RetentionPendingOrder>(), It.IsAny<bool>()), Times.Once);
        Assert.That(farm.PendingRows.Select(p => (p.OrderId, p.ProcessedOnUtc, p.RecordedOnUtc)), Is.EqualTo(new[] { (50, (DateTime?)null, T0) }));
        Assert.That((await farm.Stores.GetAsync(cart.Id)).State, Is.EqualTo(EnrollmentState.Active), "the workflows did not run on the checkout request");
    }

    [Test]
    public async Task Each_recorded_order_goes_through_once_when_two_nodes_run_at_once_and_again_later()
    {
        var farm = new Farm();
        var (taskA, consumer, _) = farm.Node();
        var (taskB, _, _) = farm.Node();
        foreach (var (order, customer) in new[] { (50, 7), (51, 8) })
        {
            farm.Placed(order, customer);
            await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = order, StoreId = 1, CustomerId = customer }));
        }

        await Task.WhenAll(Task.Run(taskA.ExecuteAsync), Task.Run(taskB.ExecuteAsync));
        await taskA.ExecuteAsync();
        await taskB.ExecuteAsync();

        Assert.That((farm.TimesProcessed(50), farm.TimesProcessed(51)), Is.EqualTo((1, 1)));
        Assert.That(farm.PendingRows.All(p => p.ProcessedOnUtc == T0), Is.True);
    }

    [Test]
    public async Task An_orders_exit_stops_the_sequence_before_its_next_step_in_the_same_run()
    {
        var farm = new Farm();
        var (task, consumer, _) = farm.Node();
        var buyer = await farm.DueCartAsync(7);
        var other = await farm.DueCartAsync(8);
        farm.Placed(50, 7);
        await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = 50, StoreId = 1, CustomerId = 7 }));

        await task.ExecuteAsync();

        var (afterBuyer, afterOther) = (await farm.Stores.GetAsync(buyer.Id), await farm.Stores.GetAsync(other.Id));
        Assert.That((afterBuyer.State, afterBuyer.NextStep, afterBuyer.ExitReason), Is.EqualTo((EnrollmentState.Exited, 0, "The customer placed an order.")),
            "the order closed the buyer's cart before its reminder was due to go");
        Assert.That(afterOther.ExitReason, Is.EqualTo("The cart was emptied."), "the same run then took the other customer's due step (an empty cart ends it)");
        // The engine also looks for orders before a step, so the exit alone cannot show the order: the reads do.
        Assert.That(farm.Reads.IndexOf("active of 7"), Is.GreaterThanOrEqualTo(0).And.LessThan(farm.Reads.IndexOf("due steps")),
            "the order's exits were applied before the run read its due steps");
    }

    [Test]
    public async Task An_order_that_fails_is_tried_again_each_run_and_left_alone_after_the_last_try()
    {
        var farm = new Farm();
        var broken = new Mock<IRepository<Discount>>();
        broken.Setup(d => d.Table).Throws(new InvalidOperationException("discount table unreadable"));
        farm.Discounts = broken.Object;
        var (task, consumer, orders) = farm.Node();
        farm.Placed(50, 7);
        await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = 50, StoreId = 1, CustomerId = 7 }));

        Assert.That(task.ExecuteAsync, Throws.InvalidOperationException.With.Message.Contains("Order 50 (try 1 of 5): discount table unreadable"));
        var reports = new List<PendingOrdersReport>();
        for (var run = 2; run <= PendingOrders.MaxAttempts + 1; run++)
            reports.Add(await orders.ProcessAsync());

        Assert.That(reports.Select(r => r.Failures.Count), Is.EqualTo(new[] { 1, 1, 1, 1, 0 }), "tries 2 to 5 fail, the sixth run leaves it alone");
        Assert.That((farm.PendingRows.Single().Attempts, farm.PendingRows.Single().LastError), Is.EqualTo((5, "discount table unreadable")));
        Assert.That(farm.PendingRows.Single().ProcessedOnUtc, Is.Null);
    }

    [Test]
    public async Task Processed_orders_are_forgotten_after_thirty_days_and_a_deleted_order_counts_as_processed()
    {
        var farm = new Farm();
        var (_, consumer, orders) = farm.Node();
        await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = 60, StoreId = 1, CustomerId = 7 }));
        await orders.ProcessAsync();
        farm.Clock.UtcNow += TimeSpan.FromDays(29);
        await consumer.HandleEventAsync(new OrderPlacedEvent(new Order { Id = 61, StoreId = 1, CustomerId = 7 }));
        await orders.ProcessAsync();

        Assert.That(farm.PendingRows.Select(p => p.OrderId), Is.EqualTo(new[] { 60, 61 }), "order 60 (deleted before the run) was processed, and kept");
        farm.Clock.UtcNow += TimeSpan.FromDays(2);
        await orders.ProcessAsync();

        Assert.That(farm.PendingRows.Select(p => p.OrderId), Is.EqualTo(new[] { 61 }));
    }
}
