using Retention.Core.Configuration;

namespace Retention.Core.Workflows;

/// <summary>What the contact policy says about one due step.</summary>
public enum ContactVerdict
{
    Send = 1,
    /// <summary>Not now: the step falls due again at <see cref="ContactDecision.UntilUtc"/>.</summary>
    Defer = 2,
    /// <summary>Not this step: it is recorded as skipped with the reason.</summary>
    Skip = 3,
}

/// <summary>A verdict with its reason; <see cref="Permanent"/> skips also end the enrollment (the reason will not go away).</summary>
public sealed record ContactDecision(ContactVerdict Verdict, string? Reason, DateTime? UntilUtc, bool Permanent)
{
    public static readonly ContactDecision Send = new(ContactVerdict.Send, null, null, false);

    public static ContactDecision Defer(DateTime untilUtc, string reason) => new(ContactVerdict.Defer, reason, untilUtc, false);

    public static ContactDecision Skip(string reason, bool permanent = false) => new(ContactVerdict.Skip, reason, null, permanent);
}

/// <summary>
/// Whom a workflow email may reach and when, as pure rules over what the engine read: the contact's facts, the emails
/// already sent this week, the clock. Transactional steps need a live customer with an address; marketing steps also
/// consent, no unsubscribe, a free slot under the weekly cap, and a time outside the customer's quiet hours.
/// </summary>
/// <remarks>
/// Quiet hours defer the step rather than queue the email for later: the step is checked again when it goes out, so a
/// customer who ordered overnight gets no reminder in the morning.
/// </remarks>
public sealed class ContactPolicy
{
    /// <summary>The window the weekly cap counts marketing emails over.</summary>
    public static readonly TimeSpan CapWindow = TimeSpan.FromDays(7);

    /// <summary>A step waits at most this long past its due time for a free slot under the cap; then it is skipped.</summary>
    public static readonly TimeSpan MaxCapDeferral = TimeSpan.FromDays(3);

    private readonly RetentionOptions _options;

    public ContactPolicy(RetentionOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Whether the customer may be written to at all; null <paramref name="contact"/> means the customer is gone.</summary>
    public ContactDecision CheckContact(bool isMarketing, ContactFacts? contact) => Reachable(isMarketing, contact);

    /// <summary><see cref="CheckContact"/> without the store's options, which it does not need (a merchant's one-off start asks it).</summary>
    public static ContactDecision Reachable(bool isMarketing, ContactFacts? contact)
    {
        if (contact is null || contact.Deleted)
            return ContactDecision.Skip("The customer no longer exists.", permanent: true);
        if (!contact.Active)
            return ContactDecision.Skip("The customer account is inactive.");
        if (string.IsNullOrWhiteSpace(contact.Email))
            return ContactDecision.Skip("The customer has no email address.");
        if (!isMarketing)
            return ContactDecision.Send;
        if (contact.Unsubscribed)
            return ContactDecision.Skip("The customer unsubscribed from marketing email.", permanent: true);
        if (!contact.HasMarketingConsent)
            return ContactDecision.Skip("The customer has not consented to marketing email.");
        return ContactDecision.Send;
    }

    /// <summary>
    /// When the quiet hours around <paramref name="nowUtc"/> end in <paramref name="zone"/>, or null outside them. The end is
    /// the next wall-clock <see cref="RetentionOptions.QuietHoursEnd"/>:00 in the zone, so a DST change in the night moves the
    /// UTC instant, not the local hour; an hour skipped by the change ends the quiet hours when the clock resumes.
    /// </summary>
    public DateTime? QuietHoursEndUtc(DateTime nowUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (start, end) = (_options.QuietHoursStart, _options.QuietHoursEnd);
        if (start == end)
            return null;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
        var hour = local.Hour;
        var quiet = start < end ? hour >= start && hour < end : hour >= start || hour < end;
        if (!quiet)
            return null;
        var endLocal = DateTime.SpecifyKind(local.Date.AddHours(end), DateTimeKind.Unspecified);
        if (endLocal <= local)
            endLocal = endLocal.AddDays(1);
        return LocalToUtc(endLocal, zone);
    }

    /// <summary>
    /// Whether one more marketing email fits under the weekly cap once the slots the customer's higher-priority steps need
    /// are set aside: a lower-priority email sent now still counts when those fall due within the cap's window, so taking
    /// any slot they need would push them out (an abandoned cart's coupon step starved by a win-back email).
    /// </summary>
    /// <param name="sentInWindow">Marketing emails (the plugin's and the store's built-in reminders) sent in the last <see cref="CapWindow"/>.</param>
    /// <param name="higherPriorityStepsDue">Marketing steps of the customer's higher-priority enrollments falling due within <see cref="CapWindow"/>.</param>
    public CapState CheckCap(int sentInWindow, int higherPriorityStepsDue)
    {
        var free = _options.MarketingEmailsPerWeek - sentInWindow;
        if (free <= 0)
            return CapState.Full;
        return free <= higherPriorityStepsDue ? CapState.KeptForHigherPriority : CapState.Free;
    }

    /// <summary>
    /// Defers a capped step until <paramref name="untilUtc"/>, or skips it when that is more than <see cref="MaxCapDeferral"/>
    /// after the step fell due (or no slot will free up, <paramref name="untilUtc"/> null).
    /// </summary>
    public static ContactDecision DeferForCap(DateTime stepDueUtc, DateTime? untilUtc, string reason)
    {
        if (untilUtc is not { } until || until - stepDueUtc > MaxCapDeferral)
            return ContactDecision.Skip($"{reason} No slot within {MaxCapDeferral.TotalDays:0} days of the step falling due.");
        return ContactDecision.Defer(until, reason);
    }

    private static DateTime LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        // A wall-clock time skipped by a spring-forward change does not exist: the quiet hours end when the clock resumes.
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        // A time shown twice by a fall-back change: its first occurrence, so the quiet hours never run an hour long.
        if (zone.IsAmbiguousTime(local))
            return DateTime.SpecifyKind(local - zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

/// <summary>Where a customer stands against the weekly marketing cap.</summary>
public enum CapState
{
    Free = 1,
    Full = 2,
    /// <summary>The slots left are needed by higher-priority steps of the same customer falling due within the cap's window.</summary>
    KeptForHigherPriority = 3,
}
