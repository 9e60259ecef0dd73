using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// An order's events can reach the program in any order (a queue, a retry, two nodes): a refund before the "paid", a
/// cancellation before it, the same event twice. Every permutation of a small event set must end with the balance the
/// natural order gives. The host is modelled as nopCommerce behaves: the order row keeps the largest refunded sum and the
/// cancelled status it has seen, and each event carries the order as it was when that event was raised.
/// </summary>
public class OutOfOrderEventsTests
{
    private const int OrderId = 1;
    private const decimal Total = 100m;

    public enum Kind { Paid, Refund, Cancel }

    public sealed record Event(Kind Kind, decimal Refunded = 0m)
    {
        public override string ToString() => Kind == Kind.Refund ? $"refund to {Refunded}" : Kind.ToString().ToLowerInvariant();
    }

    private static readonly Event Paid = new(Kind.Paid);
    private static readonly Event Cancel = new(Kind.Cancel);
    private static Event RefundTo(decimal refunded) => new(Kind.Refund, refunded);

    // The customer holds 100 points and spends 20 of them (worth 0.20) on the order of 100 at checkout: 80 left. The order
    // earns 99 (the part paid with points earns nothing). A refund of 30 takes back round(99 × 0.3) = 30 and gives back
    // round(20 × 0.3) = 6 of the spent points; one of 70 takes 69 and gives back 14; a full refund or a cancellation takes
    // all 99 and gives back all 20.
    private const int Left = 80, Earned = 99;

    /// <summary>Event sets in their natural order, with the balance that order leaves.</summary>
    private static IEnumerable<TestCaseData> Sets()
    {
        yield return Set(Left + Earned, Paid);
        yield return Set(Left + Earned - 30 + 6, Paid, RefundTo(30m));
        yield return Set(Left + 20, Paid, RefundTo(Total));
        yield return Set(Left + 20, Paid, RefundTo(30m), RefundTo(Total));
        yield return Set(Left + Earned - 69 + 14, Paid, RefundTo(30m), RefundTo(70m));
        yield return Set(Left + 20, Paid, Cancel);
        yield return Set(Left + 20, Paid, RefundTo(30m), Cancel);
        yield return Set(Left + 20, Paid, RefundTo(30m), RefundTo(Total), Cancel);
        yield return Set(Left + Earned - 30 + 6, Paid, Paid, RefundTo(30m), RefundTo(30m));
        yield return Set(Left + 20, Paid, Paid, RefundTo(Total), Cancel);
    }

    private static TestCaseData Set(int expected, params Event[] natural) =>
        new TestCaseData(natural, expected).SetName($"Every_order_of_{string.Join("_", natural.Select(e => e.ToString().Replace(' ', '_')))}_ends_at_the_natural_balance");

    [TestCaseSource(nameof(Sets))]
    public async Task Every_permutation_of_an_orders_events_ends_with_the_natural_order_balance(Event[] natural, int expected)
    {
        var naturalBalance = await RunAsync(natural);
        Assert.That(naturalBalance, Is.EqualTo(expected), "The natural order itself gives the balance worked out by hand.");

        var failures = new List<string>();
        foreach (var order in Permutations(natural).Select(p => p.ToArray()).DistinctBy(p => string.Join(",", p.Select(e => e.ToString()))))
        {
            var balance = await RunAsync(order);
            if (balance != naturalBalance)
                failures.Add($"{string.Join(" → ", order.Select(e => e.ToString()))}: {balance}");
        }
        Assert.That(failures, Is.Empty, $"Natural order gives {naturalBalance}; these orders did not.");
    }

    [Test]
    public async Task A_refund_of_the_whole_order_before_the_paid_leaves_no_purchase_points_on_the_ledger()
    {
        var h = await HarnessAsync();
        await DeliverAsync(h, [RefundTo(Total), Paid]);
        var entries = await h.EntriesAsync();
        Assert.That(entries.Where(e => e.Reason is LedgerReason.Purchase or LedgerReason.PurchaseReversal), Is.Empty,
            "A fully refunded order is worth nothing when it is paid: nothing is awarded, so nothing needs reversing.");
    }

    private static async Task<ProgramHarness> HarnessAsync()
    {
        var h = new ProgramHarness(Plain with { ActivationDelayDays = 14, CurrencyPerPoint = 0.01m, MaxRedeemSharePercent = 100 });
        await h.LotAsync(7, 100, T0.AddDays(-30), null);
        await h.Events.RedemptionAsync(Store1, Customer, OrderId, 20);
        return h;
    }

    /// <summary>The balance (available and pending) after the events, in that order.</summary>
    private static async Task<long> RunAsync(IReadOnlyList<Event> events)
    {
        var h = await HarnessAsync();
        await DeliverAsync(h, events);
        var balance = await h.BalanceAsync();
        return balance.Available + balance.Pending;
    }

    private static async Task DeliverAsync(ProgramHarness h, IReadOnlyList<Event> events)
    {
        var order = h.PaidOrder(OrderId, Total) with { PaidWithPoints = 0.20m };
        decimal refunded = 0m;
        var cancelled = false;
        foreach (var e in events)
        {
            h.Clock.UtcNow = h.Clock.UtcNow.AddHours(1);
            switch (e.Kind)
            {
                case Kind.Paid:
                    await h.Events.OrderPaidAsync(order with { Refunds = new OrderRefund(Store1, Customer, OrderId, Total, refunded, cancelled) }, null);
                    break;
                case Kind.Refund:
                    refunded = Math.Max(refunded, e.Refunded);
                    // The event carries the order as it was when this refund was made, not what later refunds did to it.
                    await h.Events.OrderRefundedAsync(new OrderRefund(Store1, Customer, OrderId, Total, e.Refunded));
                    break;
                case Kind.Cancel:
                    cancelled = true;
                    await h.Events.OrderRefundedAsync(new OrderRefund(Store1, Customer, OrderId, Total, refunded, Cancelled: true));
                    break;
            }
        }
    }

    private static IEnumerable<IEnumerable<Event>> Permutations(IReadOnlyList<Event> events) =>
        events.Count <= 1
            ? [events]
            : events.SelectMany((e, i) => Permutations(events.Where((_, j) => j != i).ToList()).Select(rest => rest.Prepend(e)));
}
