using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>
/// One customer in one workflow about one subject (Core's <c>Enrollment</c>). <see cref="EnrollmentKey"/> is unique, so
/// enrolling twice, on any node, leaves one row; (StateId, NextDueUtc) is indexed for the due-step query.
/// </summary>
public class RetentionEnrollment : BaseEntity
{
    /// <summary>Core's enrollment key (workflow, store, customer, subject), unique.</summary>
    public string EnrollmentKey { get; set; }
    public int WorkflowId { get; set; }
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public string Subject { get; set; }
    public DateTime EnrolledUtc { get; set; }
    public DateTime AnchorUtc { get; set; }
    public bool IsControl { get; set; }
    public int StateId { get; set; }
    public int NextStep { get; set; }
    public DateTime? NextDueUtc { get; set; }
    public string ExitReason { get; set; }
    public DateTime? ClosedUtc { get; set; }
}

/// <summary>
/// The claim on one move of an enrollment: unique per (enrollment, step it leaves, due time it leaves), so of two runners
/// moving the same enrollment on from the same state only the first one's insert succeeds. The due time is part of the
/// state because a deferral (quiet hours, the weekly cap) moves from step k to step k with a later due time: keyed on the
/// step alone, every later move from k would meet the deferral's claim and the step could never be sent. nopCommerce's repository has no conditional
/// update; this row is the compare-and-set, and it keeps the move, so a runner that finds a claim whose move never
/// reached the enrollment (its node crashed in between) finishes that move instead of leaving the enrollment stuck.
/// </summary>
public class RetentionEnrollmentTransition : BaseEntity
{
    /// <summary><c>{enrollment}:{from step}:{from due, Unix milliseconds}</c>, unique (rows written before the due time
    /// was part of it read <c>{enrollment}:{from step}</c> and never collide with today's).</summary>
    public string TransitionKey { get; set; }
    public int EnrollmentId { get; set; }
    public int FromStep { get; set; }
    public int NextStep { get; set; }
    public DateTime? NextDueUtc { get; set; }
    public int StateId { get; set; }
    public string ExitReason { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The value of <see cref="TransitionKey"/>.</summary>
    public static string KeyOf(int enrollmentId, int fromStep, DateTime? fromDueUtc) => FormattableString.Invariant(
        $"{enrollmentId}:{fromStep}:{(fromDueUtc is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : 0)}");
}
