using Nop.Core.Domain.Catalog;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Services.Catalog;
using Nop.Services.Localization;
using Retention.Core.Common;
using Retention.Core.Stamps;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>The store's catalog as Core's stamp cards ask it, through nopCommerce's product service.</summary>
public class NopStampCatalog : IStampCatalog
{
    private readonly IProductService _products;
    private readonly NopEmailLanguage _language;
    private readonly ILocalizedEntityService _localized;

    public NopStampCatalog(IProductService products, NopEmailLanguage language = null, ILocalizedEntityService localized = null)
    {
        _products = products;
        _language = language;
        _localized = localized;
    }

    /// <summary>The product's catalog price (a free product coupon's value when the card filled); null for a deleted product.</summary>
    public async Task<decimal?> PriceAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
        await _products.GetProductByIdAsync(productId) is { Deleted: false } product ? product.Price : null;

    /// <summary>The product's name for the "your card is full" email; null for a deleted product.</summary>
    public async Task<string> NameAsync(StoreId store, int productId, CancellationToken cancellationToken = default) =>
        await _products.GetProductByIdAsync(productId) is { Deleted: false } product ? product.Name : null;

    /// <summary>
    /// The product's name in the language the customer's emails are written in (<see cref="NopEmailLanguage"/>): the
    /// merchant's translation of the product's name (nopCommerce's localized property <c>Product.Name</c>), else its name.
    /// </summary>
    public async Task<string> NameAsync(StoreId store, int productId, CustomerId reader, CancellationToken cancellationToken = default)
    {
        if (await NameAsync(store, productId, cancellationToken) is not { } name)
            return null;
        if (_language == null || _localized == null || await _language.LanguageAsync(store.Value, reader.Value) is not { } language)
            return name;
        var translated = await _localized.GetLocalizedValueAsync(language.Id, productId, nameof(Product), nameof(Product.Name));
        return string.IsNullOrWhiteSpace(translated) ? name : translated;
    }
}
