using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Tables;
using Retention.Testing.InMemory;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// The ledger's per-customer summary (<see cref="PointsSummary"/>, kept by <see cref="PointsLedgerStore"/> in each entry's
/// transaction) against the entries themselves: random sequences of awards with pending activation, redemptions, partial
/// and full reversals, expiry sweeps, bonuses, adjustments, wallet movements dated in the past and redeliveries, with time
/// passing between them. After every step, at instants before, at and after it, the balance reads from the summary equal
/// the figures computed from the entries, under each expiry rule; and the summary must answer most reads itself.
/// </summary>
public class PointsSummaryPropertyTests
{
    private const int Sequences = 4;
    private const int Steps = 40;

    private delegate IEnumerable<LedgerEntry> Event(IReadOnlyList<LedgerEntry> entries, IClock clock);

    private static readonly LoyaltySettings[] Rules =
    [
        new() { Expiry = ExpiryMode.Never },
        new() { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 6 },
        new() { Expiry = ExpiryMode.WholeBalanceAfterInactivity, ExpiryMonths = 3 },
    ];

    [Test]
    public async Task Summary_reads_equal_the_entries_recomputed_after_any_sequence_of_events([Values] OverdraftPolicy overdraft, [Values] ExpiryMode expiry)
    {
        var settings = new LoyaltySettings
        {
            ActivationDelayDays = 14, Expiry = expiry, ExpiryMonths = expiry == ExpiryMode.Never ? 0 : 6, Overdraft = overdraft,
            MaxRedeemSharePercent = 50, CurrencyPerPoint = 0.1m, ReviewBonus = 15, BirthdayBonus = 40,
        };
        var (reads, fromSummary) = (0, 0);
        for (var seed = 1; seed <= Sequences; seed++)
        {
            var (r, s) = await RunSequence(seed, settings);
            reads += r;
            fromSummary += s;
        }
        // Not a test that passes by always reading the entries: most reads at the step's own instant take the summary.
        Assert.That(fromSummary, Is.GreaterThan(reads / 3), $"{fromSummary} of {reads} reads came from the summary");
    }

    private static async Task<(int Reads, int FromSummary)> RunSequence(int seed, LoyaltySettings settings)
    {
        var (reads, fromSummary) = (0, 0);
        var tables = new InMemoryTables();
        var summaries = tables.Table<PointsSummaryRow>();
        var ledger = new PointsLedgerStore(tables.Table<PointsEntryRow>(), new InMemoryQueryRunner(), summaries, tables);
        var random = new Random(seed);
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
            else if (choice < 92)
            {
                // A wallet movement taken in late: dated days before the newest entry.
                var wallet = step + 1;
                var points = random.Next(-30, 80);
                var created = clock.UtcNow.AddHours(-random.Next(1, 24 * 30));
                next = (_, _) => [Bonuses.WalletEntry(Store1, Customer, points, wallet, created, null, "wallet", settings)];
            }
            else if (choice < 97)
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
            foreach (var at in new[] { clock.UtcNow, clock.UtcNow.AddHours(random.Next(-48, 24 * 90)) })
                if (await AssertReadsAgreeAsync(ledger, summaries, at, seed, step))
                    fromSummary += at == clock.UtcNow ? 1 : 0;
            reads++;

            if (history.Count > 0 && random.Next(3) == 0)
            {
                var before = await ledger.GetEntriesAsync(Store1, Customer);
                await Apply(ledger, history[random.Next(history.Count)], clock);
                var after = await ledger.GetEntriesAsync(Store1, Customer);
                Assert.That(after, Is.EqualTo(before), $"seed {seed}, step {step}: a redelivered event changed the ledger");
            }
        }
            return (reads, fromSummary);
    }

    private static async Task Apply(PointsLedgerStore ledger, Event @event, IClock clock)
    {
        var entries = await ledger.GetEntriesAsync(Store1, Customer);
        foreach (var entry in @event(entries, clock).ToList())
            await ledger.TryAppendAsync(entry);
    }

    /// <summary>The reads against the entries at <paramref name="at"/>; true when the summary row alone answered the step's rule.</summary>
    private static async Task<bool> AssertReadsAgreeAsync(PointsLedgerStore ledger, Retention.Core.Tables.ITable<PointsSummaryRow> summaries, DateTime at, int seed, int step)
    {
        var entries = await ledger.GetEntriesAsync(Store1, Customer);
        var where = $"seed {seed}, step {step}, at {at:O}";
        var sums = new PointsBalance(entries.Where(e => e.ActivatesUtc <= at).Sum(e => (long)e.Points), entries.Where(e => e.ActivatesUtc > at).Sum(e => (long)e.Points));
        Assert.That(await ledger.GetBalanceAsync(Store1, Customer, at), Is.EqualTo(sums), $"{where}: balance");
        foreach (var rule in Rules)
            Assert.That(await ledger.GetSpendableAsync(Store1, Customer, rule, at), Is.EqualTo(Lots.Spendable(entries, rule, at)), $"{where}: spendable under {rule.Expiry}");
        var row = summaries.Rows.SingleOrDefault(r => r.StoreId == Store1.Value && r.CustomerId == Customer.Value);
        if (entries.Count > 0)
            Assert.That(row, Is.Not.Null, $"{where}: a customer with entries has a summary");
        return row is not null && new PointsSummary(row.Available, row.Pending, row.AsOfUtc, row.NextActivationUtc, row.NextLotExpiryUtc, row.LastActivityUtc)
            .SpendableAt(Rules[1], at) is not null;
    }
}
