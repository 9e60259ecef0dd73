using Nop.Plugin.Misc.Retention.Services;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>Referrals in the plugin's own table; the unique (store, referred) key makes the first referrer win, also across nodes.</summary>
public class NopReferralStore : IReferralStore
{
    private readonly IRepository<RetentionReferral> _referrals;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;

    public NopReferralStore(IRepository<RetentionReferral> referrals, IQueryRunner runner, IClock clock)
    {
        _referrals = referrals;
        _runner = runner;
        _clock = clock;
    }

    public Task<bool> TryRecordAsync(StoreId store, CustomerId referred, CustomerId referrer, CancellationToken cancellationToken = default)
    {
        var key = RetentionReferral.KeyOf(store.Value, referred.Value);
        var row = new RetentionReferral
        {
            StoreReferredKey = key,
            StoreId = store.Value,
            ReferredCustomerId = referred.Value,
            ReferrerCustomerId = referrer.Value,
            CreatedOnUtc = _clock.UtcNow,
        };
        return KeyedInsert.TryInsertAsync(_referrals, _runner, row, table => table.Where(r => r.StoreReferredKey == key));
    }

    public async Task<CustomerId?> ReferrerOfAsync(StoreId store, CustomerId referred, CancellationToken cancellationToken = default)
    {
        var key = RetentionReferral.KeyOf(store.Value, referred.Value);
        var row = await _runner.FirstOrDefaultAsync(_referrals.Table.Where(r => r.StoreReferredKey == key));
        return row == null ? null : new CustomerId(row.ReferrerCustomerId);
    }
}
