// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using Retention.Core.Common;
using Retention.Core.Localization;
using Retention.Core.Coupons;

namespace Retention.Core.Workflows;

/// <summary>The workflows the plugin ships. The numbers are stored; never renumber.</summary>
public enum WorkflowKind
{
    AbandonedCart = 1,
    WinBack = 2,
    ReviewRequest = 3,
    NpsSurvey = 4,
    CsatSurvey = 5,
    Welcome = 6,
    Birthday = 7,
    PointsExpiry = 8,
    TierUp = 9,
    Replenishment = 10,
    CrossSell = 11,
    /// <summary>The discount card went up a level (issue 18, the cumulative discount card).</summary>
    CardLevelUp = 12,
    /// <summary>The periodic cashback statement (issue 18), sent when a period is paid.</summary>
    CashbackStatement = 13,
    /// <summary>Paid membership (issue 18): the reminder before each renewal (numbered apart from the other mechanics' emails).</summary>
    MembershipRenewal = 20,
    /// <summary>Paid membership (issue 18): the last call before a membership in grace or cancelled lapses.</summary>
    MembershipExpiry = 21,
    // Stamp cards and challenges (issue 18); numbered after paid membership's two.
    /// <summary>A stamp card filled: its single-use coupon and what it gives.</summary>
    StampCardFull = 22,
    /// <summary>A partial stamp card lapses soon: how many stamps are missing and by when.</summary>
    StampCardExpiring = 23,
    /// <summary>A challenge completed, with its reward.</summary>
    ChallengeCompleted = 24,
    /// <summary>A badge earned (milestones; a challenge's own badge comes with its completion email).</summary>
    BadgeEarned = 25,
}

/// <summary>A step's extra condition, checked when the step falls due (the step is skipped, not the workflow, when it fails).</summary>
public enum StepCondition
{
    Always = 0,
    /// <summary>Only when no earlier step of this enrollment was clicked (reminders).</summary>
    NotClickedYet = 1,
    /// <summary>Only when the customer still has items in the cart (abandoned cart).</summary>
    CartStillHasItems = 2,
}

/// <summary>What ends an enrollment early: the workflow's goal met or its reason gone.</summary>
[Flags]
public enum ExitOn
{
    None = 0,
    /// <summary>The customer placed an order in the store after enrolling (the goal of most workflows).</summary>
    OrderPlaced = 1,
    /// <summary>The cart that started the enrollment is empty.</summary>
    CartEmptied = 2,
}

/// <summary>A coupon a step carries: a single-use discount for the one customer, created when the step is sent.</summary>
/// <param name="Value">Percent (0–100] or an amount in the primary currency, by <paramref name="Kind"/>.</param>
public sealed record CouponOffer(CouponKind Kind, decimal Value, int ValidDays);

/// <summary>One step of a workflow.</summary>
public sealed record WorkflowStep
{
    /// <summary>Time after the enrollment's anchor (the cart's last change, the delivery, …) when the step falls due; steps are cumulative from the anchor, not from each other.</summary>
    public required TimeSpan Delay { get; init; }

    /// <summary>The nopCommerce message template's system name, e.g. <c>Retention.AbandonedCart.Step1</c>.</summary>
    public required string TemplateName { get; init; }

    public CouponOffer? Coupon { get; init; }

    public StepCondition Condition { get; init; } = StepCondition.Always;
}

/// <summary>Who may enter a workflow, beyond its trigger. Counts are of the customer's counted orders in the store before enrolling.</summary>
public sealed record AudienceRules
{
    public int MinOrders { get; init; }

    /// <summary>Null for no upper bound.</summary>
    public int? MaxOrders { get; init; }
}

/// <summary>One workflow as a store runs it. Hosts persist it per store (all-stores values with per-store overrides).</summary>
public sealed record WorkflowSettings
{
    public required WorkflowKind Kind { get; init; }

    public bool Enabled { get; init; }

    /// <summary>Higher wins when the frequency cap leaves room for fewer emails than are due.</summary>
    public int Priority { get; init; }

    /// <summary>Marketing steps obey consent, suppression, the frequency cap and quiet hours; transactional ones only suppression of deleted/inactive/no-email customers.</summary>
    public bool IsMarketing { get; init; } = true;

