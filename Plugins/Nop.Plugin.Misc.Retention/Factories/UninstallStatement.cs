using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;

namespace Nop.Plugin.Misc.Retention.Factories;

/// <summary>
/// What uninstalling deletes, in the names the admin can find in nopCommerce, for the configure page's plain statement.
/// Taken from the same lists <see cref="RetentionPlugin.UninstallAsync"/> and the migrations work from, so the statement
/// cannot fall behind them.
/// </summary>
public static class UninstallStatement
{
    /// <summary>The plugin's tables, dropped with every row.</summary>
    public static IReadOnlyList<string> Tables { get; } = CustomerDataService.Tables.Select(t => t.Name).ToList();

    /// <summary>The settings classes whose keys are deleted (each key starts with the class name).</summary>
    public static IReadOnlyList<string> Settings { get; } = [nameof(RetentionSettings), nameof(RetentionLoyaltySettings), nameof(RetentionInstallSettings), nameof(Data.RetentionChallengeSettings)];

    /// <summary>The message templates install created (all named with the plugin's prefix), edits included.</summary>
    public static IReadOnlyList<string> Templates { get; } = RetentionDefaults.Templates.All.Concat(RetentionDefaults.Templates.Shipped)
        .Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The schedule tasks install created.</summary>
    public static IReadOnlyList<string> Tasks { get; } = RetentionDefaults.Tasks.All.Select(t => t.Name).ToList();

    /// <summary>The permission install created.</summary>
    public static string Permission => RetentionDefaults.Permissions.Manage;

    /// <summary>The prefix of every locale resource deleted.</summary>
    public static string LocalePrefix => RetentionDefaults.LocalePrefix;

    /// <summary>The prefixes of the customer roles uninstall keeps (discounts and catalog rules may use them).</summary>
    public static IReadOnlyList<string> KeptRolePrefixes { get; } = [RetentionDefaults.TierRolePrefix, RetentionDefaults.SegmentRolePrefix];
}
