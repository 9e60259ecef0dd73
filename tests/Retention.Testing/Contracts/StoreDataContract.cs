using Retention.Core.Store;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>The store's facts a test starts from.</summary>
public sealed class StoreSeed
{
    public List<CustomerFact> Customers { get; } = new();
    public List<OrderFact> Orders { get; } = new();
    public List<OrderLineFact> OrderLines { get; } = new();
    public List<CartItemFact> CartItems { get; } = new();
    public List<ProductReviewFact> ProductReviews { get; } = new();
}

/// <summary>A store-data port and the runner for its queries.</summary>
public sealed record StoreDataHandle(IStoreData Data, IQueryRunner Runner);

/// <summary>
/// The queries Core relies on must run on every provider, through the provider's own translation: grouping,
/// conditional sums over money, date arithmetic and joins. A failure here means a query that works in memory
/// would throw (or worse, run client-side) under a real database.
/// </summary>
public abstract class StoreDataContract
{
    private static readonly DateTime T0 = Build.Epoch;

    /// <summary>A port over a fresh database holding exactly <paramref name="seed"/>.</summary>
    protected abstract Task<StoreDataHandle> CreateWithAsync(StoreSeed seed);

    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [TearDown]
    public Task ReleaseStoreAsync() => ReleaseAsync();

    private static StoreSeed ThreeCustomers()
    {
        var seed = new StoreSeed();
        seed.Customers.AddRange(new[] { Build.Customer(1), Build.Customer(2), Build.Customer(3, email: null) });
        seed.Customers[2].Email = null;
        seed.Orders.AddRange(new[]
        {
            Build.Order(1, 1, T0, 10.50m),
            Build.Order(2, 1, T0.AddDays(10), 20.25m),
            Build.Order(3, 2, T0.AddDays(3), 99.99m),
            Build.Order(4, 2, T0.AddDays(4), 50m, OrderState.Cancelled),
            Build.Order(5, 3, T0.AddDays(40), 5m, store: 2),
        });
        return seed;
    }

