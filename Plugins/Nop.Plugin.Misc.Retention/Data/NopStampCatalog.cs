using Nop.Services.Catalog;
using Retention.Core.Common;
using Retention.Core.Stamps;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>The store's catalog as Core's stamp cards ask it, through nopCommerce's product service.</summary>
public class NopStampCatalog : IStampCatalog
{
    private readonly IProductService _products;

    public NopStampCatalog(IProductService products) => _products = products;

    /// <summary>The product's catalog price (a free product coupon's value when the card filled); null for a deleted product.</summary>
    public async Task<decimal?> PriceAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
        await _products.GetProductByIdAsync(productId) is { Deleted: false } product ? product.Price : null;

    /// <summary>The product's name for the "your card is full" email; null for a deleted product.</summary>
    public async Task<string> NameAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
        await _products.GetProductByIdAsync(productId) is { Deleted: false } product ? product.Name : null;
}
