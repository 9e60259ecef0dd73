using System.Globalization;
using System.Text;
using Retention.Core.Cashback;
using Retention.Core.Common;
using static Retention.Sandbox.Web.Html;

namespace Retention.Sandbox.Web;

/// <summary>
/// Periodic cashback on the sandbox's pages: the My rewards section, the checkout's line and the finance report's part.
/// Every figure and sentence comes from Core (<see cref="CashbackProgram"/>, <see cref="CashbackTexts"/>); the sandbox only
/// writes money and days.
/// </summary>
public static class CashbackPages
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    /// <summary>The demo store keeps UTC days (as its nightly run does).</summary>
    public static readonly TimeZoneInfo StoreZone = TimeZoneInfo.Utc;

    // Core's words in the switch's language; English pages keep the invariant culture they always used.
    private static CultureInfo? Culture => SandboxLanguage.Current == "ru" ? SandboxLanguage.Culture : null;

    private static string Text(string key) => CashbackTexts.Template(key, Culture);

    private static string Day(DateOnly day) => SandboxLanguage.Current == "ru" ? day.ToString("d MMMM yyyy", SandboxLanguage.Culture) : day.ToString("MMMM d, yyyy", Inv);

    /// <summary>My rewards' cashback section: the running period and the payouts so far; empty when cashback is off.</summary>
    public static async Task<string> RewardsSectionAsync(CashbackProgram cashback, StoreId store, CustomerId customer, CancellationToken cancellationToken)
    {
        var progress = await cashback.ProgressAsync(store, customer, StoreZone, cancellationToken: cancellationToken);
        var history = await cashback.HistoryAsync(store, customer, cancellationToken: cancellationToken);
        if (progress is null && history.Count == 0)
            return "";
        var html = new StringBuilder("<section class=\"widget cashback\" id=\"cashback\">\n<h2>").Append(E(Text("title"))).Append("</h2>\n");
        if (progress is not null)
        {
            html.Append("<ul class=\"cashback-progress\">\n");
            foreach (var line in CashbackTexts.ProgressLines(progress, Text, LoyaltyPages.Money, Day, Culture))
                html.Append("<li>").Append(E(line)).Append("</li>\n");
            html.Append("</ul>\n");
        }
        if (history.Count > 0)
        {
            html.Append("<h3>").Append(E(Text("history"))).Append("</h3>\n<ul class=\"cashback-history\" id=\"cashback-history\">\n");
            foreach (var statement in history)
                html.Append("<li>").Append(E(CashbackTexts.PaidLine(statement, Text, LoyaltyPages.Money, Culture))).Append("</li>\n");
            html.Append("</ul>\n");
        }
        return html.Append("</section>\n").ToString();
    }

    /// <summary>The checkout's "this order brings your cashback to X"; empty when cashback is off or the cart is empty.</summary>
    public static async Task<string> CheckoutLineAsync(CashbackProgram cashback, StoreId store, CustomerId customer, decimal orderTotal,
        CancellationToken cancellationToken)
    {
        if (orderTotal <= 0m || await cashback.ProgressAsync(store, customer, StoreZone, orderTotal, cancellationToken) is not { } withOrder)
            return "";
        return "<p class=\"cashback-line\" id=\"cashback-checkout\">" + E(CashbackTexts.CheckoutLine(withOrder, Text, LoyaltyPages.Money, Culture)) + "</p>\n";
    }

    /// <summary>The finance report's cashback part: paid per day (days with payouts) and the liability.</summary>
    public static async Task<string> ReportSectionAsync(CashbackProgram cashback, StoreId store, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var report = await cashback.AccountingAsync(store, from, to, cancellationToken);
        var html = new StringBuilder("<section id=\"cashback-report\">\n<h2>").Append(E(SandboxTexts.T("Cashback"))).Append("</h2>\n")
            .Append(Figures(
                (SandboxTexts.T("Cashback points outstanding"), SandboxTexts.N(report.PointsOutstanding)),
                (SandboxTexts.T("Their value"), LoyaltyPages.Money(report.PointsOutstandingValue)),
                (SandboxTexts.T("Cashback gift cards: remaining balances"), LoyaltyPages.Money(report.GiftCardRemaining)),
                (SandboxTexts.T("Cards with a balance"), SandboxTexts.N(report.GiftCards))));
        var days = report.Days.Where(d => d.Customers > 0).ToList();
        if (days.Count == 0)
            return html.Append("<p class=\"muted\">").Append(E(SandboxTexts.T("No cashback was paid in this period."))).Append("</p>\n</section>\n").ToString();
        html.Append("<table id=\"cashback-days\">\n<thead><tr><th>").Append(E(SandboxTexts.T("Day"))).Append("</th><th class=\"num\">").Append(E(SandboxTexts.T("Customers")))
            .Append("</th><th class=\"num\">").Append(E(SandboxTexts.T("Paid as points"))).Append("</th>")
            .Append("<th class=\"num\">").Append(E(SandboxTexts.T("Points"))).Append("</th><th class=\"num\">").Append(E(SandboxTexts.T("Paid as gift cards"))).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var d in days)
            html.Append("<tr><td>").Append(d.Day.ToString("yyyy-MM-dd", Inv)).Append("</td><td class=\"num\">").Append(SandboxTexts.N(d.Customers))
                .Append("</td><td class=\"num\">").Append(E(LoyaltyPages.Money(d.PaidAsPoints))).Append("</td><td class=\"num\">").Append(SandboxTexts.N(d.Points))
                .Append("</td><td class=\"num\">").Append(E(LoyaltyPages.Money(d.PaidAsGiftCards))).Append("</td></tr>\n");
        return html.Append("</tbody>\n</table>\n</section>\n").ToString();
    }
}
