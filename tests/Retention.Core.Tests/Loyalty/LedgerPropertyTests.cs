using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// Random sequences of the events a store sends (orders paid with and without points, partial and full refunds,
/// cancellations, expiry runs, bonuses, admin adjustments), interleaved with redeliveries of earlier events. After every
/// step the balance equals the sum of the entries, the lot replay agrees with it, and a redelivered event changes nothing.
/// </summary>
public class LedgerPropertyTests
{
    private const int Sequences = 60;
    private const int Steps = 60;

    /// <summary>An event as a host receives it: it reads the ledger, the rules compute, the entries are appended.</summary>
    private delegate IEnumerable<LedgerEntry> Event(IReadOnlyList<LedgerEntry> entries, IClock clock);

    [Test]
    public async Task Balance_is_the_sum_of_entries_and_replaying_any_event_changes_nothing(
        [Values] OverdraftPolicy overdraft, [Values] ExpiryMode expiry)
    {
        var settings = new LoyaltySettings
        {
            ActivationDelayDays = 14, Expiry = expiry, ExpiryMonths = expiry == ExpiryMode.Never ? 0 : 6, Overdraft = overdraft,
            MaxRedeemSharePercent = 50, CurrencyPerPoint = 0.1m, ReviewBonus = 15, BirthdayBonus = 40,
        };
        for (var seed = 1; seed <= Sequences; seed++)
            await RunSequence(seed, settings);
    }

    private static async Task RunSequence(int seed, LoyaltySettings settings)
    {
        var random = new Random(seed);
        var ledger = new InMemoryPointsLedger();
        var clock = new FixedClock(T0);
        var history = new List<Event>();
        var orders = new List<(int Id, decimal Total, decimal Refunded)>();
        var nextOrder = 1;

        for (var step = 0; step < Steps; step++)
        {
            clock.UtcNow = clock.UtcNow.AddHours(random.Next(1, 24 * 40));
            var entries = await ledger.GetEntriesAsync(Store1, Customer);
            var available = Lots.Replay(entries, clock.UtcNow).Available;
            Event? next = null;
            var choice = random.Next(100);

            if (choice < 30 || orders.Count == 0)
            {
                var id = nextOrder++;
                var total = Math.Round((decimal)(random.NextDouble() * 200 + 1), 2);
                var allowance = RedemptionLimits.For(available, total, settings);
                var spend = allowance.MaxPoints > 0 && random.Next(2) == 0 ? random.Next(1, allowance.MaxPoints + 1) : 0;
                var order = Order(id, Line(total)) with { PaidWithPoints = RedemptionLimits.ValueOf(spend, settings) };
                orders.Add((id, order.Total, 0m));
                next = (_, c) => new[] { spend > 0 ? RedemptionLimits.Entry(Store1, Customer, id, spend, c) : null, Earning.Entry(order, settings, c, 1.25m) }
                    .OfType<LedgerEntry>();
            }
            else if (choice < 55)
            {
                var index = random.Next(orders.Count);
                var (id, total, refunded) = orders[index];
                var cancel = random.Next(5) == 0;
                var soFar = cancel ? total : Math.Min(total, refunded + Math.Round(total * (decimal)random.NextDouble() / 2, 2));
                orders[index] = (id, total, soFar);
                var refund = new OrderRefund(Store1, Customer, id, total, soFar, cancel);
                next = (e, c) => Reversal.Plan(e, refund, settings, c).Entries;
            }
            else if (choice < 75)
            {
                var at = clock.UtcNow;
                next = (e, _) => Lots.DueExpiries(e, settings, at);
            }
            else if (choice < 85)
            {
                var review = random.Next(1, 10);
                next = (_, c) => new[] { Bonuses.Review(Store1, Customer, review, true, settings, c) }.OfType<LedgerEntry>();
            }
            else if (choice < 90)
            {
                var today = DateOnly.FromDateTime(clock.UtcNow);
                next = (_, c) => new[] { Bonuses.Birthday(Store1, Customer, today.AddYears(-30), today, settings, c) }.OfType<LedgerEntry>();
            }
            else if (choice < 95)
            {
                var points = random.Next(-50, 100);
                var request = $"req-{step}";
                next = (_, c) => new[] { Bonuses.Adjustment(Store1, Customer, points, "correction", "admin", request, settings, c).Entry }.OfType<LedgerEntry>();
            }

            if (next is not null)
            {
                await Apply(ledger, next, clock);
                history.Add(next);
            }
            await AssertInvariants(ledger, clock.UtcNow, seed, step);

            if (history.Count > 0 && random.Next(3) == 0)
            {
                var before = await ledger.GetEntriesAsync(Store1, Customer);
                await Apply(ledger, history[random.Next(history.Count)], clock);
                var after = await ledger.GetEntriesAsync(Store1, Customer);
                Assert.That(after, Is.EqualTo(before), $"seed {seed}, step {step}: a redelivered event changed the ledger");
            }
        }
    }

    private static async Task Apply(InMemoryPointsLedger ledger, Event @event, IClock clock)
    {
        var entries = await ledger.GetEntriesAsync(Store1, Customer);
        foreach (var entry in @event(entries, clock).ToList())
            await ledger.TryAppendAsync(entry);
    }

    private static async Task AssertInvariants(InMemoryPointsLedger ledger, DateTime now, int seed, int step)
    {
        var entries = await ledger.GetEntriesAsync(Store1, Customer);
        var balance = await ledger.GetBalanceAsync(Store1, Customer, now);
        var lots = Lots.Replay(entries, now);
        var where = $"seed {seed}, step {step}";

        Assert.That(balance.Available, Is.EqualTo(entries.Where(e => e.ActivatesUtc <= now).Sum(e => e.Points)), where);
        Assert.That(balance.Pending, Is.EqualTo(entries.Where(e => e.ActivatesUtc > now).Sum(e => e.Points)), where);
        Assert.That((lots.Available, lots.Pending), Is.EqualTo((balance.Available, balance.Pending)), $"{where}: lots disagree with the ledger");
        Assert.That(entries.Select(e => e.Key).Distinct().Count(), Is.EqualTo(entries.Count), where);
        foreach (var order in entries.Where(e => e.Reason == LedgerReason.Purchase))
        {
            var reversed = -entries.Where(e => e.Reason == LedgerReason.PurchaseReversal && e.SourceRef == order.SourceRef).Sum(e => e.Points);
            Assert.That(reversed, Is.InRange(0, order.Points), $"{where}: order {order.SourceRef} reversed beyond what it earned");
        }
        foreach (var redemption in entries.Where(e => e.Reason == LedgerReason.Redemption))
        {
            var restored = entries.Where(e => e.Reason == LedgerReason.RedemptionRefund && e.SourceRef == redemption.SourceRef).Sum(e => e.Points);
            Assert.That(restored, Is.InRange(0, -redemption.Points), $"{where}: order {redemption.SourceRef} gave back more than was spent");
        }
    }
}
