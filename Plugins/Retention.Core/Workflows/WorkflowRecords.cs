// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;

namespace Retention.Core.Workflows;

/// <summary>Where an enrollment stands. Stored as its number.</summary>
public enum EnrollmentState
{
    Active = 1,
    /// <summary>Every step ran (sent, withheld for the control group, or skipped).</summary>
    Completed = 2,
    /// <summary>Left early: goal met, cart emptied, unsubscribed, customer gone, workflow switched off.</summary>
    Exited = 3,
}

/// <summary>
/// One customer moving through one workflow about one subject. The subject says what the enrollment is about, so the
/// same customer can be in the same workflow again for something else: <c>cart:{first item's ticks}</c>,
/// <c>order:{id}</c>, <c>order:{id}:product:{id}</c>, <c>2026</c> (a birthday year), <c>tier:Gold</c>.
/// (workflow, store, customer, subject) is unique: enrolling twice is a no-op.
/// </summary>
public sealed record Enrollment
{
    public const int MaxSubjectLength = 100;

    /// <summary>Assigned by the store on insert; 0 before.</summary>
    public long Id { get; init; }

    public required WorkflowKind Workflow { get; init; }
    public required StoreId Store { get; init; }
    public required CustomerId Customer { get; init; }
    public required string Subject { get; init; }

    public required DateTime EnrolledUtc { get; init; }

    /// <summary>The instant the steps' delays count from (the cart's last change, the delivery, the registration).</summary>
    public required DateTime AnchorUtc { get; init; }

    /// <summary>In the control group: followed through every step, never sent anything.</summary>
    public required bool IsControl { get; init; }

    public EnrollmentState State { get; init; } = EnrollmentState.Active;

    /// <summary>Index of the next step to run; equals the step count once completed.</summary>
    public int NextStep { get; init; }

    /// <summary>When the next step falls due; null once the enrollment is closed.</summary>
    public DateTime? NextDueUtc { get; init; }

    public string? ExitReason { get; init; }

    public DateTime? ClosedUtc { get; init; }

    public IdempotencyKey Key => IdempotencyKey.For("wf-enroll", (int)Workflow, Store, Customer, Subject);

    /// <summary>The key of a step's email (and its coupon, and its sent/withheld event): the same on every node and every retry.</summary>
    public IdempotencyKey StepKey(int stepIndex) => IdempotencyKey.For("wf-step", (int)Workflow, Store, Customer, Subject, stepIndex);
}

/// <summary>How an enrollment moves on: the compare-and-set a store applies only if the enrollment is still at <see cref="FromStep"/> and active.</summary>
public sealed record EnrollmentTransition(long EnrollmentId, int FromStep, int NextStep, DateTime? NextDueUtc, EnrollmentState State, string? ExitReason, DateTime AtUtc);

/// <summary>What happened to a step or after it. Stored as its number.</summary>
public enum WorkflowEventKind
{
    Sent = 1,
    /// <summary>Due for a control-group enrollment: recorded as if sent, nothing queued.</summary>
    Withheld = 2,
    /// <summary>Not sent: the detail says why (no consent, capped out, condition failed, …).</summary>
    Skipped = 3,
    Opened = 4,
    Clicked = 5,
    /// <summary>An order attributed to the step; carries the order and its revenue.</summary>
    Converted = 6,
    /// <summary>The step's coupon was used on an order.</summary>
    CouponRedeemed = 7,
}

/// <summary>One thing that happened in a workflow, keyed so it is recorded once however often it is reported.</summary>
public sealed record WorkflowEvent
{
    public required IdempotencyKey Key { get; init; }
    public required long EnrollmentId { get; init; }
    public required WorkflowKind Workflow { get; init; }
    /// <summary>0-based step index.</summary>
    public required int Step { get; init; }
    public required StoreId Store { get; init; }
    public required CustomerId Customer { get; init; }
    public required WorkflowEventKind Kind { get; init; }
    public required DateTime OccurredUtc { get; init; }
    /// <summary>Whether the enrollment is in the control group (copied so reports need no join).</summary>
    public bool IsControl { get; init; }
    public int? OrderId { get; init; }
    /// <summary>Attributed revenue for <see cref="WorkflowEventKind.Converted"/>, in the primary currency; 0 otherwise.</summary>
    public decimal Revenue { get; init; }
    /// <summary>Why a step was skipped, the coupon code, the clicked target; at most 400 characters.</summary>
    public string? Detail { get; init; }
}

