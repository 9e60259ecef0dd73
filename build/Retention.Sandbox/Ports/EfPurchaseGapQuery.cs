using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Metrics;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Ports;

/// <summary>
/// Core's <see cref="IPurchaseGapQuery"/> in SQL with a window function, on the sandbox's two providers: each counted
/// order minus the customer's previous one (<c>LAG … OVER (PARTITION BY customer ORDER BY created, id)</c>), one
/// sorted pass instead of the portable search's correlated subquery and repeated scans.
/// </summary>
/// <remarks>
/// PostgreSQL computes the median itself (<c>percentile_cont(0.5)</c>, the mean of the two middle gaps for an even
/// count), in microseconds from the timestamps' difference. SQLite has no percentile: the gap count is orders −
/// customers, and the middle one or two gaps come back through <c>ORDER BY … LIMIT 2 OFFSET (n − 1) / 2</c>; gaps
/// are <c>julianday</c> differences (about 50 µs resolution), which is finer than the milliseconds EF Core stores.
/// The SQL is constant text with parameters; the three conditions are <see cref="CountedOrders"/>'s.
/// </remarks>
public sealed class EfPurchaseGapQuery(SandboxDbContext db) : IPurchaseGapQuery
{
    public async Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return db.Database.IsNpgsql()
            ? await PostgresAsync(scope, cancellationToken)
            : await SqliteAsync(scope, cancellationToken);
    }

    private static string Counted(CountedOrders scope, string asOf, string store) =>
        $"""o."OrderStatusId" <> {CountedOrders.CancelledStatusId} AND o."CreatedOnUtc" < {asOf}""" +
        (scope.StoreId is null ? "" : $""" AND o."StoreId" = {store}""");

    private async Task<PurchaseGapSummary> PostgresAsync(CountedOrders scope, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT COUNT(*)::int AS "Gaps", percentile_cont(0.5) WITHIN GROUP (ORDER BY g."Seconds") AS "MedianSeconds"
            FROM (
                SELECT EXTRACT(EPOCH FROM o."CreatedOnUtc" - LAG(o."CreatedOnUtc") OVER (PARTITION BY o."CustomerId" ORDER BY o."CreatedOnUtc", o."Id"))::float8 AS "Seconds"
                FROM "Orders" o
                WHERE {Counted(scope, "{0}", "{1}")}
            ) g
            WHERE g."Seconds" IS NOT NULL
            """;
        var row = (await db.Database.SqlQueryRaw<GapMedianRow>(sql, Parameters(scope, scope.AsOfUtc)).ToListAsync(cancellationToken)).Single();
        return new PurchaseGapSummary(row.Gaps, row.MedianSeconds / 86_400);
    }

    private async Task<PurchaseGapSummary> SqliteAsync(CountedOrders scope, CancellationToken cancellationToken)
    {
        // EF Core's SQLite provider stores DateTime as this text, so text comparison is time order.
        var asOf = scope.AsOfUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
        var countSql = $"""
            SELECT COUNT(*) - COUNT(DISTINCT o."CustomerId") AS "Value" FROM "Orders" o WHERE {Counted(scope, "{0}", "{1}")}
            """;
        var gaps = (await db.Database.SqlQueryRaw<int>(countSql, Parameters(scope, asOf)).ToListAsync(cancellationToken)).Single();
        if (gaps == 0)
            return new PurchaseGapSummary(0, null);
        var middleSql = $"""
            SELECT g."Days" AS "Value" FROM (
                SELECT julianday(o."CreatedOnUtc") - julianday(LAG(o."CreatedOnUtc") OVER (PARTITION BY o."CustomerId" ORDER BY o."CreatedOnUtc", o."Id")) AS "Days"
                FROM "Orders" o
                WHERE {Counted(scope, "{0}", "{1}")}
            ) g
            WHERE g."Days" IS NOT NULL
            ORDER BY g."Days"
            LIMIT 2 OFFSET {(scope.StoreId is null ? "{1}" : "{2}")}
            """;
        var middle = await db.Database.SqlQueryRaw<double>(middleSql, [.. Parameters(scope, asOf), (gaps - 1) / 2]).ToListAsync(cancellationToken);
        var median = gaps % 2 == 1 ? middle[0] : (middle[0] + middle[1]) / 2;
        return new PurchaseGapSummary(gaps, median);
    }

    /// <summary>{0} is as_of, {1} the store when there is one.</summary>
    private static object[] Parameters(CountedOrders scope, object asOf) =>
        scope.StoreId is { } store ? [asOf, store] : [asOf];

    private sealed class GapMedianRow
    {
        public int Gaps { get; set; }
        public double? MedianSeconds { get; set; }
    }
}
