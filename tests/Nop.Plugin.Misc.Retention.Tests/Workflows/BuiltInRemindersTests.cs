using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Nop.Services.Customers;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Retention.Core.Common;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// nopCommerce 5.00's own abandoned-cart reminders: a 4.90 store has no such task and the adapter finds nothing; a
/// 5.00-like store has the task and its follow-up templates, which the plugin can take over and give back.
/// </summary>
public class BuiltInRemindersTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private static readonly string[] FollowUps = ["Reminder.AbandonedCart.FollowUp1", "Reminder.AbandonedCart.FollowUp2"];

    private FakeSettings _settings;
    private Mock<IScheduleTaskService> _tasks;
    private List<ScheduleTask> _storedTasks;
    private List<QueuedEmail> _queued;
    private Mock<IMessageTemplateService> _templates;

    [SetUp]
    public void SetUp()
    {
        _settings = new FakeSettings().Serve<RetentionBuiltInRemindersSettings>();
        _storedTasks = [];
        _tasks = new Mock<IScheduleTaskService>();
        _tasks.Setup(t => t.GetTaskByTypeAsync(It.IsAny<string>())).ReturnsAsync((string type) => _storedTasks.FirstOrDefault(t => t.Type == type));
        _tasks.Setup(t => t.UpdateTaskAsync(It.IsAny<ScheduleTask>())).Returns(Task.CompletedTask);
        _templates = new Mock<IMessageTemplateService>();
        _templates.Setup(t => t.GetMessageTemplatesByNameAsync(FollowUps[0], It.IsAny<int?>()))
            .ReturnsAsync(new List<MessageTemplate> { new() { Name = FollowUps[0], Subject = "Dear %Customer.FirstName%, you left some items in your cart." } });
        _templates.Setup(t => t.GetMessageTemplatesByNameAsync(FollowUps[1], It.IsAny<int?>()))
            .ReturnsAsync(new List<MessageTemplate> { new() { Name = FollowUps[1], Subject = "Dear %Customer.FirstName%, was there a problem?" } });
        _queued = [];
    }

    private void FiveHundredStore(bool enabled) =>
        _storedTasks.Add(new ScheduleTask { Id = 5, Name = "Process abandoned carts", Type = NopBuiltInReminders.AbandonedCartTaskType, Enabled = enabled });

    private readonly List<Customer> _customers =
    [
        new() { Id = 7, Email = "ann@example.com" },
        new() { Id = 8, Email = "bob@example.com" },
        new() { Id = 9, Email = "ann@example.com" },
        new() { Id = 10, Email = null },
        new() { Id = 11, Email = "cy@example.com" },
    ];

    private NopBuiltInReminders Reminders(IReadOnlyList<string> templateNames = null)
    {
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => _customers.FirstOrDefault(c => c.Id == id));
        var customerRows = new Mock<IRepository<Customer>>();
        customerRows.Setup(c => c.Table).Returns(() => _customers.AsQueryable());
        var queued = new Mock<IRepository<QueuedEmail>>();
        queued.Setup(q => q.Table).Returns(() => _queued.AsQueryable());
        return new NopBuiltInReminders(_tasks.Object, _settings.Mock.Object, _templates.Object, customers.Object, queued.Object, new InMemoryQueryRunner(),
            customerRows.Object, templateNames ?? FollowUps);
    }

    [Test]
    public async Task A_490_store_has_no_built_in_reminders_and_nothing_is_touched()
    {
        var reminders = Reminders(NopBuiltInReminders.HostTemplateNames());

        var status = await reminders.DetectAsync();
        await reminders.TakeOverAsync();
        await reminders.RestoreAsync();
        var counted = await reminders.CountSentSinceAsync(new StoreId(1), new CustomerId(7), T0.AddDays(-7));
        var times = await reminders.SentTimesSinceAsync(new StoreId(1), [new CustomerId(7), new CustomerId(8)], T0.AddDays(-7));

        Assert.That(status.Present, Is.False);
        Assert.That(times, Is.Empty);
        Assert.That(NopBuiltInReminders.HostTemplateNames(), Is.Empty, "nopCommerce 4.90 (and its stand-ins) declares no reminder templates.");
        Assert.That(counted, Is.Zero);
        _tasks.Verify(t => t.UpdateTaskAsync(It.IsAny<ScheduleTask>()), Times.Never);
    }

    [Test]
    public async Task A_500_store_shows_its_running_task_and_follow_up_templates()
    {
        FiveHundredStore(enabled: true);

        var status = await Reminders().DetectAsync();

        Assert.That(status.Present, Is.True);
        Assert.That(status.TaskEnabled, Is.True);
        Assert.That(status.TakenOver, Is.False);
        Assert.That(status.TemplateNames, Is.EqualTo(FollowUps));
    }

    [Test]
    public async Task Taking_over_disables_the_task_once_and_restoring_enables_it_again()
    {
        FiveHundredStore(enabled: true);
        var reminders = Reminders();

        await reminders.TakeOverAsync();
        await reminders.TakeOverAsync();
        var during = await reminders.DetectAsync();
        await reminders.RestoreAsync();
        await reminders.RestoreAsync();
        var after = await reminders.DetectAsync();

        Assert.That((during.TaskEnabled, during.TakenOver), Is.EqualTo((false, true)));
        Assert.That((after.TaskEnabled, after.TakenOver), Is.EqualTo((true, false)));
        _tasks.Verify(t => t.UpdateTaskAsync(It.IsAny<ScheduleTask>()), Times.Exactly(2), "One switch off, one switch on.");
    }

    [Test]
    public async Task A_task_the_merchant_left_off_is_not_taken_over_and_so_never_switched_on()
    {
        FiveHundredStore(enabled: false);
        var reminders = Reminders();

        await reminders.TakeOverAsync();
        await reminders.RestoreAsync();

        Assert.That(_storedTasks.Single().Enabled, Is.False);
        _tasks.Verify(t => t.UpdateTaskAsync(It.IsAny<ScheduleTask>()), Times.Never);
    }

    [Test]
    public async Task Sent_reminders_are_counted_by_their_template_subject_to_the_customer_since_the_date()
    {
        FiveHundredStore(enabled: true);
        _queued.AddRange(
        [
            new QueuedEmail { To = "ann@example.com", Subject = "Dear Ann, you left some items in your cart.", CreatedOnUtc = T0.AddDays(-1) },
            new QueuedEmail { To = "ann@example.com", Subject = "Dear Ann, was there a problem?", CreatedOnUtc = T0.AddDays(-2) },
            new QueuedEmail { To = "ann@example.com", Subject = "Dear Ann, you left some items in your cart.", CreatedOnUtc = T0.AddDays(-9) },
            new QueuedEmail { To = "ann@example.com", Subject = "Your order has shipped", CreatedOnUtc = T0.AddDays(-1) },
            new QueuedEmail { To = "bob@example.com", Subject = "Dear Bob, was there a problem?", CreatedOnUtc = T0.AddDays(-1) },
        ]);

        var counted = await Reminders().CountSentSinceAsync(new StoreId(1), new CustomerId(7), T0.AddDays(-7));

        Assert.That(counted, Is.EqualTo(2));
    }

    private void SentReminders() => _queued.AddRange(
    [
        new QueuedEmail { To = "ann@example.com", Subject = "Dear Ann, you left some items in your cart.", CreatedOnUtc = T0.AddDays(-1) },
        new QueuedEmail { To = "ann@example.com", Subject = "Dear Ann, was there a problem?", CreatedOnUtc = T0.AddDays(-2) },
        new QueuedEmail { To = "ann@example.com", Subject = "Dear Ann, you left some items in your cart.", CreatedOnUtc = T0.AddDays(-9) },
        new QueuedEmail { To = "ann@example.com", Subject = "Your order has shipped", CreatedOnUtc = T0.AddDays(-1) },
        new QueuedEmail { To = "bob@example.com", Subject = "Dear Bob, was there a problem?", CreatedOnUtc = T0.AddDays(-3) },
        new QueuedEmail { To = "cy@example.com", Subject = "Your order has shipped", CreatedOnUtc = T0.AddDays(-1) },
    ]);

    [Test]
    public async Task Send_times_of_a_batch_agree_with_counting_each_customer_alone()
    {
        FiveHundredStore(enabled: true);
        SentReminders();
        var reminders = Reminders();
        CustomerId[] batch = [new(7), new(8), new(9), new(10), new(11), new(404)];

        var times = await reminders.SentTimesSinceAsync(new StoreId(1), batch, T0.AddDays(-7));

        foreach (var customer in batch)
            Assert.That(times.TryGetValue(customer, out var sent) ? sent.Count : 0,
                Is.EqualTo(await reminders.CountSentSinceAsync(new StoreId(1), customer, T0.AddDays(-7))), $"customer {customer}");
        Assert.That(times[new CustomerId(7)], Is.EqualTo(new[] { T0.AddDays(-2), T0.AddDays(-1) }), "Ann's two reminders of the week, earliest first");
        Assert.That(times[new CustomerId(7)].All(t => t.Kind == DateTimeKind.Utc), Is.True);
        Assert.That(times.Keys, Is.EquivalentTo(new[] { new CustomerId(7), new CustomerId(8), new CustomerId(9) }),
            "customers without a reminder (no email, none sent, unknown) are missing");
    }

    [Test]
    public async Task Send_times_are_none_without_the_task_or_its_templates()
    {
        SentReminders();
        var withoutTask = await Reminders().SentTimesSinceAsync(new StoreId(1), [new CustomerId(7)], T0.AddDays(-7));
        FiveHundredStore(enabled: true);
        var withoutTemplates = await Reminders([]).SentTimesSinceAsync(new StoreId(1), [new CustomerId(7)], T0.AddDays(-7));
        var withBoth = await Reminders().SentTimesSinceAsync(new StoreId(1), [new CustomerId(7)], T0.AddDays(-7));

        Assert.That((withoutTask.Count, withoutTemplates.Count, withBoth.Count), Is.EqualTo((0, 0, 1)));
    }
}
