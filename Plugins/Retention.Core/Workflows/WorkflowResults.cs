// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Messaging;
using Retention.Core.Metrics;
using Retention.Core.Configuration;
using Retention.Core.Locking;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// The ports the workflows run on; hosts fill them once at start-up and <see cref="WorkflowParts.Compose"/> hands each
/// class only the ones its constructor names.
/// </summary>
public sealed record WorkflowServices
{
    public required IWorkflowSettingsStore Settings { get; init; }
    /// <summary>Store-wide options: the weekly marketing cap, quiet hours, the abandoned-cart idle time.</summary>
    public required IOptionsStore Options { get; init; }
    public required IEnrollmentStore Enrollments { get; init; }
    public required IWorkflowEventStore Events { get; init; }
    public required ISurveyStore Surveys { get; init; }
    public required IContactDirectory Contacts { get; init; }
    public required IMessageOutbox Outbox { get; init; }
    public required ICouponIssuer Coupons { get; init; }
    public required IWorkflowContent Content { get; init; }
    public required IStoreData Store { get; init; }
    public required IQueryRunner Runner { get; init; }
    public required IDistributedLock Lock { get; init; }
    public required IClock Clock { get; init; }
    public required LinkSigner Links { get; init; }
    /// <summary>For the report queries (stats, lift, surveys).</summary>
    public required IWorkflowData Data { get; init; }
    /// <summary>Points-expiry reminders and the survey bonus; null where the host runs no loyalty program.</summary>
    public IWorkflowLoyalty? Loyalty { get; init; }
    public IBuiltInReminders BuiltInReminders { get; init; } = NoBuiltInReminders.Instance;
    /// <summary>Commits a run's step outcomes in one transaction per chunk; null writes them through the single ports, one by one.</summary>
    public IWorkflowStepWriter? StepWriter { get; init; }
    /// <summary>Null: no product has a reorder interval, replenishment enrolls no one.</summary>
    public IReplenishmentCatalog? Replenishment { get; init; }
    /// <summary>The host's window-function median of purchase gaps (win-back's defaults); null uses Core's portable search, slow on big stores.</summary>
    public IPurchaseGapQuery? PurchaseGaps { get; init; }
    /// <summary>One per process: lets the once-a-day scans run once a day; null scans on every run.</summary>
    public DailyScanGate? DailyScans { get; init; }
}

/// <summary>What asking to enroll a customer did.</summary>
public enum EnrollOutcome
{
    Enrolled = 1,
    EnrolledAsControl = 2,
    /// <summary>Already enrolled about this subject: nothing changed (a replayed event).</summary>
    AlreadyEnrolled = 3,
    WorkflowOff = 4,
    NotInAudience = 5,
    /// <summary>The customer entered this workflow less than its re-entry days ago.</summary>
    ReentryTooSoon = 6,
    /// <summary>The store's built-in (nopCommerce 5.00) reminders cover this and the plugin stands aside.</summary>
    StoodAside = 7,
}

/// <summary>What one scheduled run did, across stores.</summary>
/// <param name="LockBusy">Another node held the run's lock; this node did nothing.</param>
public sealed record WorkflowRunReport(int Enrolled, int Sent, int Withheld, int Skipped, int Deferred, int Exited, int CouponsCleaned, bool LockBusy)
{
    public static readonly WorkflowRunReport Busy = new(0, 0, 0, 0, 0, 0, 0, true);
}

/// <summary>An unsubscribe link followed.</summary>
/// <param name="Changed">False when the customer was unsubscribed already (a replayed link): still a success page.</param>
public sealed record UnsubscribeResult(LinkCheck Check, bool Changed);

/// <summary>An unsubscribe link opened, before the customer confirms.</summary>
/// <param name="AlreadyUnsubscribed">The customer gets no marketing email already: the page says so instead of asking.</param>
public sealed record UnsubscribeQuestion(LinkCheck Check, bool AlreadyUnsubscribed);

/// <summary>A survey link opened (<see cref="WorkflowLinks.ReadSurveyAsync"/>) or its answer posted (<see cref="WorkflowLinks.AnswerSurveyAsync"/>).</summary>
/// <param name="Recorded">This click recorded the score.</param>
/// <param name="ExistingScore">When the survey was answered before (replayed or second link): the score that stands.</param>
public sealed record SurveyLinkResult(LinkCheck Check, SurveyKind? Kind, int? Score, bool Recorded, int? ExistingScore);

/// <summary>A tracked link followed.</summary>
/// <param name="TargetRefused">The target is not a page of the store (see <see cref="ClickTarget"/>): nothing was counted, whatever the token.</param>
/// <param name="Location">Where to redirect, ASCII and percent-encoded; set only when the token is valid and the target is not refused.</param>
public sealed record ClickResult(LinkCheck Check, bool TargetRefused, string? Location);

/// <summary>A cart-restore link followed: whose cart to copy into the visitor's current cart (the host does the copying).</summary>
public sealed record CartRestoreResult(LinkCheck Check, StoreId? Store, CustomerId? Customer);

