using Retention.Core.Coupons;

namespace Retention.Core.Workflows;

/// <summary>
/// The workflows as a fresh install configures them. On by default are the ones a merchant expects to run from the
/// start and that cannot surprise old customers (each starts from a new event after install); win-back, surveys,
/// coupons for birthdays, replenishment and cross-sell wait for the merchant to switch them on.
/// </summary>
public static class WorkflowCatalog
{
    public const int MaxSteps = 5;

    /// <summary>Every workflow, in the order the admin list shows them.</summary>
    public static readonly IReadOnlyList<WorkflowKind> All = Enum.GetValues<WorkflowKind>();

    /// <summary>The template of step <paramref name="stepIndex"/> (0-based): <c>Retention.{Kind}.Step{n}</c>, n from 1.</summary>
    public static string TemplateName(WorkflowKind kind, int stepIndex) => $"Retention.{kind}.Step{stepIndex + 1}";

    /// <summary>Every template name the default workflows use.</summary>
    public static IEnumerable<string> AllTemplateNames() =>
        All.SelectMany(kind => Default(kind).Steps.Select(s => s.TemplateName)).Distinct();

    public static WorkflowProgramSettings Defaults() => new() { Workflows = All.Select(Default).ToList() };

    public static WorkflowSettings Default(WorkflowKind kind) => kind switch
    {
        WorkflowKind.AbandonedCart => Make(kind, enabled: true, priority: 90, exitOn: ExitOn.OrderPlaced | ExitOn.CartEmptied, reentryDays: 7,
            Step(kind, 0, TimeSpan.FromHours(1), condition: StepCondition.CartStillHasItems),
            Step(kind, 1, TimeSpan.FromHours(24), condition: StepCondition.CartStillHasItems),
            Step(kind, 2, TimeSpan.FromHours(72), new CouponOffer(CouponKind.Percentage, 10m, 7), StepCondition.CartStillHasItems)),
        WorkflowKind.WinBack => Make(kind, enabled: false, priority: 20, exitOn: ExitOn.OrderPlaced, reentryDays: 180,
            Step(kind, 0, TimeSpan.Zero),
            Step(kind, 1, TimeSpan.FromDays(7), new CouponOffer(CouponKind.Percentage, 15m, 14)),
            Step(kind, 2, TimeSpan.FromDays(21))),
        WorkflowKind.ReviewRequest => Make(kind, enabled: true, priority: 60, exitOn: ExitOn.None, reentryDays: 0,
            Step(kind, 0, TimeSpan.FromDays(7)),
            Step(kind, 1, TimeSpan.FromDays(14), condition: StepCondition.NotClickedYet)),
        WorkflowKind.NpsSurvey => Make(kind, enabled: false, priority: 45, exitOn: ExitOn.None, reentryDays: 0,
            Step(kind, 0, TimeSpan.FromDays(3))),
        WorkflowKind.CsatSurvey => Make(kind, enabled: false, priority: 50, exitOn: ExitOn.None, reentryDays: 0,
            Step(kind, 0, TimeSpan.FromDays(2))),
        WorkflowKind.Welcome => Make(kind, enabled: true, priority: 55, exitOn: ExitOn.None, reentryDays: 0,
            Step(kind, 0, TimeSpan.Zero),
            Step(kind, 1, TimeSpan.FromDays(3)),
            Step(kind, 2, TimeSpan.FromDays(7))),
        WorkflowKind.Birthday => Make(kind, enabled: false, priority: 40, exitOn: ExitOn.None, reentryDays: 300,
            Step(kind, 0, TimeSpan.Zero, new CouponOffer(CouponKind.Percentage, 10m, 14))),
        WorkflowKind.PointsExpiry => Make(kind, enabled: true, priority: 70, exitOn: ExitOn.None, reentryDays: 25, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.TierUp => Make(kind, enabled: true, priority: 80, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.Replenishment => Make(kind, enabled: false, priority: 35, exitOn: ExitOn.OrderPlaced, reentryDays: 0,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.CrossSell => Make(kind, enabled: false, priority: 30, exitOn: ExitOn.OrderPlaced, reentryDays: 30,
            Step(kind, 0, TimeSpan.FromDays(5))),
        WorkflowKind.CardLevelUp => Make(kind, enabled: true, priority: 78, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.CashbackStatement => Make(kind, enabled: true, priority: 75, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.MembershipRenewal => Make(kind, enabled: true, priority: 74, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.MembershipExpiry => Make(kind, enabled: true, priority: 76, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        // The stamp and challenge emails tell of a reward the customer earned (or is about to lose): owed, not marketing.
        WorkflowKind.StampCardFull => Make(kind, enabled: true, priority: 77, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.StampCardExpiring => Make(kind, enabled: true, priority: 68, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.ChallengeCompleted => Make(kind, enabled: true, priority: 73, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        WorkflowKind.BadgeEarned => Make(kind, enabled: true, priority: 65, exitOn: ExitOn.None, reentryDays: 0, marketing: false,
            Step(kind, 0, TimeSpan.Zero)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown workflow."),
    };

    private static WorkflowSettings Make(WorkflowKind kind, bool enabled, int priority, ExitOn exitOn, int reentryDays, params WorkflowStep[] steps) =>
        Make(kind, enabled, priority, exitOn, reentryDays, marketing: true, steps);

    private static WorkflowSettings Make(WorkflowKind kind, bool enabled, int priority, ExitOn exitOn, int reentryDays, bool marketing, params WorkflowStep[] steps) => new()
    {
        Kind = kind,
        Enabled = enabled,
        Priority = priority,
        ExitOn = exitOn,
        ReentryDays = reentryDays,
        IsMarketing = marketing,
        // Transactional messages (tier reached, points lapsing) are owed to every member: no one is held back from them.
        ControlGroupPercent = marketing ? 10m : 0m,
        Steps = steps,
    };

    private static WorkflowStep Step(WorkflowKind kind, int index, TimeSpan delay, CouponOffer? coupon = null, StepCondition condition = StepCondition.Always) => new()
    {
        Delay = delay,
        TemplateName = TemplateName(kind, index),
        Coupon = coupon,
        Condition = condition,
    };
}