    /// <summary>Share of enrollments, in percent, kept as a control group: followed but never sent. 0 turns it off.</summary>
    public decimal ControlGroupPercent { get; init; } = 10m;

    /// <summary>Days after an enrollment before the same customer may enter this workflow again (0: any new subject may enter).</summary>
    public int ReentryDays { get; init; }

    public ExitOn ExitOn { get; init; }

    public AudienceRules Audience { get; init; } = new();

    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];

    /// <summary>Win-back: dormant once the time since the last order exceeds this multiple of the customer's own mean interval.</summary>
    public decimal DormancyMultiple { get; init; } = 3m;

    /// <summary>Win-back: days after which a one-time buyer is dormant; 0 derives it from the store's median time between purchases × <see cref="DormancyMultiple"/>.</summary>
    public int OneTimeBuyerDormantDays { get; init; }

    /// <summary>NPS survey: sent after the customer's Nth counted order.</summary>
    public int AfterOrderNumber { get; init; } = 2;

    /// <summary>Points-expiry reminder: days before the first points lapse.</summary>
    public int DaysBeforeExpiry { get; init; } = 14;

    /// <summary>
    /// The last switch-on's decision about the customers who already qualified then (win-back, abandoned cart, points
    /// expiry); null for a workflow switched on before plans existed, whose scans take everyone who qualifies.
    /// </summary>
    public SwitchOnPlan? SwitchOn { get; init; }

    /// <summary>
    /// These settings as an edit saves them over the <paramref name="stored"/> ones at <paramref name="nowUtc"/>. An edit that
    /// switches the workflow on (a form's "On", not the switch-on page, which records the merchant's own choice) records
    /// "only from now on": with no plan the scans would enrol every customer who qualified while it was off, all on the next
    /// run, and a plan left from an earlier switch-on would date the backlog from then.
    /// </summary>
    public WorkflowSettings SavedOver(WorkflowSettings stored, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return Enabled && !stored.Enabled && Equals(SwitchOn, stored.SwitchOn)
            ? this with { SwitchOn = new SwitchOnPlan { SwitchedOnUtc = nowUtc, Choice = BacklogChoice.FromNowOn } }
            : this;
    }

    /// <summary>Checks what an admin typed; messages name the field (<c>Steps[1].Delay</c>, <c>ControlGroupPercent</c>).</summary>
    public ValidationResult Validate()
    {
        var result = new ValidationResult();
        // A form posts enums as numbers: an undefined one would be stored and break the run later, so it is refused here.
        if (!Enum.IsDefined(Kind))
            result.Add(nameof(Kind), CoreMessages.UnknownWorkflow());
        if ((ExitOn & ~(ExitOn.OrderPlaced | ExitOn.CartEmptied)) != 0)
            result.Add(nameof(ExitOn), CoreMessages.UnknownExit());
        result.Range(nameof(Priority), Priority, 0, 1000);
        result.Range(nameof(ControlGroupPercent), ControlGroupPercent, 0m, 50m);
        result.Range(nameof(ReentryDays), ReentryDays, 0, 3650);
        result.Range(nameof(DormancyMultiple), DormancyMultiple, 1m, 20m);
        result.Range(nameof(OneTimeBuyerDormantDays), OneTimeBuyerDormantDays, 0, 3650);
        result.Range(nameof(AfterOrderNumber), AfterOrderNumber, 1, 1000);
        result.Range(nameof(DaysBeforeExpiry), DaysBeforeExpiry, 1, 365);
        result.Range("Audience.MinOrders", Audience.MinOrders, 0, 100000);
        if (Audience.MaxOrders is { } max && (max < Audience.MinOrders || max > 100000))
            result.Add("Audience.MaxOrders", CoreMessages.MaxOrders(100000));
        SwitchOn?.Validate(result, nameof(SwitchOn) + ".");
        if (Steps.Count == 0)
            result.Add(nameof(Steps), CoreMessages.NoSteps());
        if (Steps.Count > WorkflowCatalog.MaxSteps)
            result.Add(nameof(Steps), CoreMessages.TooManySteps(WorkflowCatalog.MaxSteps));
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var field = $"Steps[{i}]";
            if (step.Delay < TimeSpan.Zero || step.Delay > TimeSpan.FromDays(365))
                result.Add(field + ".Delay", CoreMessages.StepDelay(0, 365));
            else if (i > 0 && step.Delay <= Steps[i - 1].Delay)
                result.Add(field + ".Delay", CoreMessages.StepOrder());
            if (string.IsNullOrWhiteSpace(step.TemplateName) || step.TemplateName.Length > 200 || step.TemplateName.Any(char.IsControl))
                result.Add(field + ".TemplateName", CoreMessages.TemplateName(200));
            if (!Enum.IsDefined(step.Condition))
                result.Add(field + ".Condition", CoreMessages.UnknownCondition());
            if (step.Coupon is { } coupon)
            {
                // A free product is a stamp card's reward: a workflow step names no product to give.
                if (!Enum.IsDefined(coupon.Kind) || coupon.Kind == CouponKind.FreeProduct)
                    result.Add(field + ".Coupon.Kind", CoreMessages.UnknownCouponKind());
                if (coupon.Kind == CouponKind.Percentage)
                    result.Range(field + ".Coupon.Value", coupon.Value, 1m, 100m);
                else
                    result.Range(field + ".Coupon.Value", coupon.Value, 0.01m, 100000m);
                result.Range(field + ".Coupon.ValidDays", coupon.ValidDays, 1, 365);
            }
        }
        return result;
    }
}

