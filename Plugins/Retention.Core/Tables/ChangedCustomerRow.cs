namespace Retention.Core.Tables;

/// <summary>
/// One change to a customer's orders (or the customer) in a store: the feed the dashboard's incremental refresh reads
/// (<see cref="ChangedCustomerFeed"/>). The database's id is the sequence a reader remembers as its watermark.
/// </summary>
public sealed class ChangedCustomerRow : TableRow
{
    /// <summary>A fresh key per change (the table's unique column): every change is its own row, never merged with another.</summary>
    public string ChangeKey { get; set; } = "";
    /// <summary>The store, or 0 for a change that concerns the customer in every store (a deletion).</summary>
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public DateTime ChangedUtc { get; set; }
}
