using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Retention.Models.Admin;

/// <summary>The dashboard tile: the latest snapshot's headline figures, or none yet.</summary>
public record DashboardWidgetModel : BaseNopModel
{
    public bool HasSnapshot { get; set; }
    public DateTime AsOfUtc { get; set; }
    public int Customers { get; set; }
    public int Orders { get; set; }
    public decimal Revenue { get; set; }
    public double? RepeatPurchaseRate { get; set; }
    public double? RetentionRate { get; set; }
    public double? ChurnRate { get; set; }
    public decimal? AverageOrderValue { get; set; }
}
