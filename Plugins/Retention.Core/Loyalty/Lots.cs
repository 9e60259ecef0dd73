// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Loyalty;

/// <summary>Points a debit took from one lot.</summary>
public readonly record struct LotDraw(string LotKey, int Points);

/// <summary>One credited entry and what is left of it at the instant the ledger was replayed.</summary>
public sealed record Lot(LedgerEntry Entry, int Remaining, bool IsActive, bool IsExpired)
{
    public string Key => Entry.Key.Value;
}

/// <summary>The ledger replayed into lots at one instant.</summary>
/// <param name="Debt">Points taken beyond every lot (a reversal under <see cref="OverdraftPolicy.GoNegative"/>); the next lots to activate pay it first.</param>
/// <param name="Draws">For every debit (by key), the lots it took its points from.</param>
public sealed record LotState(IReadOnlyList<Lot> Lots, long Debt, IReadOnlyDictionary<string, IReadOnlyList<LotDraw>> Draws)
{
    /// <summary>Spendable now: what is left of active lots (including lapsed lots whose expiry entry is not written yet), less debt.</summary>
    public long Available => Lots.Where(l => l.IsActive).Sum(l => (long)l.Remaining) - Debt;

    /// <summary>Still in the return window.</summary>
    public long Pending => Lots.Where(l => !l.IsActive).Sum(l => (long)l.Remaining);
}

/// <summary>Points that will lapse soon, for the reminder email.</summary>
public sealed record ExpiringSoon(long Points, DateTime? FirstExpiryUtc, IReadOnlyList<Lot> Lots);

/// <summary>
/// Lots and expiry. Every credit is a lot; a debit takes from the lot it names (a reversal from its order's lot, an expiry
/// from its lot) and otherwise from the oldest spendable lot first, so the points that lapse first are spent first.
/// Everything is derived by replaying the entries the ledger already returns: nothing about lots is stored beyond the
/// entries themselves, so the ledger port needs no change and the balance stays the sum of the entries.
/// </summary>
public static class Lots
{
    /// <summary>When a lot credited now lapses: fixed on the entry, so a later change of settings never moves it.</summary>
    public static DateTime? ExpiryFor(DateTime activatesUtc, LoyaltySettings settings) =>
        settings.Expiry == ExpiryMode.LotAfterActivation && settings.ExpiryMonths > 0 ? activatesUtc.AddMonths(settings.ExpiryMonths) : null;

    /// <summary>Replays the entries created up to <paramref name="asOfUtc"/> (oldest first, ties in list order).</summary>
    public static LotState Replay(IEnumerable<LedgerEntry> entries, DateTime asOfUtc)
    {
        var ordered = entries.Select((e, i) => (e, i)).Where(x => x.e.CreatedUtc <= asOfUtc)
            .OrderBy(x => x.e.CreatedUtc).ThenBy(x => x.i).Select(x => x.e).ToList();
        var lots = new List<Box>();
        var draws = new Dictionary<string, IReadOnlyList<LotDraw>>(StringComparer.Ordinal);
        long debt = 0;

        void Settle(DateTime at)
        {
            foreach (var lot in lots.Where(l => !l.Settled && l.Entry.ActivatesUtc <= at).OrderBy(l => l.Entry.ActivatesUtc))
            {
                lot.Settled = true;
                var pay = (int)Math.Min(debt, lot.Remaining);
                lot.Remaining -= pay;
                debt -= pay;
            }
        }

        foreach (var entry in ordered)
        {
            var at = entry.CreatedUtc;
            Settle(at);
            if (entry.Points > 0)
            {
                lots.Add(new Box(entry, lots.Count));
                Settle(at);
                continue;
            }
            if (entry.Points == 0) continue;

            var need = -entry.Points;
            var taken = new List<LotDraw>();
            var target = Target(lots, entry);
            if (target is not null) need -= Take(target, need, taken);
            foreach (var lot in lots.Where(l => l.Entry.ActivatesUtc <= at && !(l.Entry.ExpiresUtc <= at))
                         .OrderBy(l => l.Entry.ActivatesUtc).ThenBy(l => l.Index))
            {
                if (need == 0) break;
                need -= Take(lot, need, taken);
            }
            debt += need;
            draws[entry.Key.Value] = taken;
        }
        Settle(asOfUtc);

        var result = lots.Select(l => new Lot(l.Entry, l.Remaining, l.Entry.ActivatesUtc <= asOfUtc, l.Entry.ExpiresUtc <= asOfUtc)).ToList();
        return new LotState(result, debt, draws);
    }

