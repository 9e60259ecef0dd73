using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

/// <summary>
/// Random sequences of the events a store sends, driven through <see cref="LoyaltyEvents"/> itself (orders paid with and
/// without points, referrals, partial refunds and cancellations, nightly runs with expiry, birthdays and tier re-evaluation,
/// bonuses, admin adjustments), with redeliveries of earlier events. After every step, for every customer, the balance is
/// the sum of the entries and the lot replay agrees with it; the observer has seen each entry exactly once, in the order it
/// was appended; and a redelivered event changes neither the ledger nor what the observer saw.
/// </summary>
public class LoyaltyProgramPropertyTests
{
    private const int Sequences = 6;
    private const int Steps = 40;
    private static readonly int[] Customers = [7, 8];

    [Test]
    public async Task Program_keeps_balance_equal_to_entries_and_lots_and_tells_the_observer_once_per_entry(
        [Values] OverdraftPolicy overdraft, [Values] ExpiryMode expiry)
    {
        var settings = new LoyaltySettings
        {
            ActivationDelayDays = 14, Expiry = expiry, ExpiryMonths = expiry == ExpiryMode.Never ? 0 : 6, ExpiryReminderDays = 14,
            Overdraft = overdraft, MaxRedeemSharePercent = 50, CurrencyPerPoint = 0.1m, RegistrationBonus = 20, ReviewBonus = 15,
            SurveyBonus = 5, BirthdayBonus = 40, ReferralBonus = 25, TierDowngradeGraceDays = 20,
            Tiers = [new TierDefinition("Silver", 100m, 1.5m), new TierDefinition("Gold", 400m, 2m)],
        };
        var reasons = new HashSet<LedgerReason>();
        for (var seed = 1; seed <= Sequences; seed++)
            reasons.UnionWith(await RunSequence(seed, settings));

        // The sequences must actually reach the paths the invariants are about.
        var expected = new[]
        {
            LedgerReason.Purchase, LedgerReason.PurchaseReversal, LedgerReason.Redemption, LedgerReason.RedemptionRefund,
            LedgerReason.ReferralBonus, LedgerReason.ReviewBonus, LedgerReason.AdminAdjustment,
        }.Concat(expiry == ExpiryMode.Never ? [] : [LedgerReason.Expiry]);
        Assert.That(reasons, Is.SupersetOf(expected));
    }

