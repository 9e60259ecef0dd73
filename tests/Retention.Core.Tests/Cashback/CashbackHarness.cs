using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Cashback;

/// <summary>Cashback over in-memory ports, with the ports at hand: orders are arranged in the store's data, payouts read back from the table.</summary>
public sealed class CashbackHarness
{
    public static readonly StoreId Store1 = new(1);
    /// <summary>A store whose clocks change (CET/CEST): month ends fall at 23:00 or 22:00 UTC.</summary>
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public InMemoryPointsLedger Ledger { get; } = new();
    public InMemoryLoyaltySettingsStore Settings { get; } = new();
    public InMemoryStoreData Store { get; } = new();
    public InMemoryLoyaltyObserver Observer { get; } = new();
    public InMemoryCashbackGiftCards GiftCards { get; } = new();
    public RecordingWorkflowTriggers Workflows { get; } = new();
    public TestClock Clock { get; }
    public InMemoryTables.InMemoryTable<CashbackPayoutRow> Table { get; } = new InMemoryTables().Table<CashbackPayoutRow>();
    public CashbackStore Payouts { get; }
    public CashbackProgram Program { get; }
    public StoreEvents Door { get; }

    public CashbackHarness(DateTime now, CashbackSettings cashback, OverdraftPolicy overdraft = OverdraftPolicy.GoNegative, decimal currencyPerPoint = 0.01m)
    {
        Clock = new TestClock(now);
        Use(cashback, overdraft, currencyPerPoint);
        var runner = new InMemoryQueryRunner();
        Payouts = new CashbackStore(Table, runner, Clock);
        Program = new CashbackProgram(Payouts, Ledger, Observer, Settings, Store, runner, Clock, GiftCards);
        Door = new StoreEvents(null, null, Workflows, cashback: Program);
    }

    public void Use(CashbackSettings cashback, OverdraftPolicy overdraft = OverdraftPolicy.GoNegative, decimal currencyPerPoint = 0.01m)
    {
        var result = Settings.SaveAsync(Store1, new LoyaltySettings { Cashback = cashback, Overdraft = overdraft, CurrencyPerPoint = currencyPerPoint })
            .GetAwaiter().GetResult();
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    public static CashbackSettings Monthly(CashbackPayout payAs = CashbackPayout.Points, DateOnly? startsOn = null) => new()
    {
        Enabled = true,
        Period = CashbackPeriodKind.Month,
        Bands = [new(0m, 1m), new(5_000m, 2m), new(20_000m, 3m)],
        PayAs = payAs,
        StartsOn = startsOn ?? new DateOnly(2026, 11, 1),
    };

    /// <summary>A paid order of <paramref name="total"/> in the store's data, paid at <paramref name="paidUtc"/>.</summary>
    public OrderFact Order(int id, int customer, decimal total, DateTime paidUtc, PaymentState payment = PaymentState.Paid)
    {
        var order = new OrderFact
        {
            Id = id, StoreId = Store1.Value, CustomerId = customer, CreatedOnUtc = paidUtc, PaidDateUtc = paidUtc,
            OrderStatusId = (int)OrderState.Complete, PaymentStatusId = (int)payment, OrderTotal = total, OrderSubtotalExclTax = total,
        };
        Store.OrderList.Add(order);
        if (Store.CustomerList.All(c => c.Id != customer))
            Store.CustomerList.Add(new CustomerFact { Id = customer, Email = $"c{customer}@example.com", Active = true, RegisteredInStoreId = 1 });
        return order;
    }

    /// <summary>Refunds <paramref name="amount"/> of the order (nopCommerce adds it to <c>RefundedAmount</c>) and tells the door.</summary>
    public Task RefundAsync(OrderFact order, decimal amount)
    {
        order.RefundedAmount += amount;
        order.PaymentStatusId = order.RefundedAmount >= order.OrderTotal ? (int)PaymentState.Refunded : (int)PaymentState.PartiallyRefunded;
        return Door.OrderRefundedAsync(new OrderRefund(Store1, new CustomerId(order.CustomerId), order.Id, order.OrderTotal, order.RefundedAmount));
    }

    public Task<CashbackNightReport?> NightAsync(TimeZoneInfo? zone = null) => Door.CashbackNightAsync(Store1, zone ?? Berlin);

    public Task<PointsBalance> BalanceAsync(int customer) => Ledger.GetBalanceAsync(Store1, new CustomerId(customer), Clock.UtcNow);
}