    /// <summary>
    /// The expiry entries due at <paramref name="nowUtc"/>. Each is keyed (<c>expire:{store}:{customer}:{lot}</c>, or per
    /// period of inactivity) and dated at the instant the points lapsed, so a task that runs late, twice, or on two nodes
    /// writes the same entries with the same amounts. Appending them all and calling again returns none.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> DueExpiries(IReadOnlyList<LedgerEntry> entries, LoyaltySettings settings, DateTime nowUtc)
    {
        if (entries.Count == 0) return Array.Empty<LedgerEntry>();
        var (store, customer) = (entries[0].Store, entries[0].Customer);
        var existing = entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        var result = new List<LedgerEntry>();

        switch (settings.Expiry)
        {
            case ExpiryMode.LotAfterActivation:
                // Lots lapse one by one; each is measured at its own expiry instant, earliest first, with the earlier
                // expiries already applied, so the amounts do not depend on when the task runs.
                var working = entries.ToList();
                foreach (var lot in Replay(entries, nowUtc).Lots.Where(l => l.Entry.ExpiresUtc <= nowUtc).OrderBy(l => l.Entry.ExpiresUtc))
                {
                    var key = IdempotencyKey.For("expire", store, customer, lot.Key);
                    if (existing.Contains(key.Value)) continue;
                    // A lot credited after its expiry (spent points given back to a lapsed lot) lapses as it arrives.
                    var at = lot.Entry.ExpiresUtc!.Value < lot.Entry.CreatedUtc ? lot.Entry.CreatedUtc : lot.Entry.ExpiresUtc!.Value;
                    var remaining = Replay(working, at).Lots.Single(l => l.Key == lot.Key).Remaining;
                    if (remaining <= 0) continue;
                    var expiry = ExpiryEntry(key, store, customer, -remaining, at, lot.Key);
                    working.Add(expiry);
                    result.Add(expiry);
                }
                break;

            case ExpiryMode.WholeBalanceAfterInactivity when settings.ExpiryMonths > 0:
                var lastActivity = LastActivityUtc(entries);
                if (lastActivity is null) break;
                var deadline = lastActivity.Value.AddMonths(settings.ExpiryMonths);
                if (deadline > nowUtc) break;
                var inactiveKey = IdempotencyKey.For("expire", store, customer, "inactive",
                    lastActivity.Value.ToString("yyyyMMddHHmmssfffffff", System.Globalization.CultureInfo.InvariantCulture));
                if (existing.Contains(inactiveKey.Value)) break;
                var state = Replay(entries, deadline);
                var lapsing = state.Lots.Where(l => l.IsActive).Sum(l => (long)l.Remaining) - state.Debt;
                // One entry holds an int; only a balance written before the program's limits could be larger.
                if (lapsing > 0)
                    result.Add(ExpiryEntry(inactiveKey, store, customer, -(int)Math.Min(lapsing, int.MaxValue), deadline, null));
                break;
        }
        return result;
    }

