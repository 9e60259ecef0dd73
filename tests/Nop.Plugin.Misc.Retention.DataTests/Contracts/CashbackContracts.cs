using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data.Testing;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.DataTests.Infrastructure;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Testing.Contracts;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.DataTests.Contracts;

/// <summary>Core's cashback store over the plugin's real payout table on PostgreSQL and MariaDB.</summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class RealCashbackStoreContract(DatabaseKind kind) : CashbackStoreContract
{
    private readonly PluginDatabaseLease _db = new(kind);

    protected override Task<CashbackStore> CreateAsync() => _db.OpenAsync(db =>
        new CashbackStore(new NopTable<CashbackPayoutRow, RetentionCashbackPayout>(db.Repository<RetentionCashbackPayout>(), Adapters.Runner), Adapters.Runner,
            new TestClock(new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc))));

    protected override Task ReleaseAsync() => _db.ReleaseAsync();
}

/// <summary>
/// Cashback end to end on nopCommerce's real tables: the nightly payout through Core's program writes a gift card
/// nopCommerce's checkout accepts (activated, virtual, the code, the amount; what is left is the amount less its usage
/// rows) or a points entry in the plugin's ledger, and a refund after the payout lowers what the card holds.
/// </summary>
[TestFixture(DatabaseKind.PostgreSQL)]
[TestFixture(DatabaseKind.MySql)]
public sealed class CashbackAdapterTests(DatabaseKind kind)
{
    private static readonly StoreId Store = new(1);
    private static readonly DateTime FirstNight = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
    private static readonly CashbackPeriod November = new(CashbackPeriodKind.Month, 2026, 11);
    private readonly PluginDatabaseLease _db = new(kind);

    [TearDown]
    public Task ReleaseAsync() => _db.ReleaseAsync();

    private async Task<(CashbackProgram Program, PluginDatabase Db, Order Order, InMemoryLoyaltySettingsStore Settings)> ArrangeAsync(CashbackPayout payAs)
    {
        var db = await _db.OpenAsync(d => d);
        var customer = new Customer { Email = "ann@example.com", FirstName = "Ann", LastName = "Lee", Active = true, CreatedOnUtc = FirstNight.AddYears(-1),
            LastActivityDateUtc = FirstNight, CustomerGuid = Guid.NewGuid() };
        await db.Repository<Customer>().InsertAsync(customer);
        var order = new Order
        {
            OrderGuid = Guid.NewGuid(), StoreId = 1, CustomerId = customer.Id, OrderStatusId = 30, PaymentStatusId = 30, OrderTotal = 6_000m,
            OrderSubtotalExclTax = 6_000m, CreatedOnUtc = new DateTime(2026, 11, 10, 12, 0, 0, DateTimeKind.Utc), PaidDateUtc = new DateTime(2026, 11, 10, 12, 0, 0, DateTimeKind.Utc),
        };
        await db.Repository<Order>().InsertAsync(order);
        var settings = new InMemoryLoyaltySettingsStore();
        await settings.SaveAsync(Store, new LoyaltySettings
        {
            Cashback = new CashbackSettings
            {
                Enabled = true, PayAs = payAs, StartsOn = new DateOnly(2026, 11, 1), Bands = [new(0m, 1m), new(5_000m, 2m)],
            },
        });
        var clock = new TestClock(FirstNight);
        var program = new CashbackProgram(
            new CashbackStore(new NopTable<CashbackPayoutRow, RetentionCashbackPayout>(db.Repository<RetentionCashbackPayout>(), Adapters.Runner), Adapters.Runner, clock),
            Adapters.Ledger(db), new InMemoryLoyaltyObserver(), settings, new NopStoreData(db.Repository<Order>(), db.Repository<OrderItem>(), db.Repository<Nop.Core.Domain.Catalog.Product>(),
                db.Repository<Customer>(), db.Repository<Nop.Core.Domain.Orders.ShoppingCartItem>(), db.Repository<Nop.Core.Domain.Catalog.ProductReview>()),
            Adapters.Runner, clock, new NopCashbackGiftCards(db.Repository<GiftCard>(), db.Repository<GiftCardUsageHistory>(), db.Repository<Customer>(), Adapters.Runner, clock));
        return (program, db, order, settings);
    }

