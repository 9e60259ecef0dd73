using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Core.Localization;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>The sandbox's pages. Placeholders for now: later work puts the dashboard and shopper widgets here.</summary>
public static class Pages
{
    private static readonly StoreId Store = new(1);
    // Figures as the reader writes numbers: 1,234.50 in English (as always), 1 234,50 in Russian.
    private static CultureInfo Money => SandboxLanguage.Culture;

    public static IResult Index(SandboxState state)
    {
        var intro = F("A local nopCommerce-like store for the Retention engine. Data: {data} — {source}.", TextArg.Of("data", "\uE000"), TextArg.Of("source", Source(state)));
        string Item(string href, string link, string rest) =>
            $"<li><a href=\"{href}\">{E(link)}</a>: {E(rest)}</li>\n";
        var body = new StringBuilder()
            // The database's description is set in bold inside the translated sentence.
            .Append("<p>").Append(E(intro).Replace("\uE000", "<strong>" + E(state.Database.Describe()) + "</strong>", StringComparison.Ordinal)).Append("</p>\n<ul>\n")
            .Append(Item("/admin", T("Admin dashboard"), T("the merchant's retention figures.")))
            .Append(Item("/shop", T("Shop"), T("what a shopper sees (points balance, orders).")))
            .Append(Item("/outbox", T("Outbox"), T("every email the engine queued, rendered as the customer sees it.")))
            .Append(Item("/admin/workflows", T("Workflows"), T("switch, edit, preview and measure the emails; advance the sandbox clock on the admin page to play them out.")))
            .Append(Item("/admin/loyalty/settings", T("Loyalty settings"), T("points, expiry, redemption, tiers, multipliers and bonuses (the plugin's configure page).")))
            .Append(Item("/admin/loyalty/report", T("Points accounting"), T("the loyalty report for finance (per day, with CSV); a customer's loyalty block is at /admin/customers/N.")))
            .Append("<li><a href=\"/api/admin/summary\">/api/admin/summary</a>, <a href=\"/api/health\">/api/health</a>: ").Append(E(T("JSON."))).Append("</li>\n</ul>");
        return Page("Home", body.ToString());
    }

    public static async Task<IResult> AdminAsync(StoreSummaryQuery summaries, SandboxState state, HttpContext http, IAntiforgery antiforgery, IClock clock,
        CancellationToken cancellationToken)
    {
        var s = await summaries.RunAsync(Store, cancellationToken);
        var body = new StringBuilder()
            .Append("<p class=\"muted\">").Append(E(F("{source}. Figures computed in the database at sandbox time {time}.", TextArg.Of("source", Source(state)),
                TextArg.Of("time", s.AsOfUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", Money))))).Append("</p>\n")
            .Append(Figures(
                // Named apart from the retention dashboard's "Customers (all time)" (buyers before its as-of day) and its gross
                // "Average order value" (issue 15): these are accounts and refund-net figures up to this instant.
                (T("Customer accounts"), s.Customers.ToString("N0", Money)),
                (T("Orders (not cancelled)"), s.Orders.ToString("N0", Money)),
                (T("Revenue less refunds"), s.Revenue.ToString("N2", Money)),
                (T("Revenue less refunds per order"), s.AverageOrderValue.ToString("N2", Money)),
                (T("Open carts"), s.OpenCarts.ToString("N0", Money)),
                (T("Abandoned carts"), s.AbandonedCarts.ToString("N0", Money))))
            .Append(OutboxPages.ClockPanel(http, antiforgery, clock.UtcNow))
            .Append("\n").Append(DashboardPages.Widget(antiforgery.GetAndStoreTokens(http)));
        return Page("Admin dashboard", body.ToString());
    }

    public static string Source(SandboxState state) => state.Source == SandboxSetup.DemoSource
        ? F("demo store (seed {seed}, history up to {date})", TextArg.Of("seed", Convert.ToString(state.Seed, CultureInfo.InvariantCulture) ?? ""),
            TextArg.Of("date", state.AsOfUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
        : F("orders imported from {file} (up to {date})", TextArg.Of("file", Path.GetFileName(state.SourceFile) ?? ""),
            TextArg.Of("date", state.AsOfUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}
