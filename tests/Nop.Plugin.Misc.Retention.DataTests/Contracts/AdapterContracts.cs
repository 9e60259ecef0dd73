using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Stores;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Messages;
using Nop.Services.Stores;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Core.Tables;
using Retention.Core.Workflows;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

// The plugin's adapters run the port contract suites that every other implementation runs, here on the plugin's real
// tables (created by its migrations) through nopCommerce's repository and linq2db, on PostgreSQL and on MariaDB.

/// <summary>One installed store database per test, shared by the adapters a fixture builds over it.</summary>
internal static class Adapters
{
    public static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    public static NopQueryRunner Runner { get; } = new();

    public static EnrollmentStore Enrollments(PluginDatabase db) => new(EnrollmentTable(db), Runner);

    public static NopTable<EnrollmentRow, RetentionEnrollment> EnrollmentTable(PluginDatabase db) => new(db.Repository<RetentionEnrollment>(), Runner);

    /// <summary>The ledger as the plugin registers it: each customer's summary in its table, written in the entry's transaction.</summary>
    public static PointsLedgerStore Ledger(PluginDatabase db) => new(new NopTable<PointsEntryRow, RetentionLedgerEntry>(db.Repository<RetentionLedgerEntry>(), Runner), Runner,
        new NopTable<PointsSummaryRow, RetentionPointsSummary>(db.Repository<RetentionPointsSummary>(), Runner), new NopTableTransactions());

    public static UnsubscribeStore Unsubscribes(PluginDatabase db) => new(new NopTable<UnsubscribeRow, RetentionUnsubscribe>(db.Repository<RetentionUnsubscribe>(), Runner), Runner);

    public static WorkflowEventStore Events(PluginDatabase db) => new(EventTable(db), Runner);

    public static NopTable<WorkflowEventRow, RetentionWorkflowEvent> EventTable(PluginDatabase db) => new(db.Repository<RetentionWorkflowEvent>(), Runner);

