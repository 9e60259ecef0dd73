using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// A <see cref="WorkflowProgram"/> over the in-memory ports, for the trigger, link and report tests: store 1, a fixed
/// clock the test moves, every port at hand for arranging and asserting.
/// </summary>
public sealed class TriggersHarness
{
    public static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    public static readonly StoreId Store1 = new(1);

    public FixedClock Clock { get; } = new(T0);
    public InMemoryWorkflowSettingsStore Settings { get; } = new(new StoreId(1));
    public InMemoryOptionsStore Options { get; } = new();
    public InMemoryWorkflowStores Stores { get; } = new();
    public FakeContactDirectory Contacts { get; } = new();
    public InMemoryMessageOutbox Outbox { get; } = new();
    public InMemoryCouponIssuer Coupons { get; } = new();
    public RecordingWorkflowContent Content { get; } = new();
    public InMemoryStoreData Store { get; } = new();
    public LinkSigner Links { get; } = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public WorkflowProgram Program { get; }

    public TriggersHarness(ProgramHarness? loyalty = null)
    {
        Program = new WorkflowProgram(new WorkflowServices
        {
            Settings = Settings,
            Options = Options,
            Enrollments = Stores,
            Events = Stores,
            Surveys = Stores,
            Contacts = Contacts,
            Outbox = Outbox,
            Coupons = Coupons,
            Content = Content,
            Store = Store,
            Runner = new InMemoryQueryRunner(),
            Lock = new InMemoryDistributedLock(Clock),
            Clock = Clock,
            Links = Links,
            Data = Stores,
            Loyalty = loyalty?.Program,
        });
    }

    /// <summary>An enrollment written straight to the store (as the engine would have), returned with its id.</summary>
    public async Task<Enrollment> EnrolledAsync(WorkflowKind workflow = WorkflowKind.AbandonedCart, int customer = 7, string subject = "cart:1",
        bool control = false, DateTime? at = null)
    {
        var enrollment = new Enrollment
        {
            Workflow = workflow,
            Store = Store1,
            Customer = new CustomerId(customer),
            Subject = subject,
            EnrolledUtc = at ?? Clock.UtcNow,
            AnchorUtc = at ?? Clock.UtcNow,
            IsControl = control,
            NextDueUtc = (at ?? Clock.UtcNow).AddHours(1),
        };
        var added = await Stores.TryAddAsync(enrollment);
        Assert.That(added, Is.Not.Null);
        return added!;
    }

    /// <summary>A signed token for a link of the enrollment's step, as an email would carry it.</summary>
    public string Token(Enrollment enrollment, LinkPurpose purpose, int step = 0, int value = 0, TimeSpan? lifetime = null) =>
        Links.Sign(new LinkPayload(purpose, enrollment.Store, enrollment.Customer, enrollment.Id, step, enrollment.Subject, value,
            Clock.UtcNow + (lifetime ?? WorkflowProgram.LinkLifetime)));

    /// <summary>An event as the engine records a step (sent, withheld) or a link does.</summary>
    public Task<bool> EventAsync(Enrollment enrollment, WorkflowEventKind kind, DateTime at, int step = 0, string? detail = null) =>
        Stores.TryAddAsync(new WorkflowEvent
        {
            Key = IdempotencyKey.For("test-" + kind, enrollment.Id, step),
            EnrollmentId = enrollment.Id,
            Workflow = enrollment.Workflow,
            Step = step,
            Store = enrollment.Store,
            Customer = enrollment.Customer,
            Kind = kind,
            OccurredUtc = at,
            IsControl = enrollment.IsControl,
            Detail = detail,
        });

    public OrderFact Order(int id, int customer, DateTime at, decimal total, OrderState status = OrderState.Processing)
    {
        var order = new OrderFact
        {
            Id = id, StoreId = 1, CustomerId = customer, CreatedOnUtc = at, OrderStatusId = (int)status, PaymentStatusId = (int)PaymentState.Paid,
            OrderSubtotalExclTax = total, OrderTotal = total,
        };
        Store.OrderList.Add(order);
        return order;
    }
}
