// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Globalization;
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>A refund or cancellation as the store reports it.</summary>
/// <param name="OrderTotal">What the customer paid for the order (the base of the refunded share).</param>
/// <param name="RefundedSoFar">Everything refunded on the order up to and including this refund (nopCommerce keeps this sum
/// on the order), so the same refund delivered twice names the same state and several partial refunds add up.</param>
/// <param name="Cancelled">A cancellation or a full refund: everything is reversed whatever the amounts say.</param>
public sealed record OrderRefund(StoreId Store, CustomerId Customer, int OrderId, decimal OrderTotal, decimal RefundedSoFar, bool Cancelled = false)
{
    /// <summary>Share of the order refunded so far, between 0 and 1.</summary>
    public decimal Share => Cancelled || OrderTotal <= 0m ? 1m : Math.Clamp(RefundedSoFar / OrderTotal, 0m, 1m);

    /// <summary>The part of the idempotency key that names this refund: the refunded sum, or <c>all</c>.</summary>
    public string KeyPart => Cancelled || Share == 1m ? "all" : RefundedSoFar.ToString("0.00##", CultureInfo.InvariantCulture);
}

/// <summary>How a reversal met the customer's balance.</summary>
public enum OverdraftOutcome
{
    /// <summary>The balance covered it.</summary>
    WithinBalance = 0,
    /// <summary>It took more than the balance; the balance is negative and future earnings pay it back.</summary>
    WentNegative = 1,
    /// <summary>It was cut to what the balance held; the rest was forgiven.</summary>
    Capped = 2,
}

/// <summary>What a refund does to the ledger, and what the host should log.</summary>
/// <param name="Entries">Entries to append (points given back first, then points taken back); empty when nothing is due.</param>
/// <param name="Requested">Purchase points the refund should take back.</param>
/// <param name="Reversed">Purchase points actually taken back (less than requested only when capped).</param>
/// <param name="Restored">Spent points given back.</param>
/// <param name="Shortfall">Points beyond the balance: owed (went negative) or forgiven (capped).</param>
public sealed record ReversalPlan(IReadOnlyList<LedgerEntry> Entries, int Requested, int Reversed, int Restored, OverdraftOutcome Outcome, int Shortfall)
{
    /// <summary>A line for the log when the policy had to decide; null otherwise.</summary>
    public string? Decision => Outcome switch
    {
        OverdraftOutcome.WentNegative => $"Reversal of {Reversed} points exceeded the balance by {Shortfall}; the balance went negative.",
        OverdraftOutcome.Capped => $"Reversal of {Requested} points capped at {Reversed}; {Shortfall} points forgiven.",
        _ => null,
    };
}

