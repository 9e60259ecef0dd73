using Retention.Core.Localization;
using Moq;
using Retention.Core.Common;
using Retention.Core.Dashboard;
using Retention.Core.Loyalty;
using Retention.Core.Metrics;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using Retention.Testing.InMemory;

namespace Retention.Core.Tests.Dashboard;

public class DashboardBuilderTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);
    private static readonly StoreId Store1 = new(1);

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    private sealed class Ledger : ILedgerData
    {
        public List<LedgerEntryFact> List { get; } = new();
        public IQueryable<LedgerEntryFact> Entries => List.AsQueryable();
    }

    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Customer 1: two orders on 5 Jan (10 + 5) and one on 10 Feb (20). Customer 2: one order on 20 Feb (40).
    /// Customer 3: only a cancelled order. Customer 9 ordered in store 2 only.
    /// </summary>
    private static InMemoryStoreData SmallStore()
    {
        var data = new InMemoryStoreData();
        data.CustomerList.AddRange(new[] { Build.Customer(1), Build.Customer(2), Build.Customer(3), Build.Customer(9) });
        data.OrderList.AddRange(new[]
        {
            Build.Order(1, 1, At(1, 5, 9), 10m),
            Build.Order(2, 1, At(1, 5, 18), 5m),
            Build.Order(3, 1, At(2, 10), 20m),
            Build.Order(4, 2, At(2, 20), 40m),
            Build.Order(5, 3, At(2, 21), 99m, OrderState.Cancelled),
            Build.Order(6, 9, At(2, 22), 500m, store: 2),
        });
        return data;
    }

    private static Task<DashboardSnapshot> BuildAsync(InMemoryStoreData data, ILedgerData? ledger = null, decimal? pointValue = null) =>
        new DashboardBuilder(data, new InMemoryQueryRunner(), ledger, new FixedClock(At(3, 1, 2)))
            .BuildAsync(new DashboardRequest(Store1, AsOf) { TrendPoints = 3, OtherPeriodDays = new[] { 7 }, CurrencyPerPoint = pointValue });

    private static DashboardKpi Kpi(DashboardSnapshot s, string key, int period = 30) =>
        s.Periods.Single(p => p.PeriodDays == period).Kpis.Single(k => k.Key == key);

    [Test]
    public async Task Kpis_compare_with_the_previous_period_and_trend_back_one_period_at_a_time()
    {
        var s = await BuildAsync(SmallStore());

        var period = s.Periods[0];
        Assert.That(period.PeriodDays, Is.EqualTo(30), "the store's own period comes first");
        // 1 Mar − 60 days = 31 Dec, − 30 days = 30 Jan.
        Assert.That(period.TrendAsOf, Is.EqualTo(new[] { new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 30), AsOf }));
        var customers = Kpi(s, "customers");
        Assert.That(customers.Trend, Is.EqualTo(new double?[] { 0, 1, 2 }));
        Assert.That((customers.Value, customers.Previous, customers.Change), Is.EqualTo(((double?)2, (double?)1, (double?)1)));
        // Now: customer 1 has 3 orders, customer 2 one → 1/2. On 30 Jan: customer 1 alone, with 2 orders → 1.
        var rpr = Kpi(s, "rpr");
        Assert.That((rpr.Value, rpr.Previous, rpr.Change), Is.EqualTo(((double?)0.5, (double?)1.0, (double?)-0.5)));
        // 75 / 4 now, 15 / 2 before.
        var aov = Kpi(s, "aov");
        Assert.That((aov.Value, aov.Previous), Is.EqualTo(((double?)18.75, (double?)7.5)));
        Assert.That(Kpi(s, "churn").HigherIsBetter, Is.False);
        Assert.That(s.Periods.Select(p => p.PeriodDays), Is.EqualTo(new[] { 30, 7 }));
    }

    [Test]
    public async Task Survey_and_workflow_tiles_have_no_data_and_say_so()
    {
        var s = await BuildAsync(SmallStore());

        foreach (var key in new[] { "nps", "csat", "attributedRevenue", "pointsLiability" })
        {
            var kpi = Kpi(s, key);
            Assert.That(kpi.Value, Is.Null, key);
            Assert.That(kpi.Change, Is.Null, key);
            Assert.That(kpi.Note, Is.Not.Empty, key);
        }
    }

    private sealed class Workflows : IWorkflowData
    {
        public List<SurveyAnswerFact> Answers { get; } = new();
        public List<WorkflowEventFact> Events { get; } = new();
        public IQueryable<EnrollmentFact> Enrollments => Enumerable.Empty<EnrollmentFact>().AsQueryable();
        public IQueryable<WorkflowEventFact> WorkflowEvents => Events.AsQueryable();
        public IQueryable<SurveyAnswerFact> SurveyAnswers => Answers.AsQueryable();

        public Workflows Answer(SurveyKind kind, int score, DateTime at, int store = 1)
        {
            Answers.Add(new SurveyAnswerFact { Id = Answers.Count + 1, KindId = (int)kind, StoreId = store, CustomerId = 1, Score = score, AnsweredUtc = at });
            return this;
        }

        public Workflows Event(WorkflowEventKind kind, decimal revenue, DateTime at, int store = 1, bool control = false)
        {
            Events.Add(new WorkflowEventFact { Id = Events.Count + 1, WorkflowId = 1, KindId = (int)kind, StoreId = store, CustomerId = 1, Revenue = revenue, OccurredUtc = at, IsControl = control });
            return this;
        }
    }

    private static Task<DashboardSnapshot> BuildWithWorkflowsAsync(IWorkflowData workflows) =>
        new DashboardBuilder(SmallStore(), new InMemoryQueryRunner(), null, new FixedClock(At(3, 1, 2)), workflows: workflows)
            .BuildAsync(new DashboardRequest(Store1, AsOf) { TrendPoints = 3, OtherPeriodDays = new[] { 7 } });

    [Test]
    public async Task Nps_is_the_share_of_promoters_minus_the_share_of_detractors_among_the_periods_answers()
    {
        // The 30-day period is [30 Jan, 1 Mar): 10, 10, 9, 7, 0 → 3 promoters and 1 detractor of 5 = 60 % − 20 % = 40.
        var workflows = new Workflows()
            .Answer(SurveyKind.Nps, 10, At(1, 30, 0)).Answer(SurveyKind.Nps, 10, At(2, 3)).Answer(SurveyKind.Nps, 9, At(2, 10))
            .Answer(SurveyKind.Nps, 7, At(2, 20)).Answer(SurveyKind.Nps, 0, new DateTime(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc))
            .Answer(SurveyKind.Nps, 0, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc))   // at as_of: not in the period
            .Answer(SurveyKind.Nps, 3, At(2, 12), store: 2)                                    // another store
            .Answer(SurveyKind.Csat, 1, At(2, 12))                                             // not an NPS answer
            .Answer(SurveyKind.Nps, 6, At(1, 20));                                             // previous period: one detractor → −100

        var nps = Kpi(await BuildWithWorkflowsAsync(workflows), "nps");

        Assert.That((nps.Value, nps.Previous, nps.Change, nps.Note), Is.EqualTo(((double?)40, (double?)-100, (double?)140, (string?)null)));
    }

    [Test]
    public async Task Csat_is_the_share_of_answers_of_four_or_five()
    {
        var workflows = new Workflows()
            .Answer(SurveyKind.Csat, 5, At(2, 1)).Answer(SurveyKind.Csat, 4, At(2, 2)).Answer(SurveyKind.Csat, 3, At(2, 3)).Answer(SurveyKind.Csat, 1, At(2, 4))
            .Answer(SurveyKind.Nps, 10, At(2, 5))                                              // not a CSAT answer
            .Answer(SurveyKind.Csat, 5, At(1, 10));                                            // previous period: 1 of 1

        var csat = Kpi(await BuildWithWorkflowsAsync(workflows), "csat");

        Assert.That((csat.Value, csat.Previous, csat.Change), Is.EqualTo(((double?)0.5, (double?)1.0, (double?)-0.5)));
    }

    [Test]
    public async Task Attributed_revenue_sums_the_periods_conversions_of_messages_actually_sent()
    {
        var workflows = new Workflows()
            .Event(WorkflowEventKind.Converted, 30.00m, At(2, 2)).Event(WorkflowEventKind.Converted, 12.50m, At(2, 28))
            .Event(WorkflowEventKind.Converted, 99m, At(2, 5), control: true)                  // control group: nothing was sent
            .Event(WorkflowEventKind.Clicked, 0m, At(2, 6))
            .Event(WorkflowEventKind.CouponRedeemed, 20m, At(2, 7))
            .Event(WorkflowEventKind.Converted, 500m, At(2, 8), store: 2)
            .Event(WorkflowEventKind.Converted, 7m, At(1, 29));                                // previous period

        var revenue = Kpi(await BuildWithWorkflowsAsync(workflows), "attributedRevenue");

        Assert.That((revenue.Value, revenue.Previous, revenue.Note), Is.EqualTo(((double?)42.5, (double?)7, (string?)null)));
    }

    [Test]
    public async Task Without_survey_answers_the_scores_have_no_value_and_say_why_while_attributed_revenue_is_zero()
    {
        var s = await BuildWithWorkflowsAsync(new Workflows());

        Assert.That((Kpi(s, "nps").Value, Kpi(s, "nps").Note), Is.EqualTo(((double?)null, "No survey answers yet.")));
        Assert.That(Kpi(s, "csat").Value, Is.Null);
        Assert.That(Kpi(s, "attributedRevenue").Value, Is.EqualTo(0));
    }

    [Test]
    public async Task Points_liability_is_the_active_balance_times_the_point_value_and_ignores_pending_points_and_other_stores()
    {
        var ledger = new Ledger();
        LedgerEntryFact Entry(int points, DateTime created, DateTime activates, int store = 1) =>
            new() { StoreId = store, CustomerId = 1, Points = points, CreatedUtc = created, ActivatesUtc = activates };
        ledger.List.AddRange(new[]
        {
            Entry(100, At(1, 5), At(1, 10)),
            Entry(-30, At(2, 1), At(2, 1)),
            Entry(50, At(2, 25), At(3, 5)), // still pending on 1 Mar
            Entry(1000, At(1, 5), At(1, 5), store: 2),
        });

        var s = await BuildAsync(SmallStore(), ledger, pointValue: 0.01m);

        var liability = Kpi(s, "pointsLiability");
        Assert.That(liability.Value, Is.EqualTo(0.70).Within(1e-12));
        Assert.That(liability.Previous, Is.EqualTo(1.00).Within(1e-12), "on 30 Jan only the 100 points were active");
        Assert.That(liability.Trend[0], Is.EqualTo(0.0), "nothing was active on 31 Dec");
        Assert.That(liability.HigherIsBetter, Is.False);
    }

    [Test]
    public async Task Customer_rows_merge_same_day_orders_into_one_purchase_and_leave_out_cancelled_orders_and_other_stores()
    {
        var builder = new DashboardBuilder(SmallStore(), new InMemoryQueryRunner(), null, new FixedClock(At(3, 1)));

        var rows = (await builder.CustomerRowsAsync(Store1, AsOf)).OrderBy(r => r.CustomerId).ToList();

        Assert.That(rows.Select(r => r.CustomerId), Is.EqualTo(new[] { 1, 2 }));
        var c1 = rows[0];
        Assert.That((c1.Orders, c1.PurchaseDays, c1.Revenue, c1.FirstDayRevenue), Is.EqualTo((3, 2, 35m, 15m)));
        // x = 1; t_x = 10 Feb − 5 Jan = 36 days; T = 28 Feb − 5 Jan = 54 days; z̄ = the repeat day's 20.
        var summary = DashboardBuilder.Summary(c1, AsOf);
        Assert.That((summary.Frequency, summary.Recency, summary.Age, summary.MonetaryValue), Is.EqualTo((1, 36.0, 54.0, 20.0)));
        var c2 = DashboardBuilder.Summary(rows[1], AsOf);
        Assert.That((c2.Frequency, c2.Recency, c2.Age, c2.MonetaryValue), Is.EqualTo((0, 0.0, 8.0, 0.0)));
    }

    [Test]
    public async Task Below_the_prediction_threshold_the_at_risk_list_falls_back_to_rfm_and_says_why()
    {
        var s = await BuildAsync(SmallStore());

        Assert.That(s.Prediction.CanPredict, Is.False);
        Assert.That(s.Prediction.Explanation, Does.Contain("Only 1 customers have bought more than once"));
        Assert.That((s.Prediction.Customers, s.Prediction.RepeatCustomers), Is.EqualTo((2L, 1L)));
        Assert.That(s.Prediction.Holdout, Is.Null);
        Assert.That(s.AtRisk.Basis, Is.EqualTo("rfm"));
        Assert.That(s.AtRisk.Explanation, Does.Contain("RFM"));
        Assert.That((s.AtRisk.HelpKey, s.AtRisk.HelpValues), Is.EqualTo(("atRisk.help.rfm", (IReadOnlyDictionary<string, string>?)null)),
            "hosts show the rule in the reader's language");
        // With two customers the scores are 2 and 4: customer 1 is R2 F4 M2 → FM 3 → At risk; customer 2 R4 F2 M4 → Potential loyalist.
        var only = s.AtRisk.Customers.Single();
        Assert.That((only.CustomerId, only.Segment, only.Orders, only.Revenue, only.DaysSinceLastOrder), Is.EqualTo((1, "At risk", 3, 35m, 19)));
        Assert.That((only.Name, only.Email), Is.EqualTo(("Customer 1", "customer1@example.com")));
        Assert.That(only.ProbabilityAlive, Is.Null);
        var segments = s.Segments.ToDictionary(g => g.Key);
        Assert.That(s.Segments, Has.Count.EqualTo(11));
        Assert.That((segments["AtRisk"].Customers, segments["AtRisk"].Revenue, segments["AtRisk"].Share), Is.EqualTo((1, 35m, 0.5)));
        Assert.That(segments["PotentialLoyalist"].Customers, Is.EqualTo(1));
    }

    [Test]
    public async Task Each_days_median_gap_is_asked_of_the_host_once_although_both_periods_trend_through_it()
    {
        var gaps = new Mock<IPurchaseGapQuery>();
        gaps.Setup(g => g.SummarizeAsync(It.IsAny<CountedOrders>(), It.IsAny<CancellationToken>())).ReturnsAsync(new PurchaseGapSummary(1, 2.5));
        // The per-query build (the one-pass build reads the orders once and asks the host's gap query nothing).
        var builder = new DashboardBuilder(SmallStore(), new InMemoryQueryRunner(), null, new FixedClock(At(3, 1, 2)), gaps.Object) { UseQueries = true };

        var s = await builder.BuildAsync(new DashboardRequest(Store1, AsOf) { TrendPoints = 3, OtherPeriodDays = new[] { 14 } });

        // 30-day points: 1 Mar, 30 Jan, 31 Dec; 14-day points: 1 Mar, 15 Feb, 1 Feb — five days (no order before 31 Dec).
        var days = new[] { AsOf, AsOf.AddDays(-30), AsOf.AddDays(-60), AsOf.AddDays(-14), AsOf.AddDays(-28) };
        foreach (var day in days.Where(d => d > new DateOnly(2026, 1, 5)))
            gaps.Verify(g => g.SummarizeAsync(new CountedOrders(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), 1), It.IsAny<CancellationToken>()), Times.Once(), day.ToString());
        Assert.That(Kpi(s, "tbp", 14).Value, Is.EqualTo(2.5));
    }

    [Test]
    public async Task Cohorts_are_the_current_periods_with_every_month_before_as_of()
    {
        var s = await BuildAsync(SmallStore());

        Assert.That(s.Cohorts.Select(c => (c.Cohort, c.Size)), Is.EqualTo(new[] { ("2026-01", 1), ("2026-02", 1) }));
        Assert.That(s.Cohorts[0].Retention, Is.EqualTo(new[] { 1.0, 1.0 }));
        Assert.That(s.Cohorts[1].Retention, Is.EqualTo(new[] { 1.0 }));
    }

    [Test]
    public async Task Customers_of_all_time_and_customers_active_in_the_window_are_two_tiles_named_apart()
    {
        var data = SmallStore();
        data.CustomerList.Add(Build.Customer(4));
        data.OrderList.Add(Build.Order(7, 4, new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc), 30m)); // long before the 365-day window

        var s = await BuildAsync(data);

        Assert.That((Kpi(s, "customers").Value, Kpi(s, "activeCustomers").Value), Is.EqualTo(((double?)3, (double?)2)));
        Assert.That(Kpi(s, "customers").Label, Is.EqualTo("Customers (all time)"));
        Assert.That(Kpi(s, "activeCustomers").Label, Is.EqualTo("Active customers (ordered in the last 365 days)"));
    }

    [Test]
    public async Task A_cohort_month_still_running_at_as_of_is_marked_partial_and_a_finished_one_is_not()
    {
        var midMonth = await new DashboardBuilder(SmallStore(), new InMemoryQueryRunner(), null, new FixedClock(At(2, 15, 2)))
            .BuildAsync(new DashboardRequest(Store1, new DateOnly(2026, 2, 15)) { TrendPoints = 2, OtherPeriodDays = Array.Empty<int>() });
        var monthEnd = await BuildAsync(SmallStore());

        // On 15 Feb, January's cohort has its February (M1) only half over: 100 % so far, not final.
        Assert.That(midMonth.Cohorts.Select(c => (c.Cohort, c.PartialMonth)), Is.EqualTo(new[] { ("2026-01", (int?)1) }));
        Assert.That(monthEnd.Cohorts.Select(c => c.PartialMonth), Is.All.Null, "on 1 Mar every month shown is over");
    }

    [Test]
    public async Task An_empty_store_gives_zero_customers_no_rates_no_cohorts_and_an_empty_at_risk_list()
    {
        var s = await BuildAsync(new InMemoryStoreData());

        Assert.That(Kpi(s, "customers").Value, Is.EqualTo(0));
        Assert.That(Kpi(s, "rpr").Value, Is.Null);
        Assert.That(Kpi(s, "aov").Note, Is.EqualTo("No orders yet."));
        Assert.That(s.Cohorts, Is.Empty);
        Assert.That(s.Segments.Sum(g => g.Customers), Is.EqualTo(0));
        Assert.That(s.AtRisk.Customers, Is.Empty);
        Assert.That(s.Prediction.CanPredict, Is.False);
        Assert.That(s.Prediction.Explanation, Does.Contain("no customers"));
    }

    [Test]
    public async Task A_snapshot_survives_its_json_and_another_version_reads_as_none()
    {
        var s = await BuildAsync(SmallStore());

        var json = s.ToJson();
        var back = DashboardSnapshot.FromJson(json)!;

        Assert.That(json, Does.Contain("\"asOf\":\"2026-03-01\""));
        Assert.That(json, Does.Contain("\"value\":null"), "a missing figure is written as null, not left out");
        Assert.That(back.ToJson(), Is.EqualTo(json));
        Assert.That(DashboardSnapshot.FromJson(json.Replace("\"version\":1", "\"version\":0")), Is.Null);
        Assert.That(DashboardSnapshot.FromJson("{\"Customers\":3}"), Is.Null, "the older StoreMetrics snapshot");
        Assert.That(DashboardSnapshot.FromJson("not json"), Is.Null);
    }

    [Test]
    public void A_period_longer_than_the_active_window_is_refused_by_name()
    {
        var builder = new DashboardBuilder(new InMemoryStoreData(), new InMemoryQueryRunner(), null, new FixedClock(At(3, 1)));

        var e = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            builder.BuildAsync(new DashboardRequest(Store1, AsOf) { ActiveWindowDays = 30, DefaultPeriodDays = 60 }));
        Assert.That(e!.ParamName, Is.EqualTo("DefaultPeriodDays"));
    }

    [Test]
    public void The_period_list_starts_with_the_stores_own_and_leaves_out_periods_beyond_the_window()
    {
        var request = new DashboardRequest(Store1, AsOf) { ActiveWindowDays = 60, DefaultPeriodDays = 14, OtherPeriodDays = new[] { 90, 7, 14, 30 } };

        Assert.That(request.PeriodDays(), Is.EqualTo(new[] { 14, 7, 30 }));
    }
}

