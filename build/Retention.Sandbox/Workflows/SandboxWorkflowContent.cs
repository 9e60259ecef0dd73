using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;

namespace Retention.Sandbox.Workflows;

/// <summary>
/// Fills a step's <c>%Retention.*%</c> tokens from the sandbox's store: cart lines, the order's products, related products,
/// the loyalty figures, and the signed links turned into URLs of the sandbox's routes (wf-common's landing routes). Every
/// text that comes from the store or a customer is HTML-encoded in the HTML tokens; the <c>…Text</c> tokens are plain.
/// </summary>
/// <param name="baseAddress">The sandbox's own address (<c>http://127.0.0.1:5089</c>), asked when a message is rendered (port 0 is only known then).</param>
/// <param name="loyalty">The loyalty program for the points tokens; null when the host runs none.</param>
public sealed class SandboxWorkflowContent(SandboxDatabase database, Func<string> baseAddress, LoyaltyProgram? loyalty = null,
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

        await using var db = database.CreateContext();
        string? nothing = null;
        switch (enrollment.Workflow)
        {
            case WorkflowKind.AbandonedCart:
                nothing = await AddCartAsync(tokens, db, message, root, cancellationToken);
                break;
            case WorkflowKind.ReviewRequest:
                nothing = await AddReviewLinksAsync(tokens, db, message, root, cancellationToken);
                break;
            case WorkflowKind.CrossSell:
                nothing = await AddProductsAsync(tokens, db, message, root, await RelatedProductsAsync(db, message, cancellationToken), cancellationToken);
                break;
            case WorkflowKind.Replenishment:
                nothing = await AddProductsAsync(tokens, db, message, root, ReorderProducts(enrollment.Subject), cancellationToken);
                break;
            case WorkflowKind.Welcome or WorkflowKind.WinBack or WorkflowKind.Birthday:
                await AddProductsAsync(tokens, db, message, root, await BestSellersAsync(db, message, cancellationToken), cancellationToken);
                break;
        }
        if (nothing != null)
            return StepContent.Nothing(nothing);

        AddSurveyLinks(tokens, message, root);
        await AddLoyaltyAsync(tokens, message, cancellationToken);
        return new StepContent(tokens, null);
    }

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

    /// <summary>The customer's cart now (not when enrolled): what they would find on the cart page.</summary>
    private static async Task<string?> AddCartAsync(Dictionary<string, string> tokens, SandboxDbContext db, StepMessage message, string root,
        CancellationToken cancellationToken)
    {
        var e = message.Enrollment;
        var lines = await db.CartItems.AsNoTracking()
            .Where(c => c.StoreId == e.Store.Value && c.CustomerId == e.Customer.Value)
            .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new { p.Id, p.Name, p.Price, c.Quantity, c.CreatedOnUtc })
            .OrderBy(l => l.CreatedOnUtc).ThenBy(l => l.Id)
            .ToListAsync(cancellationToken);
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

    /// <summary>One review link per product of the order the customer has not reviewed yet (gift cards excluded).</summary>
    private async Task<string?> AddReviewLinksAsync(Dictionary<string, string> tokens, SandboxDbContext db, StepMessage message, string root,
        CancellationToken cancellationToken)
    {
        var e = message.Enrollment;
        if (OrderOf(e.Subject) is not { } orderId)
            return $"The subject '{e.Subject}' names no order.";
        var products = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == orderId && !l.IsGiftCard)
            .Where(l => !db.ProductReviews.Any(r => r.StoreId == e.Store.Value && r.CustomerId == e.Customer.Value && r.ProductId == l.ProductId))
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { p.Id, p.Name })
            .Distinct()
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);
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
        if (loyaltySettings != null)
        {
            var settings = await loyaltySettings.LoadAsync(e.Store, cancellationToken);
            tokens["Retention.ReviewBonus"] = settings.Enabled && settings.ReviewBonus > 0 ? settings.ReviewBonus.ToString("N0", Inv) : "";
        }
        return null;
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

    /// <summary>The store's best sellers of the last 90 days, for emails without an order of their own.</summary>
    private static async Task<IReadOnlyList<int>> BestSellersAsync(SandboxDbContext db, StepMessage message, CancellationToken cancellationToken)
    {
        var since = message.Enrollment.EnrolledUtc.AddDays(-90);
        var store = message.Enrollment.Store.Value;
        var recent = db.Orders.Where(o => o.StoreId == store && o.CreatedOnUtc >= since).Select(o => o.Id);
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

    private static async Task<string?> AddProductsAsync(Dictionary<string, string> tokens, SandboxDbContext db, StepMessage message, string root,
        IReadOnlyList<int> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
            return "There is no product to show.";
        var ids = productIds.ToList();
        var products = (await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken))
            .OrderBy(p => ids.IndexOf(p.Id)).ToList();
        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\"><tr>");
        var text = new StringBuilder();
        foreach (var p in products)
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