/// <summary>
/// Refunds and cancellations. The points taken back are a share of the points the ledger recorded for the order (never a
/// recomputation with today's rate, multipliers or tier — nopCommerce's own points get that wrong, its issue 5757).
/// Each refund states the refunded sum so far, so the reversal due is "share of the original, less what was already
/// reversed": partial refunds add up and can never take back more than was earned. Only purchase points are reversed;
/// fixed action bonuses (registration, review, referral…) stay. Points the customer spent on the order come back in the
/// same share, with the expiry of the lots they were taken from.
/// </summary>
public static class Reversal
{
    /// <summary>The entries a refund calls for, given the customer's ledger entries in that store.</summary>
    public static ReversalPlan Plan(IReadOnlyList<LedgerEntry> entries, OrderRefund refund, LoyaltySettings settings, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(refund);
        var now = clock.UtcNow;
        var orderRef = Earning.OrderRef(refund.OrderId);
        var mine = entries.Where(e => e.Store == refund.Store && e.Customer == refund.Customer).ToList();
        var state = Lots.Replay(mine, now);
        var result = new List<LedgerEntry>();

        // Spent points come back first: they are the customer's own.
        var restore = RestoreEntry(mine, state, refund, orderRef, now);
        if (restore is not null) result.Add(restore);
        var restored = restore?.Points ?? 0;

        var purchase = mine.Where(e => e.Reason == LedgerReason.Purchase && e.SourceRef == orderRef && e.Points > 0).ToList();
        var earned = purchase.Sum(e => e.Points);
        var alreadyReversed = -mine.Where(e => e.Reason == LedgerReason.PurchaseReversal && e.SourceRef == orderRef).Sum(e => e.Points);
        var lotKeys = purchase.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        // Points of this order that already lapsed cannot be taken back a second time.
        var expired = mine.Where(e => e.Reason == LedgerReason.Expiry && state.Draws.ContainsKey(e.Key.Value))
            .SelectMany(e => state.Draws[e.Key.Value]).Where(d => lotKeys.Contains(d.LotKey)).Sum(d => d.Points);

        var target = Math.Min((int)Math.Round(earned * refund.Share, MidpointRounding.AwayFromZero), earned - expired);
        var requested = Math.Max(0, target - alreadyReversed);
        if (requested == 0)
            return new ReversalPlan(result, 0, 0, restored, OverdraftOutcome.WithinBalance, 0);

        var lots = state.Lots.Where(l => lotKeys.Contains(l.Key)).ToList();
        var pendingOfOrder = lots.Where(l => !l.IsActive).Sum(l => l.Remaining);
        var reversible = (int)Math.Clamp(state.Available + restored + pendingOfOrder, 0, int.MaxValue);
        var (amount, outcome) = requested <= reversible
            ? (requested, OverdraftOutcome.WithinBalance)
            : settings.Overdraft == OverdraftPolicy.GoNegative
                ? (requested, OverdraftOutcome.WentNegative)
                : (reversible, OverdraftOutcome.Capped);
        var shortfall = Math.Max(0, requested - reversible);

        // A capped reversal with nothing left to take is still written, as a zero line: it is the audit record of the
        // decision, and its key makes a redelivered refund a no-op instead of a claw-back once the balance has grown.
        if (amount > 0 || outcome == OverdraftOutcome.Capped)
        {
            // While the order's points are still pending the reversal leaves the pending amount, not the spendable one.
            var lotPending = lots.Count > 0 && lots.All(l => !l.IsActive) && pendingOfOrder >= amount;
            result.Add(new LedgerEntry
            {
                Key = IdempotencyKey.For("earn-reverse", refund.Store, refund.OrderId, refund.KeyPart),
                Store = refund.Store,
                Customer = refund.Customer,
                Points = -amount,
                Reason = LedgerReason.PurchaseReversal,
                Source = LedgerSource.Order,
                SourceRef = orderRef,
                CreatedUtc = now,
                ActivatesUtc = lotPending ? lots.Max(l => l.Entry.ActivatesUtc) : now,
                Note = outcome == OverdraftOutcome.Capped
                    ? LedgerNotes.OrderRefundedCapped(orderRef, requested)
                    : LedgerNotes.OrderRefunded(orderRef),
            });
        }
        return new ReversalPlan(result, requested, amount, restored, outcome, shortfall);
    }

    private static LedgerEntry? RestoreEntry(List<LedgerEntry> mine, LotState state, OrderRefund refund, string orderRef, DateTime now)
    {
        var redemptions = mine.Where(e => e.Reason == LedgerReason.Redemption && e.SourceRef == orderRef && e.Points < 0).ToList();
        var spent = -redemptions.Sum(e => e.Points);
        var alreadyRestored = mine.Where(e => e.Reason == LedgerReason.RedemptionRefund && e.SourceRef == orderRef).Sum(e => e.Points);
        var want = (int)Math.Round(spent * refund.Share, MidpointRounding.AwayFromZero) - alreadyRestored;
        if (want <= 0) return null;

        // Back to the lots they came from: the restored points keep those lots' expiry (the latest of them when the
        // redemption drew on several, so a refund never shortens the customer's time; none if any of them never lapses).
        var sources = redemptions.SelectMany(r => state.Draws.TryGetValue(r.Key.Value, out var d) ? d : Array.Empty<LotDraw>())
            .Select(d => mine.First(e => e.Key.Value == d.LotKey).ExpiresUtc).ToList();
        var expires = sources.Count == 0 || sources.Any(s => s is null) ? null : sources.Max();

        return new LedgerEntry
        {
            Key = IdempotencyKey.For("redeem-back", refund.Store, refund.OrderId, refund.KeyPart),
            Store = refund.Store,
            Customer = refund.Customer,
            Points = want,
            Reason = LedgerReason.RedemptionRefund,
            Source = LedgerSource.Order,
            SourceRef = orderRef,
            CreatedUtc = now,
            ActivatesUtc = now,
            ExpiresUtc = expires,
            Note = LedgerNotes.SpentReturned(orderRef),
        };
    }
}
