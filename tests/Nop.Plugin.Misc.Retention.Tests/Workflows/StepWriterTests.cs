using System.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Runtime.CompilerServices;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Infrastructure;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// The plugin's step writer (Core's, over the plugin's table and nopCommerce's ambient transactions): per outcome the compare-and-set first, the event and the email only for winners, all of a
/// commit in one ambient transaction. The tables here are lists that take part in System.Transactions as an enlisting
/// connection does (<see cref="TransactionalFakeRepository"/>); that nopCommerce's connections enlist is the part these
/// tests cannot show (see docs/decisions.md).
/// </summary>
public class StepWriterTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private sealed class Harness
    {
        public EnrollmentStore Enrollments { get; }
        public WorkflowStepWriter Writer { get; }
        public List<RetentionEnrollment> EnrollmentRows { get; }
        public List<RetentionWorkflowEvent> EventRows { get; }
        public List<RetentionOutboxMessage> OutboxRows { get; }
        public List<QueuedEmail> QueuedEmails { get; }
        public List<string> TransactionsAtSend { get; } = [];
        public string FailSendTo { get; set; }

        public Harness()
        {
            var runner = new InMemoryQueryRunner();
            var (enrollments, enrollmentRows) = TransactionalFakeRepository.Create<RetentionEnrollment>(e => e.EnrollmentKey);
            var (events, eventRows) = TransactionalFakeRepository.Create<RetentionWorkflowEvent>(e => e.EventKey);
            // nopCommerce's SendNotificationAsync inserts the queued email through its repository, on the same database.
            var (queued, queuedRows) = TransactionalFakeRepository.Create<QueuedEmail>(_ => Guid.NewGuid().ToString());
            var outbox = NopOutbox.Create(transactional: true, onSend: to =>
            {
                TransactionsAtSend.Add(Transaction.Current?.TransactionInformation.LocalIdentifier);
                if (to == FailSendTo)
                    throw new InvalidOperationException("The template failed to render.");
                queued.Object.InsertAsync(new QueuedEmail { To = to, CreatedOnUtc = T0 }).GetAwaiter().GetResult();
            });
            Enrollments = new EnrollmentStore(new FakeNopTable<EnrollmentRow, RetentionEnrollment>(enrollments.Object, runner), runner);
            Writer = new WorkflowStepWriter(new NopTableTransactions(), Enrollments, new WorkflowEventStore(new FakeNopTable<WorkflowEventRow, RetentionWorkflowEvent>(events.Object, runner), runner), outbox.Outbox);
            (EnrollmentRows, EventRows, OutboxRows, QueuedEmails) = (enrollmentRows, eventRows, outbox.Rows, queuedRows);
        }

        public async Task<Enrollment> EnrollAsync(int customer) =>
            await Enrollments.TryAddAsync(WorkflowBuild.Enrollment("cart:1", customer: customer, due: T0));
    }

    private static StepOutcome Sent(Enrollment enrollment) => new(
        new EnrollmentTransition(enrollment.Id, 0, 1, T0.AddDays(1), EnrollmentState.Active, null, T0),
        WorkflowBuild.Event($"sent:{enrollment.Id}", enrollmentId: enrollment.Id, customer: enrollment.Customer.Value, occurred: T0),
        Build.Message($"mail:{enrollment.Id}", customer: enrollment.Customer.Value, created: T0));

    private static StepOutcome Exited(Enrollment enrollment) => new(
        new EnrollmentTransition(enrollment.Id, 0, 0, null, EnrollmentState.Exited, "order placed", T0), null, null);

    [Test]
    public async Task Only_the_outcomes_whose_move_won_write_their_event_and_email_all_in_one_transaction()
    {
        var harness = new Harness();
        var ann = await harness.EnrollAsync(1);
        var bob = await harness.EnrollAsync(2);
        var cy = await harness.EnrollAsync(3);
        // Another runner moved Bob's enrollment first.
        await harness.Enrollments.TryAdvanceAsync(new EnrollmentTransition(bob.Id, 0, 1, T0.AddDays(1), EnrollmentState.Active, null, T0));

        var won = await harness.Writer.CommitAsync([Sent(ann), Sent(bob), Exited(cy)]);

        Assert.That(won, Is.EquivalentTo(new[] { ann.Id, cy.Id }));
        Assert.That(harness.EventRows.Select(e => e.EventKey), Is.EqualTo(new[] { $"sent:{ann.Id}" }));
        Assert.That(harness.OutboxRows.Select(m => m.IdempotencyKey), Is.EqualTo(new[] { $"mail:{ann.Id}" }));
        Assert.That(harness.QueuedEmails.Select(q => q.To), Is.EqualTo(new[] { "customer1@example.com" }));
        Assert.That(harness.EnrollmentRows.Single(e => e.Id == ann.Id).NextStep, Is.EqualTo(1));
        Assert.That(harness.EnrollmentRows.Single(e => e.Id == cy.Id).StateId, Is.EqualTo((int)EnrollmentState.Exited));
        Assert.That(harness.TransactionsAtSend, Has.Count.EqualTo(1).And.All.Not.Null, "the email is queued inside the commit's transaction");
        Assert.That(Transaction.Current, Is.Null, "the scope is closed when the commit returns");
    }

    [Test]
    public async Task A_commit_that_throws_writes_nothing_and_every_step_stays_due()
    {
        var harness = new Harness();
        var ann = await harness.EnrollAsync(1);
        var bob = await harness.EnrollAsync(2);
        var before = harness.EnrollmentRows.Select(e => (e.Id, e.NextStep, e.StateId)).ToList();
        harness.FailSendTo = "customer2@example.com";

        Assert.That(() => harness.Writer.CommitAsync([Sent(ann), Sent(bob)]), Throws.InvalidOperationException);

        Assert.That(harness.EnrollmentRows.Select(e => (e.Id, e.NextStep, e.StateId)), Is.EqualTo(before), "Ann's move, made before Bob's email failed, is rolled back");
        Assert.That((harness.EventRows.Count, harness.OutboxRows.Count, harness.QueuedEmails.Count), Is.EqualTo((0, 0, 0)));
        Assert.That(harness.TransactionsAtSend.Distinct().Count(), Is.EqualTo(1), "both emails were tried in the one transaction that was rolled back");

        harness.FailSendTo = null;
        var won = await harness.Writer.CommitAsync([Sent(ann), Sent(bob)]);

        Assert.That(won, Is.EquivalentTo(new[] { ann.Id, bob.Id }), "the steps were still due and are done on the retry");
        Assert.That((harness.EnrollmentRows.Count(e => e.NextStep == 1), harness.EventRows.Count, harness.OutboxRows.Count, harness.QueuedEmails.Count),
            Is.EqualTo((2, 2, 2, 2)));
    }

    [Test]
    public async Task Two_outcomes_for_one_enrollment_are_refused_before_anything_is_written()
    {
        var harness = new Harness();
        var ann = await harness.EnrollAsync(1);

        Assert.That(() => harness.Writer.CommitAsync([Sent(ann), Exited(ann)]),
            Throws.ArgumentException.With.Message.Contains($"Enrollment {ann.Id} has two outcomes"));
        Assert.That(() => harness.Writer.CommitAsync([Sent(ann), null]), Throws.ArgumentException.With.Message.Contains("transition"));
        Assert.That((harness.EnrollmentRows.Count(e => e.NextStep != 0), harness.EventRows.Count, harness.OutboxRows.Count), Is.EqualTo((0, 0, 0)));
        Assert.That(await harness.Writer.CommitAsync([]), Is.Empty);
    }

    [Test]
    public void Startup_hands_the_plugins_step_writer_to_the_workflow_engine_and_registers_the_pending_orders()
    {
        var services = new ServiceCollection();
        new NopStartup().ConfigureServices(services, new ConfigurationBuilder().Build());
        Assert.That(services.Single(s => s.ServiceType == typeof(PendingOrders)).Lifetime, Is.EqualTo(ServiceLifetime.Scoped),
            "the order consumer and the workflow task share the request's pending orders");
        // Every other service is a stand-in: only the wiring of the writer is under test.
        foreach (var descriptor in services.Where(d => d.ServiceType != typeof(WorkflowServices) && d.ServiceType != typeof(IWorkflowStepWriter)
                     && !d.ServiceType.IsGenericTypeDefinition).ToList())
        {
            var type = descriptor.ServiceType;
            services.Remove(descriptor);
            services.AddScoped(type, _ => type.IsInterface
                ? ((Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(type))!).Object
                : RuntimeHelpers.GetUninitializedObject(type));
        }

        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.That(scope.ServiceProvider.GetRequiredService<WorkflowServices>().StepWriter, Is.InstanceOf<WorkflowStepWriter>());

        Assert.That(services.Single(s => s.ServiceType == typeof(IWorkflowStepWriter)).Lifetime, Is.EqualTo(ServiceLifetime.Scoped));
    }
}
