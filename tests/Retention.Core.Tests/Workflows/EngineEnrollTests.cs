using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Store;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.EngineHarness;

namespace Retention.Core.Tests.Workflows;

/// <summary>Who enters a workflow: switches, audience, re-entry, stand-aside, and the control group.</summary>
public sealed class EngineEnrollTests
{
    [Test]
    public async Task Workflow_switched_off_or_retention_off_enrolls_no_one()
    {
        var h = new EngineHarness();
        Assert.That(await h.EnrollAsync(WorkflowKind.Welcome), Is.EqualTo(EnrollOutcome.WorkflowOff));

        await h.EnableAsync(WorkflowKind.Welcome);
        await h.UseOptionsAsync(new RetentionOptions { Enabled = false });
        Assert.That(await h.EnrollAsync(WorkflowKind.Welcome), Is.EqualTo(EnrollOutcome.WorkflowOff));
        Assert.That(h.Stores.AllEnrollments, Is.Empty);
    }

    [Test]
    public async Task Enrolling_again_about_the_same_subject_changes_nothing()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.ReviewRequest);

        var first = await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:1");
        h.Clock.UtcNow = T0.AddHours(1);
        var again = await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:1");
        var other = await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:2");

        Assert.That((first, again, other), Is.EqualTo((EnrollOutcome.Enrolled, EnrollOutcome.AlreadyEnrolled, EnrollOutcome.Enrolled)));
        Assert.That(h.Stores.AllEnrollments.Single(e => e.Subject == "order:1").EnrolledUtc, Is.EqualTo(T0));
    }

    [Test]
    public async Task Replayed_event_inside_the_re_entry_time_is_reported_as_already_enrolled()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.WinBack);
        await h.EnrollAsync(WorkflowKind.WinBack, subject: "dormant:1");

        Assert.That(await h.EnrollAsync(WorkflowKind.WinBack, subject: "dormant:1"), Is.EqualTo(EnrollOutcome.AlreadyEnrolled));
    }

    [Test]
    public async Task Win_back_lets_a_customer_back_in_only_after_180_days()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.WinBack);
        await h.EnrollAsync(WorkflowKind.WinBack, subject: "dormant:1");

        h.Clock.UtcNow = T0.AddDays(180).AddTicks(-1);
        var tooSoon = await h.EnrollAsync(WorkflowKind.WinBack, subject: "dormant:2");
        h.Clock.UtcNow = T0.AddDays(180);
        var again = await h.EnrollAsync(WorkflowKind.WinBack, subject: "dormant:2");
        var someoneElse = await h.EnrollAsync(WorkflowKind.WinBack, customer: 8, subject: "dormant:2");

        Assert.That((tooSoon, again, someoneElse), Is.EqualTo((EnrollOutcome.ReentryTooSoon, EnrollOutcome.Enrolled, EnrollOutcome.Enrolled)));
    }

    [Test]
    public async Task Control_group_enrollment_counts_for_re_entry()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.WinBack, w => w with { ControlGroupPercent = 50m });
        var control = Enumerable.Range(1, 100).First(c => ControlGroup.IsControl(Store1, new CustomerId(c), WorkflowKind.WinBack, 50m));

        var first = await h.EnrollAsync(WorkflowKind.WinBack, control, "dormant:1");
        h.Clock.UtcNow = T0.AddDays(30);
        var second = await h.EnrollAsync(WorkflowKind.WinBack, control, "dormant:2");

        Assert.That((first, second), Is.EqualTo((EnrollOutcome.EnrolledAsControl, EnrollOutcome.ReentryTooSoon)));
    }

    [Test]
    public async Task Audience_counts_the_customers_counted_orders_in_the_store_before_the_anchor()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.CrossSell, w => w with { Audience = new AudienceRules { MinOrders = 2, MaxOrders = 3 } });
        h.Order(1, created: T0.AddDays(-10));
        h.Order(2, created: T0.AddDays(-5), state: OrderState.Cancelled);
        h.Order(3, created: T0.AddDays(1));
        h.Store.OrderList.Add(new OrderFact { Id = 4, StoreId = 2, CustomerId = 7, CreatedOnUtc = T0.AddDays(-3), OrderStatusId = (int)OrderState.Complete });

        var one = await h.EnrollAsync(WorkflowKind.CrossSell, subject: "order:a", anchor: T0);
        h.Order(5, created: T0.AddDays(-2));
        var two = await h.EnrollAsync(WorkflowKind.CrossSell, subject: "order:b", anchor: T0);
        h.Order(6, created: T0.AddDays(-1));
        h.Order(7, created: T0.AddDays(-1).AddHours(1));
        var four = await h.EnrollAsync(WorkflowKind.CrossSell, subject: "order:c", anchor: T0);

        Assert.That((one, two, four), Is.EqualTo((EnrollOutcome.NotInAudience, EnrollOutcome.Enrolled, EnrollOutcome.NotInAudience)));
    }

    [Test]
    public async Task Abandoned_cart_stands_aside_when_the_store_keeps_its_built_in_reminders()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        var settings = await h.Settings.LoadAsync(Store1);
        await h.Settings.SaveAsync(Store1, settings with { BuiltInReminders = BuiltInRemindersMode.StandAside });
        var builtIn = new PresentBuiltInReminders();

        var standingAside = await h.EnrollAsync(WorkflowKind.AbandonedCart, workflows: h.Workflows(builtIn: builtIn));
        var without = await h.EnrollAsync(WorkflowKind.AbandonedCart, customer: 8);
        await h.Settings.SaveAsync(Store1, settings with { BuiltInReminders = BuiltInRemindersMode.TakeOver });
        var takenOver = await h.EnrollAsync(WorkflowKind.AbandonedCart, customer: 9, workflows: h.Workflows(builtIn: builtIn));

        Assert.That((standingAside, without, takenOver), Is.EqualTo((EnrollOutcome.StoodAside, EnrollOutcome.Enrolled, EnrollOutcome.Enrolled)));
    }

    [TestCase("")]
    [TestCase("  ")]
    public async Task Enrolling_without_a_subject_is_refused_clearly(string subject)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);

        Assert.That(async () => await h.EnrollAsync(WorkflowKind.Welcome, subject: subject),
            Throws.ArgumentException.With.Message.Contains("subject"));
    }

    [Test]
    public async Task Enrolling_with_a_subject_too_long_is_refused_clearly()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);

        Assert.That(async () => await h.EnrollAsync(WorkflowKind.Welcome, subject: new string('x', Enrollment.MaxSubjectLength + 1)),
            Throws.ArgumentException.With.Message.Contains(Enrollment.MaxSubjectLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Control_group_holds_back_the_configured_share_of_10000_customers()
    {
        foreach (var percent in new[] { 5m, 10m, 25m })
        {
            var held = Enumerable.Range(1, 10_000).Count(c => ControlGroup.IsControl(Store1, new CustomerId(c), WorkflowKind.AbandonedCart, percent));

            // Binomial spread at n = 10 000 is at most 0.43 % (25 %); 1.5 points is over three of those.
            Assert.That(held / 100.0, Is.EqualTo((double)percent).Within(1.5), $"{percent} %");
        }
    }

    [Test]
    public void Control_group_is_stable_per_customer_and_independent_between_workflows()
    {
        var customers = Enumerable.Range(1, 10_000).Select(c => new CustomerId(c)).ToList();
        var cart = customers.Where(c => ControlGroup.IsControl(Store1, c, WorkflowKind.AbandonedCart, 10m)).ToHashSet();
        var cartAgain = customers.Where(c => ControlGroup.IsControl(Store1, c, WorkflowKind.AbandonedCart, 10m)).ToHashSet();
        var winBack = customers.Where(c => ControlGroup.IsControl(Store1, c, WorkflowKind.WinBack, 10m)).ToHashSet();

        Assert.That(cartAgain.SetEquals(cart), Is.True);
        // Independent arms overlap in about 10 % × 10 % of customers (100), not in all of them.
        Assert.That(cart.Intersect(winBack).Count(), Is.InRange(50, 150));
        Assert.That(ControlGroup.IsControl(Store1, customers[0], WorkflowKind.AbandonedCart, 0m), Is.False);
    }

    [Test]
    public void Control_group_bucket_is_a_function_of_store_customer_and_workflow_only()
    {
        var bucket = ControlGroup.Bucket(new StoreId(1), new CustomerId(42), WorkflowKind.AbandonedCart);

        Assert.That(bucket, Is.EqualTo(ControlGroup.Bucket(new StoreId(1), new CustomerId(42), WorkflowKind.AbandonedCart)));
        Assert.That(bucket, Is.Not.EqualTo(ControlGroup.Bucket(new StoreId(2), new CustomerId(42), WorkflowKind.AbandonedCart)));
        Assert.That(bucket, Is.InRange(0.0, 100.0));
    }

    [Test]
    public async Task Customer_stays_in_the_same_arm_for_every_subject()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.ReviewRequest, w => w with { ControlGroupPercent = 30m });

        var outcomes = new List<EnrollOutcome>();
        for (var order = 1; order <= 20; order++)
            outcomes.Add(await h.EnrollAsync(WorkflowKind.ReviewRequest, customer: 5, subject: $"order:{order}"));

        Assert.That(outcomes.Distinct().Count(), Is.EqualTo(1));
    }

    private sealed class PresentBuiltInReminders : IBuiltInReminders
    {
        public Task<BuiltInReminderStatus> DetectAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new BuiltInReminderStatus(true, true, false, ["ShoppingCart.AbandonedCart"]));

        public Task TakeOverAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RestoreAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
            DateTime sinceUtc, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>>(new Dictionary<CustomerId, IReadOnlyList<DateTime>>());
    }
}
