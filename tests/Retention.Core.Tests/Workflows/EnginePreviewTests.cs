using Retention.Core.Common;
using Retention.Core.Locking;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.EngineHarness;

namespace Retention.Core.Tests.Workflows;

/// <summary>The admin's preview and test send, and the run's guards.</summary>
public sealed class EnginePreviewTests
{
    private static readonly CustomerId Customer7 = new(7);

    [Test]
    public async Task Preview_renders_the_step_for_a_real_customer_with_a_sample_coupon_and_records_nothing()
    {
        var h = new EngineHarness();

        var preview = await h.Workflows().Previews.PreviewAsync(Store1, WorkflowKind.AbandonedCart, 2, Customer7);

        Assert.That(preview.TemplateName, Is.EqualTo("Retention.AbandonedCart.Step3"));
        Assert.That(preview.Tokens["Retention.CouponCode"], Is.EqualTo(WorkflowPreviews.SampleCouponCode));
        Assert.That(preview.NothingToSay, Is.Null);
        var rendered = h.Content.Rendered.Single();
        Assert.That((rendered.IsPreview, rendered.StepIndex, rendered.Enrollment.Customer), Is.EqualTo((true, 2, Customer7)));
        AssertNoEnrollmentEventOrCoupon(h);
        Assert.That(h.Outbox.Messages, Is.Empty);
    }

    [Test]
    public async Task Preview_passes_on_the_hosts_reason_when_there_is_nothing_to_say()
    {
        var h = new EngineHarness();
        h.Content.NothingToSay = _ => "The cart is empty.";

        var preview = await h.Workflows().Previews.PreviewAsync(Store1, WorkflowKind.AbandonedCart, 0, Customer7);

        Assert.That(preview.NothingToSay, Is.EqualTo("The cart is empty."));
    }

    [TestCase(-1)]
    [TestCase(3)]
    public void Preview_of_a_step_the_workflow_does_not_have_is_refused_clearly(int step)
    {
        var h = new EngineHarness();

        Assert.That(async () => await h.Workflows().Previews.PreviewAsync(Store1, WorkflowKind.AbandonedCart, step, Customer7),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("steps 0 to 2"));
    }

    [Test]
    public void Preview_for_a_customer_who_does_not_exist_is_refused_clearly()
    {
        var h = new EngineHarness();
        h.Contacts.Set(Store1, Customer7, null);

        Assert.That(async () => await h.Workflows().Previews.PreviewAsync(Store1, WorkflowKind.Welcome, 0, Customer7),
            Throws.ArgumentException.With.Message.Contains("does not exist"));
    }

    [Test]
    public async Task Test_send_goes_to_the_admin_marked_as_a_test_once_per_request_without_a_real_coupon()
    {
        var h = new EngineHarness();
        var program = h.Workflows();

        var first = await program.Previews.SendTestAsync(Store1, WorkflowKind.WinBack, 1, Customer7, " admin@example.com ");
        var second = await program.Previews.SendTestAsync(Store1, WorkflowKind.WinBack, 1, Customer7, "admin@example.com");

        Assert.That((first, second), Is.EqualTo((true, true)));
        Assert.That(h.Outbox.Messages, Has.Count.EqualTo(2), "Each request is its own email.");
        Assert.That(h.Outbox.Messages, Has.All.Matches<Messaging.OutboundMessage>(m =>
            m.ToEmail == "admin@example.com" && !m.IsMarketing && m.TemplateName == "Retention.WinBack.Step2"
            && m.Tokens[WorkflowPreviews.TestMarkerToken] == "[Test]" && m.Tokens["Retention.CouponCode"] == WorkflowPreviews.SampleCouponCode));
        AssertNoEnrollmentEventOrCoupon(h);
    }

    [Test]
    public async Task Test_send_with_nothing_to_say_sends_nothing_and_says_so()
    {
        var h = new EngineHarness();
        h.Content.NothingToSay = _ => "No template.";

        Assert.That(await h.Workflows().Previews.SendTestAsync(Store1, WorkflowKind.Welcome, 0, Customer7, "admin@example.com"), Is.False);
        Assert.That(h.Outbox.Messages, Is.Empty);
    }

    [TestCase("")]
    [TestCase("not an address")]
    public void Test_send_to_something_that_is_not_an_address_is_refused_clearly(string to)
    {
        var h = new EngineHarness();

        Assert.That(async () => await h.Workflows().Previews.SendTestAsync(Store1, WorkflowKind.Welcome, 0, Customer7, to),
            Throws.ArgumentException.With.Message.Contains("email address"));
    }

    [TestCase(0)]
    [TestCase(WorkflowRun.MaxBatchSize + 1)]
    public void Run_with_a_batch_size_out_of_range_is_refused_clearly(int batchSize)
    {
        var h = new EngineHarness();

        Assert.That(async () => await h.Workflows().Run.RunAsync(batchSize),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains(WorkflowRun.MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Run_while_another_node_holds_the_lock_does_nothing_and_says_busy()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnrollAsync(WorkflowKind.Welcome);

        var report = await h.Workflows(new HeldLock()).Run.RunAsync();

        Assert.That(report, Is.EqualTo(WorkflowRunReport.Busy));
        Assert.That(h.Outbox.Messages, Is.Empty);
    }

    [Test]
    public async Task Exit_closes_only_the_enrollments_whose_workflow_exits_on_that_reason()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        await h.EnableAsync(WorkflowKind.ReviewRequest);
        await h.EnrollAsync(WorkflowKind.AbandonedCart, subject: "cart:1");
        await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:1");
        await h.EnrollAsync(WorkflowKind.AbandonedCart, customer: 8, subject: "cart:1");
        h.Order(10, created: T0.AddMinutes(5));

        // OrderPlacedAsync calls the engine's exit for the order's customer.
        await h.Workflows().Program.OrderPlacedAsync(new PlacedOrder(h.Store.OrderList[0], [], []));

        var states = h.Stores.AllEnrollments.ToDictionary(e => (e.Workflow, e.Customer.Value), e => e.State);
        Assert.That(states[(WorkflowKind.AbandonedCart, 7)], Is.EqualTo(EnrollmentState.Exited));
        Assert.That(states[(WorkflowKind.ReviewRequest, 7)], Is.EqualTo(EnrollmentState.Active));
        Assert.That(states[(WorkflowKind.AbandonedCart, 8)], Is.EqualTo(EnrollmentState.Active));
    }

    /// <summary>Previews and test sends leave no trace in the workflow tables and issue no real coupon.</summary>
    private static void AssertNoEnrollmentEventOrCoupon(EngineHarness h)
    {
        Assert.That(h.Stores.AllEnrollments, Is.Empty);
        Assert.That(h.Stores.AllEvents, Is.Empty);
        Assert.That(h.Coupons.Coupons, Is.Empty);
    }

    private sealed class HeldLock : IDistributedLock
    {
        public Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default) =>
            Task.FromResult(false);
    }
}
