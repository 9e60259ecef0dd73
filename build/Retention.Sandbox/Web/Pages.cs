using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
            .Append("<li><a href=\"/outbox\">Outbox</a>: every email the engine queued.</li>\n")
            .Append("<li><a href=\"/admin/loyalty/report\">Points accounting</a>: the loyalty report for finance (per day, with CSV); a customer's loyalty block is at <code>/admin/customers/N</code>.</li>\n")
            .Append("<li><a href=\"/api/admin/summary\">/api/admin/summary</a> and <a href=\"/api/health\">/api/health</a>: JSON.</li>\n</ul>");
        return Page("Home", body.ToString());
    }

    public static async Task<IResult> AdminAsync(StoreSummaryQuery summaries, SandboxState state, CancellationToken cancellationToken)
    {
        var s = await summaries.RunAsync(Store, cancellationToken);
        var body = new StringBuilder()
            .Append("<p class=\"muted\">").Append(E(Source(state))).Append(". Figures computed in the database at sandbox time ")
            .Append(E(s.AsOfUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", Money))).Append(".</p>\n")
            .Append(Figures(
                ("Customers", s.Customers.ToString("N0", Money)),
                ("Orders (not cancelled)", s.Orders.ToString("N0", Money)),
                ("Revenue less refunds", s.Revenue.ToString("N2", Money)),
                ("Average order value", s.AverageOrderValue.ToString("N2", Money)),
                ("Open carts", s.OpenCarts.ToString("N0", Money)),
                ("Abandoned carts", s.AbandonedCarts.ToString("N0", Money))))
            .Append("\n").Append(DashboardPages.Widget());
        return Page("Admin dashboard", body.ToString());
    }

    public static async Task<IResult> OutboxAsync(SandboxDbContext db, CancellationToken cancellationToken)
    {
        const int shown = 200;
        var total = await db.Outbox.CountAsync(cancellationToken);
        var latest = await db.Outbox.AsNoTracking().OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id).Take(shown).ToListAsync(cancellationToken);
        if (total == 0)
            return Page("Outbox", "<p>No email has been queued yet. Emails the engine sends (abandoned cart, win-back, review requests…) appear here instead of being delivered.</p>");
        var body = new StringBuilder()
            .Append("<p>").Append(E(total.ToString("N0", Money))).Append(" queued email(s)")
            .Append(total > shown ? $", newest {shown} shown" : "").Append(". Nothing leaves this machine.</p>\n")
            .Append("<table>\n<thead><tr><th>Queued (UTC)</th><th>Not before</th><th>To</th><th>Template</th><th>Kind</th><th>Tokens</th><th>Key</th></tr></thead>\n<tbody>\n");
        foreach (var m in latest)
        {
            var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(m.TokensJson) ?? new Dictionary<string, string>();
            body.Append("<tr><td>").Append(E(m.CreatedUtc.ToString("yyyy-MM-dd HH:mm", Money)))
                .Append("</td><td>").Append(E(m.NotBeforeUtc?.ToString("yyyy-MM-dd HH:mm", Money) ?? "now"))
                .Append("</td><td>").Append(E(m.ToName != null ? $"{m.ToName} <{m.ToEmail}>" : m.ToEmail))
                .Append(" <span class=\"muted\">(customer ").Append(E(m.CustomerId)).Append(")</span>")
                .Append("</td><td>").Append(E(m.TemplateName))
                .Append("</td><td>").Append(m.IsMarketing ? "marketing" : "transactional")
                .Append("</td><td>").Append(string.Join("<br>", tokens.Select(t => $"<code>{E(t.Key)}</code> = {E(t.Value)}")))
                .Append("</td><td><code>").Append(E(m.Key)).Append("</code></td></tr>\n");
        }
        body.Append("</tbody>\n</table>");
        return Page("Outbox", body.ToString());
    }

    public static string Source(SandboxState state) => state.Source == SandboxSetup.DemoSource
        ? $"demo store (seed {state.Seed}, history up to {state.AsOfUtc:yyyy-MM-dd})"
        : $"orders imported from {Path.GetFileName(state.SourceFile)} (up to {state.AsOfUtc:yyyy-MM-dd})";
}
