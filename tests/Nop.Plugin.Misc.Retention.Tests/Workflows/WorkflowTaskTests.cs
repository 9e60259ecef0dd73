using Nop.Core.Domain.Discounts;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>The five-minute task: nopCommerce 5.00's reminders lined up with the all-stores choice, then the workflows' run.</summary>
public class WorkflowTaskTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private static (WorkflowTask Task, InMemoryWorkflowStores Stores) Create(IBuiltInReminders reminders, BuiltInRemindersMode mode)
    {
        var clock = new TestClock(T0);
        var settings = new InMemoryWorkflowSettingsStore(new StoreId(1));
        settings.SaveAsync(new StoreId(0), WorkflowCatalog.Defaults() with { BuiltInReminders = mode }).GetAwaiter().GetResult();
        var stores = new InMemoryWorkflowStores();
        var distributedLock = new InMemoryDistributedLock(clock);
        var storeData = new InMemoryStoreData();
        var workflows = WorkflowParts.Compose(new WorkflowServices
        {
            Settings = settings, Options = new InMemoryOptionsStore(), Enrollments = stores, Events = stores, Surveys = stores,
            Contacts = new FakeContactDirectory(), Outbox = new InMemoryMessageOutbox(), Coupons = new InMemoryCouponIssuer(),
            Content = new RecordingWorkflowContent(), Store = storeData, Runner = new InMemoryQueryRunner(),
            Lock = distributedLock, Clock = clock, Links = new LinkSigner(new byte[32]), Data = stores, BuiltInReminders = reminders,
        });
        var pending = new PendingOrders(FakeRepository.Create<RetentionPendingOrder>(p => p.OrderId.ToString()).Mock.Object,
            FakeRepository.Create<DiscountUsageHistory>(u => u.Id.ToString()).Mock.Object, FakeRepository.Create<Discount>(d => d.Id.ToString()).Mock.Object,
            new StoreEvents(null, null, new WorkflowTriggers(workflows.Program, settings, stores, clock)), storeData, new InMemoryQueryRunner(), clock);
        return (new WorkflowTask(workflows.Run, settings, reminders, pending, distributedLock), stores);
    }

    private static Mock<IBuiltInReminders> Reminders(BuiltInReminderStatus status)
    {
        var reminders = new Mock<IBuiltInReminders>();
        reminders.Setup(r => r.DetectAsync(It.IsAny<CancellationToken>())).ReturnsAsync(status);
        // The batched run reads the built-in reminders' send times for its weekly caps; none were sent.
        reminders.Setup(r => r.SentTimesSinceAsync(It.IsAny<StoreId>(), It.IsAny<IReadOnlyCollection<CustomerId>>(), It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<CustomerId, IReadOnlyList<DateTime>>());
        return reminders;
    }

    [Test]
    public async Task Taking_over_switches_a_running_built_in_task_off()
    {
        var reminders = Reminders(new BuiltInReminderStatus(true, TaskEnabled: true, TakenOver: false, []));

        await Create(reminders.Object, BuiltInRemindersMode.TakeOver).Task.ExecuteAsync();

        reminders.Verify(r => r.TakeOverAsync(It.IsAny<CancellationToken>()), Times.Once);
        reminders.Verify(r => r.RestoreAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Standing_aside_gives_back_a_task_the_plugin_had_taken_over()
    {
        var reminders = Reminders(new BuiltInReminderStatus(true, TaskEnabled: false, TakenOver: true, []));

        await Create(reminders.Object, BuiltInRemindersMode.StandAside).Task.ExecuteAsync();

        reminders.Verify(r => r.RestoreAsync(It.IsAny<CancellationToken>()), Times.Once);
        reminders.Verify(r => r.TakeOverAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_490_store_only_runs_the_workflows()
    {
        var reminders = Reminders(BuiltInReminderStatus.None);
        var (task, stores) = Create(reminders.Object, BuiltInRemindersMode.TakeOver);
        await stores.TryAddAsync(new Enrollment
        {
            Workflow = WorkflowKind.Welcome, Store = new StoreId(1), Customer = new CustomerId(7), Subject = TriggerRules.WelcomeSubject, EnrolledUtc = T0,
            AnchorUtc = T0, IsControl = false, NextDueUtc = T0.AddMinutes(-1),
        });

        await task.ExecuteAsync();

        reminders.Verify(r => r.TakeOverAsync(It.IsAny<CancellationToken>()), Times.Never);
        reminders.Verify(r => r.RestoreAsync(It.IsAny<CancellationToken>()), Times.Never);
        Assert.That((await stores.GetAsync(1)).NextStep, Is.EqualTo(1), "The run took the due step.");
    }
}
