using System.Globalization;
using System.Net;
using Retention.Sandbox.Demo;

namespace Retention.Sandbox.Workflows;

/// <summary>
/// The demo catalog has no photographs, so emails show a drawn tile per product (its initials on the category's colour),
/// served at <c>/img/products/{id}.svg</c>. Registered as a startup filter, so no page code has to map it.
/// </summary>
public static class ProductImages
{
    public const string PathPrefix = "/img/products/";

    public static string PathOf(int productId) => PathPrefix + productId.ToString(CultureInfo.InvariantCulture) + ".svg";

    /// <summary>The tile of a product, or null for an id the catalog does not know.</summary>
    public static string? Svg(int productId)
    {
        var product = DemoCatalog.Products.Select(p => p.Product).Concat(DemoCatalog.GiftCards).FirstOrDefault(p => p.Id == productId);
        if (product == null)
            return null;
        var colour = product.Category switch
        {
            "Coffee" => "#6f4e37",
            "Tea" => "#4a7c59",
            "Supplies" => "#5b6770",
            "Brewing" => "#b5651d",
            "Accessories" => "#7a5c99",
            _ => "#c0392b",
        };
        var initials = string.Concat(product.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsLetter(w[0])).Take(2).Select(w => w[0]));
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="{WebUtility.HtmlEncode(product.Name)}">
            <rect width="128" height="128" rx="12" fill="{colour}"/>
            <text x="64" y="76" font-family="Arial,sans-serif" font-size="40" fill="#ffffff" text-anchor="middle">{WebUtility.HtmlEncode(initials)}</text>
            </svg>
            """;
    }

    /// <summary>Serves the tiles ahead of the app's own endpoints.</summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var path = context.Request.Path.Value;
                if (HttpMethods.IsGet(context.Request.Method) && path != null && path.StartsWith(PathPrefix, StringComparison.Ordinal) && path.EndsWith(".svg", StringComparison.Ordinal)
                    && int.TryParse(path[PathPrefix.Length..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Svg(id) is { } svg)
                {
                    context.Response.ContentType = "image/svg+xml";
                    context.Response.Headers.CacheControl = "public, max-age=86400";
                    await context.Response.WriteAsync(svg);
                    return;
                }
                await following(context);
            });
            next(app);
        };
    }
}
