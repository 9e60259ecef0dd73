using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class StoreSettingsTests
{
    private static readonly StoreId Store2 = new(2);

    [Test]
    public async Task Each_store_earns_and_reverses_with_its_own_settings_and_keys()
    {
        var ledger = new InMemoryPointsLedger();
        var clock = new FixedClock(T0);
        var store1 = Plain;
        var store2 = Plain with { PointsPerCurrencyUnit = 3m, ActivationDelayDays = 30, Overdraft = OverdraftPolicy.CapAtZero };

        await ledger.TryAppendAsync(Earning.Entry(Order(100m, id: 5), store1, clock)!);
        await ledger.TryAppendAsync(Earning.Entry(Order(100m, id: 5) with { Store = Store2 }, store2, clock)!);

        Assert.That(await ledger.GetBalanceAsync(Store1, Customer, T0), Is.EqualTo(new PointsBalance(100, 0)));
        Assert.That(await ledger.GetBalanceAsync(Store2, Customer, T0), Is.EqualTo(new PointsBalance(0, 300)));

        clock.UtcNow = T0.AddDays(1);
        var entries2 = await ledger.GetEntriesAsync(Store2, Customer);
        var plan = Reversal.Plan(entries2, new OrderRefund(Store2, Customer, 5, 100m, 50m), store2, clock);
        foreach (var entry in plan.Entries) await ledger.TryAppendAsync(entry);

        Assert.That(plan.Entries.Single().Key.Value, Is.EqualTo("earn-reverse:2:5:50.00"));
        Assert.That(await ledger.GetBalanceAsync(Store1, Customer, clock.UtcNow), Is.EqualTo(new PointsBalance(100, 0)));
        Assert.That(await ledger.GetBalanceAsync(Store2, Customer, clock.UtcNow), Is.EqualTo(new PointsBalance(0, 150)));
    }

    [Test]
    public void Entries_of_another_store_do_not_count_towards_a_reversal()
    {
        var store1Earn = Earning.Entry(Order(100m, id: 5), Plain, new FixedClock(T0))!;

        var plan = Reversal.Plan([store1Earn], new OrderRefund(Store2, Customer, 5, 100m, 100m), Plain, new FixedClock(T0.AddDays(1)));

        Assert.That(plan.Entries, Is.Empty);
    }
}
