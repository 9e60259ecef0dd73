using Nop.Core.Configuration;
using Retention.Core.Configuration;

namespace Nop.Plugin.Misc.Retention;

/// <summary>
/// The plugin's settings as nopCommerce stores them (one key per property, overridable per store). The engine
/// sees them as <see cref="RetentionOptions"/>; the mapping lives here so the two never drift apart.
/// </summary>
public class RetentionSettings : ISettings
{
    public bool Enabled { get; set; }
    public int ActiveWindowDays { get; set; }
    public int MetricsPeriodDays { get; set; }
    public int MarketingEmailsPerWeek { get; set; }
    public int QuietHoursStart { get; set; }
    public int QuietHoursEnd { get; set; }
    public int AbandonedCartDelayMinutes { get; set; }

    /// <summary>The engine's view of these settings.</summary>
    public RetentionOptions ToOptions() => new()
    {
        Enabled = Enabled,
        ActiveWindowDays = ActiveWindowDays,
        MetricsPeriodDays = MetricsPeriodDays,
        MarketingEmailsPerWeek = MarketingEmailsPerWeek,
        QuietHoursStart = QuietHoursStart,
        QuietHoursEnd = QuietHoursEnd,
        AbandonedCartDelayMinutes = AbandonedCartDelayMinutes,
    };

    /// <summary>Settings holding <paramref name="options"/>; the defaults of a fresh install come from here.</summary>
    public static RetentionSettings From(RetentionOptions options) => new()
    {
        Enabled = options.Enabled,
        ActiveWindowDays = options.ActiveWindowDays,
        MetricsPeriodDays = options.MetricsPeriodDays,
        MarketingEmailsPerWeek = options.MarketingEmailsPerWeek,
        QuietHoursStart = options.QuietHoursStart,
        QuietHoursEnd = options.QuietHoursEnd,
        AbandonedCartDelayMinutes = options.AbandonedCartDelayMinutes,
    };
}

/// <summary>
/// Values install creates once for the whole installation (store 0), kept apart from <see cref="RetentionSettings"/> so
/// the configure page, which saves every property of that class per store, can neither show nor overwrite them.
/// </summary>
public class RetentionInstallSettings : ISettings
{
    /// <summary>Base64 of the random key that signs referral codes; a new install makes old links invalid.</summary>
    public string ReferralSecret { get; set; }

    /// <summary>
    /// JSON list of nopCommerce's own earning settings (points for purchases and for registration, per store scope)
    /// as they were before install zeroed them; uninstall puts them back.
    /// </summary>
    public string NativeEarningBackup { get; set; }

    /// <summary>
    /// JSON list of nopCommerce's "points accumulated for all stores" per store scope as install found them: the plugin
    /// keeps one balance per store, so it switches the setting off and uninstall puts it back.
    /// </summary>
    public string WalletScopeBackup { get; set; }

    /// <summary>
    /// When the plugin started keeping the wallet and the ledger equal (UTC). Wallet entries written after it by anything
    /// but the plugin (an admin on nopCommerce's reward points card) are taken into the ledger; older ones are history.
    /// </summary>
    public DateTime? WalletSinceUtc { get; set; }

    /// <summary>Base64 of the random key that signs the links in workflow emails (unsubscribe, surveys, cart, clicks); never shown.</summary>
    public string LinkSecret { get; set; }

    /// <summary>The referral secret's bytes; a clear error when install has not created it.</summary>
    public byte[] ReferralSecretBytes()
    {
        if (string.IsNullOrWhiteSpace(ReferralSecret))
            throw new InvalidOperationException("The referral secret is missing: reinstall the Retention plugin, which creates it.");
        return Convert.FromBase64String(ReferralSecret);
    }

    /// <summary>The link secret's bytes; a clear error when neither install nor the update to workflows created it.</summary>
    public byte[] LinkSecretBytes()
    {
        if (string.IsNullOrWhiteSpace(LinkSecret))
            throw new InvalidOperationException("The link secret is missing: update or reinstall the Retention plugin, which creates it.");
        return Convert.FromBase64String(LinkSecret);
    }
}
