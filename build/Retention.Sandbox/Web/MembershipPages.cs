using Retention.Core.Localization;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// Paid membership in the sandbox: the admin's settings (field errors from Core's validation, nothing saved on any
/// error), the shopper's block in My rewards and at checkout (Core's <see cref="MembershipTexts"/>), "join" (the
/// membership product into the cart; the checkout sells it), and the admin customer page's block with the simulated
/// gateway's controls: mark the next renewal failed, cancel the recurring payment.
/// </summary>
public static class MembershipPages
{
    private const string Title = "Paid membership";
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/membership", ShowAsync);
        app.MapPost("/admin/membership", SaveAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapPost("/shop/membership/join", JoinAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapPost("/shop/cart/add", AddToCartAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapPost("/admin/customers/{id}/membership/fail", FailAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapPost("/admin/customers/{id}/membership/cancel", CancelAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    private static string Text(string key) => MembershipTexts.Template(key, SandboxLanguage.Culture);

    private static string Day(DateTime utc) => utc.ToString("d MMMM yyyy", SandboxLanguage.Culture);

    /// <summary>The shopper's block (My rewards): status, perks, the year's savings, periods, and "join" for a non-member.</summary>
    public static async Task<string> RewardsBlockAsync(HttpContext http, int customer, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<MembershipProgram>() is not { } program) return "";
        var settings = await program.SettingsAsync(Store, cancellationToken);
        if (!settings.Enabled) return "";
        var id = new CustomerId(customer);
        var status = await program.StatusAsync(Store, id, cancellationToken);
        var saved = await program.SavedThisYearAsync(Store, id, cancellationToken);
        var html = new StringBuilder("<section class=\"widget membership\" id=\"membership\">\n<h2>").Append(E(Text("title"))).Append("</h2>\n");
        var lines = MembershipTexts.StatusLines(status, settings, saved, Text, LoyaltyPages.Money, Day, SandboxLanguage.Culture);
        for (var i = 0; i < lines.Count; i++)
            html.Append("<p class=\"membership-line\" id=\"membership-").Append(i switch { 0 => "status", 1 => "perks", 2 => "saved", _ => "saved-parts" })
                .Append("\">").Append(E(lines[i])).Append("</p>\n");
        if (!status.IsMember)
            html.Append(JoinForm(http, customer));
        if (status.Periods.Count > 0)
        {
            html.Append("<h3>").Append(E(Text("history"))).Append("</h3>\n<ul class=\"membership-periods\">\n");
            foreach (var p in status.Periods.Reverse().Take(12))
                html.Append("<li>").Append(E(Core.Localization.TextFormat.Format(Text("period"), SandboxLanguage.Culture,
                    Core.Localization.TextArg.Of("from", Day(p.StartUtc)), Core.Localization.TextArg.Of("to", Day(p.EndUtc)),
                    Core.Localization.TextArg.Of("order", p.OrderId.ToString(Inv))))).Append("</li>\n");
            html.Append("</ul>\n");
        }
        return html.Append("</section>\n").ToString();
    }

    private static string JoinForm(HttpContext http, int customer)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return "<form method=\"post\" action=\"/shop/membership/join?customer=" + customer.ToString(Inv) + "\" id=\"membership-join\">"
               + WorkflowPages.Antiforgery(tokens) + "<button>" + E(Core.Localization.TextFormat.Format(Text("join"), SandboxLanguage.Culture,
                   Core.Localization.TextArg.Of("price", LoyaltyPages.Money(DemoMembership.Price) + (SandboxLanguage.Current == "ru" ? " в месяц" : " a month")))) + "</button></form>\n";
    }

    /// <summary>The checkout's lines for a member (the discount and free shipping lines sit in the cart table).</summary>
    public static string CheckoutDiscountLine(decimal percent, decimal amount) =>
        "<tr id=\"member-discount\"><td>" + E(Core.Localization.TextFormat.Format(Text("checkout.discount"), SandboxLanguage.Culture,
            Core.Localization.TextArg.Count("percent", percent, "0.##"))) + "</td><td></td><td class=\"num\">" + E(LoyaltyPages.Money(-amount)) + "</td></tr>\n";

    public static string CheckoutShippingLine() =>
        "<tr id=\"member-shipping\"><td colspan=\"3\" class=\"muted\">" + E(Text("checkout.shipping")) + "</td></tr>\n";

    /// <summary>"Members only" for a non-member on a members-only product page; empty otherwise.</summary>
    public static async Task<string?> MembersOnlyAsync(HttpContext http, int productId, int? customer, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<MembershipProgram>() is not { } program) return null;
        var settings = await program.SettingsAsync(Store, cancellationToken);
        if (!settings.Enabled || !settings.MemberOnlyProductIds.Contains(productId)) return null;
        if (customer is { } c && await program.PerksAsync(Store, new CustomerId(c), cancellationToken) is not null) return null;
        return "<p class=\"error\" id=\"members-only\">" + E(Text("membersOnly")) + "</p>\n";
    }

    /// <summary>The admin customer page's block: the status, the periods, and the simulated gateway's controls.</summary>
    public static async Task<string> AdminBlockAsync(HttpContext http, int customer, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<MembershipProgram>() is not { } program) return "";
        var settings = await program.SettingsAsync(Store, cancellationToken);
        var status = await program.StatusAsync(Store, new CustomerId(customer), cancellationToken);
        if (!settings.Enabled && status.State == MemberState.None) return "";
        var saved = await program.SavedThisYearAsync(Store, new CustomerId(customer), cancellationToken);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var html = new StringBuilder(("<section class=\"widget\" id=\"admin-membership\">\n<h2>" + E(T("Membership")) + "</h2>\n"))
            .Append(("<p>" + E(T("State:")) + " <strong id=\"membership-state\">")).Append(E(status.State.ToString())).Append("</strong>");
        if (status.PaidThroughUtc is { } through)
            html.Append(T(" · paid through ")).Append(E(through.ToString("yyyy-MM-dd HH:mm", Inv))).Append(" UTC");
        if (status.EndsUtc is { } ends && status.State != MemberState.None)
            html.Append(T(" · perks end ")).Append(E(ends.ToString("yyyy-MM-dd HH:mm", Inv))).Append(T(" UTC if nothing more is paid"));
        if (status.Cancelled) html.Append((" · <em>" + E(T("cancelled")) + "</em>"));
        if (status.LastRenewalFailed) html.Append((" · <em>" + E(T("last renewal failed")) + "</em>"));
        html.Append(("</p>\n<p>" + E(T("Saved this year:")) + " ")).Append(E(LoyaltyPages.Money(saved.Total))).Append("</p>\n");
        if (status.State is MemberState.Active)
            html.Append(("<p class=\"muted\">" + E(T("The simulated payment gateway pays each renewal when the clock passes the paid-through date")) + " "))
                .Append((E(T("(advance the clock on the outbox page). Mark the next one failed to see the grace and the lapse.")) + "</p>\n"))
                .Append("<form method=\"post\" action=\"/admin/customers/").Append(customer).Append("/membership/fail\" id=\"membership-fail\" class=\"inline\">")
                .Append(WorkflowPages.Antiforgery(tokens)).Append(("<button>" + E(T("Mark the next renewal failed")) + "</button></form>\n"))
                .Append("<form method=\"post\" action=\"/admin/customers/").Append(customer).Append("/membership/cancel\" id=\"membership-cancel\" class=\"inline\">")
                .Append(WorkflowPages.Antiforgery(tokens)).Append(("<button>" + E(T("Cancel the recurring payment")) + "</button></form>\n"));
        return html.Append("</section>\n").ToString();
    }

    /// <summary>"Join": the membership product into the customer's cart, then the shop's checkout.</summary>
    public static Task<IResult> JoinAsync(string? customer, SandboxDbContext db, IClock clock, HttpContext http, CancellationToken cancellationToken) =>
        AddToCartAsync(customer, DemoMembership.ProductId.ToString(Inv), db, clock, http, cancellationToken);

    /// <summary>
    /// A product into the customer's cart (one more unit when it is there), then the shop. A members-only product is
    /// refused to a non-member, as nopCommerce's ACL hides it from them.
    /// </summary>
    public static async Task<IResult> AddToCartAsync(string? customer, string? product, SandboxDbContext db, IClock clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!int.TryParse(customer, NumberStyles.None, Inv, out var id) || !await db.Customers.AnyAsync(c => c.Id == id && !c.Deleted, cancellationToken))
            return Page(Title, ("<p class=\"error\">" + E(T("There is no such customer.")) + "</p>"), StatusCodes.Status404NotFound);
        if (!int.TryParse(product, NumberStyles.None, Inv, out var productId) || !await db.Products.AnyAsync(p => p.Id == productId, cancellationToken))
            return Page(Title, ("<p class=\"error\">" + E(T("There is no such product.")) + "</p>"), StatusCodes.Status404NotFound);
        if (await MembersOnlyAsync(http, productId, id, cancellationToken) is { } membersOnly)
            return Page(Title, membersOnly, StatusCodes.Status404NotFound);
        var line = await db.CartItems.FirstOrDefaultAsync(c => c.CustomerId == id && c.StoreId == Store.Value && c.ProductId == productId, cancellationToken);
        if (line is null)
        {
            var next = (await db.CartItems.MaxAsync(c => (int?)c.Id, cancellationToken) ?? 0) + 1;
            db.CartItems.Add(new CartItemFact
            {
                Id = next, StoreId = Store.Value, CustomerId = id, ProductId = productId, Quantity = 1, CreatedOnUtc = clock.UtcNow, UpdatedOnUtc = clock.UtcNow,
            });
        }
        else if (productId != DemoMembership.ProductId)
        {
            line.Quantity++;
            line.UpdatedOnUtc = clock.UtcNow;
        }
        await db.SaveChangesAsync(cancellationToken);
        return Results.Redirect($"/shop?customer={id}", permanent: false, preserveMethod: false);
    }

