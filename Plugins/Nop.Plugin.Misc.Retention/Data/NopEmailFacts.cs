using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Media;
using Nop.Services.Orders;
using Nop.Services.Seo;
using Nop.Services.Stores;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// nopCommerce's facts for workflow emails, each read for the email's own store (never the store of the request or task
/// that runs the step): the store's URL, the customer's cart now with its subtotals, the order's products the customer
/// has not reviewed in that store, related and also-purchased products, SEO pages, pictures under the store's URL and
/// prices. One message at a time: nopCommerce's services answer per customer and product.
/// </summary>
public class NopEmailFacts : IEmailFacts
{
    private const int PictureSize = 120;

    private readonly IStoreService _stores;
    private readonly ICustomerService _customers;
    private readonly IShoppingCartService _carts;
    private readonly IProductService _products;
    private readonly IOrderReportService _orderReports;
    private readonly IPictureService _pictures;
    private readonly IPriceFormatter _prices;
    private readonly IUrlRecordService _urls;
    private readonly IRepository<OrderItem> _orderItems;
    private readonly IRepository<ProductReview> _reviews;
    private readonly IQueryRunner _runner;
    private readonly NopEmailLanguage _language;

    public NopEmailFacts(IStoreService stores, ICustomerService customers, IShoppingCartService carts, IProductService products,
        IOrderReportService orderReports, IPictureService pictures, IPriceFormatter prices, IUrlRecordService urls, IRepository<OrderItem> orderItems,
        IRepository<ProductReview> reviews, IQueryRunner runner, NopEmailLanguage language)
    {
        _language = language;
        _stores = stores;
        _customers = customers;
        _carts = carts;
        _products = products;
        _orderReports = orderReports;
        _pictures = pictures;
        _prices = prices;
        _urls = urls;
        _orderItems = orderItems;
        _reviews = reviews;
        _runner = runner;
    }

