using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>Who referred a customer in one store, as stored; (store, referred) is unique, so the first referrer recorded wins.</summary>
public sealed class ReferralRow : TableRow
{
    /// <summary>
    /// (store, referred) as one string, <see cref="ReferralStore.KeyOf"/>: the plugin's unique column. The sandbox makes
    /// the two columns its primary key instead and does not store it.
    /// </summary>
    public string StoreReferredKey { get; set; } = "";
    public int StoreId { get; set; }
    public int ReferredCustomerId { get; set; }
    public int ReferrerCustomerId { get; set; }
    public DateTime CreatedOnUtc { get; set; }
}

/// <summary>
/// Referrals over the host's referral table, the one implementation every host uses: recording is a keyed insert on
/// (store, referred), so of two registrations racing through different links only the first referrer is kept.
/// </summary>
public sealed class ReferralStore(ITable<ReferralRow> table, IQueryRunner runner, IClock clock) : IReferralStore
{
    public Task<bool> TryRecordAsync(StoreId store, CustomerId referred, CustomerId referrer, CancellationToken cancellationToken = default)
    {
        var (storeId, referredId) = (store.Value, referred.Value);
        var row = new ReferralRow
        {
            StoreReferredKey = KeyOf(store, referred),
            StoreId = storeId,
            ReferredCustomerId = referredId,
            ReferrerCustomerId = referrer.Value,
            CreatedOnUtc = clock.UtcNow,
        };
        return table.TryInsertAsync(row, r => r.StoreId == storeId && r.ReferredCustomerId == referredId, cancellationToken);
    }

    public async Task<CustomerId?> ReferrerOfAsync(StoreId store, CustomerId referred, CancellationToken cancellationToken = default)
    {
        var (storeId, referredId) = (store.Value, referred.Value);
        var referrer = await runner.FirstOrDefaultAsync(table.Rows
            .Where(r => r.StoreId == storeId && r.ReferredCustomerId == referredId)
            .Select(r => (int?)r.ReferrerCustomerId), cancellationToken);
        return referrer is { } id ? new CustomerId(id) : null;
    }

    /// <summary><c>{store}:{referred}</c>, the value of <see cref="ReferralRow.StoreReferredKey"/>.</summary>
    public static string KeyOf(StoreId store, CustomerId referred) => FormattableString.Invariant($"{store.Value}:{referred.Value}");
}
