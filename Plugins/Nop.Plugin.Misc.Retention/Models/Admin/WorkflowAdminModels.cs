using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>The workflows page: one row per workflow with its figures, and the program-wide settings.</summary>
public record WorkflowListModel : BaseNopModel
{
    public int ActiveStoreScopeConfiguration { get; set; }

    /// <summary>The period of the figures (UTC days, both included).</summary>
    public DateTime From { get; set; }
    public DateTime To { get; set; }

    public List<WorkflowRowModel> Workflows { get; set; } = new();

    public WorkflowProgramModel Program { get; set; } = new();

    /// <summary>"nopCommerce's own abandoned-cart reminders were found: …", or null when there are none.</summary>
    public string BuiltInNotice { get; set; }
}

/// <summary>One workflow in the list, with what it sent and brought in the period.</summary>
public record WorkflowRowModel : BaseNopModel
{
    public WorkflowKind Kind { get; set; }
    public string Name { get; set; }
    public bool Enabled { get; set; }
    public int Priority { get; set; }
    public bool IsMarketing { get; set; }
    public int Sent { get; set; }
    public int Clicked { get; set; }
    public int Converted { get; set; }
    public string Revenue { get; set; }

    // Core's WorkflowRates, formatted: every rate per email sent, "—" when nothing was sent.
    public string OpenRate { get; set; }
    public string ClickRate { get; set; }
    public string ConversionRate { get; set; }
    public string RevenuePerRecipient { get; set; }
}

/// <summary>What every workflow of the store shares.</summary>
public record WorkflowProgramModel : BaseNopModel
{
    public int ActiveStoreScopeConfiguration { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.AttributionWindowDays")]
    public int AttributionWindowDays { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.AttributionBasis")]
    public AttributionBasis AttributionBasis { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.TrackOpens")]
    public bool TrackOpens { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.BuiltInReminders")]
    public BuiltInRemindersMode BuiltInReminders { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.CouponCleanupDays")]
    public int CouponCleanupDays { get; set; }

    public List<SelectListItem> AvailableAttributionBases { get; set; } = new();
    public List<SelectListItem> AvailableBuiltInModes { get; set; } = new();
}

/// <summary>One workflow's settings as the edit page shows them (delays in hours, coupon flattened).</summary>
public record WorkflowEditModel : BaseNopModel
{
    public WorkflowKind Kind { get; set; }
    public string Name { get; set; }
    public int ActiveStoreScopeConfiguration { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.Enabled")]
    public bool Enabled { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.Priority")]
    public int Priority { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.IsMarketing")]
    public bool IsMarketing { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.ControlGroupPercent")]
    public decimal ControlGroupPercent { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.ReentryDays")]
    public int ReentryDays { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.ExitOnOrderPlaced")]
    public bool ExitOnOrderPlaced { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.ExitOnCartEmptied")]
    public bool ExitOnCartEmptied { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.AudienceMinOrders")]
    public int AudienceMinOrders { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.AudienceMaxOrders")]
    public int? AudienceMaxOrders { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.DormancyMultiple")]
    public decimal DormancyMultiple { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.OneTimeBuyerDormantDays")]
    public int OneTimeBuyerDormantDays { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.AfterOrderNumber")]
    public int AfterOrderNumber { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Workflows.Fields.DaysBeforeExpiry")]
    public int DaysBeforeExpiry { get; set; }

    public List<WorkflowStepModel> Steps { get; set; } = new();

    /// <summary>Win-back only: the store's median time between purchases and what it makes of the settings; null elsewhere.</summary>
    public string DormancyDefaults { get; set; }

    public List<SelectListItem> AvailableConditions { get; set; } = new();
    public List<SelectListItem> AvailableCouponKinds { get; set; } = new();
}

/// <summary>One step; <see cref="CouponKind"/> null for a step without coupon.</summary>
public record WorkflowStepModel : BaseNopModel
{
    /// <summary>Hours after the enrollment's anchor (decimals allowed).</summary>
    public decimal DelayHours { get; set; }

    public StepCondition Condition { get; set; }

    public CouponKind? CouponKind { get; set; }
    public decimal CouponValue { get; set; }
    public int CouponValidDays { get; set; }

    public string TemplateName { get; set; }

    /// <summary>The message template's id for the editor link; 0 when the store has no template of that name.</summary>
    public int TemplateId { get; set; }
}

/// <summary>A step rendered for a real customer (nothing recorded, issued or sent).</summary>
public record WorkflowPreviewModel : BaseNopModel
{
    public WorkflowKind Kind { get; set; }
    public string Name { get; set; }
    public int Step { get; set; }
    public string Customer { get; set; }
    public string TemplateName { get; set; }
    public string Subject { get; set; }
    /// <summary>The template's HTML body with the customer's tokens filled in, shown in a sandboxed frame.</summary>
    public string Body { get; set; }
    public string NothingToSay { get; set; }
    public IReadOnlyDictionary<string, string> Tokens { get; set; } = new Dictionary<string, string>();
    public string Error { get; set; }

    /// <summary>The store's message template behind the step, for the "Edit email" link to nopCommerce's editor; 0 when missing.</summary>
    public int TemplateId { get; set; }

    /// <summary>What Core's <see cref="EmailTemplateRules"/> finds wrong with the template as the merchant edited it (unknown tokens, no unsubscribe link).</summary>
    public IReadOnlyList<string> Problems { get; set; } = [];
}

/// <summary>The switch-on confirmation: who already qualifies, and what to do with them.</summary>
public record WorkflowSwitchOnModel : BaseNopModel
{
    public WorkflowKind Kind { get; set; }
    public string Name { get; set; }
    public bool AlreadyOn { get; set; }
    public bool HasBacklog { get; set; }
    public int BacklogCount { get; set; }
    public int PerDay { get; set; }
    public int Days { get; set; }
    public BacklogChoice Choice { get; set; } = BacklogChoice.FromNowOn;
    public string Error { get; set; }
}

/// <summary>Sent versus control of one workflow over a period.</summary>
public record WorkflowLiftModel : BaseNopModel
{
    public WorkflowKind Kind { get; set; }
    public string Name { get; set; }
    public DateTime From { get; set; }
    public DateTime To { get; set; }
    public LiftReport Report { get; set; }
    public string SentRevenue { get; set; }
    public string ControlRevenue { get; set; }
}

/// <summary>A survey's answers over a period.</summary>
public record WorkflowSurveyModel : BaseNopModel
{
    public SurveyKind Kind { get; set; }
    public DateTime From { get; set; }
    public DateTime To { get; set; }
    public SurveySummary Summary { get; set; }
    /// <summary>Score → its label (win-back reasons by name, else the number).</summary>
    public IReadOnlyDictionary<int, string> ScoreLabels { get; set; } = new Dictionary<int, string>();
}
