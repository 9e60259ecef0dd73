using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Shipping;
using Nop.Core.Domain.Stores;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Plugin.Misc.Retention.Events;
using Nop.Plugin.Misc.Retention.Tests.Services;
using Microsoft.AspNetCore.Http;
using Nop.Services.Configuration;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Workflows;

/// <summary>
/// nopCommerce's events through <see cref="WorkflowEventsConsumer"/> (a registration through
/// <see cref="CustomerLoyaltyConsumer"/>, a tier change through Core's <see cref="WorkflowTriggers"/>) into the real workflow classes (<see cref="WorkflowParts"/>) over the
/// in-memory ports: each event lands as the enrollment (or exit) it maps to, in the event's store, and a replayed event
/// changes nothing.
/// </summary>
public class WorkflowEventsConsumerTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private TestClock _clock;
    private InMemoryWorkflowSettingsStore _settings;
    private InMemoryWorkflowStores _stores;
    private InMemoryStoreData _storeData;
    private List<Order> _orders;
    private List<Customer> _customers;
    private List<DiscountUsageHistory> _usages;
    private List<Discount> _discounts;
    private WorkflowEventsConsumer _consumer;
    private CustomerLoyaltyConsumer _customerConsumer;
    private WorkflowTriggers _triggers;
    private PendingOrders _pendingOrders;

    [SetUp]
    public async Task SetUp()
    {
        _clock = new TestClock(T0);
        _settings = new InMemoryWorkflowSettingsStore(new StoreId(1), new StoreId(2));
        _stores = new InMemoryWorkflowStores();
        _storeData = new InMemoryStoreData();
        _orders = [];
        _customers = [];
        _usages = [];
        _discounts = [];
        var workflows = WorkflowParts.Compose(new WorkflowServices
        {
            Settings = _settings,
            Options = new InMemoryOptionsStore(),
            Enrollments = _stores,
            Events = _stores,
            Surveys = _stores,
            Contacts = new FakeContactDirectory(),
            Outbox = new InMemoryMessageOutbox(),
            Coupons = new InMemoryCouponIssuer(),
            Content = new RecordingWorkflowContent(),
            Store = _storeData,
            Runner = new InMemoryQueryRunner(),
            Lock = new InMemoryDistributedLock(_clock),
            Clock = _clock,
            Links = new LinkSigner(new byte[32]),
            Data = _stores,
        });
        // Every workflow on, so each event shows everything it enrolls; which are on by default is the catalog's business.
        foreach (var store in new[] { new StoreId(1), new StoreId(2) })
            foreach (var kind in WorkflowCatalog.All)
                await _settings.ConfigureAsync(store, kind, w => w with { Enabled = true });
        var storeContext = new Mock<IStoreContext>();
        storeContext.Setup(s => s.GetCurrentStoreAsync()).ReturnsAsync(new Store { Id = 2 });
        var (pending, _) = FakeRepository.Create<RetentionPendingOrder>(p => p.OrderId.ToString());
        _triggers = new WorkflowTriggers(workflows.Program, _settings, _stores, _clock);
        var events = new StoreEvents(null, null, _triggers);
        _pendingOrders = new PendingOrders(pending.Object, FakeRepository.Reading(_usages), FakeRepository.Reading(_discounts), events, _storeData, new InMemoryQueryRunner(), _clock);
        _consumer = new WorkflowEventsConsumer(events, _pendingOrders, FakeRepository.Reading(_orders), FakeRepository.Reading(_customers), new InMemoryQueryRunner(), _clock);
        // A registration enters the door through the customer consumer (bonus, then welcome).
        _customerConsumer = new CustomerLoyaltyConsumer(events, new InMemoryReferralStore(), Mock.Of<ISettingService>(), storeContext.Object,
            Mock.Of<IHttpContextAccessor>(), _clock);
    }

    private async Task<IReadOnlyList<Enrollment>> EnrollmentsAsync(int store = 1, int customer = 7) =>
        await _stores.ActiveForCustomerAsync(new StoreId(store), new CustomerId(customer));

    private async Task<Enrollment> EnrolledAsync(WorkflowKind workflow, string subject, int customer = 7) =>
        await _stores.TryAddAsync(new Enrollment
        {
            Workflow = workflow, Store = new StoreId(1), Customer = new CustomerId(customer), Subject = subject, EnrolledUtc = T0, AnchorUtc = T0,
            IsControl = false, NextDueUtc = T0.AddHours(1),
        });

    [Test]
    public async Task Registration_enrolls_the_welcome_series_in_the_store_the_customer_registered_in_once()
    {
        var @event = new CustomerRegisteredEvent(new Customer { Id = 7, RegisteredInStoreId = 1 });

        await _customerConsumer.HandleEventAsync(@event);
        await _customerConsumer.HandleEventAsync(@event);

        var enrolled = await EnrollmentsAsync();
        Assert.That(enrolled.Select(e => (e.Workflow, e.Subject)), Is.EqualTo(new[] { (WorkflowKind.Welcome, TriggerRules.WelcomeSubject) }));
        Assert.That(enrolled[0].AnchorUtc, Is.EqualTo(T0));
    }

    [Test]
    public async Task Registration_without_a_store_of_record_uses_the_current_store()
    {
        await _customerConsumer.HandleEventAsync(new CustomerRegisteredEvent(new Customer { Id = 7 }));

        Assert.That(await EnrollmentsAsync(store: 1), Is.Empty);
        Assert.That((await EnrollmentsAsync(store: 2)).Select(e => e.Workflow), Is.EqualTo(new[] { WorkflowKind.Welcome }));
    }

    [Test]
    public async Task Newsletter_subscription_enrolls_the_customer_with_that_email_in_the_subscription_store()
    {
        _customers.Add(new Customer { Id = 7, Email = "ann@example.com" });
        _customers.Add(new Customer { Id = 8, Email = "ann@example.com", Deleted = true });
        var @event = new EmailSubscribedEvent(new NewsLetterSubscription { Email = " ann@example.com ", StoreId = 2, Active = true });

        await _consumer.HandleEventAsync(@event);
        await _consumer.HandleEventAsync(@event);

        Assert.That((await EnrollmentsAsync(store: 2)).Select(e => (e.Workflow, e.Customer.Value)), Is.EqualTo(new[] { (WorkflowKind.Welcome, 7) }));
    }

    [Test]
    public async Task Newsletter_subscription_of_an_address_without_an_account_enrolls_nobody()
    {
        await _consumer.HandleEventAsync(new EmailSubscribedEvent(new NewsLetterSubscription { Email = "guest@example.com", StoreId = 1, Active = true }));

        Assert.That(await _stores.DueAsync(T0.AddYears(1), 10), Is.Empty);
    }

    [Test]
    public async Task Newsletter_unsubscribe_exits_marketing_enrollments_and_keeps_transactional_ones()
    {
        _customers.Add(new Customer { Id = 7, Email = "ann@example.com" });
        await EnrolledAsync(WorkflowKind.AbandonedCart, "cart:1");
        await EnrolledAsync(WorkflowKind.PointsExpiry, "points:1");
        var @event = new EmailUnsubscribedEvent(new NewsLetterSubscription { Email = "ann@example.com", StoreId = 1 });

        await _consumer.HandleEventAsync(@event);
        await _consumer.HandleEventAsync(@event);

        Assert.That((await EnrollmentsAsync()).Select(e => e.Workflow), Is.EqualTo(new[] { WorkflowKind.PointsExpiry }));
        var exited = ((IWorkflowData)_stores).Enrollments.Single(e => e.WorkflowId == (int)WorkflowKind.AbandonedCart);
        Assert.That(exited.StateId, Is.EqualTo((int)EnrollmentState.Exited));
    }

    [Test]
    public async Task Deleted_customer_leaves_every_enrollment_in_every_store()
    {
        await EnrolledAsync(WorkflowKind.AbandonedCart, "cart:1");
        await EnrolledAsync(WorkflowKind.PointsExpiry, "points:1");
        await EnrolledAsync(WorkflowKind.AbandonedCart, "cart:1", customer: 8);

        await _consumer.HandleEventAsync(new EntityDeletedEvent<Customer>(new Customer { Id = 7, Deleted = true }));

        Assert.That(await EnrollmentsAsync(), Is.Empty);
        Assert.That(await EnrollmentsAsync(customer: 8), Has.Count.EqualTo(1), "Other customers are untouched.");
    }

    [Test]
    public async Task Delivered_shipment_of_a_fully_delivered_order_enrolls_review_request_and_csat_about_that_order_once()
    {
        _orders.Add(new Order { Id = 42, StoreId = 1, CustomerId = 7, ShippingStatusId = (int)ShippingStatus.Delivered });
        var delivered = T0.AddDays(-1);
        var @event = new ShipmentDeliveredEvent(new Shipment { OrderId = 42, DeliveryDateUtc = delivered });

        await _consumer.HandleEventAsync(@event);
        await _consumer.HandleEventAsync(@event);

        var enrolled = await EnrollmentsAsync();
        Assert.That(enrolled.Select(e => e.Workflow), Is.EquivalentTo(new[] { WorkflowKind.ReviewRequest, WorkflowKind.CsatSurvey }));
        Assert.That(enrolled.Select(e => e.Subject).Distinct(), Is.EqualTo(new[] { TriggerRules.OrderSubject(42) }));
        Assert.That(enrolled.Select(e => e.AnchorUtc).Distinct(), Is.EqualTo(new[] { delivered }));
    }

    [Test]
    public async Task Delivered_shipment_of_a_partly_delivered_order_enrolls_nothing_yet()
    {
        _orders.Add(new Order { Id = 42, StoreId = 1, CustomerId = 7, ShippingStatusId = (int)ShippingStatus.PartiallyShipped });

        await _consumer.HandleEventAsync(new ShipmentDeliveredEvent(new Shipment { OrderId = 42, DeliveryDateUtc = T0 }));

        Assert.That(await EnrollmentsAsync(), Is.Empty);
    }

    [TestCase(ShippingStatus.ShippingNotRequired, OrderStatus.Processing, 2, TestName = "Order completed without shipping counts as delivered")]
    [TestCase(ShippingStatus.Delivered, OrderStatus.Processing, 0, TestName = "Order completed with shipping waits for its shipments")]
    [TestCase(ShippingStatus.ShippingNotRequired, OrderStatus.Complete, 0, TestName = "Order saved again while complete enrolls nothing more")]
    public async Task Completed_order(ShippingStatus shipping, OrderStatus previous, int expectedEnrollments)
    {
        var order = new Order { Id = 43, StoreId = 1, CustomerId = 7, OrderStatusId = (int)OrderStatus.Complete, ShippingStatusId = (int)shipping };

        await _consumer.HandleEventAsync(new OrderStatusChangedEvent(order, previous));

        var enrolled = await EnrollmentsAsync();
        Assert.That(enrolled, Has.Count.EqualTo(expectedEnrollments));
        Assert.That(enrolled.Select(e => e.Subject), Has.All.EqualTo(TriggerRules.OrderSubject(43)));
    }

    [Test]
    public async Task Placed_order_exits_purchase_goal_enrollments_counts_its_coupon_once_and_enrolls_cross_sell()
    {
        _storeData.OrderList.Add(new OrderFact { Id = 50, StoreId = 1, CustomerId = 7, CreatedOnUtc = T0, OrderStatusId = 10, OrderTotal = 80m });
        _storeData.OrderLineList.Add(new OrderLineFact { Id = 1, OrderId = 50, ProductId = 3, Quantity = 1, PriceExclTax = 80m });
        var cart = await EnrolledAsync(WorkflowKind.AbandonedCart, "cart:1");
        await _stores.TryAddAsync(new WorkflowEvent
        {
            Key = new IdempotencyKey("sent:cart:1:2"), EnrollmentId = cart.Id, Workflow = WorkflowKind.AbandonedCart, Step = 2, Store = new StoreId(1),
            Customer = new CustomerId(7), Kind = WorkflowEventKind.Sent, OccurredUtc = T0.AddHours(-2), Detail = "RET-ABCDEFGHJK",
        });
        _discounts.Add(new Discount { Id = 9, RequiresCouponCode = true, CouponCode = "RET-ABCDEFGHJK" });
        _discounts.Add(new Discount { Id = 10, RequiresCouponCode = false });
        _usages.Add(new DiscountUsageHistory { Id = 1, DiscountId = 9, OrderId = 50 });
        _usages.Add(new DiscountUsageHistory { Id = 2, DiscountId = 10, OrderId = 50 });
        var @event = new OrderPlacedEvent(new Order { Id = 50, StoreId = 1, CustomerId = 7 });
        var data = (IWorkflowData)_stores;

        await _consumer.HandleEventAsync(@event);
        await _pendingOrders.ProcessAsync();
        var enrolledAfterFirst = data.Enrollments.Count();
        await _consumer.HandleEventAsync(@event);
        await _pendingOrders.ProcessAsync();

        Assert.That(data.WorkflowEvents.Count(e => e.KindId == (int)WorkflowEventKind.CouponRedeemed), Is.EqualTo(1),
            "The coupon code (not the automatic discount) counts as redeemed, once.");
        Assert.That(data.Enrollments.Single(e => e.Id == cart.Id).StateId, Is.EqualTo((int)EnrollmentState.Exited), "The abandoned cart ended with the purchase.");
        Assert.That(data.Enrollments.Where(e => e.WorkflowId == (int)WorkflowKind.CrossSell).Select(e => e.Subject).ToList(),
            Is.EqualTo(new[] { TriggerRules.OrderSubject(50) }), "The cross-sell about this order is enrolled once.");
        Assert.That(data.Enrollments.Count(), Is.EqualTo(enrolledAfterFirst), "The replay enrolled nothing more.");
    }

    [Test]
    public async Task One_upgrade_reported_twice_two_milliseconds_apart_enrolls_one_congratulation_and_the_next_day_another()
    {
        TierChanged Up(DateTime at) => new(new StoreId(1), new CustomerId(7), null, "Bronze", TierChange.Upgraded, at);
        await _triggers.TierChangedAsync(Up(T0));
        await _triggers.TierChangedAsync(Up(T0.AddMilliseconds(2)));
        await _triggers.TierChangedAsync(Up(T0.AddDays(1)));

        var enrollments = (await EnrollmentsAsync()).Where(e => e.Workflow == WorkflowKind.TierUp).ToList();
        Assert.That(enrollments.Select(e => e.Subject), Is.EqualTo(new[] { TierNotice.Subject("Bronze", T0), TierNotice.Subject("Bronze", T0.AddDays(1)) }),
            "One notice per customer, tier and day, under the subject Core builds.");
    }

    [Test]
    public async Task Tier_upgrade_enrolls_the_congratulation_and_a_downgrade_does_not()
    {
        await _triggers.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), "Silver", "Gold", TierChange.Upgraded, T0));
        await _triggers.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(7), "Silver", "Gold", TierChange.Upgraded, T0));
        await _triggers.TierChangedAsync(new TierChanged(new StoreId(1), new CustomerId(8), "Gold", "Silver", TierChange.Downgraded, T0));

        Assert.That((await EnrollmentsAsync()).Select(e => e.Workflow), Is.EqualTo(new[] { WorkflowKind.TierUp }));
        Assert.That(await EnrollmentsAsync(customer: 8), Is.Empty);
    }
}
