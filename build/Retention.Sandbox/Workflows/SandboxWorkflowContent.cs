using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;

namespace Retention.Sandbox.Workflows;

/// <summary>
/// Fills a step's <c>%Retention.*%</c> tokens from the sandbox's store: cart lines, the order's products, related products,
/// the loyalty figures, and the signed links turned into URLs of the sandbox's routes (wf-common's landing routes). Every
/// text that comes from the store or a customer is HTML-encoded in the HTML tokens; the <c>…Text</c> tokens are plain.
/// </summary>
/// <param name="baseAddress">The sandbox's own address (<c>http://127.0.0.1:5089</c>), asked when a message is rendered (port 0 is only known then).</param>
/// <param name="loyalty">The loyalty program for the points tokens; null when the host runs none.</param>
public sealed class SandboxWorkflowContent(SandboxDatabase database, Func<string> baseAddress, LoyaltyViews? loyalty = null,
    ILoyaltySettingsStore? loyaltySettings = null) : IWorkflowContent
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How many related products a cross-sell or welcome email shows.</summary>
    public const int ProductsShown = 3;

    public async Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var root = baseAddress().TrimEnd('/');
        var enrollment = message.Enrollment;
        var tokens = CommonTokens(message, root);

        await using var db = database.CreateContext();
        string? nothing = null;
        switch (enrollment.Workflow)
        {
            case WorkflowKind.AbandonedCart:
                nothing = AddCart(tokens, await CartAsync(db, enrollment, cancellationToken), message, root);
                break;
            case WorkflowKind.ReviewRequest:
                nothing = OrderOf(enrollment.Subject) is { } orderId
                    ? AddReviewLinks(tokens, await UnreviewedAsync(db, enrollment, orderId, cancellationToken), message, root)
                    : NoOrder(enrollment);
                if (nothing == null)
                    await AddReviewBonusAsync(tokens, enrollment.Store, [], cancellationToken);
                break;
            case var workflow when ShowsProducts(workflow):
                var shown = await ShownProductsAsync(db, message, cancellationToken);
                nothing = NothingUnlessOptional(enrollment.Workflow, AddProducts(tokens, shown, await ProductsAsync(db, shown, cancellationToken), message, root));
                break;
        }
        return await FinishAsync(tokens, message, root, nothing, cancellationToken);
    }

    /// <summary>
    /// The batch's carts, its orders' unreviewed products and every product shown read in one query each (per 1,000 ids);
    /// only a cross-sell's "also purchased" products and the loyalty figures are still read per message. Same tokens as
    /// <see cref="RenderAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<StepContent>> RenderManyAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return [];
        var root = baseAddress().TrimEnd('/');
        await using var db = database.CreateContext();
        var carts = await CartsAsync(db, messages.Where(m => m.Enrollment.Workflow == WorkflowKind.AbandonedCart).Select(m => m.Enrollment), cancellationToken);
        var unreviewed = await UnreviewedAsync(db, messages.Where(m => m.Enrollment.Workflow == WorkflowKind.ReviewRequest).Select(m => m.Enrollment), cancellationToken);
        var shown = new List<IReadOnlyList<int>?>(messages.Count);
        foreach (var message in messages)
            shown.Add(ShowsProducts(message.Enrollment.Workflow) ? await ShownProductsAsync(db, message, cancellationToken) : null);
        var products = await ProductsAsync(db, shown.Where(s => s != null).SelectMany(s => s!).ToList(), cancellationToken);
        var bonuses = new Dictionary<int, string>();

        var contents = new List<StepContent>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            var enrollment = message.Enrollment;
            var tokens = CommonTokens(message, root);
            string? nothing = null;
            switch (enrollment.Workflow)
            {
                case WorkflowKind.AbandonedCart:
                    nothing = AddCart(tokens, carts.GetValueOrDefault((enrollment.Store.Value, enrollment.Customer.Value)) ?? [], message, root);
                    break;
                case WorkflowKind.ReviewRequest:
                    nothing = OrderOf(enrollment.Subject) is { } orderId
                        ? AddReviewLinks(tokens, unreviewed.GetValueOrDefault((enrollment.Store.Value, enrollment.Customer.Value, orderId)) ?? [], message, root)
                        : NoOrder(enrollment);
                    if (nothing == null)
                        await AddReviewBonusAsync(tokens, enrollment.Store, bonuses, cancellationToken);
                    break;
                default:
                    if (shown[i] is { } ids)
                        nothing = NothingUnlessOptional(enrollment.Workflow, AddProducts(tokens, ids, products, message, root));
                    break;
            }
            contents.Add(await FinishAsync(tokens, message, root, nothing, cancellationToken));
        }
        return contents;
    }

    /// <summary>A welcome, win-back or birthday email goes out without products; a cross-sell or reorder email is about them.</summary>
    private static string? NothingUnlessOptional(WorkflowKind workflow, string? nothing) =>
        workflow is WorkflowKind.Welcome or WorkflowKind.WinBack or WorkflowKind.Birthday ? null : nothing;

    private static bool ShowsProducts(WorkflowKind workflow) =>
        workflow is WorkflowKind.CrossSell or WorkflowKind.Replenishment or WorkflowKind.Welcome or WorkflowKind.WinBack or WorkflowKind.Birthday;

    /// <summary>Unsubscribe link and footer, open pixel and coupon: what every email carries.</summary>
    private static Dictionary<string, string> CommonTokens(StepMessage message, string root)
    {
        var tokens = new Dictionary<string, string>();
        var links = message.Links;
        var unsubscribe = $"{root}/retention/u/{Uri.EscapeDataString(links.Unsubscribe)}";
        tokens["Retention.UnsubscribeUrl"] = unsubscribe;
        tokens["Retention.Footer"] = message.Workflow.IsMarketing
            ? $"<p style=\"font-size:12px;color:#777777;margin:16px 0 0 0;\">You receive this email because you subscribed to our news. " +
              $"<a href=\"{E(unsubscribe)}\" style=\"color:#777777;\">Unsubscribe</a> with one click.</p>"
            : $"<p style=\"font-size:12px;color:#777777;margin:16px 0 0 0;\"><a href=\"{E(unsubscribe)}\" style=\"color:#777777;\">Unsubscribe</a> from our marketing email.</p>";
        tokens["Retention.OpenPixel"] = links.Open is { } open
            ? $"<img src=\"{E(root)}/retention/o/{E(Uri.EscapeDataString(open))}.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;\">"
            : "";
        AddCoupon(tokens, message);
        return tokens;
    }

    private async Task<StepContent> FinishAsync(Dictionary<string, string> tokens, StepMessage message, string root, string? nothing, CancellationToken cancellationToken)
    {
        if (nothing != null)
            return StepContent.Nothing(nothing);
        AddSurveyLinks(tokens, message, root);
        await AddLoyaltyAsync(tokens, message, cancellationToken);
        return new StepContent(tokens, null);
    }

    /// <summary>The products an email without a cart or review list shows, best first.</summary>
    private async Task<IReadOnlyList<int>> ShownProductsAsync(SandboxDbContext db, StepMessage message, CancellationToken cancellationToken) =>
        message.Enrollment.Workflow switch
        {
            WorkflowKind.CrossSell => await RelatedProductsAsync(db, message, cancellationToken),
            WorkflowKind.Replenishment => ReorderProducts(message.Enrollment.Subject),
            _ => await BestSellersAsync(db, message, cancellationToken),
        };

    private static void AddCoupon(Dictionary<string, string> tokens, StepMessage message)
    {
        var offer = message.StepIndex < message.Workflow.Steps.Count ? message.Workflow.Steps[message.StepIndex].Coupon : null;
        if (message.Coupon is not { } coupon || offer == null)
            return;
        tokens["Retention.CouponCode"] = coupon.Code;
        tokens["Retention.CouponValue"] = offer.Kind == CouponKind.Percentage
            ? offer.Value.ToString("0.##", Inv) + "%"
            : Money(offer.Value);
        tokens["Retention.CouponExpires"] = coupon.ExpiresUtc.ToString("MMMM d, yyyy", Inv);
    }

