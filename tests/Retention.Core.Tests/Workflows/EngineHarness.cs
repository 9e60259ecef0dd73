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

/// <summary>A <see cref="WorkflowProgram"/> over in-memory ports and a clock the test moves, with the ports at hand.</summary>
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
        IBuiltInReminders? builtIn = null) => new()
    {
        Settings = Settings,
        Options = Options,
        Enrollments = Stores,
        Events = Stores,
        Surveys = Stores,
        Contacts = Contacts,
        Outbox = outbox ?? Outbox,
        Coupons = coupons ?? Coupons,
        Content = Content,
        Store = Store,
        Runner = new InMemoryQueryRunner(),
        Lock = runLock ?? new InMemoryDistributedLock(Clock),
        Clock = Clock,
        Links = Links,
        Data = Stores,
        BuiltInReminders = builtIn ?? NoBuiltInReminders.Instance,
    };

    /// <summary>A program on this harness's ports; each call is another node of a web farm (its own lock unless one is given).</summary>
    public WorkflowProgram Program(IDistributedLock? runLock = null, IMessageOutbox? outbox = null, ICouponIssuer? coupons = null,
        IBuiltInReminders? builtIn = null) => new(Services(runLock, outbox, coupons, builtIn));

    /// <summary>Switches the workflow on with its catalog defaults otherwise, and applies <paramref name="change"/>.</summary>
    public Task EnableAsync(WorkflowKind kind, Func<WorkflowSettings, WorkflowSettings>? change = null) =>
        Settings.ConfigureAsync(Store1, kind, w => (change ?? (x => x))(w with { Enabled = true }));

    public async Task UseOptionsAsync(RetentionOptions options)
    {
        var result = await Options.SaveAsync(Store1, options);
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    public async Task<EnrollOutcome> EnrollAsync(WorkflowKind kind, int customer = 7, string subject = "s:1", DateTime? anchor = null,
        WorkflowProgram? program = null) =>
        await (program ?? Program()).EnrollAsync(new EnrollmentRequest(kind, Store1, new CustomerId(customer), subject, anchor ?? Clock.UtcNow));

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

    /// <summary>Runs the program at every <paramref name="every"/> from now until <paramref name="until"/> (inclusive), as the scheduled task would.</summary>
    public async Task RunUntilAsync(DateTime until, TimeSpan? every = null, WorkflowProgram? program = null)
    {
        program ??= Program();
        while (Clock.UtcNow <= until)
        {
            var report = await program.RunAsync();
            Assert.That(report.LockBusy, Is.False);
            Clock.UtcNow += every ?? TimeSpan.FromHours(1);
        }
    }

    public IReadOnlyList<OutboundMessage> MessagesTo(int customer) => Outbox.Messages.Where(m => m.Customer.Value == customer).OrderBy(m => m.CreatedUtc).ToList();

    public IReadOnlyList<WorkflowEvent> EventsOf(int customer, WorkflowEventKind kind) =>
        Stores.AllEvents.Where(e => e.Customer.Value == customer && e.Kind == kind).ToList();

    public Enrollment Only(int customer = 7) => Stores.AllEnrollments.Single(e => e.Customer.Value == customer);
}