/// <summary>The surveys the workflows send. Stored as its number.</summary>
public enum SurveyKind
{
    /// <summary>0–10: how likely to recommend the store.</summary>
    Nps = 1,
    /// <summary>1–5: how satisfied with the order.</summary>
    Csat = 2,
    /// <summary>Win-back's "why did you leave?": one of <see cref="WinBackReasons"/>.</summary>
    WinBackReason = 3,
}

/// <summary>The answers win-back's one-question survey offers, by their stored number.</summary>
public static class WinBackReasons
{
    public static readonly IReadOnlyDictionary<int, string> All = new Dictionary<int, string>
    {
        [1] = "Prices",
        [2] = "Product quality",
        [3] = "Delivery or service",
        [4] = "Found another shop",
        [5] = "No longer need it",
        [6] = "Something else",
    };
}

/// <summary>
/// One answer. (kind, store, customer, subject) is unique — one answer per survey per customer: the NPS survey's subject is
/// <c>nps</c> (asked once per customer), CSAT's the order (<c>order:{id}</c>), win-back's the enrollment's subject.
/// </summary>
public sealed record SurveyAnswer
{
    public const int MaxCommentLength = 2000;

    public required SurveyKind Kind { get; init; }
    public required StoreId Store { get; init; }
    public required CustomerId Customer { get; init; }
    public required string Subject { get; init; }
    public required int Score { get; init; }
    public string? Comment { get; init; }
    public required DateTime AnsweredUtc { get; init; }
    /// <summary>The enrollment whose email carried the survey, if any.</summary>
    public long? EnrollmentId { get; init; }

    public IdempotencyKey Key => IdempotencyKey.For("survey", (int)Kind, Store, Customer, Subject);

    /// <summary>The valid scores of a survey.</summary>
    public static (int Min, int Max) ScaleOf(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => (0, 10),
        SurveyKind.Csat => (1, 5),
        SurveyKind.WinBackReason => (1, WinBackReasons.All.Count),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown survey."),
    };
}

/// <summary>What a customer's contact details allow, read from the store when a step falls due.</summary>
/// <param name="HasMarketingConsent">Subscribed to the store's newsletter, or gave the store's marketing (GDPR) consent.</param>
/// <param name="Unsubscribed">Used a Retention unsubscribe link (or the host's equivalent) for this store.</param>
/// <param name="TimeZone">The customer's time zone where the store lets customers choose one, else the store's.</param>
public sealed record ContactFacts(string? Email, string? Name, bool Active, bool Deleted, bool HasMarketingConsent, bool Unsubscribed, TimeZoneInfo TimeZone);

/// <summary>What nopCommerce 5.00's own reminders look like in a store (none on 4.90).</summary>
/// <param name="TaskEnabled">Whether the built-in "process abandoned carts" task is currently enabled.</param>
/// <param name="TakenOver">Whether the plugin disabled that task (and will restore it).</param>
public sealed record BuiltInReminderStatus(bool Present, bool TaskEnabled, bool TakenOver, IReadOnlyList<string> TemplateNames)
{
    public static readonly BuiltInReminderStatus None = new(false, false, false, []);
}

/// <summary>Everything a host needs to fill a step's template: who, which step, the coupon and the signed link tokens.</summary>
/// <param name="Links">Signed tokens for this email's links; the host turns each into a URL of its own routes.</param>
public sealed record StepMessage(Enrollment Enrollment, WorkflowSettings Workflow, int StepIndex, ContactFacts Contact,
    Coupons.IssuedCoupon? Coupon, StepLinks Links, bool IsPreview);

/// <summary>The signed tokens one email carries (see <see cref="LinkSigner"/>).</summary>
/// <param name="Click">Wraps links to the store (review pages, products): the host's click route records the click, then redirects.</param>
/// <param name="CartRestore">Abandoned cart only.</param>
/// <param name="SurveyAnswers">Survey steps only: one token per score.</param>
/// <param name="Open">Tracking pixel, when the store counts opens.</param>
public sealed record StepLinks(string Unsubscribe, string Click, string? CartRestore, IReadOnlyDictionary<int, string> SurveyAnswers, string? Open);
