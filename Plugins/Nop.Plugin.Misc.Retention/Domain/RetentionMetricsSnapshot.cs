using Nop.Core;

namespace Nop.Plugin.Misc.Retention.Domain;

/// <summary>The dashboard's figures for one store and day, computed by the scheduled task; the widget only reads these.</summary>
public class RetentionMetricsSnapshot : BaseEntity
{
    /// <summary><c>metrics:{store}:{yyyy-MM-dd}</c>: one snapshot per store and day, whichever node computes it.</summary>
    public string IdempotencyKey { get; set; }
    public int StoreId { get; set; }
    public DateTime AsOfUtc { get; set; }
    public DateTime ComputedOnUtc { get; set; }
    /// <summary>The figures as JSON: Core's DashboardSnapshot (see Retention.Core/Dashboard/README.md).</summary>
    public string MetricsJson { get; set; }
}
