using Retention.Core.Dashboard;
using Loyalty = Retention.Core.Loyalty;
using Workflows = Retention.Core.Workflows;
using Coupons = Retention.Core.Coupons;

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
    public const string ReportSyncSegmentNoFigures = P + "Report.SyncSegment.NoFigures";
    public const string ReportSyncSegmentDone = P + "Report.SyncSegment.Done";
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
    public const string LoyaltyMultipliers = P + "Loyalty.Multipliers";
    public const string LoyaltyCategoriesEmpty = P + "Loyalty.Multipliers.NoCategories";
    public const string LoyaltyAddPromotion = P + "Loyalty.Promotions.Add";
    public const string LoyaltyPromotionDayRequired = P + "Loyalty.Promotions.DayRequired";
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
    public const string AdjustConfirmOverdraw = P + "Loyalty.Adjust.ConfirmOverdraw";
    public const string AdjustReasonShown = P + "Loyalty.Adjust.ReasonShown";
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
    // Stamp cards (issue 18 §2)
    public const string StampsTitle = P + "Stamps.Title";
    public const string StampsProgress = P + "Stamps.Progress";
    public const string StampsFreeOne = P + "Stamps.FreeOne";
    public const string StampsAmountOff = P + "Stamps.AmountOff";
    public const string StampsLapse = P + "Stamps.Lapse";
    public const string StampsCoupons = P + "Stamps.Coupons";
    private const string StampsAdminPrefix = P + "Stamps.Admin.";
    public const string StampsAdminTitle = StampsAdminPrefix + "Title";
    public const string StampsAdminMenu = StampsAdminPrefix + "Menu";
    public const string StampsAdminIntro = StampsAdminPrefix + "Intro";
    public const string StampsAdminSaved = StampsAdminPrefix + "Saved";
    public const string StampsAdminNewCard = StampsAdminPrefix + "NewCard";
    public const string StampsAdminRemove = StampsAdminPrefix + "Remove";
    public const string StampsAdminSave = StampsAdminPrefix + "Save";
    public static string StampsAdminField(string field) => StampsAdminPrefix + "Field." + field;
    public static string StampsAdminChoice<TEnum>(TEnum value) where TEnum : struct, Enum => StampsAdminPrefix + typeof(TEnum).Name + "." + value;
    private const string ChallengesAdminPrefix = P + "Challenges.Admin.";
    public const string ChallengesAdminTitle = ChallengesAdminPrefix + "Title";
    public const string ChallengesAdminMenu = ChallengesAdminPrefix + "Menu";
    public const string ChallengesAdminIntro = ChallengesAdminPrefix + "Intro";
    public const string ChallengesAdminSaved = ChallengesAdminPrefix + "Saved";
    public const string ChallengesAdminCategoryIds = ChallengesAdminPrefix + "CategoryIdsInvalid";
    public const string ChallengesAdminNew = ChallengesAdminPrefix + "New";
    public static string ChallengesAdminField(string field) => ChallengesAdminPrefix + "Field." + field;
    public static string ChallengesAdminChoice<TEnum>(TEnum value) where TEnum : struct, Enum => ChallengesAdminPrefix + typeof(TEnum).Name + "." + value;
    public const string RewardsMinimumToRedeem = P + "Rewards.MinimumToRedeem";
    public const string RewardsExpiringNeedMore = P + "Rewards.ExpiringNeedMore";
    public const string RewardsExpiringOutOfReach = P + "Rewards.ExpiringOutOfReach";
    public const string RewardsReferralTitle = P + "Rewards.Referral.Title";
    public const string RewardsReferralHint = P + "Rewards.Referral.Hint";
    public const string RewardsOrders = P + "Rewards.Orders";
    public const string ProductEarn = P + "Rewards.Product.Earn";
    public const string ProductGuestEarn = P + "Rewards.Product.GuestEarn";
    public const string ReferralInvalidTitle = P + "Rewards.Referral.InvalidTitle";
    public const string ReferralInvalidBody = P + "Rewards.Referral.InvalidBody";
    public const string ReferralInvalidHome = P + "Rewards.Referral.Home";

    /// <summary>The resource of one of the rewards panel's templates (Core's <c>RewardsPanel.English</c> keys).</summary>
    public static string RewardsPanelText(string key) => P + "Rewards.Panel." + key;

    /// <summary>The resource of one of periodic cashback's shopper templates (Core's <c>CashbackTexts.English</c> keys; issue 18).</summary>
    public static string CashbackText(string key) => P + "Cashback." + key;

    /// <summary>The resource of a label on the loyalty form's cashback section.</summary>
    public static string CashbackAdmin(string key) => P + "Cashback.Admin." + key;

    /// <summary>The resource of one of paid membership's shopper templates (Core's <c>MembershipTexts.English</c> keys; issue 18).</summary>
    public static string MembershipText(string key) => P + "Membership." + key;

    /// <summary>The resource of a text on the membership settings page (Retention → Membership; issue 18).</summary>
    public static string MembershipAdmin(string key) => P + "Membership.Admin." + key;

    /// <summary>The membership settings page's texts; the fields are named as Core's <c>MembershipSettings</c> properties.</summary>
    internal static readonly (string Key, string Text)[] MembershipAdminTexts =
    [
        ("Title", "Paid membership"),
        ("Menu", "Membership"),
        ("Intro", "A membership customers pay for with a recurring product (monthly or yearly). The first paid order of the product makes the customer a member (customer role Retention.Member.{store}); each paid renewal extends it by one cycle; after a missed or failed renewal the perks stay for the grace days, then the membership lapses. Saving brings the member role, the member discount, free shipping and the members-only products' access in line."),
        ("Saved", "The membership settings were saved; the member discount, free shipping and members-only products were brought in line."),
        ("Save", "Save"),
        ("Field.Enabled", "Membership on"),
        ("Field.ProductId", "Membership product ID (a recurring product)"),
        ("Field.DiscountPercent", "Member discount (% off the order total)"),
        ("Field.FreeShipping", "Free shipping for members"),
        ("Field.PointsMultiplier", "Points multiplier for members"),
        ("Field.GraceDays", "Grace after a missed renewal (days)"),
        ("Field.RenewalReminderDays", "Renewal reminder (days before each renewal, 0: none)"),
        ("Field.ExpiryReminderDays", "Expiry reminder (days before the membership lapses, 0: none)"),
        ("Field.MemberOnlyProductIds", "Members-only product IDs (comma-separated)"),
    ];

    private static readonly (string Key, string Text)[] CashbackAdminTexts =
    [
        ("Title", "Periodic cashback"),
        ("Hint", "At the end of each period the customer gets back a share of what they spent in it (paid orders, less refunds): the band reached applies to the whole spend. Paid the first night after the period ends in the store's time zone."),
        ("Enabled", "Pay cashback"), ("Period", "Period"), ("Period.Month", "Month"), ("Period.Quarter", "Quarter"),
        ("PayAs", "Pay as"), ("PayAs.Points", "Points"), ("PayAs.GiftCard", "Gift card (store credit)"),
        ("StartsOn", "Counts from"), ("Band.From", "From spend in the period"), ("Band.RatePercent", "Rate, %"),
    ];

    /// <summary>The resource of a ledger reason as shoppers and admins read it.</summary>
    public static string Reason(Loyalty.LedgerReason reason) => P + "Loyalty.Reason." + reason;

    /// <summary>The resource of an enum value shown in the loyalty settings (expiry mode, overdraft policy, tier basis).</summary>
    public static string EnumValue(Enum value) => P + "Loyalty.Enum." + value.GetType().Name + "." + value;

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
        (nameof(RetentionSettings.ActiveWindowDays), "Active window (days)", "A customer counts as active while their last order is at most this many days old (1 to 3650)."),
        (nameof(RetentionSettings.MetricsPeriodDays), "Dashboard period (days)", "Length of the period the dashboard compares; not longer than the active window."),
        (nameof(RetentionSettings.MarketingEmailsPerWeek), "Marketing emails per week", "Most marketing emails one customer receives in 7 days, across all workflows (0 to 50)."),
        (nameof(RetentionSettings.QuietHoursStart), "Quiet hours from", "Hour (0 to 23, store time) from which no marketing email is sent."),
        (nameof(RetentionSettings.QuietHoursEnd), "Quiet hours until", "Hour (0 to 23, store time) at which sending resumes; equal to the start means no quiet hours."),
        (nameof(RetentionSettings.AbandonedCartDelayMinutes), "Cart abandoned after (minutes)", "Minutes a cart must sit idle before it counts as abandoned (5 to 10080)."),
    ];

    private static readonly (string Column, string Label)[] AccountingColumns =
    [
        ("Day", "Day (UTC)"), ("Opening", "Opening"), ("Earned", "Earned"), ("Bonuses", "Bonuses"), ("Adjusted", "Adjusted"),
        ("Reversed", "Reversed"), ("Redeemed", "Redeemed"), ("Reimbursed", "Reimbursed"), ("Expired", "Expired"), ("Closing", "Closing"),
        ("PendingAtClose", "Pending at close"), ("OpeningValue", "Opening value"), ("ClosingValue", "Closing value (points liability incl. pending)"),
        ("Challenges", "Paid by challenges"),
        // Only in the CSV export, whose header row the admin reads in their language.
        ("StoreId", "Store ID"), ("CurrencyPerPoint", "Value of one point"),
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
        (Loyalty.LedgerReason.Cashback, "Cashback"),
        (Loyalty.LedgerReason.CashbackReversal, "Cashback taken back after a refund"),
        // Challenges and badges.
        (Loyalty.LedgerReason.ChallengeReward, "Challenge completed"),
        (Loyalty.LedgerReason.ChallengeRewardReversal, "Challenge reward taken back"),
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
            [ReportSyncSegmentNoFigures] = "No figures yet: the dashboard fills in after the first run of the \"Retention: refresh dashboard metrics\" task.",
            [ReportSyncSegmentDone] = "Customer role \"{0}\" ({1}): {2, plural, one {# customer} other {# customers}} ({3} added, {4} removed).",
            [ReportMenuTitle] = "Retention report",
            [RewardsTitle] = "Your rewards",
            [RewardsBalance] = "Points available",
            [RewardsPending] = "Points pending",
            ["Security.Permission." + RetentionDefaults.Permissions.Manage] = "Admin area. Retention. Manage",
        };
        resources[LoyaltyTitle] = "Loyalty program";
        resources[LoyaltyNotice] = "This plugin takes over nopCommerce's own \"points for purchases\" and registration points: it awards them by these rules and credits nopCommerce's reward points balance itself, so checkout still spends one balance. Keep those two nopCommerce settings at zero (Configuration › Settings › Reward points), or shoppers would be awarded twice. Balances are kept per store: \"Points accumulated for all stores\" is switched off while the plugin is installed and put back on uninstall. Points you add or take on nopCommerce's own reward points card are taken into the plugin's history within the hour.";
        resources[LoyaltySaved] = "The loyalty settings have been saved.";
        resources[LoyaltyTiers] = "Tiers";
        resources[LoyaltyTiersEmpty] = "No tiers: every customer earns at the base rate.";
        resources[LoyaltyAddTier] = "Add a tier";
        resources[LoyaltyRemoveTier] = "Remove";
        resources[LoyaltyMultipliers] = "Multipliers";
        resources[LoyaltyCategoriesEmpty] = "The catalog has no categories yet.";
        resources[LoyaltyAddPromotion] = "Add a promotion";
        resources[LoyaltyPromotionDayRequired] = "Enter the day.";
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
        resources[AdjustConfirmOverdraw] = "Take the balance below zero";
        resources[AdjustReasonShown] = "The customer sees this reason in their points history.";
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
        resources[AccountingCurrencyNote] = "Points per UTC day; values in the primary store currency at the store's point value. Closing value is the points liability including pending points, as the dashboard's \"Points liability incl. pending points\" of the next day; its \"spendable now\" is (Closing − Pending at close) × point value.";
        resources[AccountingRangeRequired] = "Enter both dates.";
        resources[AccountingFromAfterTo] = "The start must not be after the end.";
        resources[AccountingRangeTooLong] = "At most 366 days at a time.";
        resources[AccountingStoreRequired] = "Choose a store.";
        resources[RewardsValue] = "Worth";
        resources[RewardsOrderEarns] = "This order earns you {0, plural, one {# point} other {# points}}.";
        resources[RewardsTier] = "Your tier";
        resources[RewardsNextTier] = "{0} more to reach {1}";
        resources[RewardsTopTier] = "You are in the top tier.";
        resources[RewardsGuestPrompt] = "Register or log in to collect points on every order.";
        resources[RewardsLogin] = "Log in";
        resources[RewardsRegister] = "Register";
        resources[MyRewardsTitle] = "My rewards";
        resources[RewardsExpiringSoon] = "{0, plural, one {# point expires on {1}: spend it at checkout before then.} other {# points expire on {1}: spend them at checkout before then.}}";
        resources[RewardsMinimumToRedeem] = "You can spend points once you have {0}.";
        resources[RewardsExpiringNeedMore] = "{0, plural, one {# point expires} other {# points expire}} on {1}. You can spend points once you have {2, plural, one {# point} other {# points}}: earn {3, plural, one {# point} other {# points}} more with an order placed by {4} to use them.";
        resources[RewardsExpiringOutOfReach] = "{0, plural, one {# point expires} other {# points expire}} on {1}. Points can be spent once you have {2, plural, one {# point} other {# points}}, which this balance cannot reach before {0, plural, one {it lapses} other {they lapse}}.";
        resources[RewardsReferralTitle] = "Invite a friend";
        resources[RewardsReferralHint] = "Share this link: when a new customer registers through it and their first order is paid, you receive bonus points.";
        resources[RewardsOrders] = "{0, plural, one {# order} other {# orders}}";
        resources[ProductEarn] = "Earn {0, plural, one {# point} other {# points}} with this product.";
        resources[ProductGuestEarn] = "Earn {0, plural, one {# point} other {# points}} with this product: register or log in to collect them.";
        resources[ReferralInvalidTitle] = "This invitation link does not work";
        resources[ReferralInvalidHome] = "Go to the home page";
        resources[ReferralInvalidBody] = "The link may have been cut short when it was copied. Ask your friend to send it again.";
        foreach (var (property, label, hint) in Loyalty.LoyaltySettingsTexts.Fields)
        {
            resources[LoyaltyFieldPrefix + property] = label;
            resources[LoyaltyFieldPrefix + property + ".Hint"] = hint;
        }
        foreach (var (column, label) in AccountingColumns)
            resources[AccountingColumn(column)] = label;
        foreach (var (reason, text) in Reasons)
            resources[Reason(reason)] = text;
        foreach (var (key, text) in Loyalty.RewardsPanel.English)
            resources[RewardsPanelText(key)] = text;
        foreach (var (value, text) in Loyalty.LoyaltySettingsTexts.Choices)
            resources[EnumValue(value)] = text;
        foreach (var (key, text) in DashboardTexts.English)
            resources[DashboardText(key)] = text;
        foreach (var (property, label, hint) in Fields)
        {
            resources[Field(property)] = label;
            resources[Hint(property)] = hint;
        }
        AddWorkflowResources(resources);
        AddPrivacyResources(resources);
        AddFlowsResources(resources);
        foreach (var (key, text) in global::Retention.Core.Localization.CoreMessages.English)
            resources[CoreMessage(key)] = text;
        // Periodic cashback (issue 18).
        foreach (var (key, text) in global::Retention.Core.Cashback.CashbackTexts.English)
            resources[CashbackText(key)] = text;
        foreach (var (key, text) in CashbackAdminTexts)
            resources[CashbackAdmin(key)] = text;
        resources[LoyaltyFieldPrefix + "Cashback"] = "Periodic cashback";
        resources[LoyaltyFieldPrefix + "Cashback.Hint"] = CashbackAdminTexts.Single(t => t.Key == "Hint").Text;
        // Paid membership (issue 18).
        foreach (var (key, text) in global::Retention.Core.Membership.MembershipTexts.English)
            resources[MembershipText(key)] = text;
        foreach (var (key, text) in MembershipAdminTexts)
            resources[MembershipAdmin(key)] = text;
        AddShopperChallengeResources(resources);
        return resources;
    }

    /// <summary>The resource of one of Core's messages (validation), by its key in <c>CoreMessages</c>.</summary>
    public static string CoreMessage(string key) => P + "Core." + key;

    // My rewards' challenges, badges and leaderboard (issue 18 §5).
    private const string ShopperChallengesPrefix = P + "Challenges.Shopper.";
    public const string ShopperChallengesTitle = ShopperChallengesPrefix + "Title";
    public const string ShopperChallengesNone = ShopperChallengesPrefix + "None";
    public const string ShopperChallengeDates = ShopperChallengesPrefix + "Dates";
    public const string ShopperChallengePaid = ShopperChallengesPrefix + "Paid";
    public const string ShopperChallengeHeld = ShopperChallengesPrefix + "Held";
    public const string ShopperLeaderboardJoin = ShopperChallengesPrefix + "LeaderboardJoin";
    public const string ShopperLeaderboardLeave = ShopperChallengesPrefix + "LeaderboardLeave";
    public const string ShopperLeaderboardPrivacy = ShopperChallengesPrefix + "LeaderboardPrivacy";
    public const string ShopperLeaderboardName = ShopperChallengesPrefix + "LeaderboardName";
    public const string ShopperLeaderboardScore = ShopperChallengesPrefix + "LeaderboardScore";
    public const string ShopperBadgesTitle = ShopperChallengesPrefix + "BadgesTitle";
    public const string ShopperBadgesNone = ShopperChallengesPrefix + "BadgesNone";

    /// <summary>My rewards' challenge, badge and leaderboard texts (issue 18 §5).</summary>
    private static void AddShopperChallengeResources(IDictionary<string, string> resources)
    {
        resources[ShopperChallengesTitle] = "Challenges";
        resources[ShopperChallengesNone] = "No challenge is running right now.";
        resources[ShopperChallengeDates] = "{0} – {1}";
        resources[ShopperChallengePaid] = "completed, reward paid";
        resources[ShopperChallengeHeld] = "completed (the reward is pending the return window)";
        resources[ShopperLeaderboardJoin] = "Join the leaderboard";
        resources[ShopperLeaderboardLeave] = "Leave the leaderboard";
        resources[ShopperLeaderboardPrivacy] = "Only your first name and the initial of your last name are shown.";
        resources[ShopperLeaderboardName] = "Name";
        resources[ShopperLeaderboardScore] = "Score";
        resources[ShopperBadgesTitle] = "Badges";
        resources[ShopperBadgesNone] = "No badges yet: your first order earns one.";
    }

    /// <summary>
    /// The resources the plugin ships for a store language beyond English, by its culture (ru-RU, ru-KZ, …: Russian);
    /// null for a language the merchant translates with nopCommerce's language import.
    /// </summary>
    public static IDictionary<string, string> ForCulture(string languageCulture) =>
        IsRussian(languageCulture) ? RetentionLocalesRussian.Resources() : null;

    /// <summary>Whether a nopCommerce language culture is Russian ("ru" or "ru-*").</summary>
    public static bool IsRussian(string languageCulture) =>
        languageCulture != null && (languageCulture.Equals("ru", StringComparison.OrdinalIgnoreCase)
                                    || languageCulture.StartsWith("ru-", StringComparison.OrdinalIgnoreCase));

    #region Workflows (h-plui: landing pages, admin workflow pages)

    private const string L = P + "Link.";

    public const string LinkErrorTitle = L + "Error.Title";
    public const string LinkHome = L + "Home";
    public const string LinkExternalTarget = L + "Error.ExternalTarget";
    public const string LinkOtherStore = L + "Error.OtherStore";
    public const string LinkPreviewTitle = L + "Preview.Title";
    public const string LinkPreviewBody = L + "Preview.Body";
    public const string LinkUnsubscribeTitle = L + "Unsubscribe.Title";
    public const string LinkUnsubscribed = L + "Unsubscribe.Done";
    public const string LinkAlreadyUnsubscribed = L + "Unsubscribe.Already";
    public const string LinkUnsubscribeQuestion = L + "Unsubscribe.Question";
    public const string LinkUnsubscribeButton = L + "Unsubscribe.Button";
    public const string LinkSurveyQuestion = L + "Survey.Question";
    public const string LinkSurveySubmit = L + "Survey.Submit";
    public const string LinkSurveyTitle = L + "Survey.Title";
    public const string LinkSurveyRecorded = L + "Survey.Recorded";
    public const string LinkSurveyAnsweredBefore = L + "Survey.AnsweredBefore";
    public const string LinkCommentPrompt = L + "Survey.CommentPrompt";
    public const string LinkCommentSubmit = L + "Survey.CommentSubmit";
    public const string LinkCommentSaved = L + "Survey.CommentSaved";
    public const string LinkCommentRequired = L + "Survey.CommentRequired";
    public const string LinkCommentTooLong = L + "Survey.CommentTooLong";

    /// <summary>The shopper's sentence for a refused link, by why it was refused.</summary>
    public static string LinkStatus(Workflows.LinkStatus status) => L + "Status." + status;

    /// <summary>A win-back survey answer as the shopper and the admin read it.</summary>
    public static string WinBackReason(int reason) => P + "Survey.WinBackReason." + reason.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private const string W = P + "Workflows.";

    public const string WorkflowsTitle = W + "Title";
    public const string WorkflowsMenu = W + "Menu";
    public const string WorkflowSaved = W + "Saved";
    public const string WorkflowOn = W + "On";
    public const string WorkflowOff = W + "Off";
    public const string WorkflowSwitchOn = W + "SwitchOn";
    public const string WorkflowSwitchOff = W + "SwitchOff";
    public const string WorkflowSwitchOnConfirm = W + "SwitchOn.Confirm";
    public const string WorkflowSwitchOffConfirm = W + "SwitchOff.Confirm";
    public const string WorkflowMarketing = W + "Marketing";
    public const string WorkflowTransactional = W + "Transactional";
    public const string WorkflowPeriodFrom = W + "Period.From";
    public const string WorkflowPeriodTo = W + "Period.To";
    public const string WorkflowPeriodShow = W + "Period.Show";
    public const string WorkflowProgramTitle = W + "Program.Title";
    public const string WorkflowStepsTitle = W + "Steps.Title";
    public const string WorkflowNoCoupon = W + "Steps.NoCoupon";
    public const string WorkflowEditTemplate = W + "Steps.EditTemplate";
    public const string WorkflowTemplateMissing = W + "Steps.TemplateMissing";
    public const string WorkflowDormancyDefaults = W + "DormancyDefaults";
    public const string WorkflowCustomer = W + "Customer";
    public const string WorkflowPreviewTitle = W + "Preview.Title";
    public const string WorkflowPreviewButton = W + "Preview.Button";
    public const string WorkflowPreviewNothing = W + "Preview.Nothing";
    public const string WorkflowPreviewSubject = W + "Preview.Subject";
    public const string WorkflowPreviewToken = W + "Preview.Token";
    public const string WorkflowPreviewValue = W + "Preview.Value";
    public const string WorkflowTestEmail = W + "Test.Email";
    public const string WorkflowTestButton = W + "Test.Button";
    public const string WorkflowTestSent = W + "Test.Sent";
    public const string WorkflowTestNoTemplate = W + "Test.NoTemplate";
    public const string WorkflowBadTestAddress = W + "Test.BadAddress";
    public const string WorkflowNoSuchCustomer = W + "NoSuchCustomer";
    public const string WorkflowNoSuchStep = W + "NoSuchStep";
    public const string WorkflowBuiltInFound = W + "BuiltIn.Found";
    public const string WorkflowBuiltInTakenOver = W + "BuiltIn.TakenOver";
    public const string WorkflowBuiltInRunning = W + "BuiltIn.Running";
    public const string WorkflowBuiltInOff = W + "BuiltIn.Off";
    public const string WorkflowLiftTitle = W + "Lift.Title";
    // nopCommerce 4.90 has no generic "back" resource (only per-page BackToList ones): the editor link is the plugin's own.
    public const string WorkflowBackToEditor = W + "BackToEditor";
    public const string WorkflowSurveysTitle = W + "Surveys.Title";
    public const string WorkflowSurveyAnswers = W + "Surveys.Answers";
    public const string WorkflowSurveyAnswer = W + "Surveys.Answer";
    public const string WorkflowSurveyCount = W + "Surveys.Count";
    public const string WorkflowSurveyComments = W + "Surveys.Comments";
    public const string WorkflowSurveyNoComments = W + "Surveys.NoComments";

    /// <summary>A workflow's name as the admin reads it.</summary>
    public static string WorkflowName(Workflows.WorkflowKind kind) => W + "Kind." + kind;

    /// <summary>An enum value on the workflow pages (step condition, coupon kind, attribution basis, built-in mode, survey).</summary>
    public static string WorkflowEnum<TEnum>(TEnum value) where TEnum : struct, Enum => W + "Enum." + typeof(TEnum).Name + "." + value;

    /// <summary>The label of a workflow or program field (its hint: + ".Hint").</summary>
    public static string WorkflowField(string property) => W + "Fields." + property;

    public static string WorkflowColumn(string column) => W + "Column." + column;

    public static string WorkflowStepColumn(string column) => W + "Steps.Column." + column;

    public static string WorkflowLiftColumn(string column) => W + "Lift.Column." + column;

    /// <summary>The headline score's name of a survey (NPS, CSAT share; win-back reasons have none).</summary>
    public static string WorkflowSurveyScore(Workflows.SurveyKind kind) => W + "Surveys.Score." + kind;

    private static readonly (Workflows.WorkflowKind Kind, string Name)[] WorkflowNames =
    [
        (Workflows.WorkflowKind.AbandonedCart, "Abandoned cart"), (Workflows.WorkflowKind.WinBack, "Win-back"),
        (Workflows.WorkflowKind.ReviewRequest, "Review request"), (Workflows.WorkflowKind.NpsSurvey, "NPS survey"),
        (Workflows.WorkflowKind.CsatSurvey, "CSAT survey"), (Workflows.WorkflowKind.Welcome, "Welcome series"),
        (Workflows.WorkflowKind.Birthday, "Birthday"), (Workflows.WorkflowKind.PointsExpiry, "Points expiry reminder"),
        (Workflows.WorkflowKind.TierUp, "Tier reached"), (Workflows.WorkflowKind.Replenishment, "Replenishment"),
        (Workflows.WorkflowKind.CrossSell, "Cross-sell"),
        (Workflows.WorkflowKind.CardLevelUp, "Discount card level reached"),
        (Workflows.WorkflowKind.CashbackStatement, "Cashback statement"),
        (Workflows.WorkflowKind.MembershipRenewal, "Membership renewal reminder"),
        (Workflows.WorkflowKind.MembershipExpiry, "Membership expiry reminder"),
        (Workflows.WorkflowKind.StampCardFull, "Stamp card full"), (Workflows.WorkflowKind.StampCardExpiring, "Stamp card expiry reminder"),
        (Workflows.WorkflowKind.ChallengeCompleted, "Challenge completed"), (Workflows.WorkflowKind.BadgeEarned, "Badge earned"),
    ];

    private static readonly (string Property, string Label, string Hint)[] WorkflowFields =
    [
        ("Enabled", "On", "Customers enter this workflow only while it is on; switching it off stops new enrollments and its emails."),
        ("Priority", "Priority", "0 to 1000. When the weekly cap leaves room for fewer emails than are due, higher priorities go first."),
        ("IsMarketing", "Marketing email", "Marketing emails obey consent, the weekly cap and quiet hours; transactional ones (points, tiers) only need a reachable customer."),
        ("ControlGroupPercent", "Control group (%)", "0 to 50. This share of enrollments is followed but never emailed, to measure what the workflow brings (lift report)."),
        ("ReentryDays", "Re-entry after (days)", "0 to 3650. Days before the same customer may enter this workflow again; 0: any new subject may enter."),
        ("ExitOnOrderPlaced", "Stop when the customer orders", "The remaining steps are cancelled once the customer places an order in the store."),
        ("ExitOnCartEmptied", "Stop when the cart is emptied", "Abandoned cart: the remaining steps are cancelled once the cart is empty."),
        ("AudienceMinOrders", "Minimum orders", "Customers with fewer orders in the store do not enter."),
        ("AudienceMaxOrders", "Maximum orders", "Customers with more orders do not enter; empty for no limit."),
        ("DormancyMultiple", "Dormant after (× own interval)", "1 to 20. A repeat customer is dormant once the time since their last order exceeds this multiple of their own mean interval."),
        ("OneTimeBuyerDormantDays", "One-time buyers dormant after (days)", "0 to 3650; 0 derives it from the store's median time between purchases × the multiple above."),
        ("AfterOrderNumber", "Ask after order number", "1 to 1000. The NPS survey goes out after the customer's Nth order."),
        ("DaysBeforeExpiry", "Days before expiry", "1 to 365. How long before the first points lapse the reminder is due."),
        ("AttributionWindowDays", "Attribution window (days)", "1 to 90. An order placed within this many days of a click (or send) counts as brought by the step."),
        ("AttributionBasis", "Attribute orders to", "The last step the customer clicked, or the last step sent to them."),
        ("TrackOpens", "Count opens", "Adds a tracking pixel to emails; off by default (privacy first). Clicks are counted either way."),
        ("BuiltInReminders", "nopCommerce's own reminders", "Where nopCommerce (5.00 and later) sends its own abandoned-cart reminders: take them over, or leave them on and send none of ours."),
        ("CouponCleanupDays", "Delete unused coupons after (days)", "0 to 3650. Days after expiry an unused coupon's discount is deleted from the store."),
    ];

    private static void AddWorkflowResources(IDictionary<string, string> resources)
    {
        resources[WorkflowsTitle] = "Retention workflows";
        resources[WorkflowsMenu] = "Workflows";
        resources[WorkflowSaved] = "The workflow settings have been saved.";
        resources[WorkflowOn] = "On";
        resources[WorkflowOff] = "Off";
        resources[WorkflowSwitchOn] = "Switch on";
        resources[WorkflowSwitchOff] = "Switch off";
        resources[WorkflowSwitchOnConfirm] = "Switch the {0} workflow on? It starts enrolling customers and sending its emails.";
        resources[WorkflowSwitchOffConfirm] = "Switch the {0} workflow off? It stops sending; customers enrolled now receive nothing more from it.";
        resources[WorkflowMarketing] = "Marketing";
        resources[WorkflowTransactional] = "Transactional";
        resources[WorkflowPeriodFrom] = "From (UTC day)";
        resources[WorkflowPeriodTo] = "To (UTC day, included)";
        resources[WorkflowPeriodShow] = "Show";
        resources[WorkflowProgramTitle] = "Settings shared by all workflows";
        resources[WorkflowStepsTitle] = "Steps";
        resources[WorkflowNoCoupon] = "No coupon";
        resources[WorkflowEditTemplate] = "Edit the message template";
        resources[WorkflowTemplateMissing] = "No message template of this name in the store.";
        resources[WorkflowDormancyDefaults] = "This store: median time between purchases {0, plural, one {# day} other {# days}}; with a multiple of {1}, one-time buyers count as dormant after {2, plural, one {# day} other {# days}}.";
        resources[WorkflowCustomer] = "Customer (id or e-mail)";
        resources[WorkflowPreviewTitle] = "Preview";
        resources[WorkflowPreviewButton] = "Preview";
        resources[WorkflowPreviewNothing] = "This step would not be sent to this customer:";
        resources[WorkflowPreviewSubject] = "Subject";
        resources[WorkflowPreviewToken] = "Token";
        resources[WorkflowPreviewValue] = "Value for this customer";
        resources[WorkflowTestEmail] = "Send to (empty: your own address)";
        resources[WorkflowTestButton] = "Send a test email";
        resources[WorkflowTestSent] = "A test email has been queued for {0}.";
        resources[WorkflowTestNoTemplate] = "No test email was sent: the step has nothing to say for this sample customer (the preview says why), or its message template is missing.";
        resources[WorkflowBadTestAddress] = "Enter the e-mail address to send the test to.";
        resources[WorkflowNoSuchCustomer] = "No customer with this id or e-mail.";
        resources[WorkflowNoSuchStep] = "This workflow has no such step.";
        resources[WorkflowBuiltInFound] = "nopCommerce's own abandoned-cart reminders were found: {0}. {1}";
        resources[WorkflowBuiltInTakenOver] = "The plugin has switched their task off and sends its own (restored on uninstall).";
        resources[WorkflowBuiltInRunning] = "Their task is on: choose below whether the plugin takes them over or stands aside.";
        resources[WorkflowBuiltInOff] = "Their task is off.";
        resources[WorkflowLiftTitle] = "Lift report";
        resources[WorkflowBackToEditor] = "back to the workflow";
        resources[WorkflowSurveysTitle] = "Survey results";
        resources[WorkflowSurveyAnswers] = "Answers";
        resources[WorkflowSurveyAnswer] = "Answer";
        resources[WorkflowSurveyCount] = "Count";
        resources[WorkflowSurveyComments] = "Recent comments";
        resources[WorkflowSurveyNoComments] = "No comments in this period.";
        resources[WorkflowSurveyScore(Workflows.SurveyKind.Nps)] = "Net Promoter Score";
        resources[WorkflowSurveyScore(Workflows.SurveyKind.Csat)] = "Satisfied (4 or 5)";
        resources[WorkflowSurveyScore(Workflows.SurveyKind.WinBackReason)] = "Score";
        foreach (var (kind, name) in WorkflowNames)
            resources[WorkflowName(kind)] = name;
        foreach (var (property, label, hint) in WorkflowFields)
        {
            resources[WorkflowField(property)] = label;
            resources[WorkflowField(property) + ".Hint"] = hint;
        }
        foreach (var (column, label) in new[] { ("Name", "Workflow"), ("Enabled", "On / off"), ("Priority", "Priority"), ("Type", "Type"), ("Sent", "Sent"),
                     ("Clicked", "Clicked"), ("Converted", "Converted (last click)"), ("Revenue", "Attributed revenue"), ("OpenRate", "Open rate"),
                     ("ClickRate", "Click rate"), ("ConversionRate", "Conversion rate"), ("RevenuePerRecipient", "Revenue per recipient"), ("Actions", "") })
            resources[WorkflowColumn(column)] = label.Length > 0 ? label : "Reports";
        foreach (var (column, label) in new[] { ("Step", "Step"), ("DelayHours", "Delay (hours after the start)"), ("Condition", "Only if"),
                     ("CouponKind", "Coupon"), ("CouponValue", "Coupon value (% or amount)"), ("CouponValidDays", "Coupon valid (days)"), ("TemplateName", "Message template") })
            resources[WorkflowStepColumn(column)] = label;
        foreach (var (column, label) in new[] { ("Enrolled", "Enrolled"), ("Converted", "Enrolled and ordered"), ("ConversionRate", "Share that ordered"), ("Revenue", "Revenue"),
                     ("RevenuePerEnrolled", "Revenue per enrolled"), ("Sent", "Emailed"), ("Control", "Control group"),
                     ("ConversionLift", "Conversion lift (95 % interval)"), ("RevenueLift", "Revenue lift per enrolled (95 % interval)") })
            resources[WorkflowLiftColumn(column)] = label;
        resources[WorkflowEnum(Workflows.StepCondition.Always)] = "Always";
        resources[WorkflowEnum(Workflows.StepCondition.NotClickedYet)] = "No earlier email of it was clicked";
        resources[WorkflowEnum(Workflows.StepCondition.CartStillHasItems)] = "The cart still has items";
        resources[WorkflowEnum(Coupons.CouponKind.Percentage)] = "Percent off";
        resources[WorkflowEnum(Coupons.CouponKind.Amount)] = "Amount off";
        resources[WorkflowEnum(Coupons.CouponKind.FreeProduct)] = "Free product (stamp cards)";
        resources[WorkflowEnum(Workflows.AttributionBasis.Click)] = "The last click";
        resources[WorkflowEnum(Workflows.AttributionBasis.Send)] = "The last email sent";
        resources[WorkflowEnum(Workflows.BuiltInRemindersMode.TakeOver)] = "Take over (switch nopCommerce's reminders off, send ours)";
        resources[WorkflowEnum(Workflows.BuiltInRemindersMode.StandAside)] = "Stand aside (keep nopCommerce's reminders, send no abandoned-cart emails of ours)";
        resources[WorkflowEnum(Workflows.SurveyKind.Nps)] = "NPS";
        resources[WorkflowEnum(Workflows.SurveyKind.Csat)] = "CSAT";
        resources[WorkflowEnum(Workflows.SurveyKind.WinBackReason)] = "Win-back reasons";
        resources[LinkErrorTitle] = "This link does not work";
        resources[LinkHome] = "Go to the home page";
        resources[LinkExternalTarget] = "This link leads outside the store and was not followed.";
        resources[LinkOtherStore] = "This link belongs to another of our stores. Please open it from the email again.";
        resources[LinkPreviewTitle] = "Preview link";
        resources[LinkPreviewBody] = "This link comes from a preview or a test email, so nothing was recorded or changed: no unsubscribe, no survey answer, no points, no cart. In an email a customer receives, the same link works for real.";
        resources[LinkUnsubscribeTitle] = "Unsubscribe";
        resources[LinkUnsubscribed] = "You are unsubscribed: you will receive no more marketing email from us. Emails about your orders and points still reach you.";
        resources[LinkAlreadyUnsubscribed] = "You were already unsubscribed: you receive no marketing email from us.";
        resources[LinkUnsubscribeQuestion] = "Stop our marketing emails (offers, reminders, news) to you? Emails about your orders and points still reach you.";
        resources[LinkUnsubscribeButton] = "Unsubscribe";
        resources[LinkSurveyQuestion] = "Your answer: {0}.";
        resources[LinkSurveySubmit] = "Send my answer";
        resources[LinkSurveyTitle] = "Your answer";
        resources[LinkSurveyRecorded] = "Your answer has been recorded: {0}.";
        resources[LinkSurveyAnsweredBefore] = "You answered this survey before; your first answer stands: {0}.";
        resources[LinkCommentPrompt] = "Anything you would like to add? (optional)";
        resources[LinkCommentSubmit] = "Send";
        resources[LinkCommentSaved] = "Thank you, your comment has been saved.";
        resources[LinkCommentRequired] = "Please write a comment before sending.";
        resources[LinkCommentTooLong] = "Please keep your comment to {0, plural, one {# character} other {# characters}}.";
        foreach (var status in Enum.GetValues<Workflows.LinkStatus>())
            resources[LinkStatus(status)] = new Workflows.LinkCheck(status, null).Message;
        foreach (var (reason, text) in Workflows.WinBackReasons.All)
            resources[WinBackReason(reason)] = text;
    }

    #endregion

    #region Privacy (issue 6: GDPR export and erasure, uninstall statement)

    private const string G = P + "Privacy.";
    public const string PrivacyTitle = G + "Title";
    public const string PrivacyUninstallIntro = G + "Uninstall.Intro";
    public const string PrivacyUninstallTables = G + "Uninstall.Tables";
    public const string PrivacyUninstallSettings = G + "Uninstall.Settings";
    public const string PrivacyUninstallTemplates = G + "Uninstall.Templates";
    public const string PrivacyUninstallTasks = G + "Uninstall.Tasks";
    public const string PrivacyUninstallPermission = G + "Uninstall.Permission";
    public const string PrivacyUninstallLocales = G + "Uninstall.Locales";
    public const string PrivacyUninstallKeeps = G + "Uninstall.Keeps";
    public const string PrivacyExportAll = G + "ExportAll";
    public const string PrivacyExportAllHint = G + "ExportAll.Hint";
    public const string PrivacyExportCustomer = G + "ExportCustomer";
    public const string PrivacyExportCustomerHint = G + "ExportCustomer.Hint";
    public const string PrivacyUnknownCustomer = G + "UnknownCustomer";

    private static void AddPrivacyResources(IDictionary<string, string> resources)
    {
        resources[PrivacyTitle] = "Data and uninstalling";
        resources[PrivacyUninstallIntro] = "Uninstalling the plugin deletes, for every store, and cannot be undone:";
        resources[PrivacyUninstallTables] = "its {0} tables with every row in them (points history, tiers, referrals, coupons issued, workflow enrollments and events, survey answers and comments, the email outbox, unsubscribes, dashboard snapshots): {1}";
        resources[PrivacyUninstallSettings] = "its settings: {0}";
        resources[PrivacyUninstallTemplates] = "its {0} message templates, with any edits made to them: {1}";
        resources[PrivacyUninstallTasks] = "its schedule tasks: {0}";
        resources[PrivacyUninstallPermission] = "the permission {0}";
        resources[PrivacyUninstallLocales] = "every text resource whose name starts with {0}";
        resources[PrivacyUninstallKeeps] = "It keeps: the customer roles whose names start with {0} (discounts and catalog rules may use them), the discounts issued as coupons, and nopCommerce's reward points history, so customers keep the balance they can spend at checkout. nopCommerce's own points-for-purchase and registration settings are put back as they were before install.";
        resources[PrivacyExportAll] = "Download all Retention data (CSV)";
        resources[PrivacyExportAllHint] = "A zip file with one CSV file per table above. Download it before uninstalling if you need the history.";
        resources[PrivacyExportCustomer] = "Download this customer's Retention data (CSV)";
        resources[PrivacyExportCustomerHint] = "Everything the plugin keeps about this customer, one CSV file per table, for a data request. When the customer is permanently deleted (GDPR), these rows are deleted too.";
        resources[PrivacyUnknownCustomer] = "There is no customer with this id.";
    }

    // Issue 15: the switch-on confirmation, the step email's edit link and checks, the at-risk list's actions.
    private const string F = W + "Flows.";

    public const string SwitchOnTitle = F + "SwitchOn.Title";
    public const string SwitchOnBacklog = F + "SwitchOn.Backlog";
    public const string SwitchOnNoBacklog = F + "SwitchOn.NoBacklog";
    public const string SwitchOnFromNowOn = F + "SwitchOn.FromNowOn";
    public const string SwitchOnIncludeBacklog = F + "SwitchOn.IncludeBacklog";
    public const string SwitchOnPerDay = F + "SwitchOn.PerDay";
    public const string SwitchOnDays = F + "SwitchOn.Days";
    public const string SwitchOnButton = F + "SwitchOn.Button";
    public const string SwitchOnBadPerDay = F + "SwitchOn.BadPerDay";
    public const string SwitchOnAlreadyOn = F + "SwitchOn.AlreadyOn";
    public const string EditEmail = F + "EditEmail";
    public const string EditEmailMissing = F + "EditEmail.Missing";
    public const string TemplateUnknownTokens = F + "Template.UnknownTokens";
    public const string TemplateNoUnsubscribe = F + "Template.NoUnsubscribe";
    public const string TemplateValidTokens = F + "Template.ValidTokens";
    public const string AtRiskRoleAdded = F + "AtRisk.RoleAdded";
    public const string AtRiskRoleAlready = F + "AtRisk.RoleAlready";
    public const string AtRiskRoleRefused = F + "AtRisk.RoleRefused";
    public const string AtRiskNoCustomer = F + "AtRisk.NoCustomer";

    /// <summary>"subject" or "body", as a template problem names where it is.</summary>
    public static string TemplateField(string field) => F + "Template.Field." + field;

    /// <summary>What a one-off win-back start did, by Core's status.</summary>
    public static string AtRiskStart(Workflows.ManualStartStatus status) => F + "AtRisk.Start." + status;

    private static void AddFlowsResources(IDictionary<string, string> resources)
    {
        resources[SwitchOnTitle] = "Switch on: {0}";
        resources[SwitchOnBacklog] = "{0, plural, one {# customer already qualifies and would be enrolled} other {# customers already qualify and would be enrolled}} at once if nothing held them back.";
        resources[SwitchOnNoBacklog] = "Switching on enrols no one at once: this workflow enrols each customer when its trigger happens (an order, a delivery, a registration…) from now on.";
        resources[SwitchOnFromNowOn] = "Only from now on: none of them is enrolled; only customers who qualify after the switch-on are.";
        resources[SwitchOnIncludeBacklog] = "Include the backlog, spread over days";
        resources[SwitchOnPerDay] = "Customers a day";
        resources[SwitchOnDays] = "At {0} a day the backlog takes {1, plural, one {# day} other {# days}}, starting today, in order of customer number; customers who order in the meantime drop out of it.";
        resources[SwitchOnButton] = "Switch on";
        resources[SwitchOnBadPerDay] = "Enter how many customers a day, from 1 to 100000 (and few enough days: at most 3650).";
        resources[SwitchOnAlreadyOn] = "This workflow is on already.";
        resources[EditEmail] = "Edit email";
        resources[EditEmailMissing] = "The message template {0} is missing in this store: reinstalling the plugin's templates or creating one with this name brings the step back.";
        resources[TemplateUnknownTokens] = "The {0} uses tokens the plugin does not fill: {1}. Customers would see them as written.";
        resources[TemplateNoUnsubscribe] = "This marketing email has no unsubscribe link: put %Retention.Footer% or %Retention.UnsubscribeUrl% in its body.";
        resources[TemplateValidTokens] = "The Retention tokens are: {0}";
        resources[TemplateField(Workflows.EmailTemplateRules.SubjectField)] = "subject";
        resources[TemplateField(Workflows.EmailTemplateRules.BodyField)] = "body";
        resources[AtRiskRoleAdded] = "Customer {0} was added to the role {1}.";
        resources[AtRiskRoleAlready] = "Customer {0} is in the role {1} already.";
        resources[AtRiskRoleRefused] = "Choose one of the store's own active customer roles (system roles such as Administrators are not offered).";
        resources[AtRiskNoCustomer] = "There is no customer with this id.";
        resources[AtRiskStart(Workflows.ManualStartStatus.Started)] = "Win-back started for customer {0}: the first email goes out with the next run, within the weekly cap and outside quiet hours.";
        resources[AtRiskStart(Workflows.ManualStartStatus.StartedAsControl)] = "Win-back started for customer {0}, who is in the workflow's control group: followed and never emailed, so the lift can be measured.";
        resources[AtRiskStart(Workflows.ManualStartStatus.WorkflowOff)] = "The win-back workflow is off in this store: switch it on first.";
        resources[AtRiskStart(Workflows.ManualStartStatus.Unreachable)] = "Customer {0} cannot be emailed: the account is inactive, deleted or has no email address.";
        resources[AtRiskStart(Workflows.ManualStartStatus.NoConsent)] = "Customer {0} has not consented to marketing email or unsubscribed: win-back was not started.";
        resources[AtRiskStart(Workflows.ManualStartStatus.AlreadyStarted)] = "Customer {0} is in win-back already, or left it less than its re-entry days ago.";
        resources[AtRiskStart(Workflows.ManualStartStatus.NotInAudience)] = "Customer {0} is outside the win-back workflow's audience.";
        // Stamp cards (issue 18 §2)
        resources[StampsTitle] = "Stamp cards";
        resources[StampsProgress] = "{0} of {1, plural, one {# stamp} other {# stamps}}: {2} more for {3}.";
        resources[StampsFreeOne] = "a free one";
        resources[StampsAmountOff] = "{0} off";
        resources[StampsLapse] = "The stamps on this card lapse on {0}.";
        resources[StampsCoupons] = "Coupons earned:";
        resources[StampsAdminTitle] = "Stamp cards";
        resources[StampsAdminMenu] = "Stamp cards";
        resources[StampsAdminIntro] = "\"Buy N, get one\": each paid order that qualifies stamps the customer's card, and a full card gives a single-use coupon by email. A card counts one product, one category or whole orders above a minimum; a refunded order takes its stamps back. Fill in the last row to add a card.";
        resources[StampsAdminSaved] = "The stamp cards were saved; they stamp from the next paid order.";
        resources[StampsAdminNewCard] = "New card";
        resources[StampsAdminRemove] = "Remove";
        resources[StampsAdminSave] = "Save";
        resources[StampsAdminField("Id")] = "No.";
        resources[StampsAdminField("Name")] = "Name shoppers see";
        resources[StampsAdminField("Enabled")] = "On";
        resources[StampsAdminField("Scope")] = "Counts";
        resources[StampsAdminField("TargetId")] = "Product or category ID";
        resources[StampsAdminField("MinOrderAmount")] = "Minimum order amount";
        resources[StampsAdminField("Counting")] = "Stamps";
        resources[StampsAdminField("StampsToFill")] = "Stamps to fill";
        resources[StampsAdminField("Reward")] = "Reward";
        resources[StampsAdminField("RewardAmount")] = "Amount off";
        resources[StampsAdminField("RewardProductId")] = "Free product ID";
        resources[StampsAdminField("ExpiryDays")] = "Partial card lapses after (days, 0 = never)";
        resources[StampsAdminField("CouponValidDays")] = "Coupon valid (days)";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampScope.Order)] = "Orders";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampScope.Product)] = "A product";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampScope.Category)] = "A category";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampCounting.PerOrder)] = "One per order";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampCounting.PerItem)] = "One per item";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampReward.AmountOff)] = "Amount off";
        resources[StampsAdminChoice(global::Retention.Core.Stamps.StampReward.FreeProduct)] = "Free product";
        resources[ChallengesAdminTitle] = "Challenges and badges";
        resources[ChallengesAdminMenu] = "Challenges";
        resources[ChallengesAdminIntro] = "Time-boxed challenges built from categories bought from, spend, orders, approved reviews (the rating is never looked at), referred friends who bought and survey answers, each with its reward once per customer. Days are the store's calendar days, both included. Fill in the last row to add a challenge.";
        resources[ChallengesAdminSaved] = "The challenges were saved.";
        resources[ChallengesAdminCategoryIds] = "Enter category IDs as whole numbers separated by commas, or leave empty for any category.";
        resources[ChallengesAdminNew] = "New challenge";
        resources[ChallengesAdminField("Enabled")] = "Challenges on";
        resources[ChallengesAdminField("BadgesEnabled")] = "Milestone badges (first order, 10th order, one year, top tier)";
        resources[ChallengesAdminField("Id")] = "No.";
        resources[ChallengesAdminField("Name")] = "Name shoppers see";
        resources[ChallengesAdminField("StartDate")] = "First day";
        resources[ChallengesAdminField("EndDate")] = "Last day";
        resources[ChallengesAdminField("Goal")] = "Goal";
        resources[ChallengesAdminField("Target")] = "Target (count or amount)";
        resources[ChallengesAdminField("CategoryIds")] = "Category IDs";
        resources[ChallengesAdminField("Reward")] = "Reward";
        resources[ChallengesAdminField("RewardPoints")] = "Points";
        resources[ChallengesAdminField("CouponAmount")] = "Coupon amount off";
        resources[ChallengesAdminField("CouponValidDays")] = "Coupon valid (days)";
        resources[ChallengesAdminField("Leaderboard")] = "Opt-in leaderboard";
        resources[ChallengesAdminField("Remove")] = "Remove";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Categories)] = "Buy from different categories";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Spend)] = "Spend an amount";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Orders)] = "Place orders";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Reviews)] = "Write approved reviews";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Referrals)] = "Refer friends who buy";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeGoal.Surveys)] = "Answer surveys";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeReward.Points)] = "Points";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeReward.Coupon)] = "Coupon";
        resources[ChallengesAdminChoice(global::Retention.Core.Challenges.ChallengeReward.Badge)] = "Badge only";
        // Stamp cards: the reminder lead per card (issue 18 gaps)
        resources[StampsAdminField("ReminderDays")] = "Reminder before it lapses (days, 0 = none)";
    }

    #endregion
}
