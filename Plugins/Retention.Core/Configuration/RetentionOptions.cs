using Retention.Core.Common;

namespace Retention.Core.Configuration;

/// <summary>
/// The engine's view of one store's settings. Hosts persist it their own way (nopCommerce ISettings per store,
/// a table in the sandbox); defaults are the safe ones a fresh install starts with. The loyalty program's own figures
/// (points per amount, pending days, expiry, redemption share) are <see cref="Loyalty.LoyaltySettings"/>'s, not these.
/// </summary>
public sealed record RetentionOptions
{
    /// <summary>Master switch: when off, the plugin observes events but awards and sends nothing.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A customer is active while their last counted order is at most this many days old.</summary>
    public int ActiveWindowDays { get; init; } = 365;

    /// <summary>Length of the period the dashboard compares, in days.</summary>
    public int MetricsPeriodDays { get; init; } = 30;

    /// <summary>Most marketing emails a customer gets in 7 days, across all workflows.</summary>
    public int MarketingEmailsPerWeek { get; init; } = 3;

    /// <summary>Quiet hours in the store's time zone: no marketing email from this hour…</summary>
    public int QuietHoursStart { get; init; } = 21;

    /// <summary>…until this hour. Equal start and end means no quiet hours.</summary>
    public int QuietHoursEnd { get; init; } = 8;

    /// <summary>Minutes a cart must sit idle before it counts as abandoned.</summary>
    public int AbandonedCartDelayMinutes { get; init; } = 60;

    /// <summary>Checks what a person typed; every rule names the field it is about.</summary>
    public ValidationResult Validate()
    {
        var result = new ValidationResult();
        result.Range(nameof(ActiveWindowDays), ActiveWindowDays, 1, 3650);
        result.Range(nameof(MetricsPeriodDays), MetricsPeriodDays, 1, 3650);
        result.Range(nameof(MarketingEmailsPerWeek), MarketingEmailsPerWeek, 0, 50);
        result.Range(nameof(QuietHoursStart), QuietHoursStart, 0, 23);
        result.Range(nameof(QuietHoursEnd), QuietHoursEnd, 0, 23);
        result.Range(nameof(AbandonedCartDelayMinutes), AbandonedCartDelayMinutes, 5, 60 * 24 * 7);
        if (MetricsPeriodDays > ActiveWindowDays)
            result.Add(nameof(MetricsPeriodDays), Localization.CoreMessages.PeriodLongerThanWindow());
        return result;
    }
}

/// <summary>Loads and saves <see cref="RetentionOptions"/> per store.</summary>
public interface IOptionsStore
{
    /// <summary>The options in force for <paramref name="store"/>: its overrides over the all-stores values.</summary>
    Task<RetentionOptions> LoadAsync(StoreId store, CancellationToken cancellationToken = default);

    /// <summary>Validates and saves; invalid options are rejected whole, nothing is written.</summary>
    Task<ValidationResult> SaveAsync(StoreId store, RetentionOptions options, CancellationToken cancellationToken = default);
}
