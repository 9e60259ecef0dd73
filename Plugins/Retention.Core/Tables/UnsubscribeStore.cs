using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>A customer who used an unsubscribe link in one store, as stored; (store, customer) is unique.</summary>
public sealed class UnsubscribeRow : TableRow
{
    /// <summary>
    /// (store, customer) as one string, <see cref="UnsubscribeStore.KeyOf"/>: the plugin's unique column. The sandbox makes
    /// the two columns its primary key instead and does not store it.
    /// </summary>
    public string StoreCustomerKey { get; set; } = "";
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public DateTime CreatedOnUtc { get; set; }
}

/// <summary>
/// The one-click opt-outs over the host's unsubscribe table, the one implementation every host's contact directory uses:
/// a keyed insert on (store, customer), so a replayed link changes nothing and the first time stands. The host's own
/// consent record (nopCommerce's newsletter subscription) is the directory's to withdraw; this row is what holds the
/// opt-out when that record is switched back on by something other than the customer.
/// </summary>
public sealed class UnsubscribeStore(ITable<UnsubscribeRow> table, IQueryRunner runner)
{
    /// <summary>Records the opt-out; false when the customer had opted out of this store already.</summary>
    public Task<bool> TryAddAsync(StoreId store, CustomerId customer, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        var row = new UnsubscribeRow { StoreCustomerKey = KeyOf(store, customer), StoreId = storeId, CustomerId = customerId, CreatedOnUtc = nowUtc };
        return table.TryInsertAsync(row, r => r.StoreId == storeId && r.CustomerId == customerId, cancellationToken);
    }

    public async Task<bool> IsUnsubscribedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var (storeId, customerId) = (store.Value, customer.Value);
        return await runner.CountAsync(table.Rows.Where(r => r.StoreId == storeId && r.CustomerId == customerId).Take(1), cancellationToken) > 0;
    }

    /// <summary>Those of <paramref name="customers"/> who opted out of <paramref name="store"/>; one query per <see cref="TableQueries.ChunkSize"/> customers.</summary>
    public async Task<IReadOnlySet<CustomerId>> UnsubscribedAmongAsync(StoreId store, IReadOnlyCollection<CustomerId> customers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var storeId = store.Value;
        var found = await runner.ByChunksAsync(customers.Select(c => c.Value), ids => table.Rows
            .Where(r => r.StoreId == storeId && ids.Contains(r.CustomerId))
            .Select(r => r.CustomerId), cancellationToken);
        return found.Select(id => new CustomerId(id)).ToHashSet();
    }

    /// <summary><c>{store}:{customer}</c>, the value of <see cref="UnsubscribeRow.StoreCustomerKey"/>.</summary>
    public static string KeyOf(StoreId store, CustomerId customer) => FormattableString.Invariant($"{store.Value}:{customer.Value}");
}
