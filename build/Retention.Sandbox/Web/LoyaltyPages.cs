using Retention.Core.Localization;
using Retention.Core.Loyalty.Cards;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Stamps;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Workflows;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>The per-install secret that signs referral codes, kept in the data folder (made on first use).</summary>
public sealed class ReferralSecret
{
    public const string FileName = "referral-secret.key";
    private readonly byte[] _secret;

    private ReferralSecret(byte[] secret) => _secret = secret;

    public ReadOnlySpan<byte> Bytes => _secret;

    /// <summary>Reads the secret in <paramref name="dataDirectory"/>, or makes one; another sandbox install gets another secret.</summary>
    public static ReferralSecret InFolder(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(RandomNumberGenerator.GetBytes(32));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first; use theirs.
            }
        }
        var secret = File.ReadAllBytes(path);
        if (secret.Length < 16)
            throw new InvalidOperationException($"The referral secret in {path} is too short; delete the file and a new one is made.");
        return new ReferralSecret(secret);
    }
}

/// <summary>
/// The loyalty program's pages and JSON in the sandbox: the checkout widget on <c>/shop</c>, "My rewards", "Earn N points"
/// on product pages, the admin customer block with the manual adjustment form, and the finance report with its CSV.
/// Every figure comes from <see cref="LoyaltyViews"/> (an adjustment goes to <see cref="LoyaltyEvents"/>), the same calls the plugin makes.
/// </summary>
public static class LoyaltyPages
{
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public const string Actor = "sandbox admin";
    private const int MaxReportDays = 366;

    /// <summary>The loyalty ports and the program, per request over the request's context.</summary>
    public static void AddServices(IServiceCollection services, SandboxOptions options, SandboxState state)
    {
        var database = state.Database;
        services.AddSingleton<ILoyaltySettingsStore>(new EfLoyaltySettingsStore(database));
        services.AddSingleton<ITierStandingStore>(sp => SandboxLoyaltyStores.TierStandings(database, sp.GetRequiredService<IClock>()));
        services.AddSingleton<IReferralStore>(SandboxStores.Referrals(database, SandboxClock.For(state)));
        services.AddSingleton<ILoyaltyObserver>(new SandboxLoyaltyObserver(database));
        services.AddSingleton<ILedgerData>(SandboxLoyaltyStores.Ledger(database));
        services.AddScoped<TierEvaluation>();
        services.AddScoped<LoyaltyEvents>();
        services.AddScoped<LoyaltyNightly>();
        services.AddScoped<LoyaltyViews>();
        services.AddSingleton<ICardStandingStore>(sp => SandboxLoyaltyStores.CardStandings(database, sp.GetRequiredService<IClock>()));
        // No observer: the sandbox's checkout reads the standing itself.
        services.AddScoped(sp => new CardProgram(sp.GetRequiredService<ILoyaltySettingsStore>(), sp.GetRequiredService<ICardStandingStore>(),
            sp.GetRequiredService<IStoreData>(), sp.GetRequiredService<IQueryRunner>(), null, sp.GetRequiredService<IClock>()));
        // Periodic cashback (issue 18): payouts in CashbackPayouts, store credit as the simulated store's gift cards.
        services.AddSingleton<ICashbackGiftCards>(sp => new EfCashbackGiftCards(database, sp.GetRequiredService<IClock>()));
        services.AddScoped(sp => new CashbackProgram(SandboxStores.Cashback(database, sp.GetRequiredService<IClock>()), sp.GetRequiredService<IPointsLedger>(),
            sp.GetRequiredService<ILoyaltyObserver>(), sp.GetRequiredService<ILoyaltySettingsStore>(), sp.GetRequiredService<IStoreData>(),
            sp.GetRequiredService<IQueryRunner>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<ICashbackGiftCards>()));
        // Paid membership (issue 18): facts in Memberships; no observer, the checkout reads the status (the plugin mirrors it into a role).
        services.AddScoped(sp => new Retention.Core.Membership.MembershipProgram(SandboxStores.Membership(database), sp.GetRequiredService<ILoyaltySettingsStore>(),
            new DemoMembership.Products(), sp.GetRequiredService<IStoreData>(), sp.GetRequiredService<IQueryRunner>(), null, sp.GetRequiredService<IClock>()));
        services.AddScoped<Retention.Core.Membership.IMemberEarning>(sp => sp.GetRequiredService<Retention.Core.Membership.MembershipProgram>());
        services.AddSingleton(_ => ReferralSecret.InFolder(options.DataDirectory));
        services.AddAntiforgery();
    }