/// <summary>Per workflow and step over a period: what was sent and what it brought.</summary>
public sealed record WorkflowStepStats(WorkflowKind Workflow, int Step, int Sent, int Withheld, int Skipped, int Opened, int Clicked, int Converted,
    decimal Revenue, int CouponsRedeemed);

/// <summary>A two-sided 95 % confidence interval around an estimate.</summary>
public sealed record Interval(double Estimate, double Low, double High);

/// <summary>One arm of a workflow's experiment: enrollments, how many ordered within the window, what they spent.</summary>
public sealed record LiftArm(int Enrolled, int Converted, decimal Revenue)
{
    public double ConversionRate => Enrolled == 0 ? 0 : (double)Converted / Enrolled;
    public double RevenuePerEnrolled => Enrolled == 0 ? 0 : (double)Revenue / Enrolled;
}

/// <summary>
/// Sent versus control for one workflow: conversion rate and revenue per enrolled customer, and the difference with a
/// 95 % interval. <paramref name="Note"/> says plainly (in English) when the groups are too small to conclude anything;
/// <see cref="NoteText"/> is the same sentence as Core's message key, for a host to say in the reader's language.
/// </summary>
public sealed record LiftReport(WorkflowKind Workflow, LiftArm Sent, LiftArm Control, Interval? ConversionLift, Interval? RevenuePerEnrolledLift, string? Note)
{
    public Localization.CoreText? NoteText { get; init; }
}

/// <summary>The store's figures behind win-back's defaults, shown beside the settings.</summary>
/// <param name="StoreMedianDays">Median days between consecutive orders (null: no customer ordered twice).</param>
/// <param name="OneTimeBuyerDays">Days after which a one-time buyer counts as dormant with the current settings.</param>
public sealed record DormancyDefaults(double? StoreMedianDays, decimal Multiple, int OneTimeBuyerDays);

/// <summary>A survey's answers over a period: the headline score (NPS −100..100, CSAT share 0..1, null for win-back reasons), the distribution and recent comments.</summary>
public sealed record SurveySummary(SurveyKind Kind, int Answers, double? Score, IReadOnlyDictionary<int, int> Distribution, IReadOnlyList<SurveyComment> RecentComments);

/// <summary>A comment left on a survey; plain text as typed (hosts encode it when rendering).</summary>
public sealed record SurveyComment(CustomerId Customer, int Score, string Comment, DateTime AnsweredUtc);

/// <summary>A step rendered with a real customer's data, for the admin preview; nothing is recorded or sent.</summary>
public sealed record StepPreview(string TemplateName, IReadOnlyDictionary<string, string> Tokens, string? NothingToSay);

/// <summary>An order as workflows see it when it is placed.</summary>
/// <param name="CouponCodes">Discount coupon codes the order used, to count coupon redemptions.</param>
public sealed record PlacedOrder(OrderFact Order, IReadOnlyList<OrderLineFact> Lines, IReadOnlyCollection<string> CouponCodes);

/// <summary>
/// A workflow's email figures over a period with their rates, the one definition both hosts' workflow lists show. Every
/// rate is per email sent (opens and clicks count once per email, as <see cref="WorkflowStepStats"/> does), so the rates
/// of a workflow are comparable between its steps and between workflows.
/// </summary>
/// <param name="Converted">Orders attributed to a click in one of the emails (last click, within the attribution window): not the lift report's "ordered after enrolling".</param>
/// <param name="Revenue">What those attributed orders brought.</param>
public sealed record WorkflowRates(WorkflowKind Workflow, int Sent, int Opened, int Clicked, int Converted, decimal Revenue)
{
    /// <summary>The figures of one workflow's steps added up.</summary>
    public static WorkflowRates Of(WorkflowKind workflow, IEnumerable<WorkflowStepStats> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var mine = stats.Where(s => s.Workflow == workflow).ToList();
        return new WorkflowRates(workflow, mine.Sum(s => s.Sent), mine.Sum(s => s.Opened), mine.Sum(s => s.Clicked), mine.Sum(s => s.Converted),
            mine.Sum(s => s.Revenue));
    }

    /// <summary>Opened ÷ sent; null when nothing was sent (no rate, rather than a misleading 0 %).</summary>
    public double? OpenRate => Rate(Opened);

    /// <summary>Clicked ÷ sent.</summary>
    public double? ClickRate => Rate(Clicked);

    /// <summary>Attributed orders ÷ sent.</summary>
    public double? ConversionRate => Rate(Converted);

    /// <summary>Attributed revenue ÷ emails sent (each email has one recipient).</summary>
    public decimal? RevenuePerRecipient => Sent == 0 ? null : Math.Round(Revenue / Sent, 2, MidpointRounding.AwayFromZero);

    private double? Rate(int count) => Sent == 0 ? null : (double)count / Sent;

    /// <summary>A rate as the lists show it: one decimal, "—" when there is none.</summary>
    public static string Percent(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>The open rate as the lists show it: "not tracked" while the store tracks no opens (a 0% would read as nobody reading).</summary>
    public string OpenRateShown(bool trackOpens) => trackOpens ? Percent(OpenRate) : NotTracked;

    public const string NotTracked = "not tracked";
}
