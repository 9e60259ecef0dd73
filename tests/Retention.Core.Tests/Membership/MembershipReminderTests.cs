using Retention.Core.Common;
using Retention.Core.Membership;
using Retention.Core.Tests.Workflows;
using Retention.Core.Workflows;
using Retention.Core.Workflows.Content;
using static Retention.Core.Tests.Membership.MembershipHarness;

namespace Retention.Core.Tests.Membership;

/// <summary>The renewal and expiry reminders: when the night finds them due, how they are keyed, and what their email says.</summary>
public sealed class MembershipReminderTests
{
    private static readonly DateTime Through = T0.AddMonths(1);

    private static MemberStatus Active() => MembershipRules.Status([new MembershipPayment(1, T0, MembershipCycle.Monthly)], [], [], 7, T0);

    [Test]
    public void Renewal_reminder_is_due_from_the_lead_days_before_paid_through_until_it()
    {
        var settings = On() with { RenewalReminderDays = 7 };
        Assert.That(MembershipRules.ReminderDue(Active(), settings, Through.AddDays(-7).AddTicks(-1)), Is.Null, "not before the lead days");
        Assert.That(MembershipRules.ReminderDue(Active(), settings, Through.AddDays(-7)), Is.EqualTo((MembershipReminderKind.Renewal, Through)));
        Assert.That(MembershipRules.ReminderDue(Active(), settings, Through.AddTicks(-1)), Is.EqualTo((MembershipReminderKind.Renewal, Through)));
    }

    [Test]
    public void No_reminder_with_zero_lead_days_or_membership_switched_off()
    {
        Assert.That(MembershipRules.ReminderDue(Active(), On() with { RenewalReminderDays = 0 }, Through.AddDays(-1)), Is.Null);
        Assert.That(MembershipRules.ReminderDue(Active(), On() with { Enabled = false }, Through.AddDays(-1)), Is.Null);
    }

    [Test]
    public void No_renewal_reminder_for_a_renewal_already_reported_failed()
    {
        var status = MembershipRules.Status([new MembershipPayment(1, T0, MembershipCycle.Monthly)], [], [Through], 7, Through.AddDays(-2));
        Assert.That(status.LastRenewalFailed, Is.True);
        Assert.That(MembershipRules.ReminderDue(status, On() with { RenewalReminderDays = 7 }, Through.AddDays(-2)), Is.Null);
    }

    [Test]
    public void Expiry_reminder_is_due_before_the_grace_ends_and_names_that_day()
    {
        var settings = On(graceDays: 7) with { ExpiryReminderDays = 2 };
        var payments = new[] { new MembershipPayment(1, T0, MembershipCycle.Monthly) };
        var ends = Through.AddDays(7);
        Assert.That(MembershipRules.ReminderDue(MembershipRules.Status(payments, [], [Through], 7, Through.AddDays(4)), settings, Through.AddDays(4)), Is.Null,
            "in the grace but before the lead days");
        var now = ends.AddDays(-2);
        Assert.That(MembershipRules.ReminderDue(MembershipRules.Status(payments, [], [Through], 7, now), settings, now),
            Is.EqualTo((MembershipReminderKind.Expiry, ends)));
        Assert.That(MembershipRules.ReminderDue(MembershipRules.Status(payments, [], [Through], 7, ends), settings, ends), Is.Null, "lapsed: too late");
    }

    [Test]
    public void A_cancelled_membership_gets_the_expiry_reminder_before_paid_through_not_the_renewal_one()
    {
        var settings = On() with { RenewalReminderDays = 7, ExpiryReminderDays = 2 };
        var payments = new[] { new MembershipPayment(1, T0, MembershipCycle.Monthly) };
        var now = Through.AddDays(-1);
        var status = MembershipRules.Status(payments, [T0.AddDays(3)], [], 7, now);
        Assert.That(status.State, Is.EqualTo(MemberState.Ending));
        Assert.That(MembershipRules.ReminderDue(status, settings, now), Is.EqualTo((MembershipReminderKind.Expiry, Through)));
    }