    /// <summary>
    /// The balance as the customer may use it at <paramref name="nowUtc"/>: the entries' sum, less the points that lapsed
    /// and whose expiry entry the nightly sweep has not written yet (the same <see cref="DueExpiries"/> it will write), so
    /// points leave the balance on their date whenever the sweep runs.
    /// </summary>
    public static PointsBalance Spendable(IReadOnlyList<LedgerEntry> entries, LoyaltySettings settings, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var available = entries.Where(e => e.ActivatesUtc <= nowUtc).Sum(e => (long)e.Points);
        var pending = entries.Where(e => e.ActivatesUtc > nowUtc).Sum(e => (long)e.Points);
        var lapsed = DueExpiries(entries, settings, nowUtc).Sum(e => (long)e.Points);
        return new PointsBalance(available + lapsed, pending);
    }

    /// <summary>What lapses after <paramref name="nowUtc"/> and at most <paramref name="days"/> days later (the reminder's data).</summary>
    public static ExpiringSoon ExpiringWithin(IReadOnlyList<LedgerEntry> entries, LoyaltySettings settings, DateTime nowUtc, int days)
    {
        var horizon = nowUtc.AddDays(days);
        var state = Replay(entries, nowUtc);
        if (settings.Expiry == ExpiryMode.LotAfterActivation)
        {
            var lots = state.Lots.Where(l => l.Remaining > 0 && l.Entry.ExpiresUtc > nowUtc && l.Entry.ExpiresUtc <= horizon)
                .OrderBy(l => l.Entry.ExpiresUtc).ToList();
            var points = Math.Max(0, lots.Sum(l => (long)l.Remaining) - state.Debt);
            return new ExpiringSoon(points, points > 0 ? lots[0].Entry.ExpiresUtc : null, lots);
        }
        if (settings.Expiry == ExpiryMode.WholeBalanceAfterInactivity && settings.ExpiryMonths > 0 && LastActivityUtc(entries) is { } last)
        {
            var deadline = last.AddMonths(settings.ExpiryMonths);
            if (deadline > nowUtc && deadline <= horizon && state.Available > 0)
                return new ExpiringSoon(state.Available, deadline, state.Lots.Where(l => l.IsActive && l.Remaining > 0).ToList());
        }
        return new ExpiringSoon(0, null, Array.Empty<Lot>());
    }

    /// <summary>Any movement but an expiry counts as activity (an expiry is not something the customer did).</summary>
    public static DateTime? LastActivityUtc(IEnumerable<LedgerEntry> entries)
    {
        var activity = entries.Where(e => e.Reason != LedgerReason.Expiry).Select(e => e.CreatedUtc).ToList();
        return activity.Count == 0 ? null : activity.Max();
    }

    private static LedgerEntry ExpiryEntry(IdempotencyKey key, StoreId store, CustomerId customer, int points, DateTime at, string? lotKey) => new()
    {
        Key = key,
        Store = store,
        Customer = customer,
        Points = points,
        Reason = LedgerReason.Expiry,
        Source = LedgerSource.System,
        SourceRef = lotKey,
        CreatedUtc = at,
        ActivatesUtc = at,
        Note = lotKey is null ? LedgerNotes.ExpiredAfterInactivity() : LedgerNotes.Expired(),
    };

    private static Box? Target(List<Box> lots, LedgerEntry debit) => debit.Reason switch
    {
        LedgerReason.Expiry when debit.SourceRef is not null => lots.FirstOrDefault(l => l.Entry.Key.Value == debit.SourceRef),
        LedgerReason.PurchaseReversal when debit.SourceRef is not null =>
            lots.FirstOrDefault(l => l.Entry.Reason == LedgerReason.Purchase && l.Entry.SourceRef == debit.SourceRef && l.Remaining > 0),
        _ => null,
    };

    private static int Take(Box lot, int need, List<LotDraw> taken)
    {
        var take = Math.Min(need, lot.Remaining);
        if (take <= 0) return 0;
        lot.Remaining -= take;
        taken.Add(new LotDraw(lot.Entry.Key.Value, take));
        return take;
    }

    private sealed class Box(LedgerEntry entry, int index)
    {
        public LedgerEntry Entry { get; } = entry;
        public int Index { get; } = index;
        public int Remaining { get; set; } = entry.Points;
        public bool Settled { get; set; }
    }
}
