namespace Retention.Core.Tables;

/// <summary>
/// The discount card level one customer holds in one store (Core's <see cref="Loyalty.Cards.CardStanding"/>): one row per
/// store and customer, what checkout gives until the next evaluation and what the plugin mirrors into a customer role.
/// </summary>
public sealed class CardStandingRow : TableRow
{
    /// <summary><c>{store}:{customer}</c> (<see cref="TierStandingRow.KeyOf"/>): the table's unique column.</summary>
    public string StoreCustomerKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    /// <summary>The held level's threshold, null for no level.</summary>
    public decimal? Threshold { get; set; }
    /// <summary>The held level's percent off (0 for no level).</summary>
    public decimal Percent { get; set; }
    public DateTime UpdatedOnUtc { get; set; }
}
