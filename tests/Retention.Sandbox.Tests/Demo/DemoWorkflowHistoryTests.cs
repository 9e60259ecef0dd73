using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Tests.Workflows;

namespace Retention.Sandbox.Tests.Demo;

/// <summary>
/// The demo store's workflow history: months of sends, opens, clicks, conversions, answers, read by the dashboard, the
/// workflow list, the lift report and the survey summaries with their normal queries; the same seed gives the same history;
/// and the live engine carries on from it without sending anything twice.
/// </summary>
public sealed class DemoWorkflowHistoryTests
{
    private static readonly StoreId Store = new(1);
    private SandboxServer _server = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await (await SandboxServer.PrepareAsync(customers: 3000, asOf: "2026-03-02")).StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseAddress), Timeout = TimeSpan.FromMinutes(3) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null)
            await _server.DisposeAsync();
    }

    private WorkflowReports Reports(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<WorkflowReports>();

    [Test]
    public async Task The_last_month_has_sends_opens_clicks_conversions_and_revenue_at_plausible_rates()
    {
        using var scope = _server.Services.CreateScope();
        var asOf = _server.State.AsOfUtc;
        var stats = await Reports(scope).StatsAsync(Store, asOf.AddDays(-30), asOf);

        int sent = stats.Sum(s => s.Sent), opened = stats.Sum(s => s.Opened), clicked = stats.Sum(s => s.Clicked), converted = stats.Sum(s => s.Converted);
        Assert.That(sent, Is.GreaterThan(300), "a 3,000-customer store sends hundreds of emails a month");
        Assert.That((double)opened / sent, Is.InRange(0.30, 0.55), "open rate");
        Assert.That((double)clicked / sent, Is.InRange(0.03, 0.12), "click rate (survey answers are clicks too)");
        Assert.That(converted, Is.GreaterThan(0));
        Assert.That((double)converted / sent, Is.LessThan(0.06), "a few per cent convert");
        Assert.That(stats.Sum(s => s.Revenue), Is.GreaterThan(0m));
        Assert.That(stats.Sum(s => s.Withheld), Is.GreaterThan(0), "the control groups are followed too");
        Assert.That(stats.Select(s => s.Workflow).Distinct(), Is.SupersetOf(new[]
            { WorkflowKind.AbandonedCart, WorkflowKind.ReviewRequest, WorkflowKind.Welcome, WorkflowKind.CsatSurvey }));
    }

    [Test]
    public async Task Every_workflow_has_sent_emails_over_the_history_and_an_expiry_reminder_names_the_points_and_the_day()
    {
        using var scope = _server.Services.CreateScope();
        var asOf = _server.State.AsOfUtc;
        var stats = await Reports(scope).StatsAsync(Store, asOf.AddDays(-DemoWorkflowHistory.HistoryDays), asOf);

        var sent = stats.GroupBy(s => s.Workflow).ToDictionary(g => g.Key, g => g.Sum(s => s.Sent));
        // The mechanics' emails follow what their seeding wrote (cashback payouts, full stamp cards, the Coffee Club's
        // payments); the card level-up, the partial stamp card's reminder and the challenge and badge emails start with the
        // live engine (the demo judges the card and counts the challenges at its last instant).
        var mechanics = new[] { WorkflowKind.CardLevelUp, WorkflowKind.StampCardExpiring, WorkflowKind.ChallengeCompleted, WorkflowKind.BadgeEarned };
        Assert.That(WorkflowCatalog.All.Except(mechanics).Where(k => sent.GetValueOrDefault(k) == 0), Is.Empty, "no workflow without history");

        await using var db = _server.State.Database.CreateContext();
        var reminder = await db.Outbox.AsNoTracking().Where(o => o.TemplateName == "Retention.PointsExpiry.Step1").OrderBy(o => o.Id).FirstAsync();
        var tokens = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(reminder.TokensJson)!;
        Assert.That(int.Parse(tokens[WorkflowTokens.ExpiringPoints], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThan(0));
        Assert.That(tokens[WorkflowTokens.ExpiryDate], Is.Not.Empty);
        var lapsed = await db.Ledger.AsNoTracking().AnyAsync(e => e.CustomerId == reminder.CustomerId && e.ReasonId == 5
            && e.CreatedOnUtc > reminder.CreatedOnUtc && e.CreatedOnUtc <= reminder.CreatedOnUtc.AddDays(15));
        Assert.That(lapsed, Is.True, "the reminder came before points of the customer lapsed");
    }

    [Test]
    public async Task The_history_has_a_cashback_statement_per_recent_payout_and_the_coffee_clubs_reminders_and_savings()
    {
        await using var db = _server.State.Database.CreateContext();
        var from = _server.State.AsOfUtc.AddDays(-DemoWorkflowHistory.HistoryDays);
        var payouts = await db.CashbackPayouts.AsNoTracking().Where(p => p.CustomerId > 0 && p.CreatedOnUtc >= from).ToListAsync();
        var statements = await db.Enrollments.AsNoTracking().Where(e => e.WorkflowId == (int)WorkflowKind.CashbackStatement).ToListAsync();
        Assert.That(payouts, Is.Not.Empty);
        Assert.That(statements.Select(e => (e.CustomerId, e.Subject)),
            Is.SubsetOf(payouts.Select(p => (p.CustomerId, "cashback:" + p.Period))), "each statement is of a payout");
        Assert.That(statements, Has.Count.GreaterThan(payouts.Count / 2), "the reachable customers' payouts have their statement");

        var sent = await db.Outbox.AsNoTracking().Where(o => o.TemplateName.StartsWith("Retention.CashbackStatement")).OrderBy(o => o.Id).FirstAsync();
        var tokens = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(sent.TokensJson)!;
        var payout = payouts.Where(p => p.CustomerId == sent.CustomerId).OrderByDescending(p => p.CreatedOnUtc).First(p => p.CreatedOnUtc <= sent.CreatedOnUtc);
        Assert.That(tokens[WorkflowTokens.CashbackAmount], Is.EqualTo("$" + (payout.AmountCents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(tokens[WorkflowTokens.CashbackHowToUse], Does.StartWith(payout.Points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " points"));

        Assert.That(await db.Enrollments.CountAsync(e => e.WorkflowId == (int)WorkflowKind.MembershipRenewal), Is.GreaterThan(0), "members were told of their renewals");
        var savings = await db.Memberships.AsNoTracking().Where(r => r.Kind == (int)Retention.Core.Tables.MembershipRowKind.Saving).ToListAsync();
        Assert.That(savings.Sum(r => r.DiscountCents + r.ShippingCents), Is.GreaterThan(0), "the members' orders record what the perks saved");
    }

    [Test]
    public async Task The_dashboard_shows_nps_csat_and_attributed_revenue_and_its_revenue_is_the_workflow_lists_total()
    {
        var snapshot = DashboardSnapshot.FromJson(await _http.GetStringAsync("/api/admin/dashboard?store=1"))!;
        var month = snapshot.Periods.Single(p => p.PeriodDays == 30);
        double? Kpi(string key) => month.Kpis.Single(k => k.Key == key).Value;

        // A month of a small store has a handful of answers: a score, not yet a steady one (the lift test checks the season's).
        Assert.That(Kpi("nps"), Is.Not.Null.And.InRange(-100.0, 100.0));
        Assert.That(Kpi("csat"), Is.Not.Null.And.InRange(0.0, 1.0));
        Assert.That(Kpi("attributedRevenue"), Is.GreaterThan(0.0));

        // The workflow list's revenue column is Core's step statistics over its window; over the dashboard's window the two agree.
        using var scope = _server.Services.CreateScope();
        var end = month.PeriodStartUtc.AddDays(30);
        var stats = await Reports(scope).StatsAsync(Store, month.PeriodStartUtc, end);
        Assert.That((double)stats.Sum(s => s.Revenue), Is.EqualTo(Kpi("attributedRevenue")!.Value).Within(0.005));

        var list = await _http.GetStringAsync("/admin/workflows?store=1");
        var sentColumn = Regex.Matches(list, "<td class=\"num\">\\d+</td><td class=\"num\">(?<sent>[\\d,]+)</td><td class=\"num open-rate\">")
            .Sum(m => int.Parse(m.Groups["sent"].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(sentColumn, Is.GreaterThan(0), "the list shows the history's sends");
        Assert.That(list, Does.Not.Contain("not tracked"), "the demo counts opens");
    }

    [Test]
    public async Task Lift_compares_sent_and_control_and_the_surveys_have_answers()
    {
        using var scope = _server.Services.CreateScope();
        var reports = Reports(scope);
        var asOf = _server.State.AsOfUtc;
        var from = asOf.AddDays(-DemoWorkflowHistory.HistoryDays);

        var cart = await reports.LiftAsync(Store, WorkflowKind.AbandonedCart, from, asOf);
        Assert.That(cart.Sent.Enrolled, Is.GreaterThan(100));
        Assert.That(cart.Control.Enrolled, Is.GreaterThan(5));
        Assert.That(cart.Sent.Converted, Is.GreaterThan(0));
        Assert.That(cart.ConversionLift!.Estimate, Is.InRange(-0.05, 0.15), "a modest lift");

        var nps = await reports.SurveySummaryAsync(Store, SurveyKind.Nps, from, asOf);
        var csat = await reports.SurveySummaryAsync(Store, SurveyKind.Csat, from, asOf);
        var reasons = await reports.SurveySummaryAsync(Store, SurveyKind.WinBackReason, from, asOf);
        Assert.That(new[] { nps.Answers, csat.Answers, reasons.Answers }, Has.None.EqualTo(0));
        Assert.That(nps.Score, Is.InRange(0.0, 65.0), $"NPS around +30 from {nps.Answers} answers");
        Assert.That(csat.Score, Is.InRange(0.65, 0.95), $"CSAT around 82 % from {csat.Answers} answers");
        Assert.That(nps.RecentComments, Is.Not.Empty);
    }

    [Test]
    public async Task Every_conversion_is_a_real_order_of_the_customer_after_their_click_and_every_send_is_in_the_outbox()
    {
        await using var db = _server.State.Database.CreateContext();
        var events = await db.WorkflowEvents.AsNoTracking().ToListAsync();
        var orders = await db.Orders.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var outboxKeys = (await db.Outbox.AsNoTracking().Select(o => o.IdempotencyKey).ToListAsync()).ToHashSet();
        var clicks = events.Where(e => e.KindId == (int)WorkflowEventKind.Clicked).ToLookup(e => e.EnrollmentId);

        var conversions = events.Where(e => e.KindId == (int)WorkflowEventKind.Converted).ToList();
        Assert.That(conversions, Is.Not.Empty);
        foreach (var c in conversions)
        {
            var order = orders[c.OrderId!.Value];
            Assert.That((order.CustomerId, order.CreatedOnUtc, order.OrderTotal), Is.EqualTo((c.CustomerId, c.OccurredUtc, c.Revenue)), $"order {order.Id}");
            Assert.That(clicks[c.EnrollmentId].Any(k => k.Step == c.Step && k.OccurredUtc < order.CreatedOnUtc && k.OccurredUtc >= order.CreatedOnUtc.AddDays(-5)),
                $"order {order.Id} follows a click of the step it is credited to, inside the attribution window");
        }
        var sends = events.Where(e => e.KindId == (int)WorkflowEventKind.Sent).ToList();
        Assert.That(sends.Where(s => !outboxKeys.Contains(s.EventKey)), Is.Empty, "each Sent event has its email, under the same key");
        Assert.That(sends.Count, Is.EqualTo(outboxKeys.Count));
        Assert.That(await db.Enrollments.CountAsync(e => e.StateId == (int)EnrollmentState.Active), Is.EqualTo(0), "the history is closed: nothing of it is due");
    }

    [Test]
    public async Task The_same_seed_gives_the_same_history_and_the_first_run_after_it_sends_nothing_the_history_sent()
    {
        var a = await BuildAsync();
        var b = await BuildAsync();
        try
        {
            var first = await FingerprintAsync(a.Database);
            Assert.That(first.Sends, Is.GreaterThan(0));
            Assert.That(await FingerprintAsync(b.Database), Is.EqualTo(first));

            // Every workflow on, the gates open: the engine's first run after the start, as the background loop does it.
            var settings = new EfWorkflowSettingsStore(a.Database);
            var program = await settings.LoadAsync(Store);
            await settings.SaveAsync(Store, program with { Workflows = program.Workflows.Select(w => w with { Enabled = true }).ToList() });
            await WorkflowRunner.OpenTheGatesAsync(a.Database);
            List<long> history;
            await using (var db = a.Database.CreateContext())
                history = await db.Enrollments.Select(e => e.Id).ToListAsync();
            var clock = new SandboxClock(a.AsOfUtc, a.LoadedUtc, () => a.LoadedUtc);
            await clock.AdvanceAsync(TimeSpan.FromHours(9));
            await using (var runner = new WorkflowRunner(a.Database, "first-run", clock, d => SandboxLocks.For(d, clock), LinkSigner.NewSecret()))
                await runner.Workflows.Run.RunAsync();

            await using var check = a.Database.CreateContext();
            var historySet = history.ToHashSet();
            var newSends = await check.WorkflowEvents.Where(e => e.KindId == (int)WorkflowEventKind.Sent && e.OccurredUtc >= a.AsOfUtc).ToListAsync();
            Assert.That(newSends, Is.Not.Empty, "the run does send (carts, welcome, win-back…)");
            Assert.That(newSends.Where(e => historySet.Contains(e.EnrollmentId)), Is.Empty, "no step of a history enrollment is sent again");
            Assert.That(await check.Enrollments.CountAsync(e => historySet.Contains(e.Id) && e.StateId == (int)EnrollmentState.Active), Is.EqualTo(0));
            var again = await FingerprintAsync(a.Database, before: a.AsOfUtc);
            Assert.That(again, Is.EqualTo(first), "the history is unchanged");
            // A customer the history won back this season is inside win-back's re-entry time: the run's scan passes them over.
            var wonBack = await check.Enrollments.Where(e => e.WorkflowId == (int)WorkflowKind.WinBack).GroupBy(e => e.CustomerId)
                .Select(g => g.Count()).ToListAsync();
            Assert.That(wonBack, Has.All.EqualTo(1));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var state in new[] { a, b })
                Directory.Delete(Path.GetDirectoryName(state.Database.SqliteFile!)!, recursive: true);
        }
    }

    [Test]
    public async Task PostgreSQL_gets_the_same_history_as_SQLite()
    {
        await using var pg = await TestDatabase.CreatePostgresAsync();
        var folder = TestDatabase.NewTempFolder();
        try
        {
            var onPostgres = await SandboxSetup.PrepareAsync(
                SandboxOptions.Parse(["--pg", pg.Database.ConnectionString, "--data", folder, "--customers", "600", "--as-of", "2026-03-02"], out _, _ => null)!, NullLog.Instance);
            var onSqlite = await BuildAsync(customers: 600);
            try
            {
                var expected = await FingerprintAsync(onSqlite.Database);
                Assert.That(expected.Sends, Is.GreaterThan(0));
                Assert.That(await FingerprintAsync(onPostgres.Database), Is.EqualTo(expected));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(Path.GetDirectoryName(onSqlite.Database.SqliteFile!)!, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<SandboxState> BuildAsync(int customers = 1500)
    {
        var options = SandboxOptions.Parse(["--data", TestDatabase.NewTempFolder(), "--customers", customers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--as-of", "2026-03-02"], out _, _ => null)!;
        return await SandboxSetup.PrepareAsync(options, NullLog.Instance);
    }

    private sealed record Fingerprint(int Enrollments, int Sends, int Opens, int Clicks, int Conversions, decimal Revenue, int Answers, int ScoreSum, string Keys);

    private static async Task<Fingerprint> FingerprintAsync(SandboxDatabase database, DateTime? before = null)
    {
        var until = before ?? DateTime.MaxValue;
        await using var db = database.CreateContext();
        var events = await db.WorkflowEvents.AsNoTracking().Where(e => e.OccurredUtc < until).ToListAsync();
        var answers = await db.SurveyAnswers.AsNoTracking().Where(a => a.AnsweredUtc < until).ToListAsync();
        int Count(WorkflowEventKind kind) => events.Count(e => e.KindId == (int)kind);
        var keys = string.Join("|", events.Select(e => e.EventKey).Order(StringComparer.Ordinal));
        return new Fingerprint(await db.Enrollments.CountAsync(e => e.EnrolledUtc < until), Count(WorkflowEventKind.Sent), Count(WorkflowEventKind.Opened),
            Count(WorkflowEventKind.Clicked), Count(WorkflowEventKind.Converted), events.Sum(e => e.Revenue), answers.Count, answers.Sum(a => a.Score),
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(keys))));
    }
}