    /// <summary>The outbox over its real table and nopCommerce's customers; nopCommerce's message services faked (an email is queued as id 1).</summary>
    public static OutboxStore Outbox(PluginDatabase db)
    {
        var templates = new Mock<IMessageTemplateService>();
        templates.Setup(t => t.GetMessageTemplatesByNameAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .ReturnsAsync((string name, int? _) => new List<MessageTemplate> { new() { Name = name, IsActive = true, EmailAccountId = 1 } });
        var accounts = new Mock<IEmailAccountService>();
        accounts.Setup(a => a.GetEmailAccountByIdAsync(It.IsAny<int>())).ReturnsAsync(new EmailAccount());
        var workflow = new Mock<IWorkflowMessageService>();
        workflow.Setup(w => w.SendNotificationAsync(It.IsAny<MessageTemplate>(), It.IsAny<EmailAccount>(), It.IsAny<int>(), It.IsAny<IList<Token>>(),
            It.IsAny<string>(), It.IsAny<string>(), null, null, null, null, null, null, null, false)).ReturnsAsync(1);
        var queued = new Mock<IQueuedEmailService>();
        queued.Setup(q => q.GetQueuedEmailByIdAsync(1)).ReturnsAsync(new QueuedEmail { Id = 1 });
        queued.Setup(q => q.UpdateQueuedEmailAsync(It.IsAny<QueuedEmail>())).Returns(Task.CompletedTask);
        var stores = new Mock<IStoreService>();
        stores.Setup(s => s.GetStoreByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => new Store { Id = id });
        var delivery = new NopOutboxDelivery(db.Repository<Customer>(), templates.Object, accounts.Object, workflow.Object,
            queued.Object, new EmailAccountSettings { DefaultEmailAccountId = 1 }, Runner, Mock.Of<IMessageTokenProvider>(), stores.Object);
        return new OutboxStore(new NopTable<OutboxRow, RetentionOutboxMessage>(db.Repository<RetentionOutboxMessage>(), Runner), Runner, delivery);
    }
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealPointsLedgerContract(DatabaseKind kind) : PointsLedgerContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<IPointsLedger> CreateAsync() => _db.OpenAsync<IPointsLedger>(db => Adapters.Ledger(db));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealLedgerDataContract(DatabaseKind kind) : LedgerDataContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<LedgerDataHandle> CreateAsync() => _db.OpenAsync<LedgerDataHandle>(db =>
        {
            var ledger = Adapters.Ledger(db);
            return new LedgerDataHandle(ledger, ledger, Adapters.Runner);
        });

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealTierStandingStoreContract(DatabaseKind kind) : TierStandingStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<ITierStandingStore> CreateAsync() => _db.OpenAsync<ITierStandingStore>(db =>
        new TierStandingStore(new NopTable<TierStandingRow, RetentionTierStanding>(db.Repository<RetentionTierStanding>(), Adapters.Runner), Adapters.Runner, new TestClock(Adapters.Now)));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealReferralStoreContract(DatabaseKind kind) : ReferralStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<IReferralStore> CreateAsync() => _db.OpenAsync<IReferralStore>(db =>
        new ReferralStore(new NopTable<ReferralRow, RetentionReferral>(db.Repository<RetentionReferral>(), Adapters.Runner), Adapters.Runner, new TestClock(Adapters.Now)));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealUnsubscribeStoreContract(DatabaseKind kind) : UnsubscribeStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<UnsubscribeStore> CreateAsync() => _db.OpenAsync(db => Adapters.Unsubscribes(db));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealEnrollmentStoreContract(DatabaseKind kind) : EnrollmentStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<IEnrollmentStore> CreateAsync() => _db.OpenAsync<IEnrollmentStore>(db => Adapters.Enrollments(db));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealWorkflowEventStoreContract(DatabaseKind kind) : WorkflowEventStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<IWorkflowEventStore> CreateAsync() => _db.OpenAsync<IWorkflowEventStore>(db => Adapters.Events(db));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealSurveyStoreContract(DatabaseKind kind) : SurveyStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<ISurveyStore> CreateAsync() => _db.OpenAsync<ISurveyStore>(db => new SurveyStore(new NopTable<SurveyAnswerRow, RetentionSurveyAnswer>(db.Repository<RetentionSurveyAnswer>(), Adapters.Runner), Adapters.Runner));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealMessageOutboxContract(DatabaseKind kind) : MessageOutboxContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<IMessageOutbox> CreateAsync() => _db.OpenAsync<IMessageOutbox>(db => Adapters.Outbox(db));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealWorkflowStepWriterContract(DatabaseKind kind) : WorkflowStepWriterContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<StepWriterHandle> CreateAsync() => _db.OpenAsync<StepWriterHandle>(db =>
        {
            var enrollments = Adapters.Enrollments(db);
            var events = Adapters.Events(db);
            var outbox = Adapters.Outbox(db);
            return new StepWriterHandle(new WorkflowStepWriter(new NopTableTransactions(), enrollments, events, outbox), enrollments, events, outbox);
        });

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealTableContract(DatabaseKind kind) : TableContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    // Two writers as two nodes: each its own repository over the one database, and nopCommerce's ambient transactions.
    protected override Task<TableHandle> CreateAsync() => _db.OpenAsync<TableHandle>(db =>
        new TableHandle(Adapters.EnrollmentTable(db), new NopTableTransactions(), Adapters.EnrollmentTable(db), new NopTableTransactions(), Adapters.Runner)
        {
            Events = Adapters.EventTable(db),
            OtherEvents = Adapters.EventTable(db),
        });

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealCardStandingStoreContract(DatabaseKind kind) : CardStandingStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<global::Retention.Core.Loyalty.Cards.ICardStandingStore> CreateAsync() => _db.OpenAsync<global::Retention.Core.Loyalty.Cards.ICardStandingStore>(db =>
        new CardStandingStore(new NopTable<CardStandingRow, RetentionCardStanding>(db.Repository<RetentionCardStanding>(), Adapters.Runner), Adapters.Runner,
            new TestClock(Adapters.Now)));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealStampStoreContract(DatabaseKind kind) : StampStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<StampStore> CreateAsync() => _db.OpenAsync(db =>
        new StampStore(new NopTable<StampRow, RetentionStamp>(db.Repository<RetentionStamp>(), Adapters.Runner), Adapters.Runner));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealChangedCustomerFeedContract(DatabaseKind kind) : ChangedCustomerFeedContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<ChangedCustomerFeedHandle> CreateAsync() => _db.OpenAsync(db =>
    {
        var clock = new TestClock(Start);
        return new ChangedCustomerFeedHandle(new ChangedCustomerFeed(new NopTable<ChangedCustomerRow, RetentionChangedCustomer>(
            db.Repository<RetentionChangedCustomer>(), Adapters.Runner), Adapters.Runner, clock), clock, new NopTableTransactions());
    });

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}
