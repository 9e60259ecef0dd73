using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// Random sequences of the events a store sends one customer's ledger (orders paid with and without points, partial and
/// full refunds, cancellations, expiry runs, review and birthday bonuses, admin adjustments, optionally wallet movements
/// dated in the past), with time passing between them and redeliveries of earlier events, for the property tests of the
/// ledger and of its summary: each brings its own ledger and its own check after every step.
/// </summary>
internal static class RandomLedgerEvents
{
    /// <summary>An event as a host receives it: it reads the ledger, the rules compute, the entries are appended.</summary>
    private delegate IEnumerable<LedgerEntry> Event(IReadOnlyList<LedgerEntry> entries, IClock clock);

    /// <summary>
    /// Runs <paramref name="steps"/> random events of <paramref name="seed"/> through <paramref name="ledger"/>; after each,
    /// <paramref name="check"/> (given the clock, the sequence's random source and the step) and, one step in three, a
    /// redelivery of an earlier event, which must change nothing.
    /// </summary>
    public static async Task RunAsync(IPointsLedger ledger, int seed, int steps, LoyaltySettings settings, bool lateWalletEntries,
        Func<FixedClock, Random, int, Task> check)
    {
        var random = new Random(seed);
        var clock = new FixedClock(T0);
        var history = new List<Event>();
        var orders = new List<(int Id, decimal Total, decimal Refunded)>();
        var nextOrder = 1;

        for (var step = 0; step < steps; step++)
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
            else if (lateWalletEntries && choice < 92)
            {
                // A wallet movement taken in late: dated days before the newest entry.
                var wallet = step + 1;
                var points = random.Next(-30, 80);
                var created = clock.UtcNow.AddHours(-random.Next(1, 24 * 30));
                next = (_, _) => [Bonuses.WalletEntry(Store1, Customer, points, wallet, created, null, "wallet", settings)];
            }
            else if (choice < (lateWalletEntries ? 97 : 95))
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
            await check(clock, random, step);

            if (history.Count > 0 && random.Next(3) == 0)
            {
                var before = await ledger.GetEntriesAsync(Store1, Customer);
                await Apply(ledger, history[random.Next(history.Count)], clock);
                var after = await ledger.GetEntriesAsync(Store1, Customer);
                Assert.That(after, Is.EqualTo(before), $"seed {seed}, step {step}: a redelivered event changed the ledger");
            }
        }
    }

    private static async Task Apply(IPointsLedger ledger, Event @event, IClock clock)
    {
        var entries = await ledger.GetEntriesAsync(Store1, Customer);
        foreach (var entry in @event(entries, clock).ToList())
            await ledger.TryAppendAsync(entry);
    }
}
