using Retention.Core.Dashboard;
using Loyalty = Retention.Core.Loyalty;

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

    // Dashboard report page (h-dash).
    public const string ReportTitle = P + "Report.Title";
    public const string ReportSyncSegmentLabel = P + "Report.SyncSegment.Label";
    public const string ReportSyncSegmentButton = P + "Report.SyncSegment.Button";
    public const string ReportMenuTitle = P + "Report.Menu.Title";
    public const string RewardsTitle = P + "Rewards.Title";
    public const string RewardsBalance = P + "Rewards.Balance";
    public const string RewardsPending = P + "Rewards.Pending";

    // Loyalty: configure section
    public const string LoyaltyFieldPrefix = P + "Loyalty.Fields.";
    public const string LoyaltyTitle = P + "Loyalty.Title";
    public const string LoyaltyNotice = P + "Loyalty.NativePointsNotice";
    public const string LoyaltySaved = P + "Loyalty.Saved";
    public const string LoyaltyTiers = P + "Loyalty.Tiers";
    public const string LoyaltyTiersEmpty = P + "Loyalty.Tiers.Empty";
    public const string LoyaltyAddTier = P + "Loyalty.Tiers.Add";
    public const string LoyaltyRemoveTier = P + "Loyalty.Tiers.Remove";
    public const string LoyaltyScope = P + "Loyalty.Scope";

    // Loyalty: admin customer block
    public const string CustomerBlockTitle = P + "Loyalty.Customer.Title";
    public const string Available = P + "Loyalty.Available";
    public const string Pending = P + "Loyalty.Pending";
    public const string Tier = P + "Loyalty.Tier";
    public const string NoTier = P + "Loyalty.Tier.None";
    public const string History = P + "Loyalty.History";
    public const string NoHistory = P + "Loyalty.History.Empty";
    public const string HistoryDate = P + "Loyalty.History.Date";
    public const string HistoryPoints = P + "Loyalty.History.Points";
    public const string HistoryReason = P + "Loyalty.History.Reason";
    public const string HistoryActor = P + "Loyalty.History.Actor";
    public const string HistoryPending = P + "Loyalty.History.PendingMark";
    public const string AdjustTitle = P + "Loyalty.Adjust.Title";
    public const string AdjustPoints = P + "Loyalty.Adjust.Points";
    public const string AdjustReason = P + "Loyalty.Adjust.Reason";
    public const string AdjustSubmit = P + "Loyalty.Adjust.Submit";
    public const string AdjustDone = P + "Loyalty.Adjust.Done";
    public const string AdjustRejected = P + "Loyalty.Adjust.Rejected";
    public const string AdjustReasonRequired = P + "Loyalty.Adjust.ReasonRequired";
    public const string AdjustPointsNonZero = P + "Loyalty.Adjust.PointsNonZero";
    public const string AdjustUnknownStore = P + "Loyalty.Adjust.UnknownStore";
    public const string AdjustUnknownCustomer = P + "Loyalty.Adjust.UnknownCustomer";
    public const string AccessDenied = P + "Loyalty.AccessDenied";

    // Loyalty: finance report
    public const string AccountingPrefix = P + "Loyalty.Accounting.";
    public const string AccountingTitle = AccountingPrefix + "Title";
    public const string AccountingMenu = AccountingPrefix + "Menu";
    public const string AccountingRun = AccountingPrefix + "Run";
    public const string AccountingCsv = AccountingPrefix + "ExportCsv";
    public const string AccountingNoRows = AccountingPrefix + "NoRows";
    public const string AccountingCurrencyNote = AccountingPrefix + "CurrencyNote";
    public const string AccountingRangeRequired = AccountingPrefix + "RangeRequired";
    public const string AccountingFromAfterTo = AccountingPrefix + "FromAfterTo";
    public const string AccountingRangeTooLong = AccountingPrefix + "RangeTooLong";
    public const string AccountingStoreRequired = AccountingPrefix + "StoreRequired";

    /// <summary>The column header resource of a report column.</summary>
    public static string AccountingColumn(string column) => AccountingPrefix + "Column." + column;

    // Loyalty: what shoppers see
    public const string RewardsValue = P + "Rewards.Value";
    public const string RewardsOrderEarns = P + "Rewards.OrderEarns";
    public const string RewardsTier = P + "Rewards.Tier";
    public const string RewardsNextTier = P + "Rewards.NextTier";
    public const string RewardsTopTier = P + "Rewards.TopTier";
    public const string RewardsGuestPrompt = P + "Rewards.GuestPrompt";
    public const string RewardsLogin = P + "Rewards.Login";
    public const string RewardsRegister = P + "Rewards.Register";
    public const string MyRewardsTitle = P + "Rewards.MyRewards";
    public const string RewardsExpiringSoon = P + "Rewards.ExpiringSoon";
    public const string RewardsMinimumToRedeem = P + "Rewards.MinimumToRedeem";
    public const string RewardsReferralTitle = P + "Rewards.Referral.Title";
    public const string RewardsReferralHint = P + "Rewards.Referral.Hint";
    public const string RewardsOrders = P + "Rewards.Orders";
    public const string ProductEarn = P + "Rewards.Product.Earn";
    public const string ProductGuestEarn = P + "Rewards.Product.GuestEarn";
    public const string ReferralInvalidTitle = P + "Rewards.Referral.InvalidTitle";
    public const string ReferralInvalidBody = P + "Rewards.Referral.InvalidBody";
    public const string ReferralInvalidHome = P + "Rewards.Referral.Home";

    /// <summary>The resource of a ledger reason as shoppers and admins read it.</summary>
    public static string Reason(Loyalty.LedgerReason reason) => P + "Loyalty.Reason." + reason;

    /// <summary>The resource of an enum value shown in the loyalty settings (expiry mode, overdraft policy, tier basis).</summary>
    public static string EnumValue<TEnum>(TEnum value) where TEnum : struct, Enum => P + "Loyalty.Enum." + typeof(TEnum).Name + "." + value;

    #region Dashboard texts (issue 5)

    /// <summary>
    /// The resource of a text of the dashboard script, by its key in Core's <see cref="DashboardTexts"/> (KPI labels
    /// <c>kpi.*</c>, notes <c>note.*</c>, segment names <c>segment.*</c>, the script's own words). English installs from
    /// that table; the views hand the script every key translated (<see cref="DashboardTextsJson"/>).
    /// </summary>
    public static string DashboardText(string key) => P + "Dashboard.Text." + key;

    /// <summary>The script's data-texts attribute: every key of <see cref="DashboardTexts"/> with its resource's text.</summary>
    /// <param name="translate">The view's localizer, resource name → text in the admin's language.</param>
    public static string DashboardTextsJson(Func<string, string> translate) =>
        System.Text.Json.JsonSerializer.Serialize(DashboardTexts.English.Keys.ToDictionary(key => key, key => translate(DashboardText(key))));

    #endregion

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

    private static readonly (string Property, string Label, string Hint)[] LoyaltyFields =
    [
        ("Enabled", "Loyalty program on", "Off: nothing new is awarded (purchases, bonuses, referrals) while refunds, redemptions, expiry and adjustments are still recorded, so balances stay true."),
        ("PointsPerCurrencyUnit", "Points per currency unit", "Points earned per one unit of the primary store currency of eligible spend (0 to 1000); rounded down once per order."),
        ("ActivationDelayDays", "Pending days (return window)", "Days earned points stay pending before they can be spent (0 to 365)."),
        ("EarnOnShipping", "Earn on shipping", "Shipping charges earn points too (off: no points on shipping)."),
        ("EarnOnTax", "Earn on tax", "Tax earns points too (off: no points on tax)."),
        ("EarnOnGiftCards", "Earn on gift cards", "Buying a gift card earns points (off: its points are earned when the card is spent)."),
        ("EarnOnPointsPaidPart", "Earn on the part paid with points", "The share of an order paid with points earns points too (off prevents farming points from points)."),
        ("Expiry", "Points expire", "Never; each lot a number of months after it became spendable; or the whole balance after that many months without activity."),
        ("ExpiryMonths", "Expiry after (months)", "Months for the expiry above (1 to 120; 0 when points never expire)."),
        ("ExpiryReminderDays", "Reminder (days before expiry)", "Days before points expire that the reminder email is due (0 to 365)."),
        ("Overdraft", "When a refund takes more than the balance", "Go negative (future earnings pay it back) or cap at zero (the rest is forgiven and logged)."),
        ("MinimumBalanceToRedeem", "Minimum balance to redeem", "Points a shopper needs before any can be spent at checkout."),
        ("MaxRedeemSharePercent", "Maximum share payable with points (%)", "Largest share of an order that points may pay for (0 to 100)."),
        ("CurrencyPerPoint", "Value of one point", "What one point is worth at checkout, in the primary store currency."),
        ("TierBasis", "Tiers count", "What a tier threshold counts over the last 12 months: spend (primary currency) or paid orders."),
        ("TierDowngradeGraceDays", "Downgrade grace (days)", "Days a customer keeps a tier after falling below its threshold (0 to 3650)."),
        ("RegistrationBonus", "Registration bonus", "Points for registering (0 switches it off)."),
        ("BirthdayBonus", "Birthday bonus", "Points once a year on the customer's birthday (0 switches it off)."),
        ("ReviewBonus", "Review bonus", "Points for an approved product review, whatever its rating (0 switches it off)."),
        ("SurveyBonus", "Survey bonus", "Points for an answered survey (0 switches it off)."),
        ("ReferralBonus", "Referral bonus", "Points for the referrer when a new customer's first order is paid (0 switches it off)."),
        ("Tier.Name", "Tier", "The tier's name, shown to shoppers; unique."),
        ("Tier.Threshold", "Threshold", "12-month spend or order count from which the tier applies; no two tiers on the same threshold."),
        ("Tier.Multiplier", "Earn multiplier", "Multiplies the points earned by members of the tier (0 to 100)."),
    ];

    private static readonly (string Column, string Label)[] AccountingColumns =
    [
        ("Day", "Day (UTC)"), ("Opening", "Opening"), ("Earned", "Earned"), ("Bonuses", "Bonuses"), ("Adjusted", "Adjusted"),
        ("Reversed", "Reversed"), ("Redeemed", "Redeemed"), ("Reimbursed", "Reimbursed"), ("Expired", "Expired"), ("Closing", "Closing"),
        ("PendingAtClose", "Pending at close"), ("OpeningValue", "Opening value"), ("ClosingValue", "Closing value"),
    ];

    private static readonly (Loyalty.LedgerReason Reason, string Text)[] Reasons =
    [
        (Loyalty.LedgerReason.Purchase, "Purchase"),
        (Loyalty.LedgerReason.PurchaseReversal, "Refund or cancellation"),
        (Loyalty.LedgerReason.Redemption, "Spent at checkout"),
        (Loyalty.LedgerReason.RedemptionRefund, "Spent points returned"),
        (Loyalty.LedgerReason.Expiry, "Expired"),
        (Loyalty.LedgerReason.RegistrationBonus, "Registration bonus"),
        (Loyalty.LedgerReason.BirthdayBonus, "Birthday bonus"),
        (Loyalty.LedgerReason.ReviewBonus, "Product review bonus"),
        (Loyalty.LedgerReason.SurveyBonus, "Survey bonus"),
        (Loyalty.LedgerReason.ReferralBonus, "Referral bonus"),
        (Loyalty.LedgerReason.AdminAdjustment, "Adjustment by the store"),
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
            [ReportSyncSegmentLabel] = "Put an RFM segment's customers into its own customer role (for discounts, access and newsletters):",
            [ReportSyncSegmentButton] = "Sync to customer role",
            [ReportMenuTitle] = "Retention report",
            [RewardsTitle] = "Your rewards",
            [RewardsBalance] = "Points available",
            [RewardsPending] = "Points pending",
            ["Security.Permission." + RetentionDefaults.Permissions.Manage] = "Admin area. Retention. Manage",
        };
        resources[LoyaltyTitle] = "Loyalty program";
        resources[LoyaltyNotice] = "This plugin takes over nopCommerce's own \"points for purchases\" and registration points: it awards them by these rules and credits nopCommerce's reward points balance itself, so checkout still spends one balance. Keep those two nopCommerce settings at zero (Configuration › Settings › Reward points), or shoppers would be awarded twice.";
        resources[LoyaltySaved] = "The loyalty settings have been saved.";
        resources[LoyaltyTiers] = "Tiers";
        resources[LoyaltyTiersEmpty] = "No tiers: every customer earns at the base rate.";
        resources[LoyaltyAddTier] = "Add a tier";
        resources[LoyaltyRemoveTier] = "Remove";
        resources[LoyaltyScope] = "Settings of store";
        resources[CustomerBlockTitle] = "Loyalty points";
        resources[Available] = "Available";
        resources[Pending] = "Pending";
        resources[Tier] = "Tier";
        resources[NoTier] = "None";
        resources[History] = "History";
        resources[NoHistory] = "No points yet.";
        resources[HistoryDate] = "Date";
        resources[HistoryPoints] = "Points";
        resources[HistoryReason] = "Reason";
        resources[HistoryActor] = "By";
        resources[HistoryPending] = "pending";
        resources[AdjustTitle] = "Adjust points";
        resources[AdjustPoints] = "Points (negative to take away)";
        resources[AdjustReason] = "Reason (required, kept in the history)";
        resources[AdjustSubmit] = "Adjust";
        resources[AdjustDone] = "The points have been adjusted.";
        resources[AdjustRejected] = "The points were not adjusted: please correct the fields marked in the loyalty block.";
        resources[AdjustReasonRequired] = "A reason is required.";
        resources[AdjustPointsNonZero] = "Enter a number of points other than zero.";
        resources[AdjustUnknownStore] = "Choose one of the stores.";
        resources[AdjustUnknownCustomer] = "This customer does not exist.";
        resources[AccessDenied] = "You do not have the permission to manage the retention plugin.";
        resources[AccountingTitle] = "Points accounting";
        resources[AccountingMenu] = "Points accounting";
        resources[AccountingPrefix + "Store"] = "Store";
        resources[AccountingPrefix + "From"] = "From (UTC day)";
        resources[AccountingPrefix + "To"] = "To (UTC day, included)";
        resources[AccountingRun] = "Show";
        resources[AccountingCsv] = "Export CSV";
        resources[AccountingNoRows] = "No days in this range.";
        resources[AccountingCurrencyNote] = "Points per UTC day; values in the primary store currency at the store's point value.";
        resources[AccountingRangeRequired] = "Enter both dates.";
        resources[AccountingFromAfterTo] = "The start must not be after the end.";
        resources[AccountingRangeTooLong] = "At most 366 days at a time.";
        resources[AccountingStoreRequired] = "Choose a store.";
        resources[RewardsValue] = "Worth";
        resources[RewardsOrderEarns] = "This order earns you {0} points.";
        resources[RewardsTier] = "Your tier";
        resources[RewardsNextTier] = "{0} more to reach {1}";
        resources[RewardsTopTier] = "You are in the top tier.";
        resources[RewardsGuestPrompt] = "Register or log in to collect points on every order.";
        resources[RewardsLogin] = "Log in";
        resources[RewardsRegister] = "Register";
        resources[MyRewardsTitle] = "My rewards";
        resources[RewardsExpiringSoon] = "{0} points expire on {1}.";
        resources[RewardsMinimumToRedeem] = "You can spend points once you have {0}.";
        resources[RewardsReferralTitle] = "Invite a friend";
        resources[RewardsReferralHint] = "Share this link: when a new customer registers through it and their first order is paid, you receive bonus points.";
        resources[RewardsOrders] = "{0} orders";
        resources[ProductEarn] = "Earn {0} points with this product.";
        resources[ProductGuestEarn] = "Earn {0} points with this product: register or log in to collect them.";
        resources[ReferralInvalidTitle] = "This invitation link does not work";
        resources[ReferralInvalidHome] = "Go to the home page";
        resources[ReferralInvalidBody] = "The link may have been cut short when it was copied. Ask your friend to send it again.";
        foreach (var (property, label, hint) in LoyaltyFields)
        {
            resources[LoyaltyFieldPrefix + property] = label;
            resources[LoyaltyFieldPrefix + property + ".Hint"] = hint;
        }
        foreach (var (column, label) in AccountingColumns)
            resources[AccountingColumn(column)] = label;
        foreach (var (reason, text) in Reasons)
            resources[Reason(reason)] = text;
        resources[EnumValue(Loyalty.ExpiryMode.Never)] = "Never";
        resources[EnumValue(Loyalty.ExpiryMode.LotAfterActivation)] = "Each lot, months after it became spendable";
        resources[EnumValue(Loyalty.ExpiryMode.WholeBalanceAfterInactivity)] = "Whole balance, after months without activity";
        resources[EnumValue(Loyalty.OverdraftPolicy.GoNegative)] = "Go negative, recover from future earnings";
        resources[EnumValue(Loyalty.OverdraftPolicy.CapAtZero)] = "Cap at zero";
        resources[EnumValue(Loyalty.TierBasis.Spend)] = "Spend";
        resources[EnumValue(Loyalty.TierBasis.OrderCount)] = "Paid orders";
        foreach (var (key, text) in DashboardTexts.English)
            resources[DashboardText(key)] = text;
        foreach (var (property, label, hint) in Fields)
        {
            resources[Field(property)] = label;
            resources[Hint(property)] = hint;
        }
        return resources;
    }
}
