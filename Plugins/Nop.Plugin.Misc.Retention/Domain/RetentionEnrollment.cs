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
/// The claim on one move of an enrollment, from the plugin's releases before issue 14: the step guard was a keyed insert
/// here because nopCommerce's repository has no conditional update. It is one conditional update now (Core's
/// <c>EnrollmentStore</c>, linq2db's <c>UPDATE … WHERE</c>), so nothing writes this table any more; it stays, with its rows,
/// so an installed store needs no schema change, privacy erasure still clears a customer's rows and uninstall drops it.
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
