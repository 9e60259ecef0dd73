using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>
/// The changed-customers feed over the host's table (docs/decisions.md §19): the store-events door appends a row for
/// every order placed, paid, refunded, cancelled, changed or deleted and every customer deleted, in the event's own
/// transaction where the host has one; each web node reads the rows after its own watermark, so several nodes can
/// consume the same feed without taking rows from each other. The full build deletes the rows no state can still need.
/// </summary>
public sealed class ChangedCustomerFeed(ITable<ChangedCustomerRow> table, IQueryRunner runner, IClock clock)
{
    /// <summary>Records that <paramref name="customer"/>'s orders in <paramref name="store"/> (0: every store) changed now.</summary>
    public async Task MarkAsync(int store, int customer, CancellationToken cancellationToken = default)
    {
        var key = Guid.NewGuid().ToString("N");
        await table.TryInsertAsync(new ChangedCustomerRow { ChangeKey = key, StoreId = store, CustomerId = customer, ChangedUtc = clock.UtcNow },
            r => r.ChangeKey == key, cancellationToken);
    }

    /// <summary>The feed's last id now (0 when empty): the watermark a full build starts from, read before its orders.</summary>
    public async Task<long> LatestAsync(CancellationToken cancellationToken = default)
    {
        var last = await runner.ToListAsync(table.Rows.OrderByDescending(r => r.Id).Select(r => r.Id).Take(1), cancellationToken);
        return last.Count == 0 ? 0 : last[0];
    }

    /// <summary>
    /// The customers of <paramref name="store"/> changed after <paramref name="watermark"/> (each once, ascending) and the
    /// new watermark: the last id read, or <paramref name="watermark"/> when nothing changed.
    /// </summary>
    public async Task<(IReadOnlyList<int> Customers, long Watermark)> ChangedSinceAsync(int store, long watermark, CancellationToken cancellationToken = default)
    {
        var rows = await runner.ToListAsync(table.Rows
            .Where(r => r.Id > watermark && (r.StoreId == store || r.StoreId == 0))
            .Select(r => new { r.Id, r.CustomerId }), cancellationToken);
        var last = rows.Count == 0 ? watermark : Math.Max(watermark, rows.Max(r => r.Id));
        return (rows.Select(r => r.CustomerId).Distinct().Order().ToList(), last);
    }

    /// <summary>Whether <paramref name="store"/> has a change after <paramref name="watermark"/>: one indexed look, for a host deciding to refresh.</summary>
    public async Task<bool> AnySinceAsync(int store, long watermark, CancellationToken cancellationToken = default) =>
        (await runner.ToListAsync(table.Rows.Where(r => r.Id > watermark && (r.StoreId == store || r.StoreId == 0)).Select(r => r.Id).Take(1), cancellationToken)).Count > 0;

    /// <summary>Deletes the rows changed before <paramref name="beforeUtc"/>: what a full build leaves no state needing.</summary>
    public Task<int> DeleteBeforeAsync(DateTime beforeUtc, CancellationToken cancellationToken = default) =>
        table.DeleteAsync(r => r.ChangedUtc < beforeUtc, cancellationToken);
}