/// <summary>Whether an order is attributed to the last step a customer clicked, or the last one sent to them.</summary>
public enum AttributionBasis
{
    Click = 1,
    Send = 2,
}

/// <summary>What the plugin does when the store has nopCommerce's own (5.00+) abandoned-cart reminders.</summary>
public enum BuiltInRemindersMode
{
    /// <summary>Disable the built-in task while the plugin runs (restored on uninstall); the plugin's abandoned-cart workflow sends.</summary>
    TakeOver = 1,
    /// <summary>Leave the built-in reminders on; the plugin's abandoned-cart workflow sends nothing.</summary>
    StandAside = 2,
}

/// <summary>A store's workflow program: every workflow plus the store-wide rules they share.</summary>
public sealed record WorkflowProgramSettings
{
    /// <summary>One entry per <see cref="WorkflowKind"/>.</summary>
    public required IReadOnlyList<WorkflowSettings> Workflows { get; init; }

    /// <summary>Days after a click (or send) within which an order is attributed to the step.</summary>
    public int AttributionWindowDays { get; init; } = 5;

    public AttributionBasis AttributionBasis { get; init; } = AttributionBasis.Click;

    public BuiltInRemindersMode BuiltInReminders { get; init; } = BuiltInRemindersMode.TakeOver;

    /// <summary>Whether emails carry a tracking pixel so opens are counted (off: privacy first; clicks still count).</summary>
    public bool TrackOpens { get; init; }

    /// <summary>Days after expiry an unused coupon's discount is deleted from the store.</summary>
    public int CouponCleanupDays { get; init; } = 30;

    public WorkflowSettings For(WorkflowKind kind) =>
        Workflows.FirstOrDefault(w => w.Kind == kind) ?? WorkflowCatalog.Default(kind);

    /// <summary>This program as an edit saves it over the <paramref name="stored"/> one: each workflow by <see cref="WorkflowSettings.SavedOver"/>.</summary>
    public WorkflowProgramSettings SavedOver(WorkflowProgramSettings stored, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return this with { Workflows = Workflows.Select(w => w.SavedOver(stored.For(w.Kind), nowUtc)).ToList() };
    }

    public ValidationResult Validate()
    {
        var result = new ValidationResult();
        result.Range(nameof(AttributionWindowDays), AttributionWindowDays, 1, 90);
        result.Range(nameof(CouponCleanupDays), CouponCleanupDays, 0, 3650);
        if (!Enum.IsDefined(AttributionBasis))
            result.Add(nameof(AttributionBasis), CoreMessages.AttributionBasis());
        if (!Enum.IsDefined(BuiltInReminders))
            result.Add(nameof(BuiltInReminders), CoreMessages.BuiltInReminders());
        foreach (var duplicate in Workflows.GroupBy(w => w.Kind).Where(g => g.Count() > 1))
            result.Add(nameof(Workflows), CoreMessages.WorkflowTwice(duplicate.Key.ToString()));
        foreach (var workflow in Workflows)
            foreach (var error in workflow.Validate().Errors)
                result.Add($"{workflow.Kind}.{error.Field}", error);
        return result;
    }
}
