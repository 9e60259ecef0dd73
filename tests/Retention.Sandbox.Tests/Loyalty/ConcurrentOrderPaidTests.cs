using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;

namespace Retention.Sandbox.Tests.Loyalty;

/// <summary>
/// The same order-paid event delivered twice at once (two web nodes, two consumers): two <see cref="LoyaltyEvents"/>
/// instances, each over its own context, started together. The ledger's unique key must let exactly one purchase in,
/// the observer hear of it once, and the balance count it once.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class ConcurrentOrderPaidTests(DatabaseProvider provider)
{
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Paid = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private const int Orders = 12;
    private TestDatabase? _db;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task CloseAsync() => await (_db?.DisposeAsync() ?? ValueTask.CompletedTask);

    private sealed class CountingObserver : ILoyaltyObserver
    {
        public ConcurrentBag<LedgerEntry> Entries { get; } = new();

        public Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
        {
            Entries.Add(entry);
            return Task.CompletedTask;
        }

        public Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    [Test]
    public async Task The_same_order_paid_twice_at_once_earns_once_and_is_observed_once()
    {
        var database = _db!.Database;
        await _db.ClearAsync();
        // 10 points per unit, available at once, no tiers: each order of 2 × 12.50 earns exactly 250 points.
        var settings = new LoyaltySettings { PointsPerCurrencyUnit = 10m, ActivationDelayDays = 0 };
        Assert.That((await new EfLoyaltySettingsStore(database).SaveAsync(Store, settings)).IsValid, Is.True);
        await using (var seed = database.CreateContext())
        {
            seed.Customers.Add(new CustomerFact { Id = 1, CustomerGuid = Guid.NewGuid(), Email = "buyer@example.com", Active = true, RegisteredInStoreId = 1, CreatedOnUtc = Paid.AddDays(-30) });
            for (var order = 1; order <= Orders; order++)
                seed.Orders.Add(new OrderFact
                {
                    Id = order, OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = 1, CreatedOnUtc = Paid.AddMinutes(order - 1), PaidDateUtc = Paid.AddMinutes(order),
                    OrderStatusId = (int)OrderState.Processing, PaymentStatusId = (int)PaymentState.Paid, OrderSubtotalExclTax = 25m, OrderTotal = 25m,
                });
            await seed.SaveChangesAsync();
        }

        var observer = new CountingObserver();
        var clock = new FixedClock(Paid.AddHours(1));
        for (var order = 1; order <= Orders; order++)
        {
            var earn = new EarnOrder(Store, new CustomerId(1), order, Paid.AddMinutes(order), new[] { new EarnLine(100 + order, 2, 12.50m) });
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var deliveries = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await using var context = database.CreateContext();
                var tiers = new TierEvaluation(SandboxLoyaltyStores.TierStandings(database, clock), new EfStoreData(context), new EfQueryRunner(), observer);
                var program = new LoyaltyEvents(SandboxLoyaltyStores.Ledger(database), new EfLoyaltySettingsStore(database), tiers, new EfStoreData(context),
                    new EfQueryRunner(), observer, clock);
                await gate.Task;
                return await program.OrderPaidAsync(earn, null);
            })).ToList();
            gate.SetResult();
            var outcomes = await Task.WhenAll(deliveries);
            // Both deliveries answer with the entry the ledger holds under the key: the one that won.
            Assert.That(outcomes.Select(o => o.Earned?.Key.Value).Distinct(), Is.EqualTo(new[] { $"earn:1:{order}" }), $"order {order}");
        }

        await using var check = database.CreateContext();
        var purchases = await check.Ledger.AsNoTracking().Where(r => r.ReasonId == (int)LedgerReason.Purchase).ToListAsync();
        Assert.That(purchases, Has.Count.EqualTo(Orders));
        Assert.That(purchases.Select(p => p.IdempotencyKey).Distinct().Count(), Is.EqualTo(Orders));
        Assert.That(purchases.Select(p => p.Points), Is.All.EqualTo(250));
        Assert.That(observer.Entries.Count(e => e.Reason == LedgerReason.Purchase), Is.EqualTo(Orders), "the observer hears of each purchase once");
        var balance = await SandboxLoyaltyStores.Ledger(database).GetBalanceAsync(Store, new CustomerId(1), clock.UtcNow);
        Assert.That(balance, Is.EqualTo(new PointsBalance(Orders * 250, 0)));
    }
}