/// <summary>A cart line with its product, in the order the cart page shows them.</summary>
    private sealed record CartLine(int StoreId, int CustomerId, int Id, string Name, decimal Price, int Quantity, DateTime CreatedOnUtc);

    /// <summary>The customer's cart now (not when enrolled): what they would find on the cart page.</summary>
    private static async Task<IReadOnlyList<CartLine>> CartAsync(SandboxDbContext db, Enrollment e, CancellationToken cancellationToken) =>
        (await db.CartItems.AsNoTracking()
            .Where(c => c.StoreId == e.Store.Value && c.CustomerId == e.Customer.Value)
            .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new { c.StoreId, c.CustomerId, p.Id, p.Name, p.Price, c.Quantity, c.CreatedOnUtc })
            .OrderBy(l => l.CreatedOnUtc).ThenBy(l => l.Id)
            .ToListAsync(cancellationToken))
        .Select(l => new CartLine(l.StoreId, l.CustomerId, l.Id, l.Name, l.Price, l.Quantity, l.CreatedOnUtc)).ToList();

    /// <summary>The carts of the batch's customers, per store one query per 1,000 customers.</summary>
    private static async Task<Dictionary<(int Store, int Customer), List<CartLine>>> CartsAsync(SandboxDbContext db, IEnumerable<Enrollment> enrollments,
        CancellationToken cancellationToken)
    {
        var lines = new List<CartLine>();
        foreach (var store in enrollments.GroupBy(e => e.Store.Value))
        foreach (var ids in IdChunks.Of(store.Select(e => e.Customer.Value)))
            lines.AddRange(await db.CartItems.AsNoTracking()
                .Where(c => c.StoreId == store.Key && ids.Contains(c.CustomerId))
                .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new CartLine(c.StoreId, c.CustomerId, p.Id, p.Name, p.Price, c.Quantity, c.CreatedOnUtc))
                .ToListAsync(cancellationToken));
        return lines.GroupBy(l => (l.StoreId, l.CustomerId))
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.CreatedOnUtc).ThenBy(l => l.Id).ToList());
    }

    private static string? AddCart(Dictionary<string, string> tokens, IReadOnlyList<CartLine> lines, StepMessage message, string root)
    {
        if (lines.Count == 0)
            return "The cart is empty.";

        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\">");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            html.Append("<tr><td width=\"72\" style=\"padding:8px 12px 8px 0;\"><img src=\"").Append(E(ImageUrl(root, line.Id)))
                .Append("\" width=\"64\" height=\"64\" alt=\"").Append(E(line.Name)).Append("\" style=\"display:block;border:0;\"></td>")
                .Append("<td style=\"padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">").Append(E(line.Name))
                .Append(" &times; ").Append(line.Quantity.ToString(Inv)).Append("</td>")
                .Append("<td align=\"right\" style=\"padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">")
                .Append(E(Money(line.Price * line.Quantity))).Append("</td></tr>");
            text.Append("- ").Append(line.Name).Append(" x ").Append(line.Quantity.ToString(Inv)).Append(": ").Append(Money(line.Price * line.Quantity)).Append('\n');
        }
        tokens["Retention.CartItems"] = html.Append("</table>").ToString();
        tokens["Retention.CartItemsText"] = text.ToString().TrimEnd();
        if (message.Links.CartRestore is { } restore)
            tokens["Retention.CartRestoreUrl"] = $"{root}/retention/cart/{Uri.EscapeDataString(restore)}";
        return null;
    }