/// <summary>Issue 15: the at-risk list's segments agree with its P(alive) column.</summary>
public class DashboardAtRiskSegmentTests
{
    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    /// <summary>CDNOW's sample as a store, scored the day after its last day: enough repeat buyers for the models.</summary>
    private static readonly Lazy<Task<DashboardSnapshot>> CdnowSnapshot = new(() =>
    {
        var data = new InMemoryStoreData();
        var orderId = 0;
        foreach (var (customer, purchases) in Retention.Core.Tests.Analytics.Cdnow.SampleTransactions)
        {
            data.CustomerList.Add(Build.Customer(customer));
            foreach (var p in purchases)
                data.OrderList.Add(Build.Order(++orderId, customer, DateTime.SpecifyKind(p.Timestamp.AddHours(12), DateTimeKind.Utc), p.Amount));
        }
        var asOf = Retention.Core.Tests.Analytics.Cdnow.ObservationEnd.AddDays(1);
        return new DashboardBuilder(data, new InMemoryQueryRunner(), null, new FixedClock(DateTime.UtcNow))
            .BuildAsync(new DashboardRequest(new StoreId(1), asOf) { TrendPoints = 2, OtherPeriodDays = Array.Empty<int>(), AtRiskLimit = 500 });
    });

    [Test]
    public async Task No_customer_on_the_predicted_at_risk_list_is_labelled_with_a_segment_of_active_customers()
    {
        var s = await CdnowSnapshot.Value;

        Assert.That(s.AtRisk.Basis, Is.EqualTo("prediction"));
        Assert.That(s.AtRisk.HelpKey, Is.EqualTo("atRisk.help.prediction"));
        // The keyed sentence filled with the snapshot's values is the English explanation, word for word.
        Assert.That(TextFormat.Format(DashboardTexts.English[s.AtRisk.HelpKey!], System.Globalization.CultureInfo.InvariantCulture,
            s.AtRisk.HelpValues!.Select(v => TextArg.Of(v.Key, v.Value)).ToArray()), Is.EqualTo(s.AtRisk.Explanation.Replace(" %", "%", StringComparison.Ordinal)));
        Assert.That(s.AtRisk.Customers, Is.Not.Empty);
        var active = new[] { "Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention", "About to sleep" };
        Assert.That(s.AtRisk.Customers.Where(c => active.Contains(c.Segment)).Select(c => $"{c.CustomerId}: {c.Segment}, P(alive) {c.ProbabilityAlive:P1}"), Is.Empty);
    }

    [Test]
    public async Task With_fitted_models_the_snapshot_says_how_many_customers_will_buy_in_the_next_90_days_and_for_how_much()
    {
        var s = await CdnowSnapshot.Value;

        var outlook = s.Prediction.Outlook;
        Assert.That(outlook, Is.Not.Null);
        Assert.That(outlook!.HorizonDays, Is.EqualTo(90));
        Assert.That(outlook.Customers, Is.EqualTo(2357));
        // CDNOW's last 90 days saw about 200 of the 2,357 buy (BG/NBD's figure is of that size), each for about $35–40.
        Assert.That(outlook.ExpectedBuyers, Is.InRange(100, 400));
        Assert.That(outlook.ExpectedPurchases, Is.GreaterThan(outlook.ExpectedBuyers));
        Assert.That(outlook.ExpectedRevenue, Is.InRange(outlook.ExpectedPurchases * 20, outlook.ExpectedPurchases * 80));
    }
}
