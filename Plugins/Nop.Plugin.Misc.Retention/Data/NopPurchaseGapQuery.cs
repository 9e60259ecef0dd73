using Nop.Plugin.Misc.Retention.Services;
using LinqToDB;
using Nop.Data;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Core's <see cref="IPurchaseGapQuery"/> under nopCommerce: Core's median search over the orders paired with a window
/// function, <c>LEAD(CreatedOnUtc) OVER (PARTITION BY CustomerId ORDER BY CreatedOnUtc, Id)</c>, which linq2db writes
/// for SQL Server and PostgreSQL (MySQL stores: see <see cref="WindowFunctionsIn"/>). Each scan is then one sorted pass over the counted orders instead of
/// the portable correlated subquery's probe per order.
/// </summary>
/// <remarks>
/// Why the search and not the median in SQL: <c>PERCENTILE_CONT</c> does not exist on MySQL, and gap lengths need date
/// subtraction, which linq2db writes as <c>DATEDIFF</c> — an <c>int</c> that overflows on SQL Server for milliseconds
/// beyond 24 days. The search only compares dates (<c>Next &lt;= Created + t</c>) and takes the exact middle gaps
/// from the two dates in memory. <c>AsSubQuery</c> keeps the window function in a derived table, because the search
/// aggregates and groups over its result and SQL allows no window function inside an aggregate.
/// </remarks>
public class NopPurchaseGapQuery : IPurchaseGapQuery
{
    private readonly IStoreData _data;
    private readonly IQueryRunner _runner;

    public NopPurchaseGapQuery(IStoreData data, IQueryRunner runner)
    {
        _data = data;
        _runner = runner;
    }

    /// <summary>
    /// Whether the store's database gets the window function. nopCommerce builds its MySQL provider without a server
    /// version, and linq2db then writes the MySQL 5.7 dialect, which has no LEAD: the query cannot be translated there, so
    /// MySQL and MariaDB stores get Core's portable correlated query (same result, a probe per order).
    /// </summary>
    public static bool WindowFunctionsIn(DataProviderType provider) => provider != DataProviderType.MySql;

    /// <inheritdoc/>
    public Task<PurchaseGapSummary> SummarizeAsync(CountedOrders scope, CancellationToken cancellationToken = default)
    {
        var search = WindowFunctionsIn(DataSettingsManager.LoadSettings().DataProvider)
            ? new LinqPurchaseGapQuery(_data, _runner, counted => Successors(counted).AsSubQuery())
            : new LinqPurchaseGapQuery(_data, _runner);
        return search.SummarizeAsync(scope, cancellationToken);
    }

    private static readonly Sql.ISqlExtension NoReceiver = null;

    /// <summary>Each counted order with the customer's next one by date, then id (two orders at one instant: a gap of 0).</summary>
    public static IQueryable<PurchaseGapRow> Successors(IQueryable<OrderFact> counted) =>
        counted.Select(o => new PurchaseGapRow
        {
            OrderId = o.Id,
            Created = o.CreatedOnUtc,
            // The explicit null default makes linq2db type the result as nullable: with the one-argument form it takes the
            // result for never-null (the column is) and writes `Next != null` as always true, counting each customer's
            // last order as a gap. The extension receiver is passed as null rather than read from Sql.Ext, which is a
            // property in linq2db 5 (what 4.90 stores run) and a field in 6: a compiled reference to either breaks on
            // the other, while the translator ignores the receiver.
            Next = AnalyticFunctions.Lead(NoReceiver, (DateTime?)o.CreatedOnUtc, 1, (DateTime?)null).Over().PartitionBy(o.CustomerId).OrderBy(o.CreatedOnUtc).ThenBy(o.Id).ToValue(),
        });
}
