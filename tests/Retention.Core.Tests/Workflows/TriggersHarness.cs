using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// The engine tests' harness (every workflow off, no control group unless a test says so) with workflows that also have
/// the loyalty program and a replenishment catalog, and shorthands for what the trigger, link and report tests arrange.
/// </summary>
public sealed class TriggersHarness
{
    public static readonly DateTime T0 = EngineHarness.T0;
    public static readonly StoreId Store1 = EngineHarness.Store1;

    public EngineHarness Engine { get; } = new();
    public FixedClock Clock => Engine.Clock;
    public InMemoryWorkflowStores Stores => Engine.Stores;
    public FakeContactDirectory Contacts => Engine.Contacts;
    public InMemoryStoreData Store => Engine.Store;
    public LinkSigner Links => Engine.Links;
    public WorkflowParts Workflows { get; }

    public TriggersHarness(ProgramHarness? loyalty = null, IReplenishmentCatalog? replenishment = null)
    {
        Workflows = WorkflowParts.Compose(Engine.Services() with { Loyalty = loyalty?.ForWorkflows, Replenishment = replenishment });
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
            Clock.UtcNow + (lifetime ?? EmailLinks.LinkLifetime)));

    /// <summary>An event as the engine records a step (sent, withheld) or a link does.</summary>
    public Task<bool> EventAsync(Enrollment enrollment, WorkflowEventKind kind, DateTime at, int step = 0, string? detail = null) =>
        Stores.TryAddAsync(WorkflowBuild.Event($"test-{kind}:{enrollment.Id}:{step}", enrollment.Id, kind, enrollment.Store.Value, enrollment.Customer.Value,
            at, enrollment.IsControl, enrollment.Workflow, step) with { Detail = detail });

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
