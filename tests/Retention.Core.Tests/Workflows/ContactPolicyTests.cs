using Retention.Core.Configuration;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public sealed class ContactPolicyTests
{
    private static readonly ContactPolicy Policy = new(new RetentionOptions { MarketingEmailsPerWeek = 3, QuietHoursStart = 21, QuietHoursEnd = 8 });
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static ContactFacts Reachable => new("a@example.com", "A", Active: true, Deleted: false, HasMarketingConsent: true, Unsubscribed: false, TimeZoneInfo.Utc);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Test]
    public void Reachable_consenting_customer_may_get_marketing_and_transactional_email()
    {
        Assert.That(Policy.CheckContact(isMarketing: true, Reachable), Is.EqualTo(ContactDecision.Send));
        Assert.That(Policy.CheckContact(isMarketing: false, Reachable), Is.EqualTo(ContactDecision.Send));
    }

    [Test]
    public void Missing_or_deleted_customer_is_skipped_for_good_whatever_the_email()
    {
        foreach (var marketing in new[] { true, false })
        {
            Assert.That(Policy.CheckContact(marketing, null), Is.EqualTo(ContactDecision.Skip("The customer no longer exists.", permanent: true)));
            Assert.That(Policy.CheckContact(marketing, Reachable with { Deleted = true }).Permanent, Is.True);
        }
    }

    [Test]
    public void Inactive_customer_or_one_without_an_address_is_skipped_for_this_step_only()
    {
        var inactive = Policy.CheckContact(false, Reachable with { Active = false });
        var noEmail = Policy.CheckContact(false, Reachable with { Email = " " });

        Assert.That((inactive.Verdict, inactive.Permanent, inactive.Reason), Is.EqualTo((ContactVerdict.Skip, false, "The customer account is inactive.")));
        Assert.That((noEmail.Verdict, noEmail.Permanent, noEmail.Reason), Is.EqualTo((ContactVerdict.Skip, false, "The customer has no email address.")));
    }

    [Test]
    public void Unsubscribe_ends_marketing_for_good_and_missing_consent_skips_only_the_step()
    {
        var unsubscribed = Policy.CheckContact(true, Reachable with { Unsubscribed = true });
        var noConsent = Policy.CheckContact(true, Reachable with { HasMarketingConsent = false });

        Assert.That((unsubscribed.Verdict, unsubscribed.Permanent), Is.EqualTo((ContactVerdict.Skip, true)));
        Assert.That((noConsent.Verdict, noConsent.Permanent), Is.EqualTo((ContactVerdict.Skip, false)));
        Assert.That(Policy.CheckContact(false, Reachable with { Unsubscribed = true, HasMarketingConsent = false }), Is.EqualTo(ContactDecision.Send),
            "Transactional email is owed whatever the marketing choice.");
    }

    [TestCase(20, 59, null)]
    [TestCase(21, 0, "2026-06-11T08:00:00")]
    [TestCase(23, 30, "2026-06-11T08:00:00")]
    public void Quiet_hours_in_the_evening_end_next_morning(int hour, int minute, string? expected)
    {
        var end = Policy.QuietHoursEndUtc(Utc(6, 10, hour, minute), TimeZoneInfo.Utc);

        Assert.That(end, Is.EqualTo(expected is null ? (DateTime?)null : DateTime.SpecifyKind(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)));
    }

    [TestCase(0, 0, true)]
    [TestCase(7, 59, true)]
    [TestCase(8, 0, false)]
    public void Quiet_hours_after_midnight_end_the_same_morning(int hour, int minute, bool quiet)
    {
        var end = Policy.QuietHoursEndUtc(Utc(6, 10, hour, minute), TimeZoneInfo.Utc);

        Assert.That(end, Is.EqualTo(quiet ? Utc(6, 10, 8) : (DateTime?)null));
    }

    [Test]
    public void Quiet_hours_within_one_day_apply_between_start_and_end()
    {
        var daytime = new ContactPolicy(new RetentionOptions { QuietHoursStart = 12, QuietHoursEnd = 14 });

        Assert.That(daytime.QuietHoursEndUtc(Utc(6, 10, 11, 59), TimeZoneInfo.Utc), Is.Null);
        Assert.That(daytime.QuietHoursEndUtc(Utc(6, 10, 13, 0), TimeZoneInfo.Utc), Is.EqualTo(Utc(6, 10, 14)));
        Assert.That(daytime.QuietHoursEndUtc(Utc(6, 10, 14, 0), TimeZoneInfo.Utc), Is.Null);
    }

    [Test]
    public void Equal_start_and_end_mean_no_quiet_hours()
    {
        var none = new ContactPolicy(new RetentionOptions { QuietHoursStart = 22, QuietHoursEnd = 22 });

        Assert.That(none.QuietHoursEndUtc(Utc(6, 10, 22), Berlin), Is.Null);
        Assert.That(none.QuietHoursEndUtc(Utc(6, 10, 3), Berlin), Is.Null);
    }

    [Test]
    public void Quiet_hours_are_read_on_the_customers_wall_clock()
    {
        // 19:30 UTC in June is 21:30 in Berlin (quiet) and 15:30 in New York (not quiet).
        var at = Utc(6, 10, 19, 30);

        Assert.That(Policy.QuietHoursEndUtc(at, Berlin), Is.EqualTo(Utc(6, 11, 6)));
        Assert.That(Policy.QuietHoursEndUtc(at, NewYork), Is.Null);
    }

    [Test]
    public void Quiet_hours_end_at_8_local_across_the_spring_and_autumn_changes()
    {
        // Berlin: summer time from 29 March 01:00 UTC (+1 → +2), winter time from 25 October 01:00 UTC (+2 → +1).
        Assert.That(Policy.QuietHoursEndUtc(Utc(3, 28, 21), Berlin), Is.EqualTo(Utc(3, 29, 6)));
        Assert.That(Policy.QuietHoursEndUtc(Utc(10, 24, 20), Berlin), Is.EqualTo(Utc(10, 25, 7)));
        // New York: summer time from 8 March 07:00 UTC (−5 → −4).
        Assert.That(Policy.QuietHoursEndUtc(Utc(3, 8, 3), NewYork), Is.EqualTo(Utc(3, 8, 12)));
    }

    [Test]
    public void Quiet_hours_ending_in_an_hour_the_clock_skips_end_when_the_clock_resumes()
    {
        // Berlin skips 02:00–03:00 on 29 March: quiet hours ending at 02:00 end at 03:00 summer time = 01:00 UTC.
        var endsAtTwo = new ContactPolicy(new RetentionOptions { QuietHoursStart = 22, QuietHoursEnd = 2 });

        Assert.That(endsAtTwo.QuietHoursEndUtc(Utc(3, 28, 23), Berlin), Is.EqualTo(Utc(3, 29, 1)));
    }

    [Test]
    public void Quiet_hours_ending_in_an_hour_shown_twice_end_at_its_first_occurrence()
    {
        // Berlin shows 02:00–03:00 twice on 25 October: first at 00:00 UTC (+2), again at 01:00 UTC (+1).
        var endsAtTwo = new ContactPolicy(new RetentionOptions { QuietHoursStart = 22, QuietHoursEnd = 2 });

        Assert.That(endsAtTwo.QuietHoursEndUtc(Utc(10, 24, 21), Berlin), Is.EqualTo(Utc(10, 25, 0)));
    }

    [TestCase(0, 0, CapState.Free)]
    [TestCase(1, 1, CapState.Free)]
    [TestCase(2, 0, CapState.Free)]
    [TestCase(2, 1, CapState.KeptForHigherPriority)]
    [TestCase(0, 2, CapState.Free)]
    [TestCase(0, 3, CapState.KeptForHigherPriority)]
    [TestCase(1, 2, CapState.KeptForHigherPriority)]
    [TestCase(3, 0, CapState.Full)]
    [TestCase(4, 2, CapState.Full)]
    public void Weekly_cap_keeps_every_slot_the_higher_priority_steps_of_the_week_need(int sent, int higherStepsDue, CapState expected)
    {
        Assert.That(Policy.CheckCap(sent, higherStepsDue), Is.EqualTo(expected));
    }

    [Test]
    public void Cap_of_zero_allows_no_marketing_email()
    {
        Assert.That(new ContactPolicy(new RetentionOptions { MarketingEmailsPerWeek = 0 }).CheckCap(0, 0), Is.EqualTo(CapState.Full));
    }

    [Test]
    public void Capped_step_waits_up_to_three_days_past_its_due_time_then_is_skipped()
    {
        var due = Utc(6, 10, 9);

        var wait = ContactPolicy.DeferForCap(due, due.AddDays(3), "Capped.");
        var tooLong = ContactPolicy.DeferForCap(due, due.AddDays(3).AddTicks(1), "Capped.");
        var never = ContactPolicy.DeferForCap(due, null, "Capped.");

        Assert.That(wait, Is.EqualTo(ContactDecision.Defer(due.AddDays(3), "Capped.")));
        Assert.That((tooLong.Verdict, tooLong.Permanent), Is.EqualTo((ContactVerdict.Skip, false)));
        Assert.That(tooLong.Reason, Does.StartWith("Capped.").And.Contain("3 days"));
        Assert.That(never.Verdict, Is.EqualTo(ContactVerdict.Skip));
    }

    [Test]
    public void Policy_needs_options()
    {
        Assert.That(() => new ContactPolicy(null!), Throws.ArgumentNullException);
    }
}
