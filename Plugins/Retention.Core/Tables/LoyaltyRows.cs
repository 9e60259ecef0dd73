namespace Retention.Core.Tables;

// The loyalty program's own tables as Core writes them. Column names are the plugin's installed ones (its schema does not
// change with these types); the sandbox maps them onto its own column names.

/// <summary>
/// One line of the points ledger (Core's <see cref="Loyalty.LedgerEntry"/>) as stored: append-only, unique by its
/// idempotency key.
/// </summary>
public sealed class PointsEntryRow : TableRow
{
    /// <summary>The entry's <see cref="Common.IdempotencyKey"/>, the table's unique column.</summary>
    public string IdempotencyKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public int Points { get; set; }
    /// <summary><see cref="Loyalty.LedgerReason"/> as its number.</summary>
    public int ReasonId { get; set; }
    /// <summary><see cref="Loyalty.LedgerSource"/> as its number.</summary>
    public int SourceId { get; set; }
    public string? SourceRef { get; set; }
    public DateTime CreatedOnUtc { get; set; }
    public DateTime ActivatesOnUtc { get; set; }
    public DateTime? ExpiresOnUtc { get; set; }
    public string? Actor { get; set; }
    public string? Note { get; set; }
}

/// <summary>Where one customer stands in one store's tier ladder (Core's <see cref="Loyalty.TierStanding"/>); one row per store and customer.</summary>
public sealed class TierStandingRow : TableRow
{
    /// <summary>
    /// <c>{store}:{customer}</c> (<see cref="KeyOf"/>): the pair as one bounded string, the plugin's unique column. The
    /// sandbox makes (store, customer) its primary key instead and does not store it.
    /// </summary>
    public string StoreCustomerKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The tier held, null for none.</summary>
    public string? Tier { get; set; }
    /// <summary>When the customer fell below the held tier's threshold (the grace period's start).</summary>
    public DateTime? BelowSinceUtc { get; set; }
    public DateTime UpdatedOnUtc { get; set; }

    /// <summary>The value of <see cref="StoreCustomerKey"/> for a store and customer.</summary>
    public static string KeyOf(int storeId, int customerId) => FormattableString.Invariant($"{storeId}:{customerId}");
}

/// <summary>
/// A customer's <see cref="Loyalty.PointsSummary"/> in one store, written by <see cref="PointsLedgerStore"/> in the
/// transaction of every entry it appends; one row per store and customer (unique, customer first, as erasure reads it).
/// </summary>
public sealed class PointsSummaryRow : TableRow
{
    /// <summary>
    /// <c>{store}:{customer}</c> (<see cref="TierStandingRow.KeyOf"/>): the plugin's unique column. The sandbox makes
    /// (customer, store) its primary key instead and does not store it.
    /// </summary>
    public string StoreCustomerKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public long Available { get; set; }
    public long Pending { get; set; }
    public DateTime AsOfUtc { get; set; }
    public DateTime? NextActivationUtc { get; set; }
    public DateTime? NextLotExpiryUtc { get; set; }
    public DateTime? LastActivityUtc { get; set; }
}
