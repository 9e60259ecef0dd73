using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Contracts;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Membership;

/// <summary>
/// nopCommerce's recurring payments of the membership product, read each night over the real data-layer runtime
/// (<see cref="NopRecurringMemberships"/>): a failed last payment becomes Core's failed renewal (the grace runs), an
/// inactive one a cancellation, an old subscription replaced by a newer one says nothing, and a second night adds nothing.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RecurringMembershipTests(DatabaseKind kind)
{
    private static readonly StoreId Store = new(1);
    private const int ClubProduct = 40, Coffee = 1;
    private const int Failing = 7, Leaving = 8, Rejoined = 9, Paying = 10;
    private static readonly DateTime T0 = Adapters.Now;
    private static readonly MembershipSettings Club = new() { Enabled = true, ProductId = ClubProduct, GraceDays = 7, DiscountPercent = 5m, PointsMultiplier = 2m };

    private PluginDatabase _db;
    private MembershipProgram _program;
    private MembershipStore _rows;
    private StoreEvents _door;
    private NopRecurringMemberships _recurring;
    private TestClock _clock;

    [SetUp]
    public async Task CreateAsync()
    {
        _db = await PluginDatabase.CreateAsync(kind);
        await _db.Database.SeedAsync(new[] { Failing, Leaving, Rejoined, Paying }.Select(id => new Customer
        {
            Id = id, CustomerGuid = Guid.NewGuid(), Email = $"c{id}@example.com", Active = true, RegisteredInStoreId = 1, CreatedOnUtc = T0, LastActivityDateUtc = T0,
        }));
        await _db.Database.SeedAsync(new[]
        {
            new Product { Id = ClubProduct, IsRecurring = true, RecurringCyclePeriodId = (int)MembershipCycleUnit.Months, RecurringCycleLength = 1 },
            new Product { Id = Coffee },
        });
        var settings = new InMemoryLoyaltySettingsStore();
        await settings.SaveAsync(Store, new LoyaltySettings { Membership = Club });
        _clock = new TestClock(T0);
        _rows = new MembershipStore(new NopTable<MembershipRow, RetentionMembership>(_db.Repository<RetentionMembership>(), Adapters.Runner), Adapters.Runner);
        _program = new MembershipProgram(_rows, settings, new NopMembershipProducts(_db.Repository<Product>(), Adapters.Runner),
            new NopStoreData(_db.Repository<Order>(), _db.Repository<OrderItem>(), _db.Repository<Product>(), _db.Repository<Customer>(),
                _db.Repository<ShoppingCartItem>(), _db.Repository<ProductReview>()),
            Adapters.Runner, null, _clock);
        _door = new StoreEvents(null, null, new RecordingWorkflowTriggers(), membership: _program);
        _recurring = new NopRecurringMemberships(_db.Repository<RecurringPayment>(), _db.Repository<RecurringPaymentHistory>(), _db.Repository<Order>(),
            _db.Repository<OrderItem>(), settings, Adapters.Runner);

        // Orders: each customer's membership orders (the initial one and a renewal), a coffee order, and an order of another store.
        var orders = new List<(int Id, int Customer, int Store, int Product, DateTime Paid)>
        {
            (500, Failing, 1, ClubProduct, T0), (501, Failing, 1, ClubProduct, T0.AddMonths(1).AddDays(-1)),
            (510, Leaving, 1, ClubProduct, T0),
            (520, Rejoined, 1, ClubProduct, T0.AddMonths(-6)), (521, Rejoined, 1, ClubProduct, T0),
            (530, Paying, 1, ClubProduct, T0),
            (540, Paying, 1, Coffee, T0),
            (550, Leaving, 2, ClubProduct, T0),
        };
        await _db.Database.SeedAsync(orders.Select(o => new Order
        {
            Id = o.Id, OrderGuid = Guid.NewGuid(), StoreId = o.Store, CustomerId = o.Customer, OrderStatusId = (int)OrderStatus.Complete, PaymentStatusId = 30,
            OrderTotal = 9m, PaidDateUtc = o.Paid, CreatedOnUtc = o.Paid, CustomOrderNumber = o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        await _db.Database.SeedAsync(orders.Select(o => new OrderItem { Id = o.Id, OrderId = o.Id, ProductId = o.Product, Quantity = 1, PriceExclTax = 9m }));
        foreach (var o in orders.Where(o => o.Store == 1 && o.Product == ClubProduct))
            await _program.OrderPaidAsync(new MembershipOrder(Store, new CustomerId(o.Customer), o.Id, o.Paid, [ClubProduct]));

        await _db.Database.SeedAsync(new[]
        {
            // The failing member's subscription: renewed once (history), then the next payment failed.
            new RecurringPayment { Id = 1, InitialOrderId = 500, IsActive = true, LastPaymentFailed = true },
            // Cancelled by the customer.
            new RecurringPayment { Id = 2, InitialOrderId = 510, IsActive = false },
            // An old subscription, cancelled before the customer joined again with a new one.
            new RecurringPayment { Id = 3, InitialOrderId = 520, IsActive = false },
            new RecurringPayment { Id = 4, InitialOrderId = 521, IsActive = true },
            // A paying member: nothing to say, not read.
            new RecurringPayment { Id = 5, InitialOrderId = 530, IsActive = true },
            // A coffee subscription and another store's: not the membership.
            new RecurringPayment { Id = 6, InitialOrderId = 540, IsActive = false },
            new RecurringPayment { Id = 7, InitialOrderId = 550, IsActive = false },
            // Deleted: ignored.
            new RecurringPayment { Id = 8, InitialOrderId = 530, IsActive = false, Deleted = true },
        });
        await _db.Database.SeedAsync(new[] { new RecurringPaymentHistory { Id = 1, RecurringPaymentId = 1, OrderId = 501 } });
    }

    [TearDown]
    public Task DropAsync() => _db?.DropAsync() ?? Task.CompletedTask;

    [Test]
    public async Task Only_the_stores_failed_or_inactive_membership_subscriptions_are_read_with_the_orders_each_paid()
    {
        var read = await _recurring.SubscriptionsAsync(Store);

        Assert.That(read.Select(r => (r.Id, r.Subscription.Customer.Value, r.Subscription.Active, r.Subscription.LastPaymentFailed)),
            Is.EqualTo(new[] { (1, Failing, true, true), (2, Leaving, false, false), (3, Rejoined, false, false) }));
        Assert.That(read[0].Subscription.OrderIds, Is.EquivalentTo(new[] { 500, 501 }), "the initial order and the cycle's from the history");
        Assert.That((await _recurring.SubscriptionsAsync(Store, afterId: 1, take: 1)).Select(r => r.Id), Is.EqualTo(new[] { 2 }), "batches in id order");
    }

    [Test]
    public async Task The_night_maps_a_failed_payment_to_the_grace_a_cancellation_to_the_end_at_paid_through_and_ignores_a_replaced_subscription()
    {
        _clock.UtcNow = T0.AddMonths(2).AddDays(1);
        Assert.That(await _recurring.PollAsync(Store, _door, batchSize: 2), Is.EqualTo(3));
        Assert.That(await _recurring.PollAsync(Store, _door, batchSize: 2), Is.EqualTo(3), "the next night reads them again");

        var failing = await _program.StatusAsync(Store, new CustomerId(Failing));
        Assert.That((failing.State, failing.LastRenewalFailed, failing.EndsUtc), Is.EqualTo((MemberState.Grace, true, T0.AddMonths(2).AddDays(7))),
            "the renewal due at paid-through failed: the grace runs");
        Assert.That((await _rows.FactsAsync(Store, new CustomerId(Failing))).Failures, Has.Count.EqualTo(1), "keyed by the due date: two nights, one fact");

        var leaving = await _program.StatusAsync(Store, new CustomerId(Leaving));
        Assert.That((leaving.State, leaving.Cancelled, leaving.EndsUtc), Is.EqualTo((MemberState.Lapsed, true, T0.AddMonths(1))), "cancelled: no grace");
        Assert.That((await _rows.FactsAsync(Store, new CustomerId(Leaving))).Cancellations, Has.Count.EqualTo(1));

        var rejoined = await _rows.FactsAsync(Store, new CustomerId(Rejoined));
        Assert.That(rejoined.Cancellations, Is.Empty, "the old subscription did not pay the running membership");
    }
}
