using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>The configure page: every setting with its "override for this store" flag.</summary>
public record ConfigurationModel : BaseNopModel
{
    public int ActiveStoreScopeConfiguration { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.Enabled")]
    public bool Enabled { get; set; }
    public bool Enabled_OverrideForStore { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.ActiveWindowDays")]
    public int ActiveWindowDays { get; set; }
    public bool ActiveWindowDays_OverrideForStore { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.MetricsPeriodDays")]
    public int MetricsPeriodDays { get; set; }
    public bool MetricsPeriodDays_OverrideForStore { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.MarketingEmailsPerWeek")]
    public int MarketingEmailsPerWeek { get; set; }
    public bool MarketingEmailsPerWeek_OverrideForStore { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.QuietHoursStart")]
    public int QuietHoursStart { get; set; }
    public bool QuietHoursStart_OverrideForStore { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.QuietHoursEnd")]
    public int QuietHoursEnd { get; set; }
    public bool QuietHoursEnd_OverrideForStore { get; set; }

    [NopResourceDisplayName(RetentionDefaults.LocalePrefix + "Fields.AbandonedCartDelayMinutes")]
    public int AbandonedCartDelayMinutes { get; set; }
    public bool AbandonedCartDelayMinutes_OverrideForStore { get; set; }
}