    [Test]
    public void Subject_names_kind_and_day_and_parses_back()
    {
        var reminder = new MembershipReminder(Store1, new CustomerId(7), MembershipReminderKind.Renewal, new DateTime(2026, 2, 10, 9, 0, 0, DateTimeKind.Utc), T0);
        Assert.That(reminder.Subject, Is.EqualTo("member-renewal:20260210"));
        Assert.That(MembershipReminder.Parse(reminder.Subject), Is.EqualTo((MembershipReminderKind.Renewal, new DateOnly(2026, 2, 10))));
        Assert.That(MembershipReminder.Parse("member-expiry:20260217"), Is.EqualTo((MembershipReminderKind.Expiry, new DateOnly(2026, 2, 17))));
        Assert.That(MembershipReminder.Parse("cashback:2026-01"), Is.Null);
        Assert.That(MembershipReminder.Parse("member-renewal:2026"), Is.Null);
    }

    [Test]
    public async Task The_night_reminds_once_per_due_date_and_a_renewal_paid_early_moves_the_next_reminder_to_the_new_date()
    {
        var h = new MembershipHarness(On() with { RenewalReminderDays = 7 });
        await h.PayAsync(1);

        h.At(Through.AddDays(-8));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That(Reminders(h), Is.Empty, "eight days before: not yet");

        h.At(Through.AddDays(-7));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        h.At(Through.AddDays(-6));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That(Reminders(h).Distinct(), Is.EqualTo(new[] { "member-renewal:" + Through.ToString("yyyyMMdd") }),
            "every night in the window names the same subject, which the workflows enroll once");

        await h.PayAsync(2);
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That(Reminders(h).Last(), Is.EqualTo("member-renewal:" + Through.ToString("yyyyMMdd")), "the renewal paid early: next one a month on");
        h.At(Through.AddMonths(1).AddDays(-3));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That(Reminders(h).Last(), Is.EqualTo("member-renewal:" + Through.AddMonths(1).ToString("yyyyMMdd")));
    }

    [Test]
    public async Task A_failed_renewal_gets_the_expiry_reminder_before_the_grace_ends()
    {
        var h = new MembershipHarness(On(graceDays: 7) with { RenewalReminderDays = 0, ExpiryReminderDays = 2 });
        await h.PayAsync(1);
        h.At(Through);
        await h.Door.MembershipRenewalFailedAsync(Store1, new CustomerId(7));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That(Reminders(h), Is.Empty);

        h.At(Through.AddDays(5).AddHours(1));
        await h.Door.LoyaltyNightAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        Assert.That(Reminders(h), Is.EqualTo(new[] { "member-expiry:" + Through.AddDays(7).ToString("yyyyMMdd") }));
    }

    [Test]
    public async Task Enrolling_a_reminder_twice_makes_one_enrollment()
    {
        var workflows = new TriggersHarness();
        await workflows.Engine.EnableAsync(WorkflowKind.MembershipRenewal);
        var reminder = new MembershipReminder(TriggersHarness.Store1, new CustomerId(7), MembershipReminderKind.Renewal, TriggersHarness.T0.AddDays(7),
            TriggersHarness.T0);

        await workflows.Workflows.Program.MembershipReminderAsync(reminder);
        await workflows.Workflows.Program.MembershipReminderAsync(reminder);

        Assert.That(workflows.Stores.AllEnrollments.Where(e => e.Workflow == WorkflowKind.MembershipRenewal).Select(e => e.Subject),
            Is.EqualTo(new[] { reminder.Subject }));
    }

