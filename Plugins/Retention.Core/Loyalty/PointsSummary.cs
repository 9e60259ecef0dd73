namespace Retention.Core.Loyalty;

/// <summary>
/// A customer's balance kept beside the ledger, so the checkout widget and the balance reads need one row instead of every
/// entry. Pending points activate and lots lapse by time, not by a write, so the summary carries the instants up to which
/// its sums hold: from <see cref="AsOfUtc"/> until the next activation, the next lot that can lapse, or the end of the
/// inactivity period, whichever comes first. Past one of those (or before <see cref="AsOfUtc"/>) the reader falls back to
/// the entries. The ledger store writes it in the transaction of each entry (<see cref="Tables.PointsLedgerStore"/>).
/// </summary>
/// <param name="Available">The sum of the entries active at <see cref="AsOfUtc"/> (lapses not written yet not taken off).</param>
/// <param name="Pending">The sum of the entries that activate after <see cref="AsOfUtc"/>.</param>
/// <param name="AsOfUtc">When the sums were taken: never before the newest entry's creation, so every entry is in them.</param>
/// <param name="NextActivationUtc">The first activation after <see cref="AsOfUtc"/>; null when nothing is pending.</param>
/// <param name="NextLotExpiryUtc">
/// The first instant a lot lapses with points left in it, were no entry written again (the lot rule of
/// <see cref="Lots.DueExpiries"/>); null when none can. Kept whatever the store's expiry mode, which the reader applies.
/// </param>
/// <param name="LastActivityUtc">The newest entry that is not an expiry (<see cref="Lots.LastActivityUtc"/>), for the inactivity rule.</param>
public sealed record PointsSummary(long Available, long Pending, DateTime AsOfUtc, DateTime? NextActivationUtc, DateTime? NextLotExpiryUtc,
    DateTime? LastActivityUtc)
{
    // The lot rule only: which lots lapse and when is fixed on the entries, whatever the store's mode.
    private static readonly LoyaltySettings LotRule = new() { Expiry = ExpiryMode.LotAfterActivation };

    /// <summary>The summary of <paramref name="entries"/> (one customer's, in one store) taken at <paramref name="writtenUtc"/> or their newest creation, whichever is later.</summary>
    public static PointsSummary Of(IReadOnlyList<LedgerEntry> entries, DateTime writtenUtc)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var asOf = entries.Count == 0 ? writtenUtc : Max(writtenUtc, entries.Max(e => e.CreatedUtc));
        var pending = entries.Where(e => e.ActivatesUtc > asOf).ToList();
        var lapses = Lots.DueExpiries(entries, LotRule, DateTime.MaxValue);
        return new PointsSummary(
            entries.Where(e => e.ActivatesUtc <= asOf).Sum(e => (long)e.Points),
            pending.Sum(e => (long)e.Points),
            asOf,
            pending.Count == 0 ? null : pending.Min(e => e.ActivatesUtc),
            lapses.Count == 0 ? null : lapses.Min(e => e.CreatedUtc),
            Lots.LastActivityUtc(entries));
    }

    /// <summary>
    /// Whether <paramref name="entry"/> can be added to this summary without reading the entries again: it is not older than
    /// the summary, and nothing the summary waits for (an activation, a lapse) has come by its creation.
    /// </summary>
    public bool TakesInPlace(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.CreatedUtc;
        return AsOfUtc <= at && !(NextActivationUtc <= at) && !(NextLotExpiryUtc <= at);
    }

    /// <summary>
    /// This summary with <paramref name="entry"/> added (only where <see cref="TakesInPlace"/>): the sums moved by its points,
    /// the instants moved earlier where it activates or lapses first, taken at its creation. A debit only takes points from
    /// lots, so no lot lapses earlier for it; the instant kept may be earlier than needed, which costs a read, never a wrong sum.
    /// </summary>
    public PointsSummary With(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.CreatedUtc;
        var pending = entry.ActivatesUtc > at;
        return new PointsSummary(
            Available + (pending ? 0 : entry.Points),
            Pending + (pending ? entry.Points : 0),
            at,
            pending ? Min(NextActivationUtc, entry.ActivatesUtc) : NextActivationUtc,
            entry.Points > 0 && entry.ExpiresUtc is { } expires ? Min(NextLotExpiryUtc, expires) : NextLotExpiryUtc,
            entry.Reason == LedgerReason.Expiry ? LastActivityUtc : at);
    }

    /// <summary>
    /// The spendable balance at <paramref name="nowUtc"/> under <paramref name="settings"/>' expiry rule, as
    /// <see cref="Lots.Spendable"/> would compute it from the entries; null when the summary does not hold then and the
    /// entries must be read.
    /// </summary>
    public PointsBalance? SpendableAt(LoyaltySettings settings, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (SumsAt(nowUtc) is not { } sums) return null;
        var lapsed = settings.Expiry switch
        {
            ExpiryMode.LotAfterActivation => NextLotExpiryUtc <= nowUtc,
            ExpiryMode.WholeBalanceAfterInactivity => settings.ExpiryMonths > 0 && LastActivityUtc is { } last && last.AddMonths(settings.ExpiryMonths) <= nowUtc,
            _ => false,
        };
        return lapsed ? null : sums;
    }

    /// <summary>
    /// The sums by activation at <paramref name="nowUtc"/> (<see cref="IPointsLedger.GetBalanceAsync"/>, lapses not taken
    /// off); null when the summary does not hold then.
    /// </summary>
    public PointsBalance? SumsAt(DateTime nowUtc) =>
        nowUtc < AsOfUtc || NextActivationUtc <= nowUtc ? null : new PointsBalance(Available, Pending);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime? a, DateTime b) => a is { } value && value < b ? value : b;
}