private sealed record ReviewProduct(int Id, string Name);

    private static string NoOrder(Enrollment e) => $"The subject '{e.Subject}' names no order.";

    /// <summary>The order's products (gift cards excluded) the customer has not reviewed yet.</summary>
    private static async Task<IReadOnlyList<ReviewProduct>> UnreviewedAsync(SandboxDbContext db, Enrollment e, int orderId, CancellationToken cancellationToken) =>
        await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == orderId && !l.IsGiftCard)
            .Where(l => !db.ProductReviews.Any(r => r.StoreId == e.Store.Value && r.CustomerId == e.Customer.Value && r.ProductId == l.ProductId))
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { p.Id, p.Name })
            .Distinct()
            .OrderBy(p => p.Id)
            .Select(p => new ReviewProduct(p.Id, p.Name))
            .ToListAsync(cancellationToken);

    /// <summary>The same for a batch: the orders' lines in one query, the customers' reviews of those products in another (per 1,000 ids).</summary>
    private static async Task<Dictionary<(int Store, int Customer, int Order), List<ReviewProduct>>> UnreviewedAsync(SandboxDbContext db,
        IEnumerable<Enrollment> enrollments, CancellationToken cancellationToken)
    {
        var asked = enrollments.Select(e => (Enrollment: e, Order: OrderOf(e.Subject))).Where(a => a.Order != null).ToList();
        var lines = new List<(int OrderId, ReviewProduct Product)>();
        foreach (var ids in IdChunks.Of(asked.Select(a => a.Order!.Value)))
            lines.AddRange((await db.OrderLines.AsNoTracking()
                    .Where(l => ids.Contains(l.OrderId) && !l.IsGiftCard)
                    .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { l.OrderId, p.Id, p.Name })
                    .Distinct()
                    .ToListAsync(cancellationToken))
                .Select(l => (l.OrderId, new ReviewProduct(l.Id, l.Name))));
        var productIds = lines.Select(l => l.Product.Id).Distinct().ToList();
        var reviewed = new HashSet<(int Store, int Customer, int Product)>();
        foreach (var store in asked.GroupBy(a => a.Enrollment.Store.Value))
        foreach (var ids in IdChunks.Of(store.Select(a => a.Enrollment.Customer.Value)))
            reviewed.UnionWith((await db.ProductReviews.AsNoTracking()
                    .Where(r => r.StoreId == store.Key && ids.Contains(r.CustomerId) && productIds.Contains(r.ProductId))
                    .Select(r => new { r.CustomerId, r.ProductId })
                    .ToListAsync(cancellationToken))
                .Select(r => (store.Key, r.CustomerId, r.ProductId)));
        var byOrder = lines.ToLookup(l => l.OrderId, l => l.Product);
        var found = new Dictionary<(int, int, int), List<ReviewProduct>>();
        foreach (var (e, order) in asked)
            found[(e.Store.Value, e.Customer.Value, order!.Value)] = byOrder[order.Value]
                .Where(p => !reviewed.Contains((e.Store.Value, e.Customer.Value, p.Id))).Distinct().OrderBy(p => p.Id).ToList();
        return found;
    }

    /// <summary>One review link per product of the order the customer has not reviewed yet.</summary>
    private static string? AddReviewLinks(Dictionary<string, string> tokens, IReadOnlyList<ReviewProduct> products, StepMessage message, string root)
    {
        if (products.Count == 0)
            return "Every product of the order is reviewed already.";

        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\">");
        var text = new StringBuilder();
        foreach (var p in products)
        {
            var url = ClickUrl(root, message, $"/shop/product/{p.Id.ToString(Inv)}#review");
            html.Append("<tr><td style=\"padding:6px 0;font-family:Arial,sans-serif;font-size:14px;\"><a href=\"").Append(E(url))
                .Append("\" style=\"color:#1a73e8;\">Review ").Append(E(p.Name)).Append("</a></td></tr>");
            text.Append("- Review ").Append(p.Name).Append(": ").Append(url).Append('\n');
        }
        tokens["Retention.ReviewLinks"] = html.Append("</table>").ToString();
        tokens["Retention.ReviewLinksText"] = text.ToString().TrimEnd();
        return null;
    }

    /// <summary>The review bonus of the store's loyalty program ("" when off), read once per store per call.</summary>
    private async Task AddReviewBonusAsync(Dictionary<string, string> tokens, StoreId store, Dictionary<int, string> perStore, CancellationToken cancellationToken)
    {
        if (loyaltySettings == null)
            return;
        if (!perStore.TryGetValue(store.Value, out var bonus))
        {
            var settings = await loyaltySettings.LoadAsync(store, cancellationToken);
            perStore[store.Value] = bonus = settings.Enabled && settings.ReviewBonus > 0 ? settings.ReviewBonus.ToString("N0", Inv) : "";
        }
        tokens["Retention.ReviewBonus"] = bonus;
    }

    /// <summary>Products bought together with the order's products by other customers ("also purchased"), best first.</summary>
    private static async Task<IReadOnlyList<int>> RelatedProductsAsync(SandboxDbContext db, StepMessage message, CancellationToken cancellationToken)
    {
        if (OrderOf(message.Enrollment.Subject) is not { } orderId)
            return [];
        var bought = db.OrderLines.Where(l => l.OrderId == orderId).Select(l => l.ProductId);
        var together = db.OrderLines.Where(l => bought.Contains(l.ProductId)).Select(l => l.OrderId);
        return await db.OrderLines.AsNoTracking()
            .Where(l => together.Contains(l.OrderId) && !bought.Contains(l.ProductId) && !l.IsGiftCard)
            .GroupBy(l => l.ProductId)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key)
            .Take(ProductsShown)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Best sellers per (database, store, day): an aggregate over three months of orders, the same for every email of the day.</summary>
    private static readonly ConcurrentDictionary<(string Database, int Store, DateTime Day), IReadOnlyList<int>> BestSellers = new();

    /// <summary>The store's best sellers of the 90 days before the enrollment's day, for emails without an order of their own.</summary>
    private async Task<IReadOnlyList<int>> BestSellersAsync(SandboxDbContext db, StepMessage message, CancellationToken cancellationToken)
    {
        var key = (Database: database.ConnectionString, Store: message.Enrollment.Store.Value, Day: message.Enrollment.EnrolledUtc.Date);
        if (BestSellers.TryGetValue(key, out var cached))
            return cached;
        if (BestSellers.Count > 100)
            BestSellers.Clear();
        return BestSellers[key] = await QueryBestSellersAsync(db, key.Store, key.Day, cancellationToken);
    }

    private static async Task<IReadOnlyList<int>> QueryBestSellersAsync(SandboxDbContext db, int store, DateTime day, CancellationToken cancellationToken)
    {
        var since = day.AddDays(-90);
        var recent = db.Orders.Where(o => o.StoreId == store && o.CreatedOnUtc >= since && o.CreatedOnUtc < day.AddDays(1)).Select(o => o.Id);
        return await db.OrderLines.AsNoTracking()
            .Where(l => recent.Contains(l.OrderId) && !l.IsGiftCard)
            .GroupBy(l => l.ProductId)
            .OrderByDescending(g => g.Sum(l => l.Quantity)).ThenBy(g => g.Key)
            .Select(g => g.Key)
            .Take(ProductsShown)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Replenishment subjects name the product: <c>order:{id}:product:{id}</c>.</summary>
    private static IReadOnlyList<int> ReorderProducts(string subject)
    {
        var parts = subject.Split(':');
        return parts.Length == 4 && parts[2] == "product" && int.TryParse(parts[3], NumberStyles.None, Inv, out var product) ? [product] : [];
    }

    /// <summary>The products by id, one query per 1,000 ids.</summary>
    private static async Task<Dictionary<int, ProductRow>> ProductsAsync(SandboxDbContext db, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, ProductRow>();
        foreach (var ids in IdChunks.Of(productIds))
            foreach (var p in await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken))
                found[p.Id] = p;
        return found;
    }

    private static string? AddProducts(Dictionary<string, string> tokens, IReadOnlyList<int> productIds, IReadOnlyDictionary<int, ProductRow> products,
        StepMessage message, string root)
    {
        if (productIds.Count == 0)
            return "There is no product to show.";
        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\"><tr>");
        var text = new StringBuilder();
        foreach (var p in productIds.Distinct().Where(products.ContainsKey).Select(id => products[id]))
        {
            var url = ClickUrl(root, message, $"/shop/product/{p.Id.ToString(Inv)}");
            html.Append("<td valign=\"top\" style=\"padding:8px;font-family:Arial,sans-serif;font-size:14px;color:#333333;\"><a href=\"").Append(E(url))
                .Append("\"><img src=\"").Append(E(ImageUrl(root, p.Id))).Append("\" width=\"120\" height=\"120\" alt=\"").Append(E(p.Name))
                .Append("\" style=\"display:block;border:0;\"></a><a href=\"").Append(E(url)).Append("\" style=\"color:#1a73e8;\">").Append(E(p.Name))
                .Append("</a><br>").Append(E(Money(p.Price))).Append("</td>");
            text.Append("- ").Append(p.Name).Append(" (").Append(Money(p.Price)).Append("): ").Append(url).Append('\n');
        }
        tokens["Retention.Products"] = html.Append("</tr></table>").ToString();
        tokens["Retention.ProductsText"] = text.ToString().TrimEnd();
        return null;
    }

    private static void AddSurveyLinks(Dictionary<string, string> tokens, StepMessage message, string root)
    {
        if (message.Links.SurveyAnswers.Count == 0)
            return;
        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:separate;border-spacing:4px;\"><tr>");
        var text = new StringBuilder();
        var reasons = message.Enrollment.Workflow == WorkflowKind.WinBack;
        foreach (var (score, token) in message.Links.SurveyAnswers.OrderBy(a => a.Key))
        {
            var url = $"{root}/retention/s/{Uri.EscapeDataString(token)}";
            var label = reasons && WinBackReasons.All.TryGetValue(score, out var reason) ? reason : score.ToString(Inv);
            html.Append("<td align=\"center\" style=\"border:1px solid #1a73e8;border-radius:4px;padding:8px 12px;font-family:Arial,sans-serif;font-size:14px;\">")
                .Append("<a href=\"").Append(E(url)).Append("\" style=\"color:#1a73e8;text-decoration:none;\">").Append(E(label)).Append("</a></td>");
            if (reasons)
                html.Append("</tr><tr>");
            text.Append(label).Append(": ").Append(url).Append('\n');
        }
        tokens["Retention.SurveyLinks"] = html.Append("</tr></table>").ToString();
        tokens["Retention.SurveyLinksText"] = text.ToString().TrimEnd();
    }

    private async Task AddLoyaltyAsync(Dictionary<string, string> tokens, StepMessage message, CancellationToken cancellationToken)
    {
        if (loyalty == null || message.Enrollment.Workflow is not (WorkflowKind.PointsExpiry or WorkflowKind.TierUp))
            return;
        var e = message.Enrollment;
        var rewards = await loyalty.GetRewardsAsync(e.Store, e.Customer, historyLimit: 0, cancellationToken);
        tokens["Retention.PointsBalance"] = rewards.Available.ToString("N0", Inv);
        tokens["Retention.ExpiringPoints"] = rewards.ExpiringSoon.Points.ToString("N0", Inv);
        tokens["Retention.ExpiryDate"] = rewards.ExpiringSoon.FirstExpiryUtc?.ToString("MMMM d, yyyy", Inv) ?? "";
        tokens["Retention.TierName"] = rewards.Tier ?? "";
        tokens["Retention.TierPerks"] = rewards.Tier == null
            ? ""
            : $"You now earn {rewards.TierMultiplier.ToString("0.##", Inv)}× points on every order.";
    }

    /// <summary>A tracked link: the click route records the click, then redirects to <paramref name="path"/> on this site only.</summary>
    private static string ClickUrl(string root, StepMessage message, string path) =>
        $"{root}/retention/c/{Uri.EscapeDataString(message.Links.Click)}?to={Uri.EscapeDataString(path)}";

    /// <summary>The product's picture (the sandbox draws one per product, see <see cref="ProductImages"/>).</summary>
    private static string ImageUrl(string root, int productId) => $"{root}{ProductImages.PathOf(productId)}";

    /// <summary>The order id of an <c>order:{id}</c> or <c>order:{id}:…</c> subject.</summary>
    internal static int? OrderOf(string subject)
    {
        var parts = subject.Split(':');
        return parts.Length >= 2 && parts[0] == "order" && int.TryParse(parts[1], NumberStyles.None, Inv, out var id) ? id : null;
    }

    private static string Money(decimal amount) => "$" + amount.ToString("0.00", Inv);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
