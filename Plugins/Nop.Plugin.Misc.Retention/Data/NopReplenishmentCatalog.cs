using Nop.Plugin.Misc.Retention.Services;
using System.Globalization;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Data;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Reorder intervals as a product generic attribute <c>Retention.ReorderDays</c> (whole days; nopCommerce's generic
/// attributes, so no table of our own): a store's own value wins over the all-stores (0) one. Read in one query per batch.
/// </summary>
public class NopReplenishmentCatalog : IReplenishmentCatalog
{
    /// <summary>The generic attribute's key.</summary>
    public const string ReorderDaysKey = "Retention.ReorderDays";

    private const int MaxDays = 3650;

    private readonly IRepository<GenericAttribute> _attributes;
    private readonly IQueryRunner _runner;

    public NopReplenishmentCatalog(IRepository<GenericAttribute> attributes, IQueryRunner runner)
    {
        _attributes = attributes;
        _runner = runner;
    }

    public async Task<IReadOnlyDictionary<int, int>> IntervalsAsync(StoreId store, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        if (productIds.Count == 0)
            return new Dictionary<int, int>();
        var ids = productIds.Distinct().ToList();
        var rows = await _runner.ToListAsync(_attributes.Table
            .Where(a => a.KeyGroup == nameof(Product) && a.Key == ReorderDaysKey && ids.Contains(a.EntityId) && (a.StoreId == 0 || a.StoreId == store.Value)),
            cancellationToken);
        // A value someone typed by hand that is not a sensible number of days marks nothing, rather than failing the run.
        return rows
            .GroupBy(a => a.EntityId)
            .Select(g => (Product: g.Key, Value: g.OrderByDescending(a => a.StoreId).First().Value))
            .Select(p => (p.Product, Days: int.TryParse(p.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days : 0))
            .Where(p => p.Days is > 0 and <= MaxDays)
            .ToDictionary(p => p.Product, p => p.Days);
    }
}
