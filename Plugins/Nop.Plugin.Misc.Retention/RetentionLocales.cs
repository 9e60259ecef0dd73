namespace Nop.Plugin.Misc.Retention;

/// <summary>The plugin's English locale resources, by name; installed on install, deleted by prefix on uninstall.</summary>
public static class RetentionLocales
{
    private const string P = RetentionDefaults.LocalePrefix;

    public const string MenuTitle = P + "Menu.Title";
    public const string ConfigureTitle = P + "Configure.Title";
    public const string Saved = P + "Configure.Saved";
    public const string NotSaved = P + "Configure.NotSaved";
    public const string DashboardTitle = P + "Dashboard.Title";
    public const string DashboardEmpty = P + "Dashboard.Empty";

    // Dashboard report page (h-dash).
    public const string ReportTitle = P + "Report.Title";
    public const string ReportMenuTitle = P + "Report.Menu.Title";
    public const string RewardsTitle = P + "Rewards.Title";
    public const string RewardsBalance = P + "Rewards.Balance";
    public const string RewardsPending = P + "Rewards.Pending";

    /// <summary>The label resource of a dashboard figure.</summary>
    public static string Kpi(string figure) => P + "Dashboard.Kpi." + figure;

    private static readonly (string Figure, string Label)[] Kpis =
    [
        ("Customers", "Customers"),
        ("Orders", "Orders"),
        ("RepeatPurchaseRate", "Repeat purchase rate"),
        ("RetentionRate", "Retention rate"),
        ("ChurnRate", "Churn rate"),
        ("AverageOrderValue", "Average order value"),
    ];

    /// <summary>The label resource of a settings field.</summary>
    public static string Field(string property) => P + "Fields." + property;

    /// <summary>The hint resource of a settings field.</summary>
    public static string Hint(string property) => Field(property) + ".Hint";

    private static readonly (string Property, string Label, string Hint)[] Fields =
    [
        (nameof(RetentionSettings.Enabled), "Enabled", "When off, the plugin records events but awards no points and sends no email."),
        (nameof(RetentionSettings.PointsPerCurrencyUnit), "Points per currency unit", "Points earned per one unit of the primary store currency spent (0 to 1000)."),
        (nameof(RetentionSettings.ActivationDelayDays), "Pending days (return window)", "Days earned points stay pending before they can be spent (0 to 365)."),
        (nameof(RetentionSettings.PointsExpiryMonths), "Points expire after (months)", "Months after activation a lot of points expires; 0 means points never expire (0 to 120)."),
        (nameof(RetentionSettings.MaxRedeemSharePercent), "Maximum share payable with points (%)", "Largest share of an order that points may pay for (0 to 100)."),
        (nameof(RetentionSettings.ActiveWindowDays), "Active window (days)", "A customer counts as active while their last order is at most this many days old (1 to 3650)."),
        (nameof(RetentionSettings.MetricsPeriodDays), "Dashboard period (days)", "Length of the period the dashboard compares; not longer than the active window."),
        (nameof(RetentionSettings.MarketingEmailsPerWeek), "Marketing emails per week", "Most marketing emails one customer receives in 7 days, across all workflows (0 to 50)."),
        (nameof(RetentionSettings.QuietHoursStart), "Quiet hours from", "Hour (0 to 23, store time) from which no marketing email is sent."),
        (nameof(RetentionSettings.QuietHoursEnd), "Quiet hours until", "Hour (0 to 23, store time) at which sending resumes; equal to the start means no quiet hours."),
        (nameof(RetentionSettings.AbandonedCartDelayMinutes), "Cart abandoned after (minutes)", "Minutes a cart must sit idle before it counts as abandoned (5 to 10080)."),
    ];

    /// <summary>Every resource, English.</summary>
    public static IDictionary<string, string> English()
    {
        var resources = new Dictionary<string, string>
        {
            [MenuTitle] = "Retention",
            [ConfigureTitle] = "Retention settings",
            [Saved] = "The retention settings have been saved.",
            [NotSaved] = "Nothing was saved: please correct the fields marked below.",
            [DashboardTitle] = "Retention",
            [ReportTitle] = "Retention report",
            [ReportMenuTitle] = "Retention report",
            [DashboardEmpty] = "No figures yet: the dashboard fills in after the first run of the \"Retention: refresh dashboard metrics\" task.",
            [RewardsTitle] = "Your rewards",
            [RewardsBalance] = "Points available",
            [RewardsPending] = "Points pending",
            ["Security.Permission." + RetentionDefaults.Permissions.Manage] = "Admin area. Retention. Manage",
        };
        foreach (var (figure, label) in Kpis)
            resources[Kpi(figure)] = label;
        foreach (var (property, label, hint) in Fields)
        {
            resources[Field(property)] = label;
            resources[Hint(property)] = hint;
        }
        return resources;
    }
}
