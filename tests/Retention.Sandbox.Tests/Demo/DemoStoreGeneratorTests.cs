using Microsoft.EntityFrameworkCore;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Demo;

public sealed class DemoStoreGeneratorTests
{
    private static readonly DateTime AsOf = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private static StoreContent Generate(int seed = 7, int customers = 4000) =>
        DemoStoreGenerator.Generate(new DemoStoreSettings { Seed = seed, AsOfUtc = AsOf, Customers = customers });

    private static (int Customers, int Orders, int Lines, int Carts, int Reviews, decimal Revenue, Guid LastOrder) Fingerprint(StoreContent s) =>
        (s.Customers.Count, s.Orders.Count, s.OrderLines.Count, s.CartItems.Count, s.ProductReviews.Count,
         s.Orders.Sum(o => o.OrderTotal), s.Orders[^1].OrderGuid);

    private static bool Counted(OrderFact o) => o.OrderStatusId != (int)OrderState.Cancelled;

    [Test]
    public void Same_seed_and_date_give_the_same_store_twice()
    {
        Assert.That(Fingerprint(Generate()), Is.EqualTo(Fingerprint(Generate())));
    }

    [Test]
    public void Another_seed_gives_another_store()
    {
        Assert.That(Fingerprint(Generate(seed: 8)), Is.Not.EqualTo(Fingerprint(Generate(seed: 7))));
    }

    [Test]
    public void Share_of_buyers_who_came_back_is_realistic()
    {
        var store = Generate();
        var ordersPerBuyer = store.Orders.Where(Counted).GroupBy(o => o.CustomerId).Select(g => g.Count()).ToList();

        var repeatShare = ordersPerBuyer.Count(n => n >= 2) / (double)ordersPerBuyer.Count;

        Assert.That(repeatShare, Is.InRange(0.20, 0.60));
        Assert.That(ordersPerBuyer.Max(), Is.GreaterThanOrEqualTo(8), "a few loyal customers buy often");
    }

    [Test]
    public void Every_order_belongs_to_an_existing_customer_and_falls_in_the_history()
    {
        var store = Generate();
        var customers = store.Customers.ToDictionary(c => c.Id);

        Assert.That(store.Orders.All(o => customers.ContainsKey(o.CustomerId)), Is.True);
        Assert.That(store.Orders.All(o => o.CreatedOnUtc >= customers[o.CustomerId].CreatedOnUtc), Is.True, "no order before its customer registered");
        Assert.That(store.Orders.All(o => o.CreatedOnUtc < AsOf && o.CreatedOnUtc >= AsOf.AddDays(-730)), Is.True);
        Assert.That(store.Orders.All(o => o.CreatedOnUtc.Kind == DateTimeKind.Utc), Is.True);
    }

    [Test]
    public void Cancelled_and_refunded_orders_are_a_small_share()
    {
        var store = Generate();

        var cancelled = store.Orders.Count(o => o.OrderStatusId == (int)OrderState.Cancelled) / (double)store.Orders.Count;
        var refunded = store.Orders.Count(o => o.RefundedAmount > 0);

        Assert.That(cancelled, Is.InRange(0.01, 0.10));
        Assert.That(refunded, Is.GreaterThan(0));
        Assert.That(store.Orders.Where(o => o.RefundedAmount > 0).All(o => o.RefundedAmount <= o.OrderTotal), Is.True);
    }

    [Test]
    public void Order_totals_add_up_from_their_lines_and_spend_varies_between_customers()
    {
        var store = Generate();
        var lines = store.OrderLines.ToLookup(l => l.OrderId);

        Assert.That(store.Orders.All(o => lines[o.Id].Any()), Is.True, "every order has lines");
        Assert.That(store.Orders.All(o => o.OrderSubtotalExclTax == lines[o.Id].Sum(l => l.PriceExclTax)), Is.True);
        Assert.That(store.Orders.All(o => o.OrderTotal == o.OrderSubtotalExclTax - o.OrderSubTotalDiscountExclTax + o.OrderShippingExclTax + o.OrderTax), Is.True);
        Assert.That(store.OrderLines.Any(l => l.IsGiftCard), Is.True, "some gift cards are sold");

        var averages = store.Orders.GroupBy(o => o.CustomerId).Select(g => g.Average(o => o.OrderTotal)).OrderBy(a => a).ToList();
        Assert.That(averages[averages.Count * 9 / 10], Is.GreaterThan(2 * averages[averages.Count / 10]), "heavy spenders spend far more than light ones");
    }

    [Test]
    public void Carts_reviews_and_birthdays_are_there_for_the_workflows()
    {
        var store = Generate();

        Assert.That(store.CartItems.Select(c => c.CustomerId).Distinct().Count(), Is.GreaterThan(100));
        Assert.That(store.CartItems.Any(c => c.UpdatedOnUtc > AsOf.AddHours(-1)), Is.True, "some carts are being filled right now");
        Assert.That(store.CartItems.Any(c => c.UpdatedOnUtc < AsOf.AddDays(-1)), Is.True, "some carts are abandoned");
        Assert.That(store.ProductReviews, Is.Not.Empty);
        Assert.That(store.ProductReviews.Select(r => r.Rating).Distinct(), Is.EquivalentTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(store.Customers.Count(c => c.DateOfBirth != null), Is.InRange(store.Customers.Count / 3, store.Customers.Count * 9 / 10));
        Assert.That(store.Customers.Where(c => c.Email != null).All(c => c.Email!.EndsWith("@example.com", StringComparison.Ordinal)), Is.True);
    }

    [TestCase(DatabaseProvider.Sqlite)]
    [TestCase(DatabaseProvider.PostgreSql)]
    public async Task Bulk_loaded_store_reads_back_through_EF_exactly_as_generated(DatabaseProvider provider)
    {
        var store = Generate(customers: 500);
        await using var test = await TestDatabase.CreateAsync(provider);

        await BulkLoader.LoadAsync(test.Database, store);

        await using var db = test.Database.CreateContext();
        var data = new EfStoreData(db);
        var runner = new EfQueryRunner();
        Assert.That(await runner.CountAsync(data.Customers), Is.EqualTo(store.Customers.Count));
        Assert.That(await runner.CountAsync(data.OrderLines), Is.EqualTo(store.OrderLines.Count));
        var revenue = await runner.ToListAsync(data.Orders.GroupBy(o => o.StoreId).Select(g => g.Sum(o => o.OrderTotal)));
        Assert.That(revenue.Single(), Is.EqualTo(store.Orders.Sum(o => o.OrderTotal)));

        var first = store.Orders[0];
        var loaded = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == first.Id);
        Assert.That((loaded.OrderGuid, loaded.CreatedOnUtc, loaded.PaidDateUtc, loaded.OrderTotal, loaded.CustomerId),
            Is.EqualTo((first.OrderGuid, first.CreatedOnUtc, first.PaidDateUtc, first.OrderTotal, first.CustomerId)));
        Assert.That(loaded.CreatedOnUtc.Kind, Is.EqualTo(DateTimeKind.Utc));
        var customer = store.Customers.First(c => c.DateOfBirth != null);
        var loadedCustomer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customer.Id);
        Assert.That((loadedCustomer.CustomerGuid, loadedCustomer.Email, loadedCustomer.DateOfBirth, loadedCustomer.Deleted),
            Is.EqualTo((customer.CustomerGuid, customer.Email, customer.DateOfBirth, customer.Deleted)));
    }
}
