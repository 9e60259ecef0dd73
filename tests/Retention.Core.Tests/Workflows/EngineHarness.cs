using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Coupons;
using Retention.Core.Locking;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Workflows;

/// <summary>The workflow classes (<see cref="WorkflowParts"/>) over in-memory ports and a clock the test moves, with the ports at hand.</summary>
public sealed class EngineHarness
{
    /// <summary>A Monday, 09:00 UTC: daytime in UTC so quiet hours stay out of the way unless a test asks for them.</summary>
    public static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public static readonly StoreId Store1 = new(1);

    public FixedClock Clock { get; }
    public InMemoryWorkflowSettingsStore Settings { get; } = new(Store1);
    public InMemoryOptionsStore Options { get; } = new();
    public InMemoryWorkflowStores Stores { get; } = new();
    public FakeContactDirectory Contacts { get; } = new();
    public InMemoryMessageOutbox Outbox { get; } = new();
    public InMemoryCouponIssuer Coupons { get; } = new();
    public RecordingWorkflowContent Content { get; } = new();
    public InMemoryStoreData Store { get; } = new();
    public LinkSigner Links { get; } = new(LinkSigner.NewSecret());

    public EngineHarness(DateTime? now = null)
    {
        Clock = new FixedClock(now ?? T0);
        // Every workflow off and no control group unless a test says otherwise, so each test sees only what it sets up.
        var workflows = WorkflowCatalog.Defaults().Workflows.Select(w => w with { Enabled = false, ControlGroupPercent = 0m }).ToList();
        Assert.That(Settings.SaveAsync(Store1, WorkflowCatalog.Defaults() with { Workflows = workflows }).Result.IsValid, Is.True);
    }

    public WorkflowServices Services(IDistributedLock? runLock = null, IMessageOutbox? outbox = null, ICouponIssuer? coupons = null,
        IBuiltInReminders? builtIn = null, IEnrollmentStore? enrollments = null, IWorkflowEventStore? events = null, IWorkflowStepWriter? stepWriter = null,
        IContactDirectory? contacts = null, IWorkflowContent? content = null, IQueryRunner? runner = null) => new()
    {
        Settings = Settings,
        Options = Options,
        Enrollments = enrollments ?? Stores,
        Events = events ?? Stores,
        Surveys = Stores,
        Contacts = contacts ?? Contacts,
        Outbox = outbox ?? Outbox,
        Coupons = coupons ?? Coupons,
        Content = content ?? Content,
        Store = Store,
        Runner = runner ?? new InMemoryQueryRunner(),
        Lock = runLock ?? new InMemoryDistributedLock(Clock),
        Clock = Clock,
        Links = Links,
        Data = Stores,
        BuiltInReminders = builtIn ?? NoBuiltInReminders.Instance,
        StepWriter = stepWriter,
    };

    /// <summary>The workflow classes on this harness's ports; each call is another node of a web farm (its own lock unless one is given).</summary>
    public WorkflowParts Workflows(IDistributedLock? runLock = null, IMessageOutbox? outbox = null, ICouponIssuer? coupons = null,
        IBuiltInReminders? builtIn = null, IEnrollmentStore? enrollments = null, IWorkflowEventStore? events = null, IWorkflowStepWriter? stepWriter = null) =>
        WorkflowParts.Compose(Services(runLock, outbox, coupons, builtIn, enrollments, events, stepWriter));

    /// <summary>A step writer over this harness's stores and outbox, committing as one transaction would.</summary>
    public InMemoryWorkflowStepWriter NewStepWriter() => new(Stores, Outbox);

    /// <summary>Switches the workflow on with its catalog defaults otherwise, and applies <paramref name="change"/>.</summary>
    public Task EnableAsync(WorkflowKind kind, Func<WorkflowSettings, WorkflowSettings>? change = null) =>
        Settings.ConfigureAsync(Store1, kind, w => (change ?? (x => x))(w with { Enabled = true }));

    public async Task UseOptionsAsync(RetentionOptions options)
    {
        var result = await Options.SaveAsync(Store1, options);
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    public async Task<EnrollOutcome> EnrollAsync(WorkflowKind kind, int customer = 7, string subject = "s:1", DateTime? anchor = null,
        WorkflowParts? workflows = null) =>
        await (workflows ?? Workflows()).Enrollment.EnrollAsync(new EnrollmentRequest(kind, Store1, new CustomerId(customer), subject, anchor ?? Clock.UtcNow));

    /// <summary>A line in the customer's cart, changed at <paramref name="updated"/>.</summary>
    public void CartLine(int customer = 7, DateTime? updated = null) => Store.CartItemList.Add(new CartItemFact
    {
        Id = Store.CartItemList.Count + 1, StoreId = Store1.Value, CustomerId = customer, ProductId = 100, Quantity = 1,
        CreatedOnUtc = updated ?? Clock.UtcNow, UpdatedOnUtc = updated ?? Clock.UtcNow,
    });

    public void Order(int id, int customer = 7, DateTime? created = null, OrderState state = OrderState.Processing) => Store.OrderList.Add(new OrderFact
    {
        Id = id, StoreId = Store1.Value, CustomerId = customer, CreatedOnUtc = created ?? Clock.UtcNow, OrderStatusId = (int)state,
        PaymentStatusId = (int)PaymentState.Paid, OrderTotal = 50m, OrderSubtotalExclTax = 50m,
    });

    /// <summary>
    /// Runs the program now and then at each instant a step falls due, until <paramref name="until"/> (inclusive), as a
    /// scheduled task running often enough would; <paramref name="every"/> runs on a fixed grid instead.
    /// </summary>
    public async Task RunUntilAsync(DateTime until, TimeSpan? every = null, WorkflowParts? workflows = null)
    {
        workflows ??= Workflows();
        while (true)
        {
            var report = await workflows.Run.RunAsync();
            Assert.That(report.LockBusy, Is.False);
            var nextDue = Stores.AllEnrollments.Where(e => e.State == EnrollmentState.Active).Min(e => e.NextDueUtc);
            var next = every is { } step ? Clock.UtcNow + step : nextDue;
            // A step still due after a run would be a step the run failed to take: stop and let the assertions show it.
            if (next is not { } at || at > until || at <= Clock.UtcNow)
                return;
            Clock.UtcNow = at;
        }
    }

    public IReadOnlyList<OutboundMessage> MessagesTo(int customer) => Outbox.Messages.Where(m => m.Customer.Value == customer).OrderBy(m => m.CreatedUtc).ToList();

    public IReadOnlyList<WorkflowEvent> EventsOf(int customer, WorkflowEventKind kind) =>
        Stores.AllEvents.Where(e => e.Customer.Value == customer && e.Kind == kind).ToList();

    /// <summary>Customer 7 got <paramref name="emails"/> emails, and then the enrollment ended for <paramref name="reason"/>.</summary>
    public void AssertExitedAfter(int emails, string reason)
    {
        Assert.That(MessagesTo(7), Has.Count.EqualTo(emails));
        Assert.That((Only().State, Only().ExitReason), Is.EqualTo((EnrollmentState.Exited, reason)));
    }

    public Enrollment Only(int customer = 7) => Stores.AllEnrollments.Single(e => e.Customer.Value == customer);
}