    [Test]
    public async Task Renewal_email_names_the_renewal_day_the_savings_this_year_and_the_perks()
    {
        var h = new MembershipHarness(On() with { RenewalReminderDays = 7 });
        await h.PayAsync(1);
        await h.PayAsync(2, membership: false, amount: 100m, perks: new MemberSaving(5m, 4.5m, 0, 0m));
        h.At(Through.AddDays(-3));
        var content = new WorkflowEmailContent(new Facts(), membership: h.Program);

        var rendered = await content.RenderAsync(Message(WorkflowKind.MembershipRenewal, "member-renewal:" + Through.ToString("yyyyMMdd")));

        Assert.That(rendered.NothingToSay, Is.Null);
        Assert.That(rendered.Tokens[WorkflowTokens.MemberRenewalDate], Is.EqualTo("February 10, 2026"));
        Assert.That(rendered.Tokens[WorkflowTokens.MemberSavings], Does.StartWith("Your membership saved you $"));
        Assert.That(rendered.Tokens[WorkflowTokens.MemberSavedThisYear], Is.EqualTo("$10.50"), "discount 5.00 + shipping 4.50 + 100 extra points worth 1.00");
        Assert.That(rendered.Tokens[WorkflowTokens.MemberPerks], Is.EqualTo("Perks: 5 % off every order, free shipping, ×2 points."));
    }

    [Test]
    public async Task Renewal_email_has_nothing_to_say_once_the_membership_was_cancelled()
    {
        var h = new MembershipHarness(On() with { RenewalReminderDays = 7 });
        await h.PayAsync(1);
        h.At(Through.AddDays(-3));
        await h.Door.MembershipCancelledAsync(Store1, new CustomerId(7));
        var content = new WorkflowEmailContent(new Facts(), membership: h.Program);

        var rendered = await content.RenderAsync(Message(WorkflowKind.MembershipRenewal, "member-renewal:" + Through.ToString("yyyyMMdd")));

        Assert.That(rendered.NothingToSay, Does.Contain("no longer renews"));
    }

    [Test]
    public async Task Expiry_email_names_the_day_the_perks_stop_in_Russian_for_a_Russian_reader()
    {
        var h = new MembershipHarness(On(graceDays: 7) with { ExpiryReminderDays = 2 });
        await h.PayAsync(1);
        h.At(Through.AddDays(6));
        var content = new WorkflowEmailContent(new Facts(new EmailReader(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"))), membership: h.Program);

        var rendered = await content.RenderAsync(Message(WorkflowKind.MembershipExpiry, "member-expiry:" + Through.AddDays(7).ToString("yyyyMMdd")));

        Assert.That(rendered.NothingToSay, Is.Null);
        Assert.That(rendered.Tokens[WorkflowTokens.MemberEndsOn], Does.Contain("февраля 2026"));
        Assert.That(rendered.Tokens[WorkflowTokens.MemberPerks], Does.StartWith("Привилегии: скидка 5 %"));
    }

    private static IEnumerable<string> Reminders(MembershipHarness h) =>
        h.Triggers.Calls.Where(c => c.Name.StartsWith("MembershipReminderAsync:", StringComparison.Ordinal)).Select(c => c.Name["MembershipReminderAsync:".Length..]);

    private static StepMessage Message(WorkflowKind workflow, string subject) => new(
        new Enrollment
        {
            Id = 1, Workflow = workflow, Store = Store1, Customer = new CustomerId(7), Subject = subject, EnrolledUtc = T0, AnchorUtc = T0, IsControl = false,
        },
        WorkflowCatalog.Default(workflow), 0, new ContactFacts("a@example.com", "A", true, false, true, false, TimeZoneInfo.Utc), null,
        new StepLinks("U", "C", null, new Dictionary<int, string>(), null), IsPreview: false);

    private sealed class Facts(EmailReader? reader = null) : IEmailFacts
    {
        public Task<IReadOnlyList<EmailFacts>> ReadAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EmailFacts>>(messages.Select(_ => EmailFacts.Of("https://s.example")).ToList());

        public Task<string> FormatMoneyAsync(StepMessage message, decimal amount, CancellationToken cancellationToken = default) =>
            Task.FromResult("$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

        public Task<EmailReader> ReaderAsync(StepMessage message, CancellationToken cancellationToken = default) => Task.FromResult(reader ?? EmailReader.English);
    }
}
