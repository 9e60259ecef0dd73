using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Store;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.EngineHarness;

namespace Retention.Core.Tests.Workflows;

public sealed class EngineTimingTests
{
    [Test]
    public async Task Abandoned_cart_reminds_after_1_24_and_72_hours_with_a_coupon_only_in_the_last()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        h.CartLine(updated: T0);
        Assert.That(await h.EnrollAsync(WorkflowKind.AbandonedCart, anchor: T0), Is.EqualTo(EnrollOutcome.Enrolled));

        await h.RunUntilAsync(T0.AddDays(5));

        var messages = h.MessagesTo(7);
        Assert.That(messages.Select(m => m.CreatedUtc), Is.EqualTo(new[] { T0.AddHours(1), T0.AddHours(24), T0.AddHours(72) }));
        Assert.That(messages.Select(m => m.TemplateName), Is.EqualTo(new[] { 1, 2, 3 }.Select(n => $"Retention.AbandonedCart.Step{n}")));
        Assert.That(messages.Select(m => m.Tokens["Retention.CouponCode"] != ""), Is.EqualTo(new[] { false, false, true }));
        Assert.That(h.Coupons.Coupons, Has.Count.EqualTo(1));
        Assert.That(messages[2].Tokens["Retention.CouponCode"], Is.EqualTo(h.Coupons.Coupons[0].Code));
        Assert.That(messages.All(m => m.IsMarketing && m.ToEmail == "customer7@example.com"), Is.True);
        var enrollment = h.Only();
        Assert.That(enrollment.State, Is.EqualTo(EnrollmentState.Completed));
        Assert.That(enrollment.ClosedUtc, Is.EqualTo(T0.AddHours(72)));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Sent).Select(e => e.Step), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Sent)[2].Detail, Is.EqualTo(h.Coupons.Coupons[0].Code), "Redemptions are found by the code in the Sent event.");
    }

    [Test]
    public async Task Abandoned_cart_stops_when_the_customer_orders()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        h.CartLine(updated: T0);
        await h.EnrollAsync(WorkflowKind.AbandonedCart, anchor: T0);
        await h.RunUntilAsync(T0.AddHours(2));

        h.Order(1, created: T0.AddHours(5));
        await h.RunUntilAsync(T0.AddDays(5));

        h.AssertExitedAfter(emails: 1, "The customer placed an order.");
        Assert.That(h.Only().ClosedUtc, Is.EqualTo(T0.AddHours(24)), "The exit is found when the next step falls due.");
    }

    [Test]
    public async Task Cancelled_order_or_one_placed_before_enrolling_does_not_end_the_reminders()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        h.CartLine(updated: T0);
        h.Order(1, created: T0.AddHours(-1));
        await h.EnrollAsync(WorkflowKind.AbandonedCart, anchor: T0);
        h.Order(2, created: T0.AddHours(3), state: OrderState.Cancelled);

        await h.RunUntilAsync(T0.AddDays(4));

        Assert.That(h.MessagesTo(7), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Abandoned_cart_stops_when_the_cart_is_emptied()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        h.CartLine(updated: T0);
        await h.EnrollAsync(WorkflowKind.AbandonedCart, anchor: T0);
        await h.RunUntilAsync(T0.AddHours(2));

        h.Store.CartItemList.Clear();
        await h.RunUntilAsync(T0.AddDays(5));

        h.AssertExitedAfter(emails: 1, "The cart was emptied.");
    }

    [Test]
    public async Task A_step_whose_condition_fails_is_skipped_and_the_next_one_still_runs()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.ReviewRequest);
        await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:5", anchor: T0);
        await h.RunUntilAsync(T0.AddDays(8));
        var first = h.Only();
        await h.Stores.TryAddAsync(new WorkflowEvent
        {
            Key = new IdempotencyKey("click:1"), EnrollmentId = first.Id, Workflow = WorkflowKind.ReviewRequest, Step = 0, Store = Store1,
            Customer = new CustomerId(7), Kind = WorkflowEventKind.Clicked, OccurredUtc = T0.AddDays(8),
        });

        await h.RunUntilAsync(T0.AddDays(15));

        Assert.That(h.MessagesTo(7), Has.Count.EqualTo(1), "The reminder goes only to those who did not click the first email.");
        var skipped = h.EventsOf(7, WorkflowEventKind.Skipped).Single();
        Assert.That(skipped.Step, Is.EqualTo(1));
        Assert.That(skipped.Detail, Does.Contain("clicked"));
        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Completed));
    }

    /// <summary>Every workflow's steps go out at anchor + the catalog's delays, and the enrollment completes after the last.</summary>
    [TestCaseSource(nameof(AllWorkflows))]
    public async Task Each_workflow_sends_its_steps_at_the_catalog_delays(WorkflowKind kind)
    {
        var h = new EngineHarness();
        await h.EnableAsync(kind);
        // The cart the abandoned-cart steps ask about; any other workflow's customer has none (win-back leaves a live cart alone).
        if (kind == WorkflowKind.AbandonedCart)
            h.CartLine(updated: T0);
        Assert.That(await h.EnrollAsync(kind, anchor: T0), Is.EqualTo(EnrollOutcome.Enrolled));
        var steps = WorkflowCatalog.Default(kind).Steps;

        await h.RunUntilAsync(T0 + steps[^1].Delay + TimeSpan.FromDays(1));

        Assert.That(h.MessagesTo(7).Select(m => m.CreatedUtc), Is.EqualTo(steps.Select(s => T0 + s.Delay)));
        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(steps.Select(s => s.TemplateName)));
        Assert.That(h.MessagesTo(7).Select(m => m.IsMarketing), Has.All.EqualTo(WorkflowCatalog.Default(kind).IsMarketing));
        Assert.That(h.Coupons.Coupons, Has.Count.EqualTo(steps.Count(s => s.Coupon is not null)));
        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Completed));
    }

    private static IEnumerable<WorkflowKind> AllWorkflows() => WorkflowCatalog.All;

    [Test]
    public async Task First_step_is_never_due_before_the_enrollment()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.ReviewRequest);

        await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:1", anchor: T0.AddDays(-30));

        Assert.That(h.Only().NextDueUtc, Is.EqualTo(T0));
        Assert.That(h.Only().AnchorUtc, Is.EqualTo(T0.AddDays(-30)));
    }

    [Test]
    public async Task Switching_a_workflow_off_ends_its_enrollments_at_their_next_step()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);
        await h.RunUntilAsync(T0.AddHours(1));

        await h.Settings.ConfigureAsync(Store1, WorkflowKind.Welcome, w => w with { Enabled = false });
        await h.RunUntilAsync(T0.AddDays(8));

        h.AssertExitedAfter(emails: 1, "The workflow was switched off.");
    }

    [Test]
    public async Task Run_cleans_up_coupons_unused_past_the_stores_grace_period()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Birthday);
        await h.EnrollAsync(WorkflowKind.Birthday, subject: "2026", anchor: T0);
        await h.Workflows().Run.RunAsync();
        var validDays = WorkflowCatalog.Default(WorkflowKind.Birthday).Steps[0].Coupon!.ValidDays;
        var cleanupDays = WorkflowCatalog.Defaults().CouponCleanupDays;

        h.Clock.UtcNow = T0.AddDays(validDays + cleanupDays);
        var before = await h.Workflows().Run.RunAsync();
        h.Clock.UtcNow = T0.AddDays(validDays + cleanupDays).AddMinutes(1);
        var after = await h.Workflows().Run.RunAsync();

        Assert.That(before.CouponsCleaned, Is.EqualTo(0));
        Assert.That(after.CouponsCleaned, Is.EqualTo(1));
        Assert.That(h.Coupons.Coupons, Is.Empty);
    }

    [Test]
    public async Task Run_reports_what_it_did()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnableAsync(WorkflowKind.TierUp, w => w with { ControlGroupPercent = 0m });
        await h.EnrollAsync(WorkflowKind.Welcome, customer: 1);
        await h.EnrollAsync(WorkflowKind.TierUp, customer: 2, subject: "tier:Gold");
        h.Contacts.Change(Store1, new CustomerId(3), c => c with { HasMarketingConsent = false });
        await h.EnrollAsync(WorkflowKind.Welcome, customer: 3);

        var report = await h.Workflows().Run.RunAsync();

        Assert.That(report, Is.EqualTo(new WorkflowRunReport(Enrolled: 0, Sent: 2, Withheld: 0, Skipped: 1, Deferred: 0, Exited: 0, CouponsCleaned: 0, LockBusy: false)));
    }

    [Test]
    public async Task Switching_retention_off_in_the_store_ends_its_enrollments_at_their_next_step()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);
        await h.RunUntilAsync(T0.AddHours(1));

        await h.UseOptionsAsync(new RetentionOptions { Enabled = false });
        await h.RunUntilAsync(T0.AddDays(8));

        h.AssertExitedAfter(emails: 1, "Retention was switched off in the store.");
    }

    [Test]
    public async Task Enrollment_past_the_steps_a_merchant_removed_completes_without_sending()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);
        await h.RunUntilAsync(T0.AddDays(4));

        await h.Settings.ConfigureAsync(Store1, WorkflowKind.Welcome, w => w with { Steps = w.Steps.Take(1).ToList() });
        await h.RunUntilAsync(T0.AddDays(8));

        Assert.That(h.MessagesTo(7), Has.Count.EqualTo(2));
        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Completed));
    }

    [Test]
    public async Task Small_batches_take_the_earliest_due_steps_first_and_leave_the_rest_for_the_next_run()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.ReviewRequest);
        for (var c = 1; c <= 3; c++)
            await h.EnrollAsync(WorkflowKind.ReviewRequest, customer: c, subject: "order:1", anchor: T0.AddHours(-c));
        h.Clock.UtcNow = T0.AddDays(8);

        var first = await h.Workflows().Run.RunAsync(batchSize: 2);
        var afterFirst = h.Outbox.Messages.Select(m => m.Customer.Value).ToList();
        var second = await h.Workflows().Run.RunAsync(batchSize: 2);

        Assert.That((first.Sent, second.Sent), Is.EqualTo((2, 1)));
        Assert.That(afterFirst, Is.EquivalentTo(new[] { 3, 2 }), "The earliest anchors fell due first.");
        Assert.That(h.Outbox.Messages.Select(m => m.Customer.Value), Is.EquivalentTo(new[] { 1, 2, 3 }));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Win_back_ends_when_the_customer_fills_a_cart_or_gets_a_cart_email(bool cartEmail)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.WinBack);
        await h.EnrollAsync(WorkflowKind.WinBack, subject: "2026-03", anchor: T0);
        await h.RunUntilAsync(T0.AddDays(1));
        h.Clock.UtcNow = T0.AddDays(5);
        if (cartEmail)
            await h.Stores.TryAddAsync(Retention.Testing.Builders.WorkflowBuild.Event("cart-email", enrollmentId: 99, customer: 7, occurred: T0.AddDays(4)));
        else
            h.CartLine(updated: T0.AddDays(5));

        await h.RunUntilAsync(T0.AddDays(30));

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.WinBack.Step1" }));
        var winBack = h.Stores.AllEnrollments.Single(e => e.Workflow == WorkflowKind.WinBack);
        Assert.That(winBack.State, Is.EqualTo(EnrollmentState.Exited));
        Assert.That(winBack.ExitReason, Does.Contain(cartEmail ? "abandoned-cart email" : "live cart"));
    }
}
