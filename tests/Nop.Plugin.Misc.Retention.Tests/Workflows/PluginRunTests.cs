using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// Core's batched run over the plugin's own adapters — enrollments, events, contacts, outbox and the transactional step
/// writer — on tables that join the writer's transaction: every due step sends once, a second run sends nothing, and an
/// email that fails costs only its own step.
/// </summary>
public class PluginRunTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private const int CustomerCount = 30;

    private sealed class Plugin
    {
        public WorkflowParts Workflows { get; }
        public List<RetentionEnrollment> EnrollmentRows { get; }
        public List<RetentionWorkflowEvent> EventRows { get; }
        public List<RetentionOutboxMessage> OutboxRows { get; }
        public List<(string Template, string To)> Queued { get; }
        public string FailSendTo { get; set; }

        public Plugin()
        {
            var runner = new InMemoryQueryRunner();
            var clock = new TestClock(T0);
            var (enrollmentTable, enrollmentRows) = TransactionalFakeRepository.Create<RetentionEnrollment>(e => e.EnrollmentKey);
            var (eventTable, eventRows) = TransactionalFakeRepository.Create<RetentionWorkflowEvent>(e => e.EventKey);
            var outbox = NopOutbox.Create(transactional: true, onSend: to =>
            {
                if (to == FailSendTo)
                    throw new InvalidOperationException("The template failed to render.");
            });
            var enrollments = new EnrollmentStore(new FakeNopTable<EnrollmentRow, RetentionEnrollment>(enrollmentTable.Object, runner), runner);
            var events = new WorkflowEventStore(new FakeNopTable<WorkflowEventRow, RetentionWorkflowEvent>(eventTable.Object, runner), runner);

            var customers = Enumerable.Range(1, CustomerCount)
                .Select(id => new Customer { Id = id, Email = $"customer{id}@example.com", FirstName = $"C{id}", Active = true }).ToList();
            var subscriptions = customers.Select(c => new NewsLetterSubscription { Email = c.Email, StoreId = 1, Active = true }).ToList();
            var contacts = NopContacts.Create(customers, subscriptions).Directory;

            var settings = new InMemoryWorkflowSettingsStore(new StoreId(1));
            settings.ConfigureAsync(new StoreId(1), WorkflowKind.Welcome, w => w with { ControlGroupPercent = 0m }).GetAwaiter().GetResult();
            var stores = new InMemoryWorkflowStores();
            Workflows = WorkflowParts.Compose(new WorkflowServices
            {
                Settings = settings, Options = new InMemoryOptionsStore(), Enrollments = enrollments, Events = events, Surveys = stores,
                Contacts = contacts, Outbox = outbox.Outbox, Coupons = new InMemoryCouponIssuer(), Content = new RecordingWorkflowContent(),
                Store = new InMemoryStoreData(), Runner = runner, Lock = new InMemoryDistributedLock(clock), Clock = clock,
                Links = new LinkSigner(new byte[32]), Data = stores, BuiltInReminders = NoBuiltInReminders.Instance,
                StepWriter = new WorkflowStepWriter(new NopTableTransactions(), enrollments, events, outbox.Outbox),
            });
            (EnrollmentRows, EventRows, OutboxRows, Queued) = (enrollmentRows, eventRows, outbox.Rows, outbox.Queued);
        }

        public async Task RegisterAllAsync()
        {
            for (var id = 1; id <= CustomerCount; id++)
                await Workflows.Program.CustomerRegisteredAsync(new StoreId(1), new CustomerId(id), T0.AddMinutes(-5));
        }
    }

    [Test]
    public async Task Each_due_step_is_sent_once_and_a_second_run_sends_nothing()
    {
        var plugin = new Plugin();
        await plugin.RegisterAllAsync();

        var first = await plugin.Workflows.Run.RunAsync();
        var second = await plugin.Workflows.Run.RunAsync();

        Assert.That((first.Sent, second.Sent), Is.EqualTo((CustomerCount, 0)));
        Assert.That(plugin.Queued.Select(q => q.To).Distinct().Count(), Is.EqualTo(CustomerCount));
        Assert.That(plugin.Queued, Has.Count.EqualTo(CustomerCount));
        Assert.That((plugin.OutboxRows.Count, plugin.EventRows.Count), Is.EqualTo((CustomerCount, CustomerCount)));
        Assert.That(plugin.EnrollmentRows.All(e => e.NextStep == 1), Is.True, "every enrollment moved to its second step");
    }

    [Test]
    public async Task An_email_that_fails_costs_only_its_own_step_which_stays_due()
    {
        var plugin = new Plugin { FailSendTo = "customer7@example.com" };
        await plugin.RegisterAllAsync();

        Assert.That(() => plugin.Workflows.Run.RunAsync(), Throws.InstanceOf<AggregateException>().With.Message.Contains("1 part(s)"));

        Assert.That(plugin.OutboxRows.Select(m => m.CustomerId), Is.EquivalentTo(Enumerable.Range(1, CustomerCount).Where(id => id != 7)));
        Assert.That(plugin.EventRows, Has.Count.EqualTo(CustomerCount - 1));
        var failed = plugin.EnrollmentRows.Single(e => e.CustomerId == 7);
        Assert.That((failed.NextStep, failed.StateId), Is.EqualTo((0, (int)EnrollmentState.Active)), "nothing of the failed step was written");

        plugin.FailSendTo = null;
        var retry = await plugin.Workflows.Run.RunAsync();

        Assert.That(retry.Sent, Is.EqualTo(1));
        Assert.That(plugin.OutboxRows, Has.Count.EqualTo(CustomerCount));
    }
}