    public async Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var facts = new List<EmailFacts>(messages.Count);
        foreach (var message in messages)
            facts.Add(await ReadAsync(message));
        return facts;
    }

    // nopCommerce's price formatter formats in the working currency and converts nothing (see build/NopSdk/CONTRACT.md).
    public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) =>
        _prices.FormatPriceAsync(amount);

    public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _language.ReaderAsync(message.Enrollment.Store.Value, message.Enrollment.Customer.Value);
    }

    private async Task<EmailFacts> ReadAsync(StepMessage message)
    {
        var enrollment = message.Enrollment;
        var store = await _stores.GetStoreByIdAsync(enrollment.Store.Value)
            ?? throw new InvalidOperationException($"Store {enrollment.Store} does not exist: its workflow emails cannot be rendered.");
        if (string.IsNullOrWhiteSpace(store.Url))
            throw new InvalidOperationException($"Store {store.Id} has no URL (Configuration › Stores): links in its workflow emails would lead nowhere.");
        var root = store.Url.TrimEnd('/');
        return EmailContentRules.Needs(enrollment.Workflow) switch
        {
            EmailNeed.Cart => await CartAsync(root, enrollment),
            EmailNeed.UnreviewedProducts => new EmailFacts(root, [], await UnreviewedAsync(root, enrollment)),
            EmailNeed.RelatedProducts => new EmailFacts(root, [], await ProductsAsync(root, await CrossSellAsync(enrollment))),
            EmailNeed.ReorderedProduct => new EmailFacts(root, [],
                TriggerRules.ReplenishedProductOf(enrollment.Subject) is { } product ? await ProductsAsync(root, [product]) : []),
            // Best sellers would need nopCommerce's order report by store and period; welcome, win-back and birthday emails go without.
            _ => EmailFacts.Of(root),
        };
    }

    /// <summary>The customer's cart in the email's store now (not when enrolled), in the cart page's order.</summary>
    private async Task<EmailFacts> CartAsync(string root, Enrollment enrollment)
    {
        var customer = await _customers.GetCustomerByIdAsync(enrollment.Customer.Value);
        if (customer == null)
            return new EmailFacts(root, [], [], "The customer no longer exists.");
        var cart = await _carts.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, enrollment.Store.Value);
        var products = await FindAsync(cart.Select(i => i.ProductId));
        var lines = new List<EmailLine>();
        foreach (var item in cart.OrderBy(i => i.CreatedOnUtc).ThenBy(i => i.Id))
        {
            if (!products.TryGetValue(item.ProductId, out var product))
            {
                lines.Add(new EmailLine(null, item.Quantity, string.Empty));
                continue;
            }
            var (subTotal, _, _, _) = await _carts.GetSubTotalAsync(item, true);
            lines.Add(new EmailLine(await ProductAsync(root, product), item.Quantity, await _prices.FormatPriceAsync(subTotal)));
        }
        return new EmailFacts(root, lines, []);
    }

    /// <summary>The order's products the customer has not reviewed in the email's store.</summary>
    private async Task<IReadOnlyList<EmailProduct>> UnreviewedAsync(string root, Enrollment enrollment)
    {
        if (TriggerRules.OrderOf(enrollment.Subject) is not { } orderId)
            return [];
        var storeId = enrollment.Store.Value;
        var customerId = enrollment.Customer.Value;
        var bought = (await _runner.ToListAsync(_orderItems.Table.Where(i => i.OrderId == orderId).Select(i => i.ProductId))).Distinct().ToList();
        var reviewed = (await _runner.ToListAsync(_reviews.Table
            .Where(r => r.CustomerId == customerId && r.StoreId == storeId && bought.Contains(r.ProductId))
            .Select(r => r.ProductId))).ToHashSet();
        return await ProductsAsync(root, bought.Where(id => !reviewed.Contains(id)).ToList(), picture: false);
    }

    /// <summary>The order's related products (set by the merchant) first, then what other customers bought with them in the email's store; none of the order's own.</summary>
    private async Task<IReadOnlyList<int>> CrossSellAsync(Enrollment enrollment)
    {
        if (TriggerRules.OrderOf(enrollment.Subject) is not { } orderId)
            return [];
        var bought = (await _runner.ToListAsync(_orderItems.Table.Where(i => i.OrderId == orderId).OrderBy(i => i.Id).Select(i => i.ProductId))).Distinct().ToList();
        var picks = new List<int>();
        foreach (var productId in bought)
            picks.AddRange((await _products.GetRelatedProductsByProductId1Async(productId)).OrderBy(r => r.DisplayOrder).Select(r => r.ProductId2));
        foreach (var productId in bought)
            picks.AddRange(await _orderReports.GetAlsoPurchasedProductsIdsAsync(enrollment.Store.Value, productId, EmailContentRules.ProductsShown));
        return picks.Where(id => !bought.Contains(id)).Distinct().ToList();
    }

    /// <summary>The products that still exist, in the order asked.</summary>
    private async Task<IReadOnlyList<EmailProduct>> ProductsAsync(string root, IReadOnlyList<int> ids, bool picture = true)
    {
        var found = await FindAsync(ids);
        var products = new List<EmailProduct>();
        foreach (var id in ids.Distinct())
            if (found.TryGetValue(id, out var product))
                products.Add(await ProductAsync(root, product, picture));
        return products;
    }

    private async Task<EmailProduct> ProductAsync(string root, Product product, bool picture = true) =>
        new(product.Id, product.Name, "/" + await _urls.GetSeNameAsync(product), picture ? await PictureUrlAsync(product.Id, root) : null,
            await _prices.FormatPriceAsync(product.Price), product.IsGiftCard, product.Published && product.VisibleIndividually);

    private async Task<Dictionary<int, Product>> FindAsync(IEnumerable<int> ids)
    {
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length == 0)
            return new Dictionary<int, Product>();
        return (await _products.GetProductsByIdsAsync(wanted)).Where(p => p is { Deleted: false }).ToDictionary(p => p.Id);
    }

    /// <summary>The product's first picture as an absolute URL under the email's store's address; null when it has none.</summary>
    private async Task<string> PictureUrlAsync(int productId, string root)
    {
        var picture = (await _pictures.GetPicturesByProductIdAsync(productId, 1)).FirstOrDefault();
        if (picture == null)
            return null;
        var (url, _) = await _pictures.GetPictureUrlAsync(picture, PictureSize, false, root + "/");
        return string.IsNullOrWhiteSpace(url) ? null : url;
    }
}