    public static void Map(WebApplication app)
    {
        app.UseAntiforgery();
        // A refused form gets a page that says why, not the framework's empty 400: a missing or stale token, or a body
        // the form reader cannot take (a NUL, a broken encoding), which fails before any handler could explain it.
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false } refused)
            {
                // The token store reports a body it cannot read as a token failure with the reader's error inside.
                var unreadable = refused.Error is not AntiforgeryValidationException || refused.Error.InnerException is InvalidDataException or IOException;
                await Page("The form was not accepted", unreadable
                        ? ("<p class=\"error\" id=\"form-refused\">" + E(T("The form could not be read: it contains characters a form cannot carry (such as a NUL).")) + " ")
                          + (E(T("Nothing was saved; go back, correct the text and send it again.")) + "</p>")
                        : ("<p class=\"error\" id=\"form-refused\">" + E(T("The form's security token is missing or out of date. Nothing was saved;")) + " ")
                          + (E(T("reload the page and send it again.")) + "</p>"),
                    StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapGet("/shop", ShopAsync);
        app.MapPost("/shop/order", PlaceOrderAsync);
        app.MapGet("/shop/rewards", RewardsAsync);
        RegisterPages.Map(app);
        MembershipPages.Map(app);
        app.MapGet("/shop/product/{id}", ProductAsync);
        app.MapGet("/admin/customers/{id}", AdminCustomerAsync);
        OrderPages.Map(app);
        app.MapPost("/admin/customers/{id}/adjust", AdjustAsync);
        app.MapGet("/admin/loyalty/report", ReportAsync);
        app.MapGet("/admin/loyalty/report.csv", ReportCsvAsync);
        app.MapGet("/admin/loyalty/report-mechanics.csv", MechanicsReportPages.CsvAsync);
        app.MapGet("/api/shop/rewards", RewardsJsonAsync);
        app.MapGet("/api/shop/checkout", CheckoutJsonAsync);
        app.MapGet("/api/shop/product/{id}", ProductJsonAsync);
        // Like every POST here, behind the antiforgery check (form field or RequestVerificationToken header).
        app.MapPost("/api/shop/order", PlaceOrderJsonAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    // ------------------------------------------------------------------ shopper pages

    private static string Picker => "<form method=\"get\" action=\"/shop\"><label>" + E(T("Customer id")) + " <input type=\"number\" name=\"customer\" min=\"1\"></label> <button>"
        + E(T("Show")) + "</button></form>";

    /// <summary>The shop as a customer sees it, with the checkout widget over their cart and the form that places the order.</summary>
    public static async Task<IResult> ShopAsync(string? customer, string? placed, HttpContext http, SandboxDbContext db, LoyaltyViews views, IClock clock,
        IAntiforgery antiforgery, StampProgram stamps, CashbackProgram cashback, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(customer))
            return Page("Shop", "<p>" + E(T("Pick a customer to see the shop as they do.")) + "</p>" + Picker);
        var (who, problem) = await FindCustomerAsync(customer, db, "Shop", cancellationToken);
        if (who == null)
            return problem!;
        var notice = int.TryParse(placed, NumberStyles.None, Inv, out var orderId) ? await PlacedNoticeAsync(db, who.Id, orderId, cancellationToken) : "";
        return await ShopPageAsync(who, http, db, views, clock, antiforgery, stamps, cashback, new CheckoutForm(null, null), null, notice, StatusCodes.Status200OK,
            cancellationToken);
    }

    /// <summary>The shop's checkout form: places the cart with the points applied, then back to the shop (a refresh places nothing).</summary>
    public static async Task<IResult> PlaceOrderAsync(string? customer, [FromForm] string? points, [FromForm] string? balance, [FromForm] string? coupon,
        HttpContext http, SandboxDbContext db, LoyaltyViews views, IClock clock, IAntiforgery antiforgery, SandboxCheckout checkout, StampProgram stamps,
        CashbackProgram cashback,
        CancellationToken cancellationToken)
    {
        var (who, problem) = await FindCustomerAsync(customer, db, "Shop", cancellationToken);
        if (who == null)
            return problem!;
        var form = new CheckoutForm(points, coupon);
        var (spend, shown, error) = ReadPoints(points, balance);
        if (error == null)
        {
            var result = await checkout.PlaceOrderAsync(Store, new CustomerId(who.Id), coupon, spend, shown, cancellationToken);
            if (result.Placed)
                return Results.Redirect($"/shop?customer={who.Id}&placed={result.Order!.Id}", permanent: false, preserveMethod: false);
            error = result.Problem;
        }
        return await ShopPageAsync(who, http, db, views, clock, antiforgery, stamps, cashback, form, error, "", StatusCodes.Status400BadRequest, cancellationToken);
    }

    /// <summary>The points to spend and the balance the page showed, as the checkout takes them; an error names the field.</summary>
    private static (int Points, long? Shown, string? Error) ReadPoints(string? points, string? balance)
    {
        var spend = 0;
        if (!string.IsNullOrWhiteSpace(points) && !int.TryParse(points.Trim(), NumberStyles.AllowLeadingSign, Inv, out spend))
            return (0, null, F("Points to use: '{points}' is not a whole number of points.", TextArg.Of("points", points.Trim())));
        long? shown = null;
        if (!string.IsNullOrWhiteSpace(balance))
        {
            if (!long.TryParse(balance.Trim(), NumberStyles.AllowLeadingSign, Inv, out var b))
                return (0, null, T("The form's balance is malformed; reload the page."));
            shown = b;
        }
        return (spend, shown, null);
    }

    private sealed record CheckoutForm(string? Points, string? Coupon);

    /// <summary>"Order N placed", with what the points paid and the money paid.</summary>
    private static async Task<string> PlacedNoticeAsync(SandboxDbContext db, int customer, int orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customer && o.StoreId == Store.Value, cancellationToken);
        if (order == null)
            return "";
        var key = IdempotencyKey.For("redeem", Store, orderId).Value;
        var spent = -await db.Ledger.AsNoTracking().Where(l => l.IdempotencyKey == key).SumAsync(l => l.Points, cancellationToken);
        var html = new StringBuilder("<p class=\"notice\" id=\"order-placed\">").Append(E(F("Order #{order} placed: ", TextArg.Of("order", order.Id.ToString(Inv)))));
        if (spent > 0)
            html.Append(E(F("{points, plural, one {# point} other {# points}} used, ", TextArg.Count("points", spent))));
        return html.Append(E(F("{money} paid. Thank you!", TextArg.Of("money", Money(order.OrderTotal))))).Append("</p>\n").ToString();
    }

    private static async Task<IResult> ShopPageAsync(CustomerFact who, HttpContext http, SandboxDbContext db, LoyaltyViews views, IClock clock, IAntiforgery antiforgery,
        StampProgram stamps, CashbackProgram cashback, CheckoutForm form, string? error, string notice, int status, CancellationToken cancellationToken)
    {
        var id = new CustomerId(who.Id);
        var rewards = await views.GetRewardsAsync(Store, id, 0, cancellationToken);
        var cart = await CartAsync(db, who.Id, clock, cancellationToken);
        var quote = await views.QuoteOrderAsync(cart.Order, cancellationToken);
        var cards = http.RequestServices.GetService<CardProgram>();
        var card = cards is null ? null : await cards.StatusAsync(Store, id, cancellationToken);
        var cardPercent = cards is null ? 0m : await cards.CheckoutPercentAsync(Store, id, cancellationToken);
        var cardDiscount = CardRules.DiscountOn(cart.Order.Total, cardPercent);
        // The member's perks as the checkout applies them: the larger of the card's and the member's discount, free shipping.
        var perks = http.RequestServices.GetService<Retention.Core.Membership.MembershipProgram>() is { } membership
            ? await membership.PerksAsync(Store, id, cancellationToken)
            : null;
        var memberDiscount = perks is null ? 0m : CardRules.DiscountOn(cart.Order.Total, perks.DiscountPercent);
        if (memberDiscount > cardDiscount) cardDiscount = 0m;
        else memberDiscount = 0m;
        var virtualOnly = cart.Lines.Count > 0 && cart.Lines.All(l => l.Product.Id == DemoMembership.ProductId);
        // Priced as the checkout prices it (shipping, tax, the card's discount), so the points offered are the points the checkout accepts.
        var priced = SandboxCheckout.PaidOrder(0, Store, id, cart.Order.Total, cardDiscount + memberDiscount, clock.UtcNow,
            freeShipping: virtualOnly || perks is { FreeShipping: true });
        var allowance = cart.Order.Lines.Count == 0 ? null : await views.AllowanceAsync(Store, id, priced.OrderTotal, cancellationToken);
        var orders = await db.Orders.AsNoTracking().CountAsync(o => o.CustomerId == who.Id && o.StoreId == Store.Value && o.OrderStatusId != (int)OrderState.Cancelled, cancellationToken);

        var body = new StringBuilder()
            .Append(SignedIn(who))
            .Append(notice)
            .Append(Figures(
                (T("Points available"), N(rewards.Available)),
                (T("Points pending"), N(rewards.Pending)),
                (T("Orders"), N(orders))))
            .Append("<h2>").Append(E(T("Cart"))).Append("</h2>\n");
        if (cart.Lines.Count == 0)
            body.Append("<p class=\"muted\">").Append(E(T("The cart is empty."))).Append("</p>\n");
        else
        {
            body.Append("<table class=\"cart\">\n<thead><tr><th>").Append(E(T("Product"))).Append("</th><th class=\"num\">").Append(E(T("Qty")))
                .Append("</th><th class=\"num\">").Append(E(T("Price"))).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var (product, quantity) in cart.Lines)
                body.Append("<tr><td><a href=\"/shop/product/").Append(product.Id).Append("?customer=").Append(who.Id).Append("\">").Append(E(product.Name))
                    .Append("</a></td><td class=\"num\">").Append(quantity).Append("</td><td class=\"num\">").Append(E(Money(product.Price * quantity))).Append("</td></tr>\n");
            body.Append("<tr><th>").Append(E(T("Subtotal"))).Append("</th><th></th><th class=\"num\">").Append(E(Money(cart.Order.Total))).Append("</th></tr>\n");
            if (cardDiscount > 0m)
                body.Append("<tr id=\"card-discount\"><td>").Append(E(CoreMessages.Render(CoreMessages.CardCheckout(cardPercent), SandboxLanguage.Culture)))
                    .Append("</td><td></td><td class=\"num\">").Append(E(Money(-cardDiscount))).Append("</td></tr>\n");
            if (memberDiscount > 0m)
                body.Append(MembershipPages.CheckoutDiscountLine(perks!.DiscountPercent, memberDiscount));
            if (perks is { FreeShipping: true } && !virtualOnly)
                body.Append(MembershipPages.CheckoutShippingLine());
            body
                .Append("<tr><td>").Append(E(T("Shipping"))).Append("</td><td></td><td class=\"num\">")
                .Append(E(priced.OrderShippingExclTax == 0m ? T("free") : Money(priced.OrderShippingExclTax))).Append("</td></tr>\n")
                .Append("<tr><td>").Append(E(T("Tax"))).Append("</td><td></td><td class=\"num\">").Append(E(Money(priced.OrderTax))).Append("</td></tr>\n")
                .Append("<tr><th>").Append(E(T("Total"))).Append("</th><th></th><th class=\"num\" id=\"order-total\">").Append(E(Money(priced.OrderTotal))).Append("</th></tr>\n</tbody>\n</table>\n");
        }

        body.Append("<section class=\"widget loyalty-checkout\" id=\"loyalty-checkout\">\n<h2>").Append(E(T("Your rewards"))).Append("</h2>\n")
            .Append("<p class=\"balance\"><strong>").Append(E(F("{points, plural, one {# point} other {# points}}", TextArg.Count("points", rewards.Available))))
            .Append("</strong> ").Append(E(T("worth"))).Append(" <strong>")
            .Append(E(Money(rewards.AvailableValue))).Append("</strong>");
        if (rewards.Pending > 0)
            body.Append(" <span class=\"muted\">").Append(E(F("(+{points} pending)", TextArg.Count("points", rewards.Pending)))).Append("</span>");
        body.Append("</p>\n");
        if (cart.Lines.Count > 0)
        {
            // The count and its noun in bold, the sentence around them in the reader's language.
            var earns = E(F("This order earns {points, plural, one {# point} other {# points}}", TextArg.Count("points", quote.Points)));
            var counted = E(F("{points, plural, one {# point} other {# points}}", TextArg.Count("points", quote.Points)));
            body.Append("<p class=\"earn\">").Append(earns.EndsWith(counted, StringComparison.Ordinal)
                ? earns[..^counted.Length] + "<strong>" + counted + "</strong>" : earns);
            if (quote.TierMultiplier != 1m || quote.PromoMultiplier != 1m)
                body.Append(" <span class=\"muted\">(").Append(E(Multipliers(quote))).Append(")</span>");
            body.Append(".</p>\n");
            body.Append(StampPages.CheckoutBlock(await stamps.PreviewAsync(cart.Order, cancellationToken)));
            body.Append(await CashbackPages.CheckoutLineAsync(cashback, Store, id, priced.OrderTotal, cancellationToken));
            body.Append(await ChallengePages.CheckoutNoticeAsync(http, who.Id, priced.OrderTotal, cart.Lines.Select(l => l.Product.Id).ToList(), cancellationToken));
            if (allowance != null)
                body.Append("<p id=\"points-allowance\">").Append(E(AllowanceText(allowance, rewards))).Append("</p>\n");
            var tokens = antiforgery.GetAndStoreTokens(http);
            body.Append("<form method=\"post\" action=\"/shop/order?customer=").Append(who.Id).Append("\" class=\"checkout\" id=\"checkout\">\n")
                .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken)).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"balance\" value=\"").Append(rewards.Available.ToString(Inv)).Append("\">\n");
            if (error != null)
                body.Append("<p class=\"error\" id=\"checkout-error\">").Append(E(error)).Append("</p>\n");
            if (allowance is { MaxPoints: > 0 })
                body.Append("<label>").Append(E(T("Points to use"))).Append(" <input type=\"number\" name=\"points\" min=\"0\" max=\"").Append(allowance.MaxPoints.ToString(Inv))
                    .Append("\" step=\"1\" value=\"").Append(E(form.Points ?? "0")).Append("\"></label>\n");
            body.Append("<label>").Append(E(T("Coupon or gift card"))).Append(" <input type=\"text\" name=\"coupon\" size=\"18\" value=\"").Append(E(form.Coupon)).Append("\"></label>\n")
                .Append("<button>").Append(E(T("Place order"))).Append("</button>\n</form>\n");
        }
        body.Append(TierBlock(rewards))
            .Append("<p><a href=\"/shop/rewards?customer=").Append(who.Id).Append("\">").Append(E(T("My rewards"))).Append("</a></p>\n</section>\n")
            .Append(CardPages.Block(card))
            .Append(Picker);
        return Page("Shop", body.ToString(), status);
    }

    /// <summary>"My rewards": what the customer has, what is pending and expiring, the history, the tier, the referral link.</summary>
    public static async Task<IResult> RewardsAsync(string? customer, string? welcome, HttpRequest request, SandboxDbContext db, LoyaltyViews views, ReferralSecret secret,
        StampProgram stamps, CashbackProgram cashback, CancellationToken cancellationToken)
    {
        var program = await views.ProgramAsync(Store, cancellationToken);
        if (string.IsNullOrWhiteSpace(customer))
            return Page("Rewards", JoinPrompt(program) + await ProgramPanelAsync(program, null, db, cancellationToken));
        var (who, problem) = await FindCustomerAsync(customer, db, T("My rewards"), cancellationToken);
        if (who == null)
            return problem!;
        var rewards = await views.GetRewardsAsync(Store, new CustomerId(who.Id), 50, cancellationToken);
        var code = ReferralCodes.Create(Store, new CustomerId(who.Id), secret.Bytes);
        var link = $"{request.Scheme}://{request.Host}/register?ref={Uri.EscapeDataString(code)}";

        var body = new StringBuilder()
            .Append(SignedIn(who))
            .Append(welcome == "1" ? "<p class=\"notice\" id=\"welcome\">" + E(T("Your account is ready: welcome! Your points and rewards are below.")) + "</p>\n" : "")
            .Append(Figures(
                (T("Available points"), N(rewards.Available)),
                (T("Worth at checkout"), Money(rewards.AvailableValue)),
                (T("Pending"), N(rewards.Pending)),
                (T("Expiring soon"), N(rewards.ExpiringSoon.Points))));
        // Core's advice: "spend them" only of points the checkout takes; below the minimum, how many more are needed.
        if (rewards.ExpiringSoon.FirstExpiryUtc is { } first && rewards.ExpiryAdvice != ExpiryAdvice.None)
        {
            var points = TextArg.Count("points", rewards.ExpiringSoon.Points);
            var date = TextArg.Of("date", Day(first));
            var minimum = TextArg.Count("minimum", rewards.MinimumBalanceToRedeem);
            body.Append("<p class=\"notice\" id=\"expiring\">").Append(E(rewards.Expiry switch
            {
                { Advice: ExpiryAdvice.Spend } => F("{points, plural, one {# point expires} other {# points expire}} from {date}: spend them at checkout before then.", points, date),
                { Advice: ExpiryAdvice.EarnMore, OrderByUtc: { } orderBy } notice => F("{points, plural, one {# point expires} other {# points expire}} from {date}. "
                    + "Points can be used at checkout from {minimum, plural, one {# point} other {# points}} on: earn {needed} more with an order placed by {orderBy} to spend them.",
                    points, date, minimum, TextArg.Count("needed", notice.PointsNeeded), TextArg.Of("orderBy", Day(orderBy))),
                _ => F("{points, plural, one {# point expires} other {# points expire}} from {date}. "
                    + "Points can be used at checkout from {minimum, plural, one {# point} other {# points}} on, which this balance cannot reach before they lapse.", points, date, minimum),
            }));
            body.Append("</p>\n");
        }
        else if (!rewards.CanRedeem && rewards.MinimumBalanceToRedeem > 0)
            body.Append("<p class=\"muted\">").Append(E(F("Points can be used at checkout from {points, plural, one {# point} other {# points}} on.",
                TextArg.Count("points", rewards.MinimumBalanceToRedeem)))).Append("</p>\n");
        body.Append("<section class=\"widget\">\n").Append(TierBlock(rewards)).Append("</section>\n")
            .Append(CardPages.Block(request.HttpContext.RequestServices.GetService<CardProgram>() is { } cards
                ? await cards.StatusAsync(Store, new CustomerId(who.Id), cancellationToken)
                : null))
            .Append(StampPages.RewardsBlock(await stamps.CardsAsync(Store, new CustomerId(who.Id), cancellationToken)))
            .Append(await CashbackPages.RewardsSectionAsync(cashback, Store, new CustomerId(who.Id), cancellationToken))
            .Append(await MembershipPages.RewardsBlockAsync(request.HttpContext, who.Id, cancellationToken))
            .Append(await ProgramPanelAsync(program, rewards.Tier, db, cancellationToken))
            .Append("<h2>").Append(E(T("Invite a friend"))).Append("</h2>\n<p>").Append(E(T("Share your link; you earn points when a new customer's first order is paid.")))
            .Append("</p>\n<p><input class=\"referral\" type=\"text\" readonly value=\"").Append(E(link)).Append("\" aria-label=\"").Append(E(T("Your referral link"))).Append("\"></p>\n")
            .Append(await ChallengePages.RewardsSectionAsync(request.HttpContext, who.Id, cancellationToken))
            .Append("<h2>").Append(E(T("History"))).Append("</h2>\n").Append(History(rewards.History, withActor: false))
            .Append("<p><a href=\"/shop?customer=").Append(who.Id).Append("\">").Append(E(T("Back to the shop"))).Append("</a></p>");
        return Page("My rewards", body.ToString());
    }

    /// <summary>A product page with "Earn N points" for the current price and the customer's tier (or a guest's).</summary>
    public static async Task<IResult> ProductAsync(string id, string? customer, HttpContext http, SandboxDbContext db, LoyaltyViews views, StampProgram stamps,
        CancellationToken cancellationToken)
    {
        var (product, problem) = await FindProductAsync(id, db, cancellationToken);
        if (product == null)
            return problem!;
        CustomerFact? who = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            (who, problem) = await FindCustomerAsync(customer, db, product.Name, cancellationToken);
            if (who == null)
                return problem!;
        }
        if (await MembershipPages.MembersOnlyAsync(http, product.Id, who?.Id, cancellationToken) is { } membersOnly)
            return Page(product.Name, (who != null ? SignedIn(who) : "") + membersOnly, StatusCodes.Status404NotFound);
        var explained = await views.ExplainProductAsync(Store, who == null ? null : new CustomerId(who.Id), DemoLoyalty.Line(product, 1), cancellationToken);
        var points = explained.Points;
        var body = new StringBuilder()
            .Append(who != null ? SignedIn(who) : ("<p class=\"muted\">" + E(T("Browsing as a guest.")) + " <a href=\"/shop/rewards\">" + E(T("Join to earn points")) + "</a>.</p>\n"))
            .Append("<p class=\"price\">").Append(E(Money(product.Price))).Append(" <span class=\"muted\">· ").Append(E(product.Category)).Append("</span></p>\n")
            .Append(("<p class=\"earn-badge\" id=\"earn-points\">" + E(T("Earn")) + " <strong>")).Append(E(points.ToString("N0", Inv))).Append("</strong> ").Append(E(F("{points, plural, one {point} other {points}}", TextArg.Count("points", points)))).Append("</p>\n");
        if (product.IsGiftCard && points == 0)
            body.Append(("<p class=\"muted\">" + E(T("Gift cards earn points when they are spent.")) + "</p>\n"));
        else if (points > 0)
            body.Append("<p class=\"muted\" id=\"earn-explained\">").Append(E(Explain(explained, product))).Append("</p>\n");
        body.Append(StampPages.ProductBlock(await stamps.ProductCardsAsync(Store, who == null ? null : new CustomerId(who.Id), product.Id, cancellationToken)));
        if (who != null)
            body.Append(MembershipPages.AddToCartForm(http, who.Id, product.Id));
        return Page(product.Name, body.ToString());
    }

    // ------------------------------------------------------------------ admin pages

    /// <summary>The loyalty block of the admin customer page, with the manual adjustment form.</summary>
    public static async Task<IResult> AdminCustomerAsync(string id, string? adjusted, string? delivered, string? cancelled, HttpContext http, SandboxDbContext db, LoyaltyViews views,
        IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (who, problem) = await FindCustomerAsync(id, db, "Customer", cancellationToken);
        if (who == null)
            return problem!;
        var notice = adjusted == "1" ? ("<p class=\"notice\">" + E(T("The adjustment was saved.")) + "</p>\n")
            : int.TryParse(delivered, NumberStyles.None, Inv, out var order) ? $"<p class=\"notice\" id=\"delivered\">{E(F("Order {order} was marked delivered.", TextArg.Of("order", order.ToString(Inv))))}</p>\n"
            : int.TryParse(cancelled, NumberStyles.None, Inv, out var gone) ? $"<p class=\"notice\" id=\"cancelled\">{E(F("Order {order} was cancelled; its points were settled.", TextArg.Of("order", gone.ToString(Inv))))}</p>\n"
            : "";
        return await AdminCustomerPageAsync(who, http, views, antiforgery, new AdjustForm(null, null, Guid.NewGuid().ToString("N")), null, notice, StatusCodes.Status200OK, cancellationToken);
    }

    /// <summary>A manual adjustment: saved once per request id (a resubmitted form changes nothing), field errors shown beside the fields.</summary>
    public static async Task<IResult> AdjustAsync(string id, [FromForm] string? points, [FromForm] string? reason, [FromForm] string? requestId,
        [FromForm] string? confirmOverdraw, HttpContext http, SandboxDbContext db, LoyaltyEvents loyalty, LoyaltyViews views, IAntiforgery antiforgery,
        CancellationToken cancellationToken)
    {
        var (who, problem) = await FindCustomerAsync(id, db, "Customer", cancellationToken);
        if (who == null)
            return problem!;
        var form = new AdjustForm(points, reason, string.IsNullOrWhiteSpace(requestId) ? Guid.NewGuid().ToString("N") : requestId.Trim());
        var errors = new ValidationResult();
        if (!int.TryParse(points?.Trim(), NumberStyles.AllowLeadingSign, Inv, out var amount))
            errors.Add("Points", T("Enter a whole number of points, negative to take points away."));
        else if (form.RequestId.Length > 64 || form.RequestId.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            errors.Add("RequestId", "The form's request id is malformed; reload the page.");
        else
        {
            var outcome = await loyalty.AdjustAsync(Store, new CustomerId(who.Id), amount, reason, Actor, form.RequestId, cancellationToken,
                confirmOverdraw: confirmOverdraw is "on" or "true");
            if (outcome.Validation.IsValid)
                return Results.Redirect($"/admin/customers/{who.Id}?adjusted=1", permanent: false, preserveMethod: false);
            errors = outcome.Validation;
        }
        return await AdminCustomerPageAsync(who, http, views, antiforgery, form, errors, "", StatusCodes.Status400BadRequest, cancellationToken);
    }

    private sealed record AdjustForm(string? Points, string? Reason, string RequestId);

    private static async Task<IResult> AdminCustomerPageAsync(CustomerFact who, HttpContext http, LoyaltyViews views, IAntiforgery antiforgery, AdjustForm form,
        ValidationResult? errors, string notice, int status, CancellationToken cancellationToken)
    {
        var rewards = await views.GetRewardsAsync(Store, new CustomerId(who.Id), 100, cancellationToken);
        var tokens = antiforgery.GetAndStoreTokens(http);
        string FieldError(string field) => errors?.Errors.Where(e => e.Field == field).Select(e => $"<span class=\"error field-error\">{E(e.Message)}</span>").FirstOrDefault() ?? "";
        var other = errors?.Errors.Where(e => e.Field is not ("Points" or "Reason" or AdminAdjustment.ConfirmOverdrawField)).ToList() ?? new List<FieldError>();
        var askToConfirm = errors?.Errors.Any(e => e.Field == AdminAdjustment.ConfirmOverdrawField) == true;

        var body = new StringBuilder()
            .Append("<p><strong>").Append(E(Name(who))).Append("</strong>").Append(who.Email != null ? $" &lt;{E(who.Email)}&gt;" : "")
            .Append(" <span class=\"muted\">").Append(E(F("customer {id}, registered {date}", TextArg.Of("id", who.Id.ToString(Inv)), TextArg.Of("date", Day(who.CreatedOnUtc))))).Append("</span></p>\n")
            .Append(notice)
            .Append(("<section class=\"widget\" id=\"loyalty-block\">\n<h2>" + E(T("Loyalty")) + "</h2>\n"))
            .Append(Figures(
                ("Available", rewards.Available.ToString("N0", Inv)),
                ("Pending", rewards.Pending.ToString("N0", Inv)),
                ("Value", Money(rewards.AvailableValue)),
                ("Tier", rewards.Tier ?? "none")))
            .Append(TierBlock(rewards))
            .Append(("<h3>" + E(T("Manual adjustment")) + "</h3>\n"));
        foreach (var e in other)
            body.Append("<p class=\"error\">").Append(E(e.Message)).Append("</p>\n");
        body.Append("<form method=\"post\" action=\"/admin/customers/").Append(who.Id).Append("/adjust\" class=\"adjust\">\n")
            .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"requestId\" value=\"").Append(E(form.RequestId)).Append("\">\n")
            .Append(("<label>" + E(T("Points")) + " <input type=\"text\" inputmode=\"numeric\" name=\"points\" value=\"")).Append(E(form.Points)).Append("\"></label> ").Append(FieldError("Points")).Append('\n')
            .Append(("<label>" + E(T("Reason")) + " <input type=\"text\" name=\"reason\" maxlength=\"")).Append(LoyaltyLimits.MaxReasonLength.ToString(Inv)).Append("\" size=\"40\" value=\"")
            .Append(E(form.Reason)).Append("\"></label> ").Append(FieldError("Reason")).Append('\n')
            .Append(("<p class=\"muted hint\" id=\"reason-shown\">" + E(T("The customer sees this reason in their points history.")) + " ")
                + (E(T("An adjustment that would take the balance below zero is refused unless you confirm it.")) + "</p>\n"))
            // Offered once the program has said what the overdraft would leave, so the admin confirms a known figure.
            .Append(askToConfirm
                ? ("<label class=\"confirm\"><input type=\"checkbox\" name=\"confirmOverdraw\" value=\"on\"> " + E(T("Take the balance below zero")) + "</label> ")
                  + FieldError(AdminAdjustment.ConfirmOverdrawField) + "\n"
                : "")
            .Append(("<button>" + E(T("Save adjustment")) + "</button>\n</form>\n"))
            .Append(("<h3>" + E(T("History")) + "</h3>\n")).Append(History(rewards.History, withActor: true))
            .Append("</section>\n")
            .Append(await OrderPages.BlockAsync(who.Id, http, antiforgery, http.RequestServices.GetRequiredService<SandboxDbContext>(), cancellationToken))
            .Append(await MembershipPages.AdminBlockAsync(http, who.Id, cancellationToken));
        return Page("Customer " + who.Id.ToString(Inv), body.ToString(), status);
    }

    /// <summary>The points accounting for finance: one line per day, HTML.</summary>
    public static async Task<IResult> ReportAsync(HttpContext http, string? store, string? from, string? to, LoyaltyViews views, IClock clock, StampProgram stamps,
        CashbackProgram cashback, CancellationToken cancellationToken)
    {
        var (query, errors) = ReportQuery.Read(store, from, to, clock);
        var form = ReportForm(query, store, from, to);
        if (query == null)
            return Page("Points accounting", form + string.Concat(errors.Select(e => $"<p class=\"error\">{E(e)}</p>\n")), StatusCodes.Status400BadRequest);
        var days = await views.AccountingAsync(query.Store, query.From, query.To, cancellationToken);
        var body = new StringBuilder(form)
            .Append("<p class=\"muted\">").Append(E(F("Store {store}, {from} to {to} (UTC days). Points are valued at {value} per point.", TextArg.Of("store", query.Store.Value.ToString(Inv)),
                TextArg.Of("from", query.From.ToString("yyyy-MM-dd", Inv)), TextArg.Of("to", query.To.ToString("yyyy-MM-dd", Inv)),
                TextArg.Of("value", days.Count > 0 ? days[0].CurrencyPerPoint.ToString("0.####", SandboxLanguage.Culture) : "?"))))
            .Append(" <a href=\"/admin/loyalty/report.csv?").Append(E(query.QueryString)).Append("\">").Append(E(T("Download CSV"))).Append("</a></p>\n")
            // Fifteen columns: the table scrolls inside its box rather than widening the page (Russian headers are longer).
            .Append("<div class=\"report-scroll\" style=\"overflow-x: auto\"><table class=\"report\">\n<thead><tr>");
        foreach (var h in ReportHeader)
            body.Append("<th class=\"num\">").Append(E(T(h))).Append("</th>");
        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var day in days)
        {
            body.Append("<tr>");
            foreach (var cell in ReportCells(day, html: true))
                body.Append("<td class=\"num\">").Append(E(cell)).Append("</td>");
            body.Append("</tr>\n");
        }
        body.Append("</tbody>\n</table></div>\n");
        body.Append(StampPages.ReportBlock(await stamps.AccountingAsync(query.Store, query.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            query.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken)))
            .Append(await CashbackPages.ReportSectionAsync(cashback, query.Store, query.From, query.To, cancellationToken))
            .Append(await MechanicsReportPages.SectionAsync(http.RequestServices, query, cancellationToken));
        return Page("Points accounting", body.ToString());
    }

    /// <summary>The same report as CSV (invariant numbers, one header line), for a spreadsheet.</summary>
    public static async Task<IResult> ReportCsvAsync(string? store, string? from, string? to, LoyaltyViews views, IClock clock, CancellationToken cancellationToken)
    {
        var (query, errors) = ReportQuery.Read(store, from, to, clock);
        if (query == null)
            return Results.Text(string.Join("\n", errors) + "\n", "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
        var days = await views.AccountingAsync(query.Store, query.From, query.To, cancellationToken);
        var csv = new StringBuilder();
        csv.Append(string.Join(",", ReportHeader.Select(h => h.ToLowerInvariant().Replace(' ', '_')))).Append('\n');
        foreach (var day in days)
            csv.Append(string.Join(",", ReportCells(day, html: false))).Append('\n');
        var name = $"points-accounting-store{query.Store.Value}-{query.From:yyyyMMdd}-{query.To:yyyyMMdd}.csv";
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name);
    }

    private static readonly string[] ReportHeader =
    {
        "Day", "Store", "Opening", "Earned", "Bonuses", "Adjusted", "Reversed", "Redeemed", "Reimbursed", "Expired", "Closing", "Pending at close",
        "Opening value", "Closing value (points liability incl. pending)", "Challenges",
    };

    private static IEnumerable<string> ReportCells(PointsAccountingDay d, bool html)
    {
        var culture = html ? SandboxLanguage.Culture : Inv;
        string N(long n) => html ? n.ToString("N0", culture) : n.ToString(Inv);
        string M(decimal m) => html ? m.ToString("N2", culture) : m.ToString("0.00", Inv);
        return new[]
        {
            d.Day.ToString("yyyy-MM-dd", Inv), d.Store.Value.ToString(Inv), N(d.Opening), N(d.Earned), N(d.Bonuses), N(d.Adjusted), N(d.Reversed), N(d.Redeemed),
            N(d.Reimbursed), N(d.Expired), N(d.Closing), N(d.PendingAtClose), M(d.OpeningValue), M(d.ClosingValue), N(d.Challenges),
        };
    }

    private static string ReportForm(ReportQuery? query, string? store, string? from, string? to) =>
        "<form method=\"get\" action=\"/admin/loyalty/report\" class=\"report-form\">" +
        $"<label>{E(T("Store"))} <input type=\"number\" name=\"store\" min=\"1\" value=\"{E(query?.Store.Value.ToString(Inv) ?? store)}\"></label> " +
        $"<label>{E(T("From"))} <input type=\"date\" name=\"from\" value=\"{E(query?.From.ToString("yyyy-MM-dd", Inv) ?? from)}\"></label> " +
        $"<label>{E(T("To"))} <input type=\"date\" name=\"to\" value=\"{E(query?.To.ToString("yyyy-MM-dd", Inv) ?? to)}\"></label> <button>{E(T("Show"))}</button></form>\n";

    /// <summary>The report's parameters, checked: store id, an ISO date range of at most a year; the last 30 days by default.</summary>
    public sealed record ReportQuery(StoreId Store, DateOnly From, DateOnly To)
    {
        public string QueryString => $"store={Store.Value}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

        public static (ReportQuery? Query, List<string> Errors) Read(string? store, string? from, string? to, IClock clock)
        {
            var errors = new List<string>();
            var today = DateOnly.FromDateTime(clock.UtcNow);
            var storeId = LoyaltyPages.Store.Value;
            if (!string.IsNullOrWhiteSpace(store) && !Ids.TryParse(store, out storeId))
                errors.Add(F("Store: '{store}' is not a store id (a whole number from 1).", TextArg.Of("store", store)));
            var toDay = Date(T("To"), to, today, errors);
            var fromDay = Date(T("From"), from, toDay.AddDays(-29), errors);
            if (errors.Count == 0 && fromDay > toDay)
                errors.Add(T("From: the first day must not be after the last day."));
            if (errors.Count == 0 && toDay.DayNumber - fromDay.DayNumber + 1 > MaxReportDays)
                errors.Add(F("To: a report covers at most {days} days; choose a shorter range.", TextArg.Count("days", MaxReportDays)));
            return errors.Count > 0 ? (null, errors) : (new ReportQuery(new StoreId(storeId), fromDay, toDay), errors);
        }

        private static DateOnly Date(string field, string? text, DateOnly fallback, List<string> errors)
        {
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", Inv, DateTimeStyles.None, out var day))
                return day;
            errors.Add(F("{field}: '{text}' is not a date; use YYYY-MM-DD.", TextArg.Of("field", field), TextArg.Of("text", text)));
            return fallback;
        }
    }

    // ------------------------------------------------------------------ JSON for the widgets

    public static async Task<IResult> RewardsJsonAsync(string? customer, SandboxDbContext db, LoyaltyViews views, CancellationToken cancellationToken)
    {
        var (who, error) = await FindCustomerJsonAsync(customer, db, cancellationToken);
        if (who == null)
            return error!;
        var r = await views.GetRewardsAsync(Store, new CustomerId(who.Id), 50, cancellationToken);
        return Results.Ok(new
        {
            store = r.Store.Value,
            customer = r.Customer.Value,
            available = r.Available,
            pending = r.Pending,
            availableValue = r.AvailableValue,
            expiringSoon = new { points = r.ExpiringSoon.Points, firstExpiryUtc = r.ExpiringSoon.FirstExpiryUtc },
            tier = TierJson(r),
            minimumBalanceToRedeem = r.MinimumBalanceToRedeem,
            canRedeem = r.CanRedeem,
            history = r.History.Select(h => new
            {
                createdUtc = h.CreatedUtc, activatesUtc = h.ActivatesUtc, points = h.Points, reason = h.Reason.ToString(), source = h.Source.ToString(),
                sourceRef = h.SourceRef, note = LedgerNotes.Text(h.Note, SandboxLanguage.Culture), pending = h.IsPending,
            }),
        });
    }

    public static async Task<IResult> CheckoutJsonAsync(string? customer, SandboxDbContext db, LoyaltyViews views, IClock clock, CancellationToken cancellationToken)
    {
        var (who, error) = await FindCustomerJsonAsync(customer, db, cancellationToken);
        if (who == null)
            return error!;
        var id = new CustomerId(who.Id);
        var cart = await CartAsync(db, who.Id, clock, cancellationToken);
        var priced = SandboxCheckout.PaidOrder(0, Store, id, cart.Order.Total, 0m, clock.UtcNow);
        // One view for the widget: the balance from the ledger's summary, the tier read once.
        var view = await views.CheckoutAsync(cart.Order, priced.OrderTotal, cancellationToken);
        var (quote, allowance, tier) = (view.Quote, view.Allowance, view.Tier);
        return Results.Ok(new
        {
            customer = who.Id,
            available = view.Available,
            pending = view.Pending,
            availableValue = view.AvailableValue,
            cartTotal = cart.Order.Total,
            // What the checkout charges before points (shipping and tax included): the base of the points' share.
            orderTotal = priced.OrderTotal,
            cartPoints = quote.Points,
            eligibleAmount = quote.EligibleAmount,
            promoMultiplier = quote.PromoMultiplier,
            tierMultiplier = quote.TierMultiplier,
            redeemable = new { points = allowance.MaxPoints, value = allowance.MaxValue, limit = allowance.Limit.ToString() },
            tier = new
            {
                name = tier.Tier, multiplier = tier.Multiplier, basis = tier.Basis.ToString(), measure = tier.Measure, next = tier.NextTier,
                missing = tier.NextTierMissing, progress = tier.Progress, downgradeAtUtc = tier.DowngradeAtUtc,
            },
        });
    }

    /// <summary>Places the customer's cart as a paid order (the workflows hear of it: exits, attribution, coupon use, order-based emails).</summary>
    /// <remarks><c>points</c> spends that many points on it, <c>balance</c> (optional) is the balance the caller showed the shopper.</remarks>
    public static async Task<IResult> PlaceOrderJsonAsync(string? customer, string? coupon, string? points, string? balance, HttpRequest request, SandboxDbContext db,
        SandboxCheckout checkout, CancellationToken cancellationToken)
    {
        // A page of another site must not place orders here (a form post needs no CORS permission).
        if (request.Headers.Origin is [{ } origin] && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { error = T("Orders are placed from this site only.") }, statusCode: StatusCodes.Status403Forbidden);
        var (who, error) = await FindCustomerJsonAsync(customer, db, cancellationToken);
        if (who == null)
            return error!;
        var (spend, shown, problem) = ReadPoints(points, balance);
        if (problem != null)
            return Results.BadRequest(new { error = problem });
        var result = await checkout.PlaceOrderAsync(Store, new CustomerId(who.Id), coupon, spend, shown, cancellationToken);
        if (result.AlreadyPlaced)
            return Results.Json(new { error = result.Problem, alreadyPlaced = true }, statusCode: StatusCodes.Status409Conflict);
        if (!result.Placed)
            return Results.BadRequest(new { error = result.Problem });
        var order = result.Order!;
        return Results.Ok(new
        {
            orderId = order.Id, customer = order.CustomerId, total = order.OrderTotal, discount = order.OrderDiscount, pointsSpent = result.PointsSpent,
            paidWithPoints = result.PaidWithPoints, createdUtc = order.CreatedOnUtc,
        });
    }

    public static async Task<IResult> ProductJsonAsync(string id, string? customer, SandboxDbContext db, LoyaltyViews views, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(id, out var productId))
            return Results.BadRequest(new { error = $"'{id}' is not a product id." });
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, cancellationToken);
        if (product == null)
            return Results.NotFound(new { error = $"There is no product {productId}." });
        CustomerFact? who = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            (who, var error) = await FindCustomerJsonAsync(customer, db, cancellationToken);
            if (who == null)
                return error!;
        }
        var points = await views.QuoteProductAsync(Store, who == null ? null : new CustomerId(who.Id), DemoLoyalty.Line(product, 1), cancellationToken);
        return Results.Ok(new { product = product.Id, customer = who?.Id, price = product.Price, points });
    }

    private static object TierJson(RewardsView r) => new
    {
        name = r.Tier, multiplier = r.TierMultiplier, basis = r.TierBasis.ToString(), measure = r.TierMeasure, next = r.NextTier,
        missing = r.NextTierMissing, progress = r.TierProgress, downgradeAtUtc = r.DowngradeAtUtc,
    };

    // ------------------------------------------------------------------ pieces

    private sealed record Cart(List<(ProductRow Product, int Quantity)> Lines, EarnOrder Order);

    /// <summary>The customer's cart as an order the earning rule can quote, priced at the catalog's prices now.</summary>
    private static async Task<Cart> CartAsync(SandboxDbContext db, int customerId, IClock clock, CancellationToken cancellationToken)
    {
        var items = await db.CartItems.AsNoTracking().Where(c => c.StoreId == Store.Value && c.CustomerId == customerId)
            .Join(db.Products.AsNoTracking(), c => c.ProductId, p => p.Id, (c, p) => new { Product = p, c.Quantity, c.Id })
            .OrderBy(x => x.Id).ToListAsync(cancellationToken);
        var lines = items.Select(i => (i.Product, i.Quantity)).ToList();
        var order = new EarnOrder(Store, new CustomerId(customerId), 0, clock.UtcNow, lines.Select(l => DemoLoyalty.Line(l.Product, l.Quantity)).ToList());
        return new Cart(lines, order);
    }

    /// <summary>The parts Core multiplied for the badge, in Core's words (<see cref="RewardsPanel.ExplainProduct"/>).</summary>
    private static string Explain(ProductEarnView x, ProductRow product) =>
        RewardsPanel.ExplainProduct(x, product.Price, x.MultiplierCategoryId != null ? product.Category : product.Name, PanelText, Money, SandboxLanguage.Culture);

    private static string JoinPrompt(ProgramView p) =>
        "<p class=\"notice\" id=\"join\">" + E(RewardsPanel.JoinPrompt(p, PanelText, SandboxLanguage.Culture)) + " <a href=\"/register\">" + E(T("Create an account")) + "</a></p>\n";

    private static string PanelText(string key) => RewardsPanel.ByLanguage[SandboxLanguage.Current][key];

    /// <summary>Ways to earn, ways to redeem and the tiers, in Core's words (<see cref="RewardsPanel"/>) over the settings' own figures.</summary>
    private static async Task<string> ProgramPanelAsync(ProgramView p, string? currentTier, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var categories = DemoLoyalty.CategoryIds.ToDictionary(c => c.Value, c => c.Key);
        var productIds = p.WaysToEarn.Where(w => w.Kind == EarnWayKind.Product).Select(w => w.RefId ?? 0).ToList();
        var products = productIds.Count == 0 ? new Dictionary<int, string>()
            : await db.Products.AsNoTracking().Where(x => productIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken);
        var lines = RewardsPanel.Lines(p, currentTier, PanelText, Money, Day, w => w.Kind switch
        {
            EarnWayKind.Category => categories.GetValueOrDefault(w.RefId ?? 0),
            EarnWayKind.Product => products.GetValueOrDefault(w.RefId ?? 0),
            _ => null,
        }, SandboxLanguage.Culture);
        var html = new StringBuilder("<section class=\"widget rewards-panel\" id=\"rewards-panel\">\n");
        if (!lines.Enabled)
            return html.Append("<p class=\"muted\">").Append(E(lines.Notes[0])).Append("</p>\n</section>\n").ToString();
        html.Append("<h2>").Append(E(PanelText("title.earn"))).Append("</h2>\n<ul class=\"ways earn\">\n")
            .Append(string.Concat(lines.WaysToEarn.Select(w => $"<li>{E(w)}</li>\n"))).Append("</ul>\n<p class=\"muted\">")
            .Append(E(string.Join(" ", lines.Notes))).Append("</p>\n<h2>").Append(E(PanelText("title.redeem"))).Append("</h2>\n<ul class=\"ways redeem\">\n")
            .Append(string.Concat(lines.WaysToRedeem.Select(w => $"<li>{E(w)}</li>\n"))).Append("</ul>\n");
        if (lines.Tiers.Count > 0)
        {
            html.Append("<h2>").Append(E(PanelText("title.tiers"))).Append("</h2>\n<table class=\"tiers\">\n<thead><tr><th>").Append(E(PanelText("tier.column.name")))
                .Append("</th><th>").Append(E(PanelText("tier.column.reached"))).Append("</th><th class=\"num\">").Append(E(PanelText("tier.column.earns")))
                .Append("</th></tr></thead>\n<tbody>\n");
            foreach (var t in lines.Tiers)
                html.Append("<tr").Append(t.IsCurrent ? " class=\"current\"" : "").Append("><td>").Append(E(t.Name))
                    .Append(t.IsCurrent ? $" <span class=\"muted\">{E(PanelText("tier.you"))}</span>" : "").Append("</td><td>").Append(E(t.ReachedWith))
                    .Append("</td><td class=\"num\">").Append(E(t.Earns)).Append("</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }
        return html.Append("</section>\n").ToString();
    }

    private static string TierBlock(RewardsView r)
    {
        var html = new StringBuilder("<div class=\"tier\">");
        html.Append("<p>").Append(E(T("Tier:"))).Append(" <strong class=\"tier-name\">").Append(E(r.Tier ?? T("none"))).Append("</strong>");
        if (r.TierMultiplier != 1m)
            html.Append(" <span class=\"muted\">").Append(E(F("(×{multiplier} points)", TextArg.Count("multiplier", r.TierMultiplier, "0.##")))).Append("</span>");
        html.Append("</p>\n");
        var percent = Math.Clamp(r.TierProgress, 0m, 1m) * 100m;
        html.Append("<div class=\"progress\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"")
            .Append(E(percent.ToString("0", Inv))).Append("\"><span style=\"width:").Append(E(percent.ToString("0.#", Inv))).Append("%\"></span></div>\n");
        if (r.NextTier != null && r.NextTierMissing is { } missing)
        {
            // The tier's name in bold inside the translated sentence.
            var tier = TextArg.Of("tier", "\uE000");
            var sentence = r.TierBasis == TierBasis.Spend
                ? F("{money} more in the next 12 months to reach {tier}.", TextArg.Of("money", Money(missing)), tier)
                : F("{orders, plural, one {# more order} other {# more orders}} in the next 12 months to reach {tier}.", TextArg.Count("orders", decimal.Round(missing, MidpointRounding.AwayFromZero)), tier);
            html.Append("<p class=\"muted\">").Append(E(sentence).Replace("\uE000", "<strong>" + E(r.NextTier) + "</strong>", StringComparison.Ordinal)).Append("</p>\n");
        }
        else if (r.Tier != null)
            html.Append("<p class=\"muted\">").Append(E(T("You are in the top tier."))).Append("</p>\n");
        if (r.DowngradeAtUtc is { } down)
            html.Append("<p class=\"notice\">").Append(E(F("Keep shopping to stay {tier}: the tier is reviewed on {date}.", TextArg.Of("tier", r.Tier ?? ""),
                TextArg.Of("date", Day(down))))).Append("</p>\n");
        return html.Append("</div>\n").ToString();
    }

    private static string History(IReadOnlyList<RewardsHistoryLine> lines, bool withActor)
    {
        if (lines.Count == 0)
            return "<p class=\"muted\">" + E(T("No points yet.")) + "</p>\n";
        var html = new StringBuilder("<table class=\"history\">\n<thead><tr><th>").Append(E(T("Date"))).Append("</th><th class=\"num\">").Append(E(T("Points")))
            .Append("</th><th>").Append(E(T("Reason"))).Append("</th><th>").Append(E(T("Details"))).Append("</th><th>").Append(E(T("Status"))).Append("</th>")
            .Append(withActor ? "<th>" + E(T("By")) + "</th>" : "").Append("</tr></thead>\n<tbody>\n");
        foreach (var h in lines)
        {
            html.Append("<tr><td>").Append(E(Day(h.CreatedUtc))).Append("</td><td class=\"num ").Append(h.Points < 0 ? "minus" : "plus").Append("\">")
                .Append(E(h.Points.ToString("+#,0;-#,0;0", SandboxLanguage.Culture))).Append("</td><td>").Append(E(ReasonText(h.Reason))).Append("</td><td>")
                .Append(E(Details(h))).Append("</td><td>").Append(h.IsPending ? E(F("pending until {date}", TextArg.Of("date", Day(h.ActivatesUtc)))) : "")
                .Append("</td>");
            if (withActor)
                html.Append("<td>").Append(E(h.Actor)).Append("</td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Details(RewardsHistoryLine h)
    {
        // The note says it in words ("Order #12", the admin's reason); the raw reference (a lot key, a form request id) is for audits, not shoppers.
        if (!string.IsNullOrWhiteSpace(h.Note))
            return LedgerNotes.Text(h.Note, SandboxLanguage.Culture)!;
        return h.Source switch
        {
            LedgerSource.Order when h.SourceRef != null => F("Order #{order}", TextArg.Of("order", h.SourceRef)),
            LedgerSource.Review when h.SourceRef != null => F("Review #{review}", TextArg.Of("review", h.SourceRef)),
            _ => "",
        };
    }

    public static string ReasonText(LedgerReason reason) => T(reason switch
    {
        LedgerReason.Purchase => "Purchase",
        LedgerReason.PurchaseReversal => T("Refund or cancellation"),
        LedgerReason.Redemption => T("Spent at checkout"),
        LedgerReason.RedemptionRefund => T("Spent points returned"),
        LedgerReason.Expiry => "Expired",
        LedgerReason.RegistrationBonus => T("Welcome bonus"),
        LedgerReason.BirthdayBonus => T("Birthday bonus"),
        LedgerReason.ReviewBonus => T("Review bonus"),
        LedgerReason.SurveyBonus => T("Survey bonus"),
        LedgerReason.ReferralBonus => T("Referral bonus"),
        LedgerReason.AdminAdjustment => T("Adjustment by the shop"),
        LedgerReason.ChallengeReward => T("Challenge completed"),
        LedgerReason.ChallengeRewardReversal => T("Challenge reward taken back"),
        LedgerReason.Cashback => "Cashback",
        LedgerReason.CashbackReversal => T("Cashback taken back"),
        _ => reason.ToString(),
    });

    private static string AllowanceText(RedemptionAllowance a, RewardsView r) => a.Limit switch
    {
        RedemptionLimit.BelowMinimumBalance => F("Points can be used from {points, plural, one {# point} other {# points}} on.", TextArg.Count("points", r.MinimumBalanceToRedeem)),
        RedemptionLimit.NothingToPay => T("Nothing to pay with points."),
        _ when a.MaxPoints > 0 => F("Use up to {points, plural, one {# point} other {# points}} ({money}) on this order.", TextArg.Count("points", a.MaxPoints),
            TextArg.Of("money", Money(a.MaxValue))),
        _ => T("No points to use on this order yet."),
    };

    private static string Multipliers(EarnQuote q)
    {
        var parts = new List<string>();
        if (q.PromoMultiplier != 1m) parts.Add(F("promotion ×{multiplier}", TextArg.Count("multiplier", q.PromoMultiplier, "0.##")));
        if (q.TierMultiplier != 1m) parts.Add(F("your multiplier ×{multiplier}", TextArg.Count("multiplier", q.TierMultiplier, "0.##")));
        return string.Join(", ", parts);
    }

    private static string SignedIn(CustomerFact who) => who.Email == null && string.IsNullOrWhiteSpace(who.FirstName) && string.IsNullOrWhiteSpace(who.LastName)
        // A guest (a restored cart's visitor) has no name to greet; "customer 20001" would read as someone else's account.
        ? "<p class=\"muted\" id=\"guest\">" + E(T("You are shopping as a guest.")) + "</p>\n"
        : "<p>" + E(F("Signed in as {name}", TextArg.Of("name", "\uE000"))).Replace("\uE000", $"<strong>{E(Name(who))}</strong>", StringComparison.Ordinal)
          + (who.Email != null ? $" &lt;{E(who.Email)}&gt;" : "") + ".</p>\n";

    private static string Name(CustomerFact who)
    {
        var name = string.Join(" ", new[] { who.FirstName, who.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : F("customer {id}", TextArg.Of("id", who.Id.ToString(Inv)));
    }

    /// <summary>The sandbox store's primary currency is the US dollar.</summary>
    public static string Money(decimal amount) => (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("N2", Inv);

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", Inv);

    private static async Task<(CustomerFact? Customer, IResult? Problem)> FindCustomerAsync(string? raw, SandboxDbContext db, string title, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return (null, Page(title, "<p class=\"error\">" + E(T("Say which customer: add ?customer=N.")) + "</p>" + Picker, StatusCodes.Status400BadRequest));
        if (!Ids.TryParse(raw, out var id))
            return (null, Page(title, $"<p class=\"error\">{E(F("'{raw}' is not a customer id.", TextArg.Of("raw", raw)))}</p>{Picker}", StatusCodes.Status400BadRequest));
        var who = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return who == null
            ? (null, Page(title, $"<p class=\"error\">{E(F("There is no customer {id}.", TextArg.Of("id", id.ToString(Inv))))}</p>{Picker}", StatusCodes.Status404NotFound))
            : (who, null);
    }

    private static async Task<(ProductRow? Product, IResult? Problem)> FindProductAsync(string raw, SandboxDbContext db, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(raw, out var id))
            return (null, Page("Product", $"<p class=\"error\">{E(F("'{raw}' is not a product id.", TextArg.Of("raw", raw)))}</p>", StatusCodes.Status400BadRequest));
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product == null
            ? (null, Page("Product", $"<p class=\"error\">{E(F("There is no product {id}.", TextArg.Of("id", id.ToString(Inv))))}</p>", StatusCodes.Status404NotFound))
            : (product, null);
    }

    private static async Task<(CustomerFact? Customer, IResult? Problem)> FindCustomerJsonAsync(string? raw, SandboxDbContext db, CancellationToken cancellationToken)
    {
        if (!Ids.TryParse(raw, out var id))
            return (null, Results.BadRequest(new { error = $"'{raw}' is not a customer id; pass ?customer=N." }));
        var who = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return who == null ? (null, Results.NotFound(new { error = $"There is no customer {id}." })) : (who, null);
    }
}
