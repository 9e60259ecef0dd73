using Microsoft.EntityFrameworkCore;
using Retention.Core.Tables;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Demo;

/// <summary>
/// Each customer's points summary (<c>PointsSummaries</c>) taken from the whole ledger once the demo's history is written:
/// the replay and the seeders write the ledger without them (a summary is of every entry, and the seeders add entries
/// dated in the past), so one read of the ledger and one bulk load replace what thousands of per-entry recomputations did.
/// </summary>
public static class DemoSummaries
{
    public static async Task<int> RebuildAsync(SandboxDatabase database, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        List<PointsSummaryRow> summaries;
        await using (var db = database.CreateContext())
        {
            await db.PointsSummaries.ExecuteDeleteAsync(cancellationToken);
            // The order the ledger store reads a customer's entries in (created, then id).
            var rows = await db.Ledger.AsNoTracking().OrderBy(e => e.StoreId).ThenBy(e => e.CustomerId).ThenBy(e => e.CreatedOnUtc).ThenBy(e => e.Id)
                .ToListAsync(cancellationToken);
            summaries = rows.GroupBy(r => (r.StoreId, r.CustomerId))
                .Select(g => PointsLedgerStore.SummaryRow(g.Select(PointsLedgerStore.FromRow).ToList(), asOfUtc))
                .ToList();
        }
        await BulkLoader.LoadRowsAsync(database, new (Type, System.Collections.IList)[] { (typeof(PointsSummaryRow), summaries) }, cancellationToken);
        return summaries.Count;
    }
}
