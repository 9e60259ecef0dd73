using System.Globalization;
using System.Net;
using System.Text;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Media;
using Nop.Services.Orders;
using Nop.Services.Seo;
using Nop.Services.Stores;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Fills a step's <c>%Retention.*%</c> tokens from nopCommerce: the customer's cart now, the order's products and their
/// SEO pages, related and also-purchased products, pictures, prices, loyalty figures, and the signed link tokens turned
/// into URLs of the landing routes under the store's own URL. HTML tokens (<see cref="HtmlTokens"/>) are markup whose
/// store and customer text is HTML-encoded here; the others are plain text, which nopCommerce encodes into the body.
/// Every workflow token is present (empty when it does not apply), so a template never shows a raw <c>%Retention.…%</c>.
/// </summary>
public class NopWorkflowContent : IWorkflowContent
{
    /// <summary>Tokens whose value is markup (Core's <see cref="WorkflowTokens.Markup"/>): queued with nopCommerce's "never HTML-encode" flag.</summary>
    public static IReadOnlySet<string> HtmlTokens => WorkflowTokens.Markup;

    /// <summary>How many products a cross-sell email shows.</summary>
    public const int ProductsShown = 3;

    private const int PictureSize = 120;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] AllTokens =
    [
        WorkflowTokens.UnsubscribeUrl, WorkflowTokens.CartItems, WorkflowTokens.CartItemsText, WorkflowTokens.CartRestoreUrl,
        WorkflowTokens.CouponCode, WorkflowTokens.CouponValue, WorkflowTokens.CouponExpires, WorkflowTokens.ReviewLinks,
        WorkflowTokens.ReviewLinksText, WorkflowTokens.ReviewBonus, WorkflowTokens.SurveyLinks, WorkflowTokens.SurveyLinksText,
        WorkflowTokens.Products, WorkflowTokens.ProductsText, WorkflowTokens.ExpiringPoints, WorkflowTokens.ExpiryDate,
        WorkflowTokens.TierName, WorkflowTokens.TierPerks, WorkflowTokens.OpenPixel, WorkflowTokens.Footer,
    ];

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
    private readonly ILoyaltySettingsStore _loyaltySettings;
    private readonly LoyaltyViews _loyalty;
    private readonly IQueryRunner _runner;

    public NopWorkflowContent(IStoreService stores, ICustomerService customers, IShoppingCartService carts, IProductService products,
        IOrderReportService orderReports, IPictureService pictures, IPriceFormatter prices, IUrlRecordService urls, IRepository<OrderItem> orderItems,
        IRepository<ProductReview> reviews, ILoyaltySettingsStore loyaltySettings, LoyaltyViews loyalty, IQueryRunner runner)
    {
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
        _loyaltySettings = loyaltySettings;
        _loyalty = loyalty;
        _runner = runner;
    }

    public async Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var store = await _stores.GetStoreByIdAsync(message.Enrollment.Store.Value)
            ?? throw new InvalidOperationException($"Store {message.Enrollment.Store} does not exist: its workflow emails cannot be rendered.");
        if (string.IsNullOrWhiteSpace(store.Url))
            throw new InvalidOperationException($"Store {store.Id} has no URL (Configuration › Stores): links in its workflow emails would lead nowhere.");
        var page = new Page(store.Url.TrimEnd('/'), message, AllTokens.ToDictionary(t => t, _ => string.Empty));

        AddLinks(page);
        await AddCouponAsync(page);
        var nothing = message.Enrollment.Workflow switch
        {
            WorkflowKind.AbandonedCart => await AddCartAsync(page),
            WorkflowKind.ReviewRequest => await AddReviewLinksAsync(page),
            WorkflowKind.CrossSell => await AddProductsAsync(page, await CrossSellAsync(page)),
            WorkflowKind.Replenishment => await AddProductsAsync(page, ReorderedProduct(message.Enrollment.Subject)),
            _ => null,
        };
        if (nothing != null)
            return StepContent.Nothing(nothing);
        AddSurveyLinks(page);
        await AddLoyaltyAsync(page, cancellationToken);
        return new StepContent(page.Tokens, null);
    }

    /// <summary>What one rendering works on: the store's root URL, the message and the tokens so far.</summary>
    private sealed record Page(string Root, StepMessage Message, Dictionary<string, string> Tokens)
    {
        public string Landing(string route, string token) => $"{Root}/retention/{route}/{Uri.EscapeDataString(token)}";

        /// <summary>A tracked link: the click route counts it, then redirects to <paramref name="path"/> on this store only.</summary>
        public string Click(string path) => $"{Landing("c", Message.Links.Click)}?to={Uri.EscapeDataString(path)}";
    }

    private static void AddLinks(Page page)
    {
        var links = page.Message.Links;
        var unsubscribe = page.Landing("u", links.Unsubscribe);
        page.Tokens[WorkflowTokens.UnsubscribeUrl] = unsubscribe;
        page.Tokens[WorkflowTokens.Footer] = page.Message.Workflow.IsMarketing
            ? $"You receive this email because you subscribed to our news. <a href=\"{E(unsubscribe)}\" style=\"color:#718096;\">Unsubscribe</a> with one click."
            : $"<a href=\"{E(unsubscribe)}\" style=\"color:#718096;\">Unsubscribe</a> from our marketing email.";
        if (links.Open is { } open)
            page.Tokens[WorkflowTokens.OpenPixel] =
                $"<img src=\"{E(page.Root)}/retention/o/{E(Uri.EscapeDataString(open))}.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;\" />";
        if (links.CartRestore is { } restore)
            page.Tokens[WorkflowTokens.CartRestoreUrl] = page.Landing("cart", restore);
    }

    private async Task AddCouponAsync(Page page)
    {
        var message = page.Message;
        var offer = message.StepIndex < message.Workflow.Steps.Count ? message.Workflow.Steps[message.StepIndex].Coupon : null;
        if (message.Coupon is not { } coupon || offer == null)
            return;
        page.Tokens[WorkflowTokens.CouponCode] = coupon.Code;
        page.Tokens[WorkflowTokens.CouponValue] = offer.Kind == CouponKind.Percentage
            ? offer.Value.ToString("0.##", Inv) + "%"
            : await _prices.FormatPriceAsync(offer.Value);
        page.Tokens[WorkflowTokens.CouponExpires] = LocalDate(coupon.ExpiresUtc, message.Contact.TimeZone);
    }

    /// <summary>The customer's cart now (not when enrolled): what the cart page would show.</summary>
    private async Task<string> AddCartAsync(Page page)
    {
        var enrollment = page.Message.Enrollment;
        var customer = await _customers.GetCustomerByIdAsync(enrollment.Customer.Value);
        if (customer == null)
            return "The customer no longer exists.";
        var cart = await _carts.GetShoppingCartAsync(customer, ShoppingCartType.ShoppingCart, enrollment.Store.Value);
        if (cart.Count == 0)
            return "The cart is empty.";
        var products = await ProductsAsync(cart.Select(i => i.ProductId));

        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\">");
        var text = new StringBuilder();
        foreach (var item in cart.OrderBy(i => i.CreatedOnUtc).ThenBy(i => i.Id))
        {
            if (!products.TryGetValue(item.ProductId, out var product))
                continue;
            var (subTotal, _, _, _) = await _carts.GetSubTotalAsync(item, true);
            var price = await _prices.FormatPriceAsync(subTotal);
            var picture = await PictureUrlAsync(product.Id, page.Root);
            html.Append("<tr><td width=\"72\" style=\"padding:8px 12px 8px 0;\">");
            if (picture != null)
                html.Append("<img src=\"").Append(E(picture)).Append("\" width=\"64\" alt=\"").Append(E(product.Name)).Append("\" style=\"display:block;border:0;\" />");
            html.Append("</td><td style=\"padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">").Append(E(product.Name))
                .Append(" &times; ").Append(item.Quantity.ToString(Inv))
                .Append("</td><td align=\"right\" style=\"padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">").Append(E(price))
                .Append("</td></tr>");
            text.Append("- ").Append(product.Name).Append(" x ").Append(item.Quantity.ToString(Inv)).Append(": ").Append(price).Append('\n');
        }
        if (text.Length == 0)
            return "No product in the cart is still sold.";
        page.Tokens[WorkflowTokens.CartItems] = html.Append("</table>").ToString();
        page.Tokens[WorkflowTokens.CartItemsText] = text.ToString().TrimEnd();
        return null;
    }

    /// <summary>One review link per product of the order the customer has not reviewed in this store yet (gift cards excluded).</summary>
    private async Task<string> AddReviewLinksAsync(Page page)
    {
        var enrollment = page.Message.Enrollment;
        if (OrderOf(enrollment.Subject) is not { } orderId)
            return $"The subject '{enrollment.Subject}' names no order.";
        var storeId = enrollment.Store.Value;
        var customerId = enrollment.Customer.Value;
        var bought = (await _runner.ToListAsync(_orderItems.Table.Where(i => i.OrderId == orderId).Select(i => i.ProductId))).Distinct().ToList();
        var reviewed = (await _runner.ToListAsync(_reviews.Table
            .Where(r => r.CustomerId == customerId && r.StoreId == storeId && bought.Contains(r.ProductId))
            .Select(r => r.ProductId))).ToHashSet();
        var products = (await ProductsAsync(bought.Where(id => !reviewed.Contains(id)))).Values.Where(p => !p.IsGiftCard).OrderBy(p => p.Id).ToList();
        if (products.Count == 0)
            return "Every product of the order is reviewed already.";

        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\">");
        var text = new StringBuilder();
        foreach (var product in products)
        {
            var url = page.Click("/" + await _urls.GetSeNameAsync(product));
            html.Append("<tr><td style=\"padding:6px 0;font-family:Arial,sans-serif;font-size:14px;\"><a href=\"").Append(E(url))
                .Append("\" style=\"color:#2b6cb0;\">Review ").Append(E(product.Name)).Append("</a></td></tr>");
            text.Append("- Review ").Append(product.Name).Append(": ").Append(url).Append('\n');
        }
        page.Tokens[WorkflowTokens.ReviewLinks] = html.Append("</table>").ToString();
        page.Tokens[WorkflowTokens.ReviewLinksText] = text.ToString().TrimEnd();
        var loyalty = await _loyaltySettings.LoadAsync(enrollment.Store);
        page.Tokens[WorkflowTokens.ReviewBonus] = loyalty.Enabled && loyalty.ReviewBonus > 0 ? loyalty.ReviewBonus.ToString("N0", Inv) : string.Empty;
        return null;
    }

    /// <summary>The order's related products (set by the merchant) first, then what other customers bought with them; none of the order's own.</summary>
    private async Task<IReadOnlyList<int>> CrossSellAsync(Page page)
    {
        var enrollment = page.Message.Enrollment;
        if (OrderOf(enrollment.Subject) is not { } orderId)
            return [];
        var bought = (await _runner.ToListAsync(_orderItems.Table.Where(i => i.OrderId == orderId).OrderBy(i => i.Id).Select(i => i.ProductId))).Distinct().ToList();
        var picks = new List<int>();
        foreach (var productId in bought)
            picks.AddRange((await _products.GetRelatedProductsByProductId1Async(productId)).OrderBy(r => r.DisplayOrder).Select(r => r.ProductId2));
        foreach (var productId in bought)
            picks.AddRange(await _orderReports.GetAlsoPurchasedProductsIdsAsync(enrollment.Store.Value, productId, ProductsShown));
        return picks.Where(id => !bought.Contains(id)).Distinct().ToList();
    }

    /// <summary>Replenishment subjects name the product: <c>order:{id}:product:{id}</c>.</summary>
    private static IReadOnlyList<int> ReorderedProduct(string subject)
    {
        var parts = subject.Split(':');
        return parts.Length == 4 && parts[2] == "product" && int.TryParse(parts[3], NumberStyles.None, Inv, out var product) ? [product] : [];
    }

    private async Task<string> AddProductsAsync(Page page, IReadOnlyList<int> productIds)
    {
        var found = await ProductsAsync(productIds);
        var products = productIds.Where(found.ContainsKey).Select(id => found[id])
            .Where(p => p.Published && p.VisibleIndividually && !p.IsGiftCard).Take(ProductsShown).ToList();
        if (products.Count == 0)
            return "There is no product to show.";

        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\"><tr>");
        var text = new StringBuilder();
        foreach (var product in products)
        {
            var url = page.Click("/" + await _urls.GetSeNameAsync(product));
            var price = await _prices.FormatPriceAsync(product.Price);
            var picture = await PictureUrlAsync(product.Id, page.Root);
            html.Append("<td valign=\"top\" style=\"padding:8px;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">");
            if (picture != null)
                html.Append("<a href=\"").Append(E(url)).Append("\"><img src=\"").Append(E(picture)).Append("\" width=\"").Append(PictureSize.ToString(Inv))
                    .Append("\" alt=\"").Append(E(product.Name)).Append("\" style=\"display:block;border:0;\" /></a>");
            html.Append("<a href=\"").Append(E(url)).Append("\" style=\"color:#2b6cb0;\">").Append(E(product.Name)).Append("</a><br />").Append(E(price)).Append("</td>");
            text.Append("- ").Append(product.Name).Append(" (").Append(price).Append("): ").Append(url).Append('\n');
        }
        page.Tokens[WorkflowTokens.Products] = html.Append("</tr></table>").ToString();
        page.Tokens[WorkflowTokens.ProductsText] = text.ToString().TrimEnd();
        return null;
    }

    private static void AddSurveyLinks(Page page)
    {
        var answers = page.Message.Links.SurveyAnswers;
        if (answers.Count == 0)
            return;
        var reasons = page.Message.Enrollment.Workflow == WorkflowKind.WinBack;
        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:separate;border-spacing:4px;\"><tr>");
        var text = new StringBuilder();
        foreach (var (score, token) in answers.OrderBy(a => a.Key))
        {
            var url = page.Landing("s", token);
            var label = reasons && WinBackReasons.All.TryGetValue(score, out var reason) ? reason : score.ToString(Inv);
            html.Append("<td align=\"center\" style=\"border:1px solid #2b6cb0;border-radius:4px;padding:8px 12px;font-family:Arial,sans-serif;font-size:14px;\">")
                .Append("<a href=\"").Append(E(url)).Append("\" style=\"color:#2b6cb0;text-decoration:none;\">").Append(E(label)).Append("</a></td>");
            // Reasons are sentences: one per row; scores fit on one row.
            if (reasons)
                html.Append("</tr><tr>");
            text.Append(label).Append(": ").Append(url).Append('\n');
        }
        page.Tokens[WorkflowTokens.SurveyLinks] = html.Append("</tr></table>").ToString();
        page.Tokens[WorkflowTokens.SurveyLinksText] = text.ToString().TrimEnd();
    }

    private async Task AddLoyaltyAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (enrollment.Workflow is not (WorkflowKind.PointsExpiry or WorkflowKind.TierUp))
            return;
        var rewards = await _loyalty.GetRewardsAsync(enrollment.Store, enrollment.Customer, historyLimit: 0, cancellationToken);
        page.Tokens[WorkflowTokens.ExpiringPoints] = rewards.ExpiringSoon.Points.ToString("N0", Inv);
        page.Tokens[WorkflowTokens.ExpiryDate] = rewards.ExpiringSoon.FirstExpiryUtc is { } first ? LocalDate(first, page.Message.Contact.TimeZone) : string.Empty;
        page.Tokens[WorkflowTokens.TierName] = rewards.Tier ?? string.Empty;
        page.Tokens[WorkflowTokens.TierPerks] = rewards.Tier == null
            ? string.Empty
            : $"You now earn {rewards.TierMultiplier.ToString("0.##", Inv)}× points on every order.";
    }

    private async Task<Dictionary<int, Product>> ProductsAsync(IEnumerable<int> ids)
    {
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length == 0)
            return new Dictionary<int, Product>();
        return (await _products.GetProductsByIdsAsync(wanted)).Where(p => p is { Deleted: false }).ToDictionary(p => p.Id);
    }

    /// <summary>The product's first picture as an absolute URL under the store's address; null when it has none.</summary>
    private async Task<string> PictureUrlAsync(int productId, string root)
    {
        var picture = (await _pictures.GetPicturesByProductIdAsync(productId, 1)).FirstOrDefault();
        if (picture == null)
            return null;
        var (url, _) = await _pictures.GetPictureUrlAsync(picture, PictureSize, false, root + "/");
        return string.IsNullOrWhiteSpace(url) ? null : url;
    }

    /// <summary>The order id of an <c>order:{id}</c> or <c>order:{id}:…</c> subject.</summary>
    internal static int? OrderOf(string subject)
    {
        var parts = subject.Split(':');
        return parts.Length >= 2 && parts[0] == "order" && int.TryParse(parts[1], NumberStyles.None, Inv, out var id) ? id : null;
    }

    /// <summary>A date as the customer reads it: in their (else the store's) time zone.</summary>
    private static string LocalDate(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone ?? TimeZoneInfo.Utc).ToString("MMMM d, yyyy", Inv);

    private static string E(string text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
