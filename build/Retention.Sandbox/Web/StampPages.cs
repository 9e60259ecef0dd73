using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;
using Retention.Core.Store;
using Retention.Core.Tables;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using Retention.Core.Localization;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>The demo catalog as stamp cards ask it: a free product's price.</summary>
public sealed class EfStampCatalog(SandboxDatabase database) : IStampCatalog
{
    public async Task<decimal?> PriceAsync(StoreId store, int productId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => (decimal?)p.Price).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> NameAsync(StoreId store, int productId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
    }
}

/// <summary>
/// Stamp cards in the sandbox: the admin's card editor (<c>/admin/loyalty/stamps</c>, Core's validation beside each field),
/// and the blocks the shop, My rewards, the product page and the finance report show, each from Core's
/// <see cref="StampProgram"/>, the same calls the plugin makes.
/// </summary>
public static class StampPages
{
    private const string Title = "Stamp cards";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The stamp table, the catalog and the program (per request, over the request's store data).</summary>
    public static void AddServices(IServiceCollection services, SandboxState state)
    {
        var database = state.Database;
        services.AddSingleton(SandboxStores.Stamps(database));
        services.AddSingleton<IStampCatalog>(new EfStampCatalog(database));
        services.AddScoped(sp => Program(database, sp.GetRequiredService<ILoyaltySettingsStore>(), sp.GetRequiredService<IStoreData>(), sp.GetRequiredService<IClock>()));
    }

    /// <summary>The program over the sandbox database: its stamp table, its coupons, the demo catalog.</summary>
    public static StampProgram Program(SandboxDatabase database, ILoyaltySettingsStore settings, IStoreData store, IClock clock) =>
        new(SandboxStores.Stamps(database), SandboxStores.Coupons(database, clock), settings, new EfStampCatalog(database), store, new EfQueryRunner(), clock);

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/loyalty/stamps", ShowAsync);
        app.MapPost("/admin/loyalty/stamps", SaveAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    public static async Task<IResult> ShowAsync(string? store, string? saved, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        ILoyaltySettingsStore settingsStore, CancellationToken cancellationToken)
    {
        var (storeId, problem) = await WorkflowPages.StoreAsync(store, WorkflowPages.SettingsOf(database), Title, cancellationToken);
        if (problem != null)
            return problem;
        var form = StampCardsForm.From((await settingsStore.LoadAsync(storeId, cancellationToken)).StampCards);
        var notice = saved == "1" ? ("<p class=\"notice\" id=\"saved\">" + E(T("The stamp cards were saved; they stamp from the next paid order.")) + "</p>\n") : "";
        return await PageAsync(storeId, form, new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, database, cancellationToken);
    }

    /// <summary>Saves every card, or nothing: any field error brings the form back as typed with the message beside the field.</summary>
    public static async Task<IResult> SaveAsync(IFormCollection posted, HttpContext http, IAntiforgery antiforgery, SandboxDatabase database,
        ILoyaltySettingsStore settingsStore, CancellationToken cancellationToken)
    {
        var (storeId, problem) = await WorkflowPages.StoreAsync(posted["store"], WorkflowPages.SettingsOf(database), Title, cancellationToken);
        if (problem != null)
            return problem;
        var form = StampCardsForm.Read(posted);
        var errors = form.Parse(out var cards);
        if (errors.IsValid)
        {
            await using var db = database.CreateContext();
            var products = (await db.Products.AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet();
            var categories = DemoLoyalty.CategoryIds.Values.ToHashSet();
            errors = form.MapErrors(StampCards.Validate(cards, products.Contains, categories.Contains));
            if (errors.IsValid)
            {
                var current = await settingsStore.LoadAsync(storeId, cancellationToken);
                errors = await settingsStore.SaveAsync(storeId, current with { StampCards = cards }, cancellationToken);
                if (errors.IsValid)
                    return Results.Redirect($"/admin/loyalty/stamps?store={storeId.Value}&saved=1", permanent: false, preserveMethod: false);
            }
        }
        return await PageAsync(storeId, form, errors, ("<p class=\"error\" id=\"not-saved\">" + E(T("Nothing was saved: correct the fields marked below.")) + "</p>\n"),
            StatusCodes.Status400BadRequest, http, antiforgery, database, cancellationToken);
    }

    private static async Task<IResult> PageAsync(StoreId storeId, StampCardsForm form, ValidationResult errors, string notice, int status, HttpContext http,
        IAntiforgery antiforgery, SandboxDatabase database, CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        await using var db = database.CreateContext();
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
        var body = new StringBuilder(WorkflowPages.Styles)
            .Append(await WorkflowPages.StorePickerAsync(WorkflowPages.SettingsOf(database), storeId, "/admin/loyalty/stamps", cancellationToken))
            .Append(("<p>" + E(T("\"Buy N, get one\": each paid order that qualifies stamps the customer's card; a full card gives a single-use coupon.")) + " "))
            .Append("<a href=\"/admin/loyalty/settings?store=").Append(storeId.Value).Append(("\">" + E(T("Loyalty settings")) + "</a> · <a href=\"/admin/loyalty/report?store="))
            .Append(storeId.Value).Append(("\">" + E(T("Points accounting")) + "</a></p>\n"))
            .Append(notice)
            .Append(form.Render(storeId.Value, errors, WorkflowPages.Antiforgery(tokens)))
            .Append(("<details><summary>" + E(T("Product and category numbers")) + "</summary><p class=\"muted\">" + E(T("Categories:")) + " "))
            .Append(E(string.Join(", ", DemoLoyalty.CategoryIds.OrderBy(c => c.Value).Select(c => $"{c.Value} {c.Key}"))))
            .Append(("</p><p class=\"muted\">" + E(T("Products:")) + " ")).Append(E(string.Join(", ", products.Select(p => $"{p.Id} {p.Name}")))).Append("</p></details>\n");
        return Page(Title, body.ToString(), status);
    }

    // ------------------------------------------------------------------ what the shopper and the merchant see

    /// <summary>The checkout's lines: for each card the cart counts on, what it adds and how many are still missing.</summary>
    public static string CheckoutBlock(IReadOnlyList<StampCartPreview> previews)
    {
        ArgumentNullException.ThrowIfNull(previews);
        var shown = previews.Where(p => p.Adds > 0 || p.Current.Stamps > 0).ToList();
        if (shown.Count == 0)
            return "";
        var html = new StringBuilder("<div class=\"stamp-checkout\" id=\"stamp-checkout\">\n");
        foreach (var p in shown)
        {
            html.Append("<p class=\"stamp-line\" data-card=\"").Append(p.Current.Card.Id).Append("\">").Append(Stamps(p.Current.Card.StampsToFill, p.Current.Stamps, p.Adds))
                .Append(" <strong>").Append(E(p.Current.Card.Name)).Append("</strong>: ");
            var reward = TextArg.Of("reward", Reward(p.Current.Card));
            if (p.Adds == 0)
                html.Append(E(F("this order adds no stamp; {more, plural, one {# more stamp} other {# more stamps}} for {reward}.",
                    TextArg.Count("more", p.Current.StampsToGo), reward)));
            else if (p.Fills > 1)
                html.Append(E(F("this order adds {adds, plural, one {# stamp} other {# stamps}} and fills the card: {reward} by email ({cards} cards).",
                    TextArg.Count("adds", p.Adds), reward, TextArg.Count("cards", p.Fills))));
            else if (p.Fills > 0)
                html.Append(E(F("this order adds {adds, plural, one {# stamp} other {# stamps}} and fills the card: {reward} by email.",
                    TextArg.Count("adds", p.Adds), reward)));
            else
                html.Append(E(F("this order adds {adds, plural, one {# stamp} other {# stamps}}; then {more} more for {reward}.",
                    TextArg.Count("adds", p.Adds), TextArg.Count("more", p.ToGoAfter), reward)));
            html.Append("</p>\n");
        }
        return html.Append("</div>\n").ToString();
    }

    /// <summary>My rewards' cards: filled and empty stamps, when the partial card lapses, the coupons earned.</summary>
    public static string RewardsBlock(IReadOnlyList<StampCardView> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        if (cards.Count == 0)
            return "";
        var html = new StringBuilder("<h2>").Append(E(T("Stamp cards"))).Append("</h2>\n<div class=\"stamp-cards\" id=\"stamp-cards\">\n");
        foreach (var card in cards)
        {
            html.Append("<section class=\"widget stamp-card\" data-card=\"").Append(card.Card.Id).Append("\">\n<h3>").Append(E(card.Card.Name)).Append("</h3>\n")
                .Append("<p class=\"stamps\" aria-label=\"").Append(E(F("{stamps} of {fill, plural, one {# stamp} other {# stamps}}",
                    TextArg.Count("stamps", card.Stamps), TextArg.Count("fill", card.Card.StampsToFill)))).Append("\">")
                .Append(Stamps(card.Card.StampsToFill, card.Stamps, 0)).Append("</p>\n<p>")
                .Append(E(F("{stamps} of {fill}: {more, plural, one {# more stamp} other {# more stamps}} for {reward}.", TextArg.Count("stamps", card.Stamps),
                    TextArg.Count("fill", card.Card.StampsToFill), TextArg.Count("more", card.StampsToGo), TextArg.Of("reward", Reward(card.Card))) + " " + Rule(card.Card)))
                .Append("</p>\n");
            if (card.ExpiresUtc is { } expires)
                html.Append("<p class=\"muted stamp-expiry\">").Append(E(F("The stamps on this card lapse on {date}.", TextArg.Of("date", expires.ToString("yyyy-MM-dd", Inv)))))
                    .Append("</p>\n");
            if (!card.Card.Enabled)
                html.Append("<p class=\"muted\">").Append(E(T("This card takes no new stamps."))).Append("</p>\n");
            var coupons = card.Coupons.Where(c => c.State is StampState.Filled or StampState.Overdrawn).ToList();
            if (coupons.Count > 0)
                html.Append("<p class=\"stamp-coupons\">").Append(E(T("Coupons earned:"))).Append(' ').Append(string.Join(", ", coupons.Select(c => $"<code>{E(c.Code)}</code>")))
                    .Append("</p>\n");
            html.Append("</section>\n");
        }
        return html.Append("</div>\n").ToString();
    }

    /// <summary>A product page's line for each product card counting it.</summary>
    public static string ProductBlock(IReadOnlyList<StampCardView> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        return string.Concat(cards.Select(c => new StringBuilder("<p class=\"stamp-product\" id=\"stamp-product-").Append(c.Card.Id).Append("\">")
            .Append(Stamps(c.Card.StampsToFill, c.Stamps, 0)).Append(' ')
            .Append(E(c.Stamps > 0
                ? F("{name}: buy {fill}, get {reward}; you have {stamps}, {more} to go.", TextArg.Of("name", c.Card.Name), TextArg.Count("fill", c.Card.StampsToFill),
                    TextArg.Of("reward", Reward(c.Card)), TextArg.Count("stamps", c.Stamps), TextArg.Count("more", c.StampsToGo))
                : F("{name}: buy {fill}, get {reward}.", TextArg.Of("name", c.Card.Name), TextArg.Count("fill", c.Card.StampsToFill), TextArg.Of("reward", Reward(c.Card)))))
            .Append("</p>\n").ToString()));
    }

    /// <summary>The finance report's stamp lines for the period shown.</summary>
    public static string ReportBlock(StampAccounting accounting)
    {
        ArgumentNullException.ThrowIfNull(accounting);
        return new StringBuilder("<h2>").Append(E(T("Stamp cards"))).Append("</h2>\n<table class=\"stamp-accounting\" id=\"stamp-accounting\">\n<thead><tr><th></th><th class=\"num\">")
            .Append(E(T("Coupons"))).Append("</th><th class=\"num\">").Append(E(T("Value"))).Append("</th></tr></thead>\n<tbody>\n")
            .Append("<tr><td>").Append(E(T("Issued (cards filled)"))).Append("</td><td class=\"num\">").Append(accounting.CouponsIssued).Append("</td><td class=\"num\">")
            .Append(E(LoyaltyPages.Money(accounting.IssuedValue))).Append("</td></tr>\n")
            .Append("<tr><td>").Append(E(T("Redeemed"))).Append("</td><td class=\"num\">").Append(accounting.CouponsRedeemed).Append("</td><td class=\"num\">")
            .Append(E(LoyaltyPages.Money(accounting.RedeemedValue))).Append("</td></tr>\n")
            .Append("<tr><td>").Append(E(T("Withdrawn (a stamp refunded before use)"))).Append("</td><td class=\"num\">").Append(accounting.CouponsWithdrawn).Append("</td><td></td></tr>\n")
            .Append("<tr><td>").Append(E(T("Used although a stamp was refunded (overdraft)"))).Append("</td><td class=\"num\">").Append(accounting.Overdrawn).Append("</td><td></td></tr>\n")
            .Append("</tbody>\n</table>\n").ToString();
    }

    /// <summary>● for a stamp, ◐ for one this order adds, ○ for an empty place.</summary>
    private static string Stamps(int of, int have, int adding)
    {
        var added = Math.Min(adding, of - have);
        return "<span class=\"stamp-row\">" + string.Concat(Enumerable.Range(0, of).Select(i =>
            i < have ? "<span class=\"stamp full\">●</span>" : i < have + added ? "<span class=\"stamp adding\">◐</span>" : "<span class=\"stamp\">○</span>")) + "</span>";
    }

    private static string Reward(StampCardDefinition card) =>
        card.Reward == StampReward.FreeProduct ? T("a free one") : F("{money} off", TextArg.Of("money", LoyaltyPages.Money(card.RewardAmount)));

    private static string Rule(StampCardDefinition card) => card.Scope switch
    {
        StampScope.Order => F("One stamp per order from {money}.", TextArg.Of("money", LoyaltyPages.Money(card.MinOrderAmount))),
        _ => T(card.Counting == StampCounting.PerItem ? T("One stamp per item.") : T("One stamp per order.")),
    };

}
