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
        await RandomLedgerEvents.RunAsync(ledger, seed, Steps, settings, lateWalletEntries: true, async (clock, random, step) =>
        {
            foreach (var at in new[] { clock.UtcNow, clock.UtcNow.AddHours(random.Next(-48, 24 * 90)) })
                if (await AssertReadsAgreeAsync(ledger, summaries, at, seed, step))
                    fromSummary += at == clock.UtcNow ? 1 : 0;
            reads++;
        });
        return (reads, fromSummary);
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