    /// <summary>The product page's "Add to cart" for a signed-in customer.</summary>
    public static string AddToCartForm(HttpContext http, int customer, int product)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return "<form method=\"post\" action=\"/shop/cart/add?customer=" + customer.ToString(Inv) + "&amp;product=" + product.ToString(Inv) + "\" id=\"add-to-cart\">"
               + WorkflowPages.Antiforgery(tokens) + ("<button>" + E(T("Add to cart")) + "</button></form>\n");
    }

    public static async Task<IResult> FailAsync(string id, StoreEvents events, CancellationToken cancellationToken)
    {
        if (!int.TryParse(id, NumberStyles.None, Inv, out var customer))
            return Page(Title, ("<p class=\"error\">" + E(T("There is no such customer.")) + "</p>"), StatusCodes.Status404NotFound);
        await events.MembershipRenewalFailedAsync(Store, new CustomerId(customer), cancellationToken);
        return Results.Redirect($"/admin/customers/{customer}", permanent: false, preserveMethod: false);
    }

    public static async Task<IResult> CancelAsync(string id, StoreEvents events, CancellationToken cancellationToken)
    {
        if (!int.TryParse(id, NumberStyles.None, Inv, out var customer))
            return Page(Title, ("<p class=\"error\">" + E(T("There is no such customer.")) + "</p>"), StatusCodes.Status404NotFound);
        await events.MembershipCancelledAsync(Store, new CustomerId(customer), cancellationToken);
        return Results.Redirect($"/admin/customers/{customer}", permanent: false, preserveMethod: false);
    }

    // ------------------------------------------------------------------ settings

    private sealed record Fields(bool Enabled, string ProductId, string GraceDays, string DiscountPercent, bool FreeShipping, string PointsMultiplier,
        string RenewalReminderDays, string ExpiryReminderDays, string MemberOnlyProductIds)
    {
        public static Fields Of(MembershipSettings s) => new(s.Enabled, s.ProductId.ToString(Inv), s.GraceDays.ToString(Inv), s.DiscountPercent.ToString(Inv),
            s.FreeShipping, s.PointsMultiplier.ToString(Inv), s.RenewalReminderDays.ToString(Inv), s.ExpiryReminderDays.ToString(Inv),
            string.Join(", ", s.MemberOnlyProductIds.Select(i => i.ToString(Inv))));

        public static Fields Read(IFormCollection f) => new(f["Membership.Enabled"] == "true", f["Membership.ProductId"].ToString(), f["Membership.GraceDays"].ToString(),
            f["Membership.DiscountPercent"].ToString(), f["Membership.FreeShipping"] == "true", f["Membership.PointsMultiplier"].ToString(),
            f["Membership.RenewalReminderDays"].ToString(), f["Membership.ExpiryReminderDays"].ToString(), f["Membership.MemberOnlyProductIds"].ToString());

        /// <summary>The typed values; a value that is not a number is an error at its field (Core checks the ranges).</summary>
        public ValidationResult Parse(out MembershipSettings? settings)
        {
            var errors = new ValidationResult();
            int Int(string field, string text)
            {
                if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, Inv, out var v)) return v;
                errors.Add("Membership." + field, F("'{raw}' is not a whole number.", TextArg.Of("raw", text.Trim())));
                return 0;
            }
            decimal Dec(string field, string text)
            {
                if (decimal.TryParse(text.Trim(), NumberStyles.Number, Inv, out var v)) return v;
                errors.Add("Membership." + field, F("'{raw}' is not a number.", TextArg.Of("raw", text.Trim())));
                return 0m;
            }
            var ids = new List<int>();
            foreach (var part in MemberOnlyProductIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (int.TryParse(part, NumberStyles.AllowLeadingSign, Inv, out var pid)) ids.Add(pid);
                else errors.Add("Membership.MemberOnlyProductIds", F("'{raw}' is not a product number.", TextArg.Of("raw", part)));
            var parsed = new MembershipSettings
            {
                Enabled = Enabled, ProductId = Int("ProductId", ProductId), GraceDays = Int("GraceDays", GraceDays), DiscountPercent = Dec("DiscountPercent", DiscountPercent),
                FreeShipping = FreeShipping, PointsMultiplier = Dec("PointsMultiplier", PointsMultiplier), RenewalReminderDays = Int("RenewalReminderDays", RenewalReminderDays),
                ExpiryReminderDays = Int("ExpiryReminderDays", ExpiryReminderDays), MemberOnlyProductIds = ids,
            };
            if (errors.IsValid)
                foreach (var e in parsed.Validate().Errors) errors.Add(e.Field, e);
            settings = errors.IsValid ? parsed : null;
            return errors;
        }
    }

    public static async Task<IResult> ShowAsync(string? saved, HttpContext http, IAntiforgery antiforgery, ILoyaltySettingsStore settingsStore, MembershipProgram program,
        IClock clock, CancellationToken cancellationToken)
    {
        var settings = (await settingsStore.LoadAsync(Store, cancellationToken)).Membership ?? new MembershipSettings();
        var notice = saved == "1" ? ("<p class=\"notice\" id=\"saved\">" + E(T("Membership saved.")) + "</p>\n") : "";
        return await PageAsync(Fields.Of(settings), new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, program, clock, cancellationToken);
    }

    public static async Task<IResult> SaveAsync(IFormCollection posted, HttpContext http, IAntiforgery antiforgery, ILoyaltySettingsStore settingsStore,
        MembershipProgram program, IClock clock, CancellationToken cancellationToken)
    {
        var fields = Fields.Read(posted);
        var errors = fields.Parse(out var membership);
        if (errors.IsValid)
        {
            var settings = await settingsStore.LoadAsync(Store, cancellationToken);
            var result = await settingsStore.SaveAsync(Store, settings with { Membership = membership! }, cancellationToken);
            if (result.IsValid)
                return Results.Redirect("/admin/membership?saved=1", permanent: false, preserveMethod: false);
            errors = result;
        }
        return await PageAsync(fields, errors, ("<p class=\"error\" id=\"not-saved\">" + E(T("Nothing was saved: correct the fields marked below.")) + "</p>\n"),
            StatusCodes.Status400BadRequest, http, antiforgery, program, clock, cancellationToken);
    }

    private static async Task<IResult> PageAsync(Fields fields, ValidationResult errors, string notice, int status, HttpContext http, IAntiforgery antiforgery,
        MembershipProgram program, IClock clock, CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        string Error(string field) => errors.Errors.FirstOrDefault(e => e.Field == "Membership." + field) is { } error
            ? $" <span class=\"field-error\" data-field=\"Membership.{E(field)}\">{E(error.In(SandboxLanguage.Culture))}</span>"
            : "";
        string Row(string field, string label, string value, string hint) =>
            $"<p><label>{E(label)} <input type=\"text\" name=\"Membership.{field}\" value=\"{E(value)}\" size=\"10\"></label>{Error(field)}<br><span class=\"muted\">{E(hint)}</span></p>\n";
        string Check(string field, string label, bool on) =>
            $"<p><label><input type=\"checkbox\" name=\"Membership.{field}\" value=\"true\"{(on ? " checked" : "")}> {E(label)}</label></p>\n";
        var now = clock.UtcNow;
        // The dashboard's window (the 30 days before today, UTC), so the two pages say the same figures.
        var (fromUtc, toUtc) = Retention.Core.Dashboard.MechanicsFigures.Window(DateOnly.FromDateTime(now), 30);
        var figures = await program.DashboardAsync(Store, fromUtc, toUtc, cancellationToken);
        var body = new StringBuilder(WorkflowPages.Styles)
            .Append(("<p class=\"muted\">" + E(T("A membership customers pay for every cycle of the membership product (a recurring product in nopCommerce).")) + " "))
            .Append(T("It is granted by the first paid order of the product, kept while renewals are paid, kept through the grace after a missed renewal, "))
            .Append((E(T("and ends when it lapses or is cancelled. A refunded or cancelled order takes its period back.")) + "</p>\n"))
            .Append(Figures((T("Members now"), figures.Members.ToString("N0", Inv)), ("Joined (30 days)", figures.Starts.ToString("N0", Inv)),
                ("Renewals (30 days)", figures.Renewals.ToString("N0", Inv)), ("Churned (30 days)", figures.Churned.ToString("N0", Inv)),
                (T("Renewal rate"), figures.RenewalRate is { } rate ? rate.ToString("P0", Inv) : "–")))
            .Append(notice)
            .Append("<form method=\"post\" action=\"/admin/membership\" id=\"membership-form\">\n").Append(WorkflowPages.Antiforgery(tokens))
            .Append(Check("Enabled", T("Membership on"), fields.Enabled))
            .Append(Row("ProductId", T("Membership product"), fields.ProductId, T("The product whose paid order grants or renews the membership; its recurring cycle is the period.")))
            .Append(Row("GraceDays", T("Grace days"), fields.GraceDays, T("Days the perks stay after a missed or failed renewal (0 to 90).")))
            .Append(Row("DiscountPercent", T("Member discount (%)"), fields.DiscountPercent, T("Off every order (0 to 100; 0: none). Not added to a coupon or the card: the larger applies.")))
            .Append(Check("FreeShipping", T("Free shipping for members"), fields.FreeShipping))
            .Append(Row("PointsMultiplier", T("Points multiplier"), fields.PointsMultiplier, T("Multiplies what members earn, times the tier's multiplier (1 to 100).")))
            .Append(Row("RenewalReminderDays", T("Renewal reminder (days before)"), fields.RenewalReminderDays, "0 to 60; 0: no reminder."))
            .Append(Row("ExpiryReminderDays", T("Expiry reminder (days before the grace ends)"), fields.ExpiryReminderDays, "0 to 60; 0: none."))
            .Append(Row("MemberOnlyProductIds", T("Members-only products"), fields.MemberOnlyProductIds, T("Product numbers, comma-separated: hidden from everyone else.")))
            .Append(("<button>" + E(T("Save")) + "</button>\n</form>\n"));
        return Page(Title, body.ToString(), status);
    }
}
