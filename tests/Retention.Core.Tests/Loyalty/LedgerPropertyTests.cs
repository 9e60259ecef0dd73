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
        {
            var (ledger, sequence) = (new InMemoryPointsLedger(), seed);
            await RandomLedgerEvents.RunAsync(ledger, seed, Steps, settings, lateWalletEntries: false,
                (clock, _, step) => AssertInvariants(ledger, clock.UtcNow, sequence, step));
        }
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
