using System.Globalization;
using System.Text;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using static Retention.Sandbox.Web.Html;

namespace Retention.Sandbox.Web;

/// <summary>
/// The finance report's loyalty-mechanics lines (issue 18: cashback owed as points and as gift cards, membership revenue,
/// stamp reward coupons outstanding) on /admin/loyalty/report and as CSV, from Core's <see cref="MechanicsFigures"/>, the
/// definitions the dashboard's sections use; labels in the admin's language.
/// </summary>
public static class MechanicsReportPages
{
    /// <summary>The mechanics the sandbox runs, for the dashboard and the report; null without loyalty settings.</summary>
    public static MechanicsFigures? Figures(IServiceProvider services) =>
        services.GetService<ILoyaltySettingsStore>() is { } settings
            ? new MechanicsFigures(settings, services.GetService<Retention.Core.Membership.MembershipProgram>(),
                services.GetService<Retention.Core.Cashback.CashbackProgram>(), services.GetService<Retention.Core.Stamps.StampProgram>(),
                services.GetService<Retention.Core.Challenges.ChallengeViews>(), services.GetService<Retention.Core.Challenges.IChallengeSettingsStore>())
            : null;

    /// <summary>The admin's text of a dashboard key (the sandbox's language, English when a key has no translation).</summary>
    public static string Text(string key) =>
        DashboardTexts.ByLanguage.TryGetValue(SandboxLanguage.Current, out var table) && table.TryGetValue(key, out var text) ? text : DashboardTexts.Of(key);

    /// <summary>The report's mechanics table; empty when the sandbox runs none.</summary>
    public static async Task<string> SectionAsync(IServiceProvider services, LoyaltyPages.ReportQuery query, CancellationToken cancellationToken)
    {
        if (Figures(services) is not { } figures)
            return "";
        var report = await figures.AccountingAsync(query.Store, query.From, query.To, cancellationToken);
        var html = new StringBuilder("<section id=\"mechanics-report\">\n<h2>").Append(E(Text("finance.title"))).Append("</h2>\n")
            .Append("<p class=\"muted\"><a href=\"/admin/loyalty/report-mechanics.csv?").Append(E(query.QueryString)).Append("\">CSV</a></p>\n")
            .Append("<table id=\"mechanics-lines\">\n<thead><tr><th>").Append(E(Text("finance.figure"))).Append("</th><th class=\"num\">")
            .Append(E(Text("finance.value"))).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var line in report.Lines)
            html.Append("<tr data-line=\"").Append(E(line.Key)).Append("\"><td>").Append(E(Text("finance." + line.Key))).Append("</td><td class=\"num\">")
                .Append(E(line.Unit == "money" ? LoyaltyPages.Money(line.Value) : line.Value.ToString("N0", SandboxLanguage.Culture))).Append("</td></tr>\n");
        return html.Append("</tbody>\n</table>\n</section>\n").ToString();
    }

    /// <summary>The mechanics lines as CSV (Core's writer, headers in the admin's language).</summary>
    public static async Task<IResult> CsvAsync(HttpContext http, string? store, string? from, string? to, IClock clock, CancellationToken cancellationToken)
    {
        var (query, errors) = LoyaltyPages.ReportQuery.Read(store, from, to, clock);
        if (query == null)
            return Results.Text(string.Join("\n", errors) + "\n", "text/plain", Encoding.UTF8, StatusCodes.Status400BadRequest);
        if (Figures(http.RequestServices) is not { } figures)
            return Results.NotFound();
        var csv = MechanicsAccountingCsv.Write(await figures.AccountingAsync(query.Store, query.From, query.To, cancellationToken), Text);
        return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"loyalty-mechanics-store{query.Store.Value}-{query.From:yyyyMMdd}-{query.To:yyyyMMdd}.csv");
    }
}
