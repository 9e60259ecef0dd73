using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using static Retention.Sandbox.Web.Html;

namespace Retention.Sandbox.Web;

/// <summary>The sandbox's pages. Placeholders for now: later work puts the dashboard and shopper widgets here.</summary>
public static class Pages
{
    private static readonly StoreId Store = new(1);
    private static readonly CultureInfo Money = CultureInfo.InvariantCulture;

    public static IResult Index(SandboxState state)
    {
        var body = new StringBuilder()
            .Append("<p>A local nopCommerce-like store for the Retention engine. Data: <strong>")
            .Append(E(state.Database.Describe())).Append("</strong> — ").Append(E(Source(state))).Append(".</p>\n<ul>\n")
            .Append("<li><a href=\"/admin\">Admin dashboard</a>: the merchant's retention figures.</li>\n")
            .Append("<li><a href=\"/shop\">Shop</a>: what a shopper sees (points balance, orders).</li>\n")
            .Append("<li><a href=\"/outbox\">Outbox</a>: every email the engine queued, rendered as the customer sees it.</li>\n")
            .Append("<li><a href=\"/admin/workflows\">Workflows</a>: switch, edit, preview and measure the emails; advance the sandbox clock on the admin page to play them out.</li>\n")
            .Append("<li><a href=\"/admin/loyalty/settings\">Loyalty settings</a>: points, expiry, redemption, tiers, multipliers and bonuses (the plugin's configure page).</li>\n")
            .Append("<li><a href=\"/admin/loyalty/report\">Points accounting</a>: the loyalty report for finance (per day, with CSV); a customer's loyalty block is at <code>/admin/customers/N</code>.</li>\n")
            .Append("<li><a href=\"/api/admin/summary\">/api/admin/summary</a> and <a href=\"/api/health\">/api/health</a>: JSON.</li>\n</ul>");
        return Page("Home", body.ToString());
    }

    public static async Task<IResult> AdminAsync(StoreSummaryQuery summaries, SandboxState state, HttpContext http, IAntiforgery antiforgery, IClock clock,
        CancellationToken cancellationToken)
    {
        var s = await summaries.RunAsync(Store, cancellationToken);
        var body = new StringBuilder()
            .Append("<p class=\"muted\">").Append(E(Source(state))).Append(". Figures computed in the database at sandbox time ")
            .Append(E(s.AsOfUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", Money))).Append(".</p>\n")
            .Append(Figures(
                // Named apart from the retention dashboard's "Customers (all time)" (buyers before its as-of day) and its gross
                // "Average order value" (issue 15): these are accounts and refund-net figures up to this instant.
                ("Customer accounts", s.Customers.ToString("N0", Money)),
                ("Orders (not cancelled)", s.Orders.ToString("N0", Money)),
                ("Revenue less refunds", s.Revenue.ToString("N2", Money)),
                ("Revenue less refunds per order", s.AverageOrderValue.ToString("N2", Money)),
                ("Open carts", s.OpenCarts.ToString("N0", Money)),
                ("Abandoned carts", s.AbandonedCarts.ToString("N0", Money))))
            .Append(OutboxPages.ClockPanel(http, antiforgery, clock.UtcNow))
            .Append("\n").Append(DashboardPages.Widget(antiforgery.GetAndStoreTokens(http)));
        return Page("Admin dashboard", body.ToString());
    }

    public static string Source(SandboxState state) => state.Source == SandboxSetup.DemoSource
        ? $"demo store (seed {state.Seed}, history up to {state.AsOfUtc:yyyy-MM-dd})"
        : $"orders imported from {Path.GetFileName(state.SourceFile)} (up to {state.AsOfUtc:yyyy-MM-dd})";
}