    private static async Task<IEnumerable<LedgerReason>> RunSequence(int seed, LoyaltySettings settings)
    {
        var random = new Random(seed);
        var h = new ProgramHarness(settings);
        h.Customer(7, new DateTime(1990, 1 + random.Next(12), 1 + random.Next(28), 0, 0, 0, DateTimeKind.Utc));
        h.Customer(8, new DateTime(2000, 2, 29, 0, 0, 0, DateTimeKind.Utc));
        var history = new List<Func<Task>>();
        var nextOrder = 1;

        for (var step = 0; step < Steps; step++)
        {
            h.Clock.UtcNow = h.Clock.UtcNow.AddHours(random.Next(1, 24 * 30));
            var customer = new CustomerId(Customers[random.Next(Customers.Length)]);
            var choice = random.Next(100);
            Func<Task>? next = null;
            var where = $"seed {seed}, step {step}";

            if (choice < 30 || h.Store.OrderList.Count == 0)
            {
                var id = nextOrder++;
                var total = Math.Round((decimal)(random.NextDouble() * 300 + 1), 2);
                var allowance = await h.Views.AllowanceAsync(Store1, customer, total);
                var spend = allowance.MaxPoints > 0 && random.Next(2) == 0 ? random.Next(1, allowance.MaxPoints + 1) : 0;
                var order = h.PaidOrder(id, total, customer.Value) with { PaidWithPoints = RedemptionLimits.ValueOf(spend, settings) };
                var firstOfReferred = customer.Value == 8 && h.Store.OrderList.Count(o => o.CustomerId == 8) == 1;
                var referral = firstOfReferred
                    ? new ReferralCandidate(Store1, new CustomerId(7), "seven@example.com", null, customer, "eight@example.com", null, id, true, 0)
                    : null;
                next = async () =>
                {
                    if (spend > 0) await h.Events.RedemptionAsync(Store1, customer, id, spend);
                    await h.Events.OrderPaidAsync(order, referral);
                };
            }
            else if (choice < 50)
            {
                var row = h.Store.OrderList[random.Next(h.Store.OrderList.Count)];
                var cancel = random.Next(5) == 0;
                var soFar = cancel ? row.OrderTotal : Math.Min(row.OrderTotal, row.RefundedAmount + Math.Round(row.OrderTotal * (decimal)random.NextDouble() / 2, 2));
                row.RefundedAmount = soFar;
                row.PaymentStatusId = (int)(soFar == row.OrderTotal ? PaymentState.Refunded : PaymentState.PartiallyRefunded);
                if (cancel) row.OrderStatusId = (int)OrderState.Cancelled;
                var refund = new OrderRefund(Store1, new CustomerId(row.CustomerId), row.Id, row.OrderTotal, soFar, cancel);
                next = () => h.Events.OrderRefundedAsync(refund);
            }
            else if (choice < 70)
            {
                var today = DateOnly.FromDateTime(h.Clock.UtcNow);
                await h.Nightly.RunNightlyAsync(Store1, today, batchSize: 1 + random.Next(3));
                await AssertInvariants(h, where);
                // Run again the same night: nothing more happens (nightly runs are not redelivered later, when new lots may be due).
                var (entries, seen) = (h.Ledger.AllEntries.Count, h.Observer.Entries.Count);
                var again = await h.Nightly.RunNightlyAsync(Store1, today, batchSize: 1 + random.Next(3));
                Assert.That((again.ExpiryEntries, again.BirthdayBonuses, again.TierChanges), Is.EqualTo((0, 0, 0)), where);
                Assert.That((h.Ledger.AllEntries.Count, h.Observer.Entries.Count), Is.EqualTo((entries, seen)), where);
            }
            else if (choice < 80)
            {
                var review = random.Next(1, 10);
                next = () => h.Events.ReviewApprovedAsync(Store1, customer, review);
            }
            else if (choice < 85)
            {
                next = () => h.Events.RegisteredAsync(Store1, customer);
            }
            else if (choice < 90)
            {
                var response = $"r{random.Next(1, 5)}";
                next = () => h.Events.SurveyAnsweredAsync(Store1, customer, response);
            }
            else
            {
                var points = random.Next(-80, 120);
                var request = $"req-{step}";
                next = () => h.Events.AdjustAsync(Store1, customer, points, "correction", "admin", request, confirmOverdraw: true);
            }

            if (next is not null)
            {
                await next();
                history.Add(next);
            }
            await AssertInvariants(h, where);

            if (history.Count > 0 && random.Next(3) == 0)
            {
                var before = h.Ledger.AllEntries;
                var seen = h.Observer.Entries.Count;
                await history[random.Next(history.Count)]();
                Assert.That(h.Ledger.AllEntries, Is.EqualTo(before), $"{where}: a redelivered event changed the ledger");
                Assert.That(h.Observer.Entries, Has.Count.EqualTo(seen), $"{where}: a redelivered event told the observer again");
            }
        }

        foreach (var id in Customers)
        {
            var view = await h.Views.GetRewardsAsync(Store1, new CustomerId(id));
            var balance = await h.BalanceAsync(id);
            // Points past their date are gone from the view before the sweep writes their expiry: the ledger less what it will write.
            var lapsed = Lots.DueExpiries(await h.EntriesAsync(id), settings, h.Clock.UtcNow).Sum(e => (long)e.Points);
            Assert.That((view.Available, view.Pending), Is.EqualTo((balance.Available + lapsed, balance.Pending)), $"seed {seed}: the rewards view shows another balance");
        }
        return h.Ledger.AllEntries.Select(e => e.Reason);
    }

    private static async Task AssertInvariants(ProgramHarness h, string where)
    {
        var now = h.Clock.UtcNow;
        Assert.That(h.Observer.Entries, Is.EqualTo(h.Ledger.AllEntries), $"{where}: the observer did not see each new entry exactly once");
        foreach (var id in Customers)
        {
            var entries = await h.EntriesAsync(id);
            var balance = await h.BalanceAsync(id);
            var lots = Lots.Replay(entries, now);
            Assert.That(balance, Is.EqualTo(new PointsBalance(entries.Where(e => e.ActivatesUtc <= now).Sum(e => e.Points),
                entries.Where(e => e.ActivatesUtc > now).Sum(e => e.Points))), where);
            Assert.That((lots.Available, lots.Pending), Is.EqualTo((balance.Available, balance.Pending)), $"{where}: lots disagree with the ledger for {id}");
            foreach (var order in entries.Where(e => e.Reason == LedgerReason.Purchase))
            {
                var reversed = -entries.Where(e => e.Reason == LedgerReason.PurchaseReversal && e.SourceRef == order.SourceRef).Sum(e => e.Points);
                Assert.That(reversed, Is.InRange(0, order.Points), $"{where}: order {order.SourceRef} reversed beyond what it earned");
            }
        }
        Assert.That(h.Ledger.AllEntries.Select(e => e.Key).Distinct().Count(), Is.EqualTo(h.Ledger.AllEntries.Count), where);
    }
}
