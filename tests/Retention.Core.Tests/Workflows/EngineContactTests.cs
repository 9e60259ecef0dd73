using Retention.Core.Common;
using Retention.Core.Configuration;
using Retention.Core.Workflows;
using Retention.Testing.Builders;
using static Retention.Core.Tests.Workflows.EngineHarness;

namespace Retention.Core.Tests.Workflows;

/// <summary>The contact policy as the engine applies it: consent, suppression, the weekly cap with priorities, quiet hours.</summary>
public sealed class EngineContactTests
{
    private static readonly CustomerId Customer7 = new(7);

    [Test]
    public async Task Marketing_step_to_a_customer_without_consent_is_skipped_with_the_reason_and_the_next_step_still_checked()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        h.Contacts.Change(Store1, Customer7, c => c with { HasMarketingConsent = false });
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);
        await h.RunUntilAsync(T0.AddDays(1));

        h.Contacts.Change(Store1, Customer7, c => c with { HasMarketingConsent = true });
        await h.RunUntilAsync(T0.AddDays(8));

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.Welcome.Step2", "Retention.Welcome.Step3" }));
        var skipped = h.EventsOf(7, WorkflowEventKind.Skipped).Single();
        Assert.That(skipped.Step, Is.EqualTo(0));
        Assert.That(skipped.Detail, Does.Contain("consent"));
    }

    [TestCase(true, false, "unsubscribed")]
    [TestCase(false, true, "no longer exists")]
    public async Task Unsubscribed_or_deleted_customer_leaves_the_workflow(bool unsubscribed, bool deleted, string reason)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        h.Contacts.Change(Store1, Customer7, c => c with { Unsubscribed = unsubscribed, Deleted = deleted });
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);

        await h.RunUntilAsync(T0.AddDays(8));

        Assert.That(h.MessagesTo(7), Is.Empty);
        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Exited));
        Assert.That(h.Only().ExitReason, Does.Contain(reason));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Skipped), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Customer_gone_from_the_store_leaves_the_workflow()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.TierUp);
        h.Contacts.Set(Store1, Customer7, null);
        await h.EnrollAsync(WorkflowKind.TierUp, subject: "tier:Gold");

        await h.Workflows().Run.RunAsync();

        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Exited));
        Assert.That(h.Outbox.Messages, Is.Empty);
    }

    [TestCase(null)]
    [TestCase("")]
    public async Task Customer_without_an_address_gets_the_step_skipped_even_when_transactional(string? email)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.TierUp);
        h.Contacts.Change(Store1, Customer7, c => c with { Email = email });
        await h.EnrollAsync(WorkflowKind.TierUp, subject: "tier:Gold");

        await h.Workflows().Run.RunAsync();

        Assert.That(h.Outbox.Messages, Is.Empty);
        Assert.That(h.EventsOf(7, WorkflowEventKind.Skipped).Single().Detail, Does.Contain("no email address"));
        Assert.That(h.Only().State, Is.EqualTo(EnrollmentState.Completed));
    }

    [Test]
    public async Task Transactional_step_reaches_a_customer_without_consent_at_night_over_the_cap()
    {
        var h = new EngineHarness(T0.Date.AddHours(23));
        await h.EnableAsync(WorkflowKind.TierUp);
        h.Contacts.Change(Store1, Customer7, c => c with { HasMarketingConsent = false, Unsubscribed = true });
        for (var i = 0; i < 3; i++)
            await h.Outbox.TryEnqueueAsync(Build.Message($"other:{i}", customer: 7, created: h.Clock.UtcNow.AddDays(-1)));
        await h.EnrollAsync(WorkflowKind.TierUp, subject: "tier:Gold");

        await h.Workflows().Run.RunAsync();

        var sent = h.MessagesTo(7).Single(m => m.TemplateName == "Retention.TierUp.Step1");
        Assert.That(sent.IsMarketing, Is.False);
        Assert.That(sent.CreatedUtc, Is.EqualTo(h.Clock.UtcNow));
    }

    [Test]
    public async Task Control_group_enrollment_records_withheld_steps_and_gets_no_email_or_coupon()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart, w => w with { ControlGroupPercent = 50m });
        var control = Enumerable.Range(1, 100).First(c => ControlGroup.IsControl(Store1, new CustomerId(c), WorkflowKind.AbandonedCart, 50m));
        h.CartLine(control, T0);
        Assert.That(await h.EnrollAsync(WorkflowKind.AbandonedCart, control, anchor: T0), Is.EqualTo(EnrollOutcome.EnrolledAsControl));

        await h.RunUntilAsync(T0.AddDays(4));

        Assert.That(h.Outbox.Messages, Is.Empty);
        Assert.That(h.Coupons.Coupons, Is.Empty);
        Assert.That(h.Content.Rendered, Is.Empty);
        var withheld = h.EventsOf(control, WorkflowEventKind.Withheld);
        Assert.That(withheld.Select(e => e.Step), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(withheld.Select(e => e.OccurredUtc), Is.EqualTo(new[] { T0.AddHours(1), T0.AddHours(24), T0.AddHours(72) }));
        Assert.That(withheld, Has.All.Matches<WorkflowEvent>(e => e.IsControl));
        Assert.That(h.Only(control).State, Is.EqualTo(EnrollmentState.Completed));
    }

    [Test]
    public async Task Nothing_to_say_skips_the_step_with_the_hosts_reason()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.ReviewRequest);
        h.Content.NothingToSay = m => m.StepIndex == 0 ? "Every product is reviewed already." : null;
        await h.EnrollAsync(WorkflowKind.ReviewRequest, subject: "order:1", anchor: T0);

        await h.RunUntilAsync(T0.AddDays(15));

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.ReviewRequest.Step2" }));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Skipped).Single().Detail, Is.EqualTo("Every product is reviewed already."));
    }

    [Test]
    public async Task Weekly_cap_defers_a_step_until_a_slot_frees_up()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        // Three marketing emails this week: the oldest leaves the 7-day window at T0 + 2 days 5 hours.
        var sends = new[] { T0.AddDays(-5).AddHours(5), T0.AddDays(-2), T0.AddDays(-1) };
        for (var i = 0; i < sends.Length; i++)
            await h.Outbox.TryEnqueueAsync(Build.Message($"other:{i}", customer: 7, created: sends[i]));
        await h.Outbox.TryEnqueueAsync(Build.Message("receipt", customer: 7, created: T0.AddHours(-1), marketing: false));
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);

        var report = await h.Workflows().Run.RunAsync();

        Assert.That(report.Deferred, Is.EqualTo(1));
        Assert.That(h.Only().NextDueUtc, Is.EqualTo(sends[0].AddDays(7)));
        await h.RunUntilAsync(T0.AddDays(3));
        Assert.That(h.MessagesTo(7).Single(m => m.TemplateName == "Retention.Welcome.Step1").CreatedUtc, Is.EqualTo(sends[0].AddDays(7)));
    }

    [Test]
    public async Task Built_in_reminders_count_against_the_weekly_cap()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = 1 });
        var builtIn = new CountingBuiltInReminders(sentAt: T0.AddDays(-6));
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);

        await h.Workflows(builtIn: builtIn).Run.RunAsync();

        Assert.That(h.Outbox.Messages, Is.Empty);
        Assert.That(h.Only().NextDueUtc, Is.EqualTo(T0.AddDays(1)));
    }

    [Test]
    public async Task Step_capped_for_more_than_three_days_is_skipped()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = 1 });
        await h.Outbox.TryEnqueueAsync(Build.Message("other", customer: 7, created: T0.AddHours(-1)));
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);

        await h.Workflows().Run.RunAsync();

        Assert.That(h.Outbox.Messages, Has.Count.EqualTo(1));
        var skipped = h.EventsOf(7, WorkflowEventKind.Skipped).Single();
        Assert.That(skipped.Detail, Does.Contain("Weekly cap"));
        Assert.That(h.Only().NextStep, Is.EqualTo(1), "The enrollment moves on to its next step.");
    }

    [Test]
    public async Task Cap_of_zero_skips_every_marketing_step_and_still_sends_transactional_ones()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.Welcome);
        await h.EnableAsync(WorkflowKind.TierUp);
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = 0 });
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: T0);
        await h.EnrollAsync(WorkflowKind.TierUp, subject: "tier:Gold", anchor: T0);

        await h.RunUntilAsync(T0.AddDays(8));

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.TierUp.Step1" }));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Skipped), Has.Count.EqualTo(3));
    }

    /// <summary>A cross-sell step (priority 30) due now and an abandoned-cart step (priority 90) due an hour after <paramref name="cartAnchor"/>.</summary>
    private static async Task<EngineHarness> CrossSellDueNowAndAbandonedCartAsync(int cap, DateTime cartAnchor)
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        await h.EnableAsync(WorkflowKind.CrossSell);
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = cap });
        h.CartLine(updated: T0);
        await h.EnrollAsync(WorkflowKind.CrossSell, subject: "order:1", anchor: T0.AddDays(-5));
        await h.EnrollAsync(WorkflowKind.AbandonedCart, subject: "cart:1", anchor: cartAnchor);
        return h;
    }

    [Test]
    public async Task Higher_priority_workflow_takes_the_last_slot_when_both_are_due()
    {
        var h = await CrossSellDueNowAndAbandonedCartAsync(cap: 1, cartAnchor: T0.AddHours(-1));

        await h.Workflows().Run.RunAsync();

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.AbandonedCart.Step1" }));
        var skipped = h.EventsOf(7, WorkflowEventKind.Skipped).Single();
        Assert.That(skipped.Workflow, Is.EqualTo(WorkflowKind.CrossSell));
        Assert.That(skipped.Detail, Does.Contain("Weekly cap"), "No slot frees within three days, so the lower-priority step gives way.");
    }

    [Test]
    public async Task Last_slot_is_kept_for_a_higher_priority_step_due_within_a_day()
    {
        var h = await CrossSellDueNowAndAbandonedCartAsync(cap: 1, cartAnchor: T0.AddHours(4));

        await h.RunUntilAsync(T0.AddHours(6));

        Assert.That(h.MessagesTo(7).Select(m => (m.TemplateName, m.CreatedUtc)),
            Is.EqualTo(new[] { ("Retention.AbandonedCart.Step1", T0.AddHours(5)) }));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Skipped).Single().Workflow, Is.EqualTo(WorkflowKind.CrossSell));
    }

    [Test]
    public async Task Lower_priority_step_takes_a_slot_the_higher_priority_steps_of_the_week_leave_free()
    {
        // The cart's three reminders need three of the four slots: one is left for the cross-sell.
        var h = await CrossSellDueNowAndAbandonedCartAsync(cap: 4, cartAnchor: T0.AddHours(4));

        await h.RunUntilAsync(T0.AddHours(6));

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.CrossSell.Step1", "Retention.AbandonedCart.Step1" }));
    }

    [Test]
    public async Task Lower_priority_step_never_takes_a_slot_an_abandoned_cart_step_due_this_week_needs()
    {
        // The cart's reminders fall due at +1 h, +24 h and +72 h (the coupon); a cross-sell step falls due at +36 h. With
        // the default cap of 3, the cross-sell must not take the last slot the coupon step needs 36 hours later.
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        await h.EnableAsync(WorkflowKind.CrossSell);
        h.CartLine(updated: T0);
        await h.EnrollAsync(WorkflowKind.AbandonedCart, subject: "cart:1", anchor: T0);
        await h.EnrollAsync(WorkflowKind.CrossSell, subject: "order:1", anchor: T0.AddHours(36).AddDays(-5));

        await h.RunUntilAsync(T0.AddDays(8));

        Assert.That(h.MessagesTo(7).Select(m => (m.TemplateName, m.CreatedUtc)), Is.EqualTo(new[]
        {
            ("Retention.AbandonedCart.Step1", T0.AddHours(1)),
            ("Retention.AbandonedCart.Step2", T0.AddHours(24)),
            ("Retention.AbandonedCart.Step3", T0.AddHours(72)),
        }));
        Assert.That(h.EventsOf(7, WorkflowEventKind.Skipped).Single().Workflow, Is.EqualTo(WorkflowKind.CrossSell));
    }

    [Test]
    public async Task Lower_priority_step_goes_out_once_the_higher_priority_steps_of_the_week_are_covered()
    {
        var h = new EngineHarness();
        await h.EnableAsync(WorkflowKind.AbandonedCart);
        await h.EnableAsync(WorkflowKind.CrossSell);
        await h.UseOptionsAsync(new RetentionOptions { MarketingEmailsPerWeek = 4 });
        h.CartLine(updated: T0);
        await h.EnrollAsync(WorkflowKind.AbandonedCart, subject: "cart:1", anchor: T0);
        await h.EnrollAsync(WorkflowKind.CrossSell, subject: "order:1", anchor: T0.AddHours(36).AddDays(-5));

        await h.RunUntilAsync(T0.AddDays(8));

        Assert.That(h.MessagesTo(7).Select(m => m.TemplateName), Is.EqualTo(new[]
        {
            "Retention.AbandonedCart.Step1", "Retention.AbandonedCart.Step2", "Retention.CrossSell.Step1", "Retention.AbandonedCart.Step3",
        }));
    }

    [Test]
    public async Task Quiet_hours_defer_a_marketing_step_to_their_end_in_the_customers_time_zone_across_a_DST_change()
    {
        // Berlin moves to summer time at 01:00 UTC on 29 March 2026: 22:00 on the 28th is 21:00 UTC (+1), 08:00 on the 29th is 06:00 UTC (+2).
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var evening = new DateTime(2026, 3, 28, 21, 0, 0, DateTimeKind.Utc);
        var h = new EngineHarness(evening);
        await h.EnableAsync(WorkflowKind.Welcome);
        h.Contacts.DefaultTimeZone = berlin;
        await h.EnrollAsync(WorkflowKind.Welcome, anchor: evening);

        await h.RunUntilAsync(evening.AddHours(12), TimeSpan.FromMinutes(15));

        var sent = h.MessagesTo(7).Single();
        Assert.That(sent.CreatedUtc, Is.EqualTo(new DateTime(2026, 3, 29, 6, 0, 0, DateTimeKind.Utc)));
        Assert.That(TimeZoneInfo.ConvertTimeFromUtc(sent.CreatedUtc, berlin).Hour, Is.EqualTo(8));
    }

    /// <summary>nopCommerce 5.00's reminders, having sent one email at a known instant.</summary>
    private sealed class CountingBuiltInReminders(DateTime sentAt) : IBuiltInReminders
    {
        public Task<BuiltInReminderStatus> DetectAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new BuiltInReminderStatus(true, false, true, ["ShoppingCart.AbandonedCart"]));

        public Task TakeOverAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RestoreAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int> CountSentSinceAsync(StoreId store, CustomerId customer, DateTime sinceUtc, CancellationToken cancellationToken = default) =>
            Task.FromResult(sentAt >= sinceUtc ? 1 : 0);

        public Task<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>> SentTimesSinceAsync(StoreId store, IReadOnlyCollection<CustomerId> customers,
            DateTime sinceUtc, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<CustomerId, IReadOnlyList<DateTime>>>(sentAt >= sinceUtc
                ? customers.Distinct().ToDictionary(c => c, IReadOnlyList<DateTime> (_) => [sentAt])
                : new Dictionary<CustomerId, IReadOnlyList<DateTime>>());
    }
}