    [Test]
    public async Task A_gift_card_payout_is_an_active_virtual_nopCommerce_gift_card_with_the_statements_code_and_what_it_holds_falls_as_it_is_used()
    {
        var (program, db, order, _) = await ArrangeAsync(CashbackPayout.GiftCard);

        var report = await program.RunNightAsync(Store, TimeZoneInfo.Utc);

        Assert.That(report.CustomersPaid, Is.EqualTo(1));
        var payout = (await program.StatementAsync(Store, new CustomerId(order.CustomerId), November))!.Payout;
        var card = (await Adapters.Runner.ToListAsync(db.Repository<GiftCard>().Table)).Single();
        Assert.That((card.Id, card.GiftCardCouponCode, card.Amount, card.IsGiftCardActivated, card.GiftCardTypeId, card.RecipientEmail),
            Is.EqualTo((payout.GiftCardId, payout.GiftCardCode, 120m, true, NopCashbackGiftCards.VirtualGiftCard, "ann@example.com")));

        // nopCommerce's checkout records what an order took from the card.
        await db.Repository<GiftCardUsageHistory>().InsertAsync(new GiftCardUsageHistory { GiftCardId = card.Id, UsedWithOrderId = 99, UsedValue = 100m, CreatedOnUtc = FirstNight });
        Assert.That((await program.StatementAsync(Store, new CustomerId(order.CustomerId), November))!.GiftCardRemaining, Is.EqualTo(20m));
        Assert.That((await program.RunNightAsync(Store, TimeZoneInfo.Utc)).CustomersPaid, Is.Zero, "paid once");
        Assert.That((await Adapters.Runner.ToListAsync(db.Repository<GiftCard>().Table)).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refund_after_a_gift_card_payout_takes_what_the_card_still_holds_and_never_more()
    {
        var (program, db, order, _) = await ArrangeAsync(CashbackPayout.GiftCard);
        await program.RunNightAsync(Store, TimeZoneInfo.Utc);
        var card = (await Adapters.Runner.ToListAsync(db.Repository<GiftCard>().Table)).Single();
        await db.Repository<GiftCardUsageHistory>().InsertAsync(new GiftCardUsageHistory { GiftCardId = card.Id, UsedWithOrderId = 99, UsedValue = 100m, CreatedOnUtc = FirstNight });

        order.RefundedAmount = 2_000m;
        order.PaymentStatusId = 35;
        await db.Repository<Order>().UpdateAsync(order);
        await program.OrderRefundedAsync(Store, new CustomerId(order.CustomerId));

        var statement = (await program.StatementAsync(Store, new CustomerId(order.CustomerId), November))!;
        Assert.That((statement.GiftCardRemaining, statement.Payout.ClawedBack, statement.Payout.Shortfall), Is.EqualTo(((decimal?)0m, 80m, 60m)));
        Assert.That(((await Adapters.Runner.ToListAsync(db.Repository<GiftCard>().Table)).Single()).Amount, Is.EqualTo(100m), "lowered to what was used, never below");
    }

    [Test]
    public async Task A_points_payout_is_one_keyed_entry_in_the_plugins_ledger()
    {
        var (program, db, order, _) = await ArrangeAsync(CashbackPayout.Points);

        await program.RunNightAsync(Store, TimeZoneInfo.Utc);
        await program.RunNightAsync(Store, TimeZoneInfo.Utc);

        var entries = await Adapters.Runner.ToListAsync(db.Repository<RetentionLedgerEntry>().Table.Where(e => e.CustomerId == order.CustomerId));
        Assert.That(entries.Select(e => (e.IdempotencyKey, e.Points, e.ReasonId)),
            Is.EqualTo(new[] { ($"cashback:1:{order.CustomerId}:2026-11", 12_000, (int)LedgerReason.Cashback) }));
    }
}