    [Test]
    public async Task An_erased_customer_is_told_from_a_soft_deleted_a_live_and_an_unknown_one()
    {
        var seed = new StoreSeed();
        // nopCommerce's GDPR erasure blanks the address (string.Empty); its soft delete appends "-DELETED" to it.
        seed.Customers.AddRange(new[] { Build.Customer(1), Build.Customer(2), Build.Customer(3), Build.Customer(4) });
        (seed.Customers[0].Deleted, seed.Customers[0].Email, seed.Customers[0].Active) = (true, "", false);
        (seed.Customers[1].Deleted, seed.Customers[1].Email) = (true, null);
        (seed.Customers[2].Deleted, seed.Customers[2].Email) = (true, "c3@example.com-DELETED");
        var store = await CreateWithAsync(seed);

        var erased = new List<int>();
        foreach (var id in new[] { 1, 2, 3, 4, 99 })
            if (await Erasure.IsErasedAsync(store.Data, store.Runner, new Retention.Core.Common.CustomerId(id)))
                erased.Add(id);

        Assert.That(erased, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task Repeat_customers_are_counted_by_grouping_in_the_database()
    {
        var store = await CreateWithAsync(ThreeCustomers());

        var repeaters = store.Data.Orders
            .Where(o => o.OrderStatusId != (int)OrderState.Cancelled)
            .GroupBy(o => o.CustomerId)
            .Where(g => g.Count() >= 2)
            .Select(g => g.Key);

        Assert.That(await store.Runner.ToListAsync(repeaters), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Revenue_per_customer_sums_money_exactly_and_skips_cancelled_orders()
    {
        var store = await CreateWithAsync(ThreeCustomers());

        var query = store.Data.Orders
            .Where(o => o.StoreId == 1 && o.OrderStatusId != (int)OrderState.Cancelled)
            .GroupBy(o => o.CustomerId)
            .Select(g => new { CustomerId = g.Key, Revenue = g.Sum(o => o.OrderTotal), Orders = g.Count(), Last = g.Max(o => o.CreatedOnUtc) });
        var rows = (await store.Runner.ToListAsync(query)).OrderBy(r => r.CustomerId).ToList();

        Assert.That(rows.Select(r => (r.CustomerId, r.Revenue, r.Orders)),
            Is.EqualTo(new[] { (1, 30.75m, 2), (2, 99.99m, 1) }));
        Assert.That(rows[0].Last, Is.EqualTo(T0.AddDays(10)));
    }

    [Test]
    public async Task Orders_in_a_half_open_period_are_counted()
    {
        var store = await CreateWithAsync(ThreeCustomers());
        var from = T0.AddDays(3);
        var to = T0.AddDays(10);

        var count = await store.Runner.CountAsync(store.Data.Orders.Where(o => o.CreatedOnUtc >= from && o.CreatedOnUtc < to));

        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public async Task Idle_carts_of_customers_with_an_email_are_found_with_a_join()
    {
        var seed = ThreeCustomers();
        seed.CartItems.AddRange(new[]
        {
            new CartItemFact { Id = 1, StoreId = 1, CustomerId = 1, ProductId = 7, Quantity = 1, CreatedOnUtc = T0, UpdatedOnUtc = T0 },
            new CartItemFact { Id = 2, StoreId = 1, CustomerId = 2, ProductId = 7, Quantity = 2, CreatedOnUtc = T0, UpdatedOnUtc = T0.AddHours(5) },
            new CartItemFact { Id = 3, StoreId = 1, CustomerId = 3, ProductId = 8, Quantity = 1, CreatedOnUtc = T0, UpdatedOnUtc = T0 },
        });
        var store = await CreateWithAsync(seed);
        var idleSince = T0.AddHours(1);

        var query =
            from item in store.Data.CartItems
            join customer in store.Data.Customers on item.CustomerId equals customer.Id
            where customer.Email != null && customer.Email != ""
            group item by item.CustomerId into cart
            where cart.Max(i => i.UpdatedOnUtc) < idleSince
            select cart.Key;

        Assert.That(await store.Runner.ToListAsync(query), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Customers_with_a_birthday_on_a_given_day_are_found_by_month_and_day()
    {
        var seed = ThreeCustomers();
        seed.Customers[0].DateOfBirth = new DateTime(1990, 3, 14, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[1].DateOfBirth = new DateTime(1985, 3, 15, 0, 0, 0, DateTimeKind.Utc);
        var store = await CreateWithAsync(seed);

        var query = store.Data.Customers
            .Where(c => c.DateOfBirth != null && c.DateOfBirth.Value.Month == 3 && c.DateOfBirth.Value.Day == 14)
            .Select(c => c.Id);

        Assert.That(await store.Runner.ToListAsync(query), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Order_lines_excluding_gift_cards_are_summed_per_order()
    {
        var seed = ThreeCustomers();
        seed.OrderLines.AddRange(new[]
        {
            new OrderLineFact { Id = 1, OrderId = 1, ProductId = 7, Quantity = 1, PriceExclTax = 8.50m },
            new OrderLineFact { Id = 2, OrderId = 1, ProductId = 9, Quantity = 1, PriceExclTax = 2m, IsGiftCard = true },
            new OrderLineFact { Id = 3, OrderId = 2, ProductId = 7, Quantity = 2, PriceExclTax = 20.25m, DiscountAmountExclTax = 1.25m },
        });
        var store = await CreateWithAsync(seed);

        var query = store.Data.OrderLines
            .Where(l => !l.IsGiftCard)
            .GroupBy(l => l.OrderId)
            .Select(g => new { OrderId = g.Key, Net = g.Sum(l => l.PriceExclTax - l.DiscountAmountExclTax) });
        var rows = (await store.Runner.ToListAsync(query)).OrderBy(r => r.OrderId).Select(r => (r.OrderId, r.Net));

        Assert.That(rows, Is.EqualTo(new[] { (1, 8.50m), (2, 19.00m) }));
    }

    [Test]
    public async Task Approved_reviews_are_counted_per_customer()
    {
        var seed = ThreeCustomers();
        seed.ProductReviews.AddRange(new[]
        {
            new ProductReviewFact { Id = 1, StoreId = 1, CustomerId = 1, ProductId = 7, Rating = 5, IsApproved = true, CreatedOnUtc = T0 },
            new ProductReviewFact { Id = 2, StoreId = 1, CustomerId = 1, ProductId = 8, Rating = 1, IsApproved = true, CreatedOnUtc = T0 },
            new ProductReviewFact { Id = 3, StoreId = 1, CustomerId = 2, ProductId = 7, Rating = 4, IsApproved = false, CreatedOnUtc = T0 },
        });
        var store = await CreateWithAsync(seed);

        var count = await store.Runner.CountAsync(store.Data.ProductReviews.Where(r => r.IsApproved && r.CustomerId == 1));

        Assert.That(count, Is.EqualTo(2));
    }
}
