using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>
/// The loyalty program's queries over the store's facts (<see cref="LoyaltyQueries"/>), run through each provider's
/// translation with hand-computed results. Hosts derive one fixture per database, as for <see cref="StoreDataContract"/>.
/// </summary>
public abstract class LoyaltyStoreQueriesContract
{
    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A port over a fresh database holding exactly <paramref name="seed"/>.</summary>
    protected abstract Task<StoreDataHandle> CreateWithAsync(StoreSeed seed);

    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [TearDown]
    public Task ReleaseStoreAsync() => ReleaseAsync();

    [Test]
    public async Task Counted_orders_are_the_customers_paid_orders_of_the_last_12_months_net_of_refunds()
    {
        var seed = new StoreSeed();
        seed.Customers.AddRange(new[] { Build.Customer(1), Build.Customer(2) });
        var refunded = Build.Order(3, 1, Now.AddDays(-3), 40m);
        refunded.PaymentStatusId = (int)PaymentState.Refunded;
        var voided = Build.Order(4, 1, Now.AddDays(-3), 40m);
        voided.PaymentStatusId = (int)PaymentState.Voided;
        var unpaid = Build.Order(5, 1, Now.AddDays(-3), 40m);
        unpaid.PaidDateUtc = null;
        unpaid.PaymentStatusId = (int)PaymentState.Pending;
        var partly = Build.Order(2, 1, Now.AddDays(-10), 80.50m);
        partly.PaymentStatusId = (int)PaymentState.PartiallyRefunded;
        partly.RefundedAmount = 20.25m;
        seed.Orders.AddRange(new[]
        {
            Build.Order(1, 1, Now.AddMonths(-12).AddSeconds(1), 100m),
            partly, refunded, voided, unpaid,
            Build.Order(6, 1, Now.AddDays(-1), 50m, OrderState.Cancelled),
            Build.Order(7, 1, Now.AddMonths(-12), 999m),
            Build.Order(8, 1, Now.AddDays(-1), 999m, store: 2),
            Build.Order(9, 2, Now.AddDays(-1), 999m),
            Build.Order(10, 1, Now.AddSeconds(1), 999m),
        });
        var store = await CreateWithAsync(seed);

        var rows = await store.Runner.ToListAsync(LoyaltyQueries.CountedOrders(store.Data, 1, 1, Now));

        Assert.That(rows.OrderBy(r => r.PaidUtc).Select(r => (r.PaidUtc, r.Amount)), Is.EqualTo(new[]
        {
            (Now.AddMonths(-12).AddSeconds(1), 100m),
            (Now.AddDays(-10), 60.25m),
        }));
    }

    [Test]
    public async Task Birthday_customers_are_found_by_month_and_day_codes_in_ascending_batches()
    {
        var seed = new StoreSeed();
        for (var id = 1; id <= 7; id++) seed.Customers.Add(Build.Customer(id));
        seed.Customers[0].DateOfBirth = new DateTime(1990, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[1].DateOfBirth = new DateTime(1988, 2, 29, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[2].DateOfBirth = new DateTime(1975, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[3].DateOfBirth = new DateTime(1980, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[3].Deleted = true;
        seed.Customers[4].DateOfBirth = new DateTime(1981, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[4].RegisteredInStoreId = 2;
        seed.Customers[5].DateOfBirth = new DateTime(1982, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        seed.Customers[5].Active = false;
        seed.Customers[6].DateOfBirth = new DateTime(1999, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        var store = await CreateWithAsync(seed);
        int[] codes = [228, 229];

        var first = await store.Runner.ToListAsync(LoyaltyQueries.BirthdayCustomers(store.Data, 1, codes, 0, 2));
        var second = await store.Runner.ToListAsync(LoyaltyQueries.BirthdayCustomers(store.Data, 1, codes, first[^1].CustomerId, 2));

        Assert.That(first.Select(c => (c.CustomerId, c.DateOfBirth)), Is.EqualTo(new[]
        {
            (1, new DateTime(1990, 2, 28, 0, 0, 0, DateTimeKind.Utc)),
            (2, new DateTime(1988, 2, 29, 0, 0, 0, DateTimeKind.Utc)),
        }));
        Assert.That(second.Select(c => c.CustomerId), Is.EqualTo(new[] { 7 }));
    }

    [Test]
    public async Task Cashback_counts_the_paid_orders_of_the_period_net_of_refunds_per_customer_in_ascending_batches()
    {
        var from = new DateTime(2026, 5, 31, 22, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 6, 30, 22, 0, 0, DateTimeKind.Utc);
        var seed = new StoreSeed();
        for (var id = 1; id <= 4; id++) seed.Customers.Add(Build.Customer(id, email: $"c{id}@example.com"));
        seed.Customers[3].Deleted = true;
        seed.Customers[3].Email = "";
        var partly = Build.Order(2, 1, to.AddSeconds(-1), 80.50m);
        partly.PaymentStatusId = (int)PaymentState.PartiallyRefunded;
        partly.RefundedAmount = 20.25m;
        var refunded = Build.Order(3, 2, from.AddDays(1), 40m);
        refunded.PaymentStatusId = (int)PaymentState.Refunded;
        seed.Orders.AddRange(new[]
        {
            Build.Order(1, 1, from, 100m), partly, refunded,
            Build.Order(4, 2, to, 999m),
            Build.Order(5, 3, from.AddDays(2), 10m),
            Build.Order(6, 3, from.AddDays(3), 50m, OrderState.Cancelled),
            Build.Order(7, 4, from.AddDays(3), 70m),
            Build.Order(8, 2, from.AddDays(3), 70m, store: 2),
        });
        var store = await CreateWithAsync(seed);

        var first = await store.Runner.ToListAsync(Core.Cashback.CashbackQueries.CustomersWithOrders(store.Data, 1, from, to, 0, 2));
        var second = await store.Runner.ToListAsync(Core.Cashback.CashbackQueries.CustomersWithOrders(store.Data, 1, from, to, first[^1], 2));
        var orders = await store.Runner.ToListAsync(Core.Cashback.CashbackQueries.OrdersOf(store.Data, 1, [1, 3], from, to));
        var erased = await store.Runner.ToListAsync(Core.Cashback.CashbackQueries.Erased(store.Data, [1, 3, 4]));

        Assert.That((first, second), Is.EqualTo((new List<int> { 1, 3 }, new List<int> { 4 })));
        Assert.That(orders.GroupBy(o => o.CustomerId).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(o => o.Amount))),
            Is.EqualTo(new[] { (1, 160.25m), (3, 10m) }));
        Assert.That(erased, Is.EqualTo(new[] { 4 }));
    }
}
