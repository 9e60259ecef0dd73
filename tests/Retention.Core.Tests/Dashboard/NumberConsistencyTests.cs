using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Dashboard;

/// <summary>
/// Issue 15: a figure two pages show is computed once, so the pages agree. Each test computes one figure the way two
/// pages do, over the same data and the same window, and asks for equality.
/// </summary>
public class NumberConsistencyTests
{
    private static readonly StoreId Store1 = new(1);
    private static readonly DateOnly Day = new(2026, 4, 10);
    private static readonly DateTime Midnight = Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    private sealed class WorkflowTables : IWorkflowData
    {
        public List<WorkflowEventFact> Events { get; } = new();
        public IQueryable<EnrollmentFact> Enrollments => Enumerable.Empty<EnrollmentFact>().AsQueryable();
        public IQueryable<WorkflowEventFact> WorkflowEvents => Events.AsQueryable();
        public IQueryable<SurveyAnswerFact> SurveyAnswers => Enumerable.Empty<SurveyAnswerFact>().AsQueryable();

        public WorkflowTables Event(WorkflowEventKind kind, decimal revenue, DateTime at, bool control = false, int store = 1)
        {
            Events.Add(new WorkflowEventFact { Id = Events.Count + 1, WorkflowId = (int)WorkflowKind.WinBack, StoreId = store, CustomerId = Events.Count + 1,
                KindId = (int)kind, OccurredUtc = at, IsControl = control, Revenue = revenue });
            return this;
        }
    }

    private static DashboardKpi Kpi(DashboardSnapshot s, string key) => s.Periods.Single(p => p.PeriodDays == 30).Kpis.Single(k => k.Key == key);

    [Test]
    public async Task Dashboard_points_liability_equals_the_finance_reports_closing_value_with_and_without_pending_points()
    {
        var h = new ProgramHarness(new LoyaltySettings { CurrencyPerPoint = 0.01m }, Midnight.AddDays(5));
        async Task Append(string key, int points, LedgerReason reason, DateTime created, DateTime? activates = null, int store = 1) =>
            Assert.That(await h.Ledger.TryAppendAsync(new LedgerEntry
            {
                Key = new IdempotencyKey(key), Store = new StoreId(store), Customer = new CustomerId(key.Length), Points = points, Reason = reason,
                Source = LedgerSource.System, CreatedUtc = created, ActivatesUtc = activates ?? created,
            }), Is.True);
        await Append("old", 500, LedgerReason.Purchase, Midnight.AddDays(-5));
        await Append("pending", 100, LedgerReason.Purchase, Midnight.AddHours(9), activates: Midnight.AddDays(14));
        await Append("spent", -30, LedgerReason.Redemption, Midnight.AddHours(11));
        await Append("expired", -20, LedgerReason.Expiry, Midnight.AddHours(23));
        await Append("other store", 999, LedgerReason.Purchase, Midnight.AddHours(1), store: 2);

        var finance = (await h.Views.AccountingAsync(Store1, Day, Day)).Single();
        // The dashboard of the next day (as_of is exclusive) covers exactly the finance report's day.
        var dashboard = await new DashboardBuilder(new InMemoryStoreData(), new InMemoryQueryRunner(), new InMemoryLedgerData(h.Ledger), new FixedClock(Midnight.AddDays(1)))
            .BuildAsync(new DashboardRequest(Store1, Day.AddDays(1)) { TrendPoints = 2, OtherPeriodDays = Array.Empty<int>(), CurrencyPerPoint = 0.01m });

        Assert.That(Kpi(dashboard, "pointsLiabilityWithPending").Value, Is.EqualTo((double)finance.ClosingValue));
        Assert.That(Kpi(dashboard, "pointsLiability").Value, Is.EqualTo((double)((finance.Closing - finance.PendingAtClose) * finance.CurrencyPerPoint)));
        Assert.That((finance.Closing, finance.PendingAtClose), Is.EqualTo((550L, 100L)), "the fixture has pending points, or the test proves nothing");
    }

    [Test]
    public async Task Dashboard_attributed_revenue_equals_the_workflows_lists_total_for_the_same_window()
    {
        var asOf = new DateOnly(2026, 3, 1);
        var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var tables = new WorkflowTables()
            .Event(WorkflowEventKind.Converted, 30m, end.AddDays(-20))
            .Event(WorkflowEventKind.Converted, 12.5m, end.AddMinutes(-1))
            .Event(WorkflowEventKind.Converted, 99m, end.AddDays(-5), control: true)   // a control enrollment: sent nothing
            .Event(WorkflowEventKind.CouponRedeemed, 20m, end.AddDays(-3))
            .Event(WorkflowEventKind.Converted, 500m, end.AddDays(-2), store: 2)
            .Event(WorkflowEventKind.Converted, 7m, end.AddDays(-31))
            .Event(WorkflowEventKind.Converted, 8m, end);
        var reports = new WorkflowReports(new InMemoryWorkflowSettingsStore(Store1), tables, new InMemoryStoreData(), new InMemoryQueryRunner());

        var list = (await reports.StatsAsync(Store1, end.AddDays(-30), end)).Sum(s => s.Revenue);
        var dashboard = await new DashboardBuilder(new InMemoryStoreData(), new InMemoryQueryRunner(), null, new FixedClock(end), workflows: tables)
            .BuildAsync(new DashboardRequest(Store1, asOf) { TrendPoints = 2, OtherPeriodDays = Array.Empty<int>() });

        Assert.That(Kpi(dashboard, "attributedRevenue").Value, Is.EqualTo((double)list));
        Assert.That(list, Is.EqualTo(42.5m));
    }
}
