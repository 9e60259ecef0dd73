namespace Retention.Core.Loyalty;

/// <summary>How every loyalty class writes the ledger: append under the entry's key, and tell the observer only what was new.</summary>
internal static class LedgerWrites
{
    /// <summary>Appends <paramref name="entry"/> and tells the observer when it was new.</summary>
    public static async Task<bool> AppendAsync(IPointsLedger ledger, ILoyaltyObserver observer, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (!await ledger.TryAppendAsync(entry, cancellationToken)) return false;
        await observer.EntryAppendedAsync(entry, cancellationToken);
        return true;
    }

    /// <summary>Appends a rule's entry, if any, and returns the entry the ledger holds under its key (the first one, on a replay).</summary>
    public static async Task<LedgerEntry?> RecordAsync(IPointsLedger ledger, ILoyaltyObserver observer, LedgerEntry? entry, CancellationToken cancellationToken)
    {
        if (entry is null || await AppendAsync(ledger, observer, entry, cancellationToken)) return entry;
        var existing = await ledger.GetEntriesAsync(entry.Store, entry.Customer, cancellationToken);
        return existing.FirstOrDefault(e => e.Key == entry.Key) ?? entry;
    }
}
