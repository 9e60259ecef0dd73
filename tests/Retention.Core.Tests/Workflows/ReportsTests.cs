using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.TriggersHarness;

namespace Retention.Core.Tests.Workflows;

public class ReportsTests
{
    private TriggersHarness _h = null!;
    private static readonly DateTime From = T0.AddDays(-10);
    private static readonly DateTime To = T0.AddDays(10);

    [SetUp]
    public void SetUp() => _h = new TriggersHarness();

    [Test]
    public async Task Stats_count_each_kind_of_event_per_workflow_and_step_in_the_period()
    {
        var cart = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 1);
        var other = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 2);
        var control = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 3, control: true);
        var welcome = await _h.EnrolledAsync(WorkflowKind.Welcome, customer: 1, subject: "welcome");
        await _h.EventAsync(cart, WorkflowEventKind.Sent, T0);
        await _h.EventAsync(other, WorkflowEventKind.Sent, T0);
        await _h.EventAsync(control, WorkflowEventKind.Withheld, T0);
        await _h.EventAsync(cart, WorkflowEventKind.Opened, T0.AddHours(1));
        await _h.EventAsync(cart, WorkflowEventKind.Clicked, T0.AddHours(1));
        await _h.EventAsync(cart, WorkflowEventKind.Sent, T0.AddDays(1), step: 2);
        await _h.EventAsync(cart, WorkflowEventKind.CouponRedeemed, T0.AddDays(2), step: 2);
        await _h.Stores.TryAddAsync(new WorkflowEvent
        {
            Key = new IdempotencyKey("conv"), EnrollmentId = cart.Id, Workflow = cart.Workflow, Step = 2, Store = Store1, Customer = cart.Customer,
            Kind = WorkflowEventKind.Converted, OccurredUtc = T0.AddDays(2), OrderId = 9, Revenue = 80m,
        });
        await _h.EventAsync(welcome, WorkflowEventKind.Skipped, T0);
        await _h.EventAsync(other, WorkflowEventKind.Skipped, To, step: 1);
        await _h.Stores.TryAddAsync(new WorkflowEvent
        {
            Key = new IdempotencyKey("store2"), EnrollmentId = 99, Workflow = WorkflowKind.AbandonedCart, Step = 0, Store = new StoreId(2),
            Customer = new CustomerId(1), Kind = WorkflowEventKind.Sent, OccurredUtc = T0,
        });

        var stats = await _h.Workflows.Reports.StatsAsync(Store1, From, To);

        Assert.That(stats, Is.EqualTo(new[]
        {
            new WorkflowStepStats(WorkflowKind.AbandonedCart, 0, Sent: 2, Withheld: 1, Skipped: 0, Opened: 1, Clicked: 1, Converted: 0, Revenue: 0m, CouponsRedeemed: 0),
            new WorkflowStepStats(WorkflowKind.AbandonedCart, 2, Sent: 1, Withheld: 0, Skipped: 0, Opened: 0, Clicked: 0, Converted: 1, Revenue: 80m, CouponsRedeemed: 1),
            new WorkflowStepStats(WorkflowKind.Welcome, 0, Sent: 0, Withheld: 0, Skipped: 1, Opened: 0, Clicked: 0, Converted: 0, Revenue: 0m, CouponsRedeemed: 0),
        }));
    }

    [Test]
    public void Reports_refuse_a_period_that_ends_before_it_starts()
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => _h.Workflows.Reports.StatsAsync(Store1, To, From));
        Assert.That(error!.Message, Does.Contain("must end after it starts"));
        Assert.ThrowsAsync<ArgumentException>(() => _h.Workflows.Reports.LiftAsync(Store1, WorkflowKind.AbandonedCart, T0, T0));
        Assert.ThrowsAsync<ArgumentException>(() => _h.Workflows.Reports.SurveySummaryAsync(Store1, SurveyKind.Nps, T0, T0));
    }

    [Test]
    public async Task Lift_counts_counted_orders_after_enrolling_within_the_last_step_plus_the_attribution_window()
    {
        // Abandoned cart: last step at 72 h + 5 attribution days = orders up to 8 days after the anchor count.
        foreach (var customer in new[] { 1, 2, 3, 4 })
            await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: customer, at: T0);
        foreach (var customer in new[] { 5, 6 })
            await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: customer, control: true, at: T0);
        await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 9, at: To.AddDays(1));
        await _h.EnrolledAsync(WorkflowKind.Welcome, customer: 2, subject: "welcome", at: T0);
        _h.Order(1, customer: 1, T0.AddDays(1), 100m);
        _h.Order(2, customer: 2, T0.AddDays(9), 50m);
        _h.Order(3, customer: 3, T0.AddDays(2), 30m);
        _h.Order(4, customer: 3, T0.AddDays(3), 20m);
        _h.Order(5, customer: 4, T0.AddDays(-1), 70m);
        _h.Order(6, customer: 4, T0.AddDays(1), 70m, OrderState.Cancelled);
        _h.Order(7, customer: 5, T0.AddDays(1), 40m);
        _h.Order(8, customer: 9, To.AddDays(2), 10m);

        var lift = await _h.Workflows.Reports.LiftAsync(Store1, WorkflowKind.AbandonedCart, From, To);

        // Sent: 4 enrolled, customers 1 (100) and 3 (30 + 20) converted → Σ 150, Σ² = 100² + 50² = 12 500.
        // Control: 2 enrolled, customer 5 (40) converted → Σ 40, Σ² 1 600.
        Assert.That(lift.Sent, Is.EqualTo(new LiftArm(4, 2, 150m)));
        Assert.That(lift.Control, Is.EqualTo(new LiftArm(2, 1, 40m)));
        Assert.That(lift.ConversionLift, Is.EqualTo(WorkflowStatistics.DifferenceOfProportions(2, 4, 1, 2)));
        Assert.That(lift.RevenuePerEnrolledLift, Is.EqualTo(WorkflowStatistics.DifferenceOfMeans(4, 150, 12500, 2, 40, 1600)));
        Assert.That(lift.RevenuePerEnrolledLift!.Estimate, Is.EqualTo(37.5 - 20.0).Within(1e-9));
        Assert.That(lift.Note, Does.Contain("Too few enrollments").And.Contain("4 sent").And.Contain("2 in the control group"));
    }

    [Test]
    public async Task Lift_of_large_enough_groups_carries_no_warning()
    {
        for (var customer = 1; customer <= 60; customer++)
            await _h.EnrolledAsync(WorkflowKind.WinBack, customer: customer, subject: "2026-03", control: customer > 30, at: T0);
        for (var customer = 1; customer <= 10; customer++)
            _h.Order(customer, customer, T0.AddDays(3), 25m);

        var lift = await _h.Workflows.Reports.LiftAsync(Store1, WorkflowKind.WinBack, From, To);

        Assert.That((lift.Sent.Enrolled, lift.Sent.Converted, lift.Control.Enrolled, lift.Control.Converted), Is.EqualTo((30, 10, 30, 0)));
        Assert.That(lift.Note, Is.Null);
        Assert.That(lift.ConversionLift!.Low, Is.GreaterThan(0), "10/30 against 0/30 is a real difference");
    }

    [Test]
    public async Task Lift_says_so_when_the_workflow_keeps_no_control_group()
    {
        await _h.EnrolledAsync(WorkflowKind.TierUp, subject: "tier:Gold:20260302", at: T0);

        var lift = await _h.Workflows.Reports.LiftAsync(Store1, WorkflowKind.TierUp, From, To);

        Assert.That(lift.ConversionLift, Is.Null);
        Assert.That(lift.Note, Does.Contain("no control group"));
    }

    [Test]
    public async Task Survey_summary_gives_nps_the_full_distribution_and_the_latest_comments()
    {
        var scores = new[] { 10, 10, 9, 8, 6, 0 };
        for (var i = 0; i < scores.Length; i++)
        {
            await _h.Stores.TryAddAsync(new SurveyAnswer
            {
                Kind = SurveyKind.Nps, Store = Store1, Customer = new CustomerId(i + 1), Subject = "nps", Score = scores[i],
                AnsweredUtc = T0.AddMinutes(i), Comment = i % 2 == 0 ? $"comment {i}" : null,
            });
        }
        await _h.Stores.TryAddAsync(new SurveyAnswer { Kind = SurveyKind.Csat, Store = Store1, Customer = new CustomerId(1), Subject = "order:1", Score = 5, AnsweredUtc = T0 });
        await _h.Stores.TryAddAsync(new SurveyAnswer { Kind = SurveyKind.Nps, Store = Store1, Customer = new CustomerId(50), Subject = "nps", Score = 0, AnsweredUtc = To });

        var summary = await _h.Workflows.Reports.SurveySummaryAsync(Store1, SurveyKind.Nps, From, To);

        // 3 promoters, 1 passive, 2 detractors of 6: (3 − 2) / 6 = 16.7.
        Assert.That(summary.Answers, Is.EqualTo(6));
        Assert.That(summary.Score, Is.EqualTo(100.0 / 6).Within(1e-9));
        Assert.That(summary.Distribution.Keys, Is.EqualTo(Enumerable.Range(0, 11)));
        Assert.That(summary.Distribution[10], Is.EqualTo(2));
        Assert.That(summary.Distribution[5], Is.EqualTo(0));
        Assert.That(summary.RecentComments.Select(c => c.Comment), Is.EqualTo(new[] { "comment 4", "comment 2", "comment 0" }));
    }

    [Test]
    public async Task Survey_summary_shows_at_most_twenty_comments_and_csat_as_a_share()
    {
        for (var i = 0; i < 25; i++)
        {
            await _h.Stores.TryAddAsync(new SurveyAnswer
            {
                Kind = SurveyKind.Csat, Store = Store1, Customer = new CustomerId(i + 1), Subject = "order:" + i, Score = i < 20 ? 5 : 2,
                AnsweredUtc = T0.AddMinutes(i), Comment = "c" + i,
            });
        }

        var summary = await _h.Workflows.Reports.SurveySummaryAsync(Store1, SurveyKind.Csat, From, To);

        Assert.That(summary.Score, Is.EqualTo(0.8).Within(1e-12));
        Assert.That(summary.RecentComments, Has.Count.EqualTo(WorkflowReports.SurveyCommentsShown));
        Assert.That(summary.RecentComments[0].Comment, Is.EqualTo("c24"));
    }

    [Test]
    public async Task Win_back_reasons_have_no_headline_score()
    {
        await _h.Stores.TryAddAsync(new SurveyAnswer { Kind = SurveyKind.WinBackReason, Store = Store1, Customer = new CustomerId(1), Subject = "2026-03", Score = 1, AnsweredUtc = T0 });

        var summary = await _h.Workflows.Reports.SurveySummaryAsync(Store1, SurveyKind.WinBackReason, From, To);

        Assert.That(summary.Score, Is.Null);
        Assert.That(summary.Distribution.Keys, Is.EqualTo(WinBackReasons.All.Keys.Order()));
        Assert.That(summary.Distribution[1], Is.EqualTo(1));
    }
}
