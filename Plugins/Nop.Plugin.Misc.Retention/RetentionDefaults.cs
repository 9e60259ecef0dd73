using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention;

/// <summary>Every system name, route, task, template and permission the plugin registers, named once.</summary>
public static class RetentionDefaults
{
    /// <summary>The plugin's system name; must match plugin.json.</summary>
    public const string SystemName = "Misc.Retention";

    /// <summary>Where the views live once the plugin is deployed.</summary>
    public const string ViewsPath = "~/Plugins/Misc.Retention/Views/";

    /// <summary>Route of the admin configure page.</summary>
    public const string ConfigurationRouteName = "Plugin.Misc.Retention.Configure";

    /// <summary>Menu item system name in the admin menu.</summary>
    public const string MenuSystemName = "Retention";

    /// <summary>Prefix of every locale resource the plugin owns; uninstall deletes by it.</summary>
    public const string LocalePrefix = "Plugins.Misc.Retention.";

    /// <summary>Prefix of every message template the plugin installs.</summary>
    public const string TemplatePrefix = "Retention.";

    /// <summary>Prefix of the plugin's distributed-lock resources.</summary>
    public const string LockPrefix = "Nop.Plugin.Misc.Retention.";

    /// <summary>Prefix of the customer role each loyalty tier is mirrored to (<c>Retention.Tier.Gold</c>).</summary>
    public const string TierRolePrefix = "Retention.Tier.";

    /// <summary>Customer roles mirroring an RFM segment: <c>Retention.Segment.{store}.{segment}</c>.</summary>
    public const string SegmentRolePrefix = "Retention.Segment.";

    /// <summary>
    /// The cookie carrying a referral code (<c>Retention.Core.Loyalty.ReferralCodes</c>) from the referral link to
    /// registration, where the referrer is recorded.
    /// </summary>
    public const string ReferralCookieName = "Retention.Ref";

    /// <summary>Permissions, inserted by nopCommerce from <see cref="Services.RetentionPermissionConfigManager"/>.</summary>
    /// <summary>Message tokens the plugin adds to every email that has customer tokens (without the % signs).</summary>
    public static class Tokens
    {
        public const string PointsBalance = "Retention.PointsBalance";
        public const string PointsValue = "Retention.PointsValue";
        public const string PointsPending = "Retention.PointsPending";
        public const string PointsExpiringSoon = "Retention.PointsExpiringSoon";
        public const string Tier = "Retention.Tier";
    }

    public static class Permissions
    {
        /// <summary>Configure the plugin and read its dashboard.</summary>
        public const string Manage = "Retention.Manage";
    }

    /// <summary>Schedule tasks the plugin installs.</summary>
    public static class Tasks
    {
        /// <summary>Recomputes the dashboard's dated metric snapshots.</summary>
        public static readonly ScheduledTaskDefinition RefreshMetrics = new(
            "Retention: refresh dashboard metrics",
            typeof(Services.RefreshMetricsTask).FullName,
            Seconds: 3600);

        /// <summary>Expiry, birthdays and tier downgrades for each store's local date, then the native reward points sweep.</summary>
        public static readonly ScheduledTaskDefinition LoyaltyNightly = new(
            "Retention: loyalty nightly run",
            typeof(Services.LoyaltyNightlyTask).FullName,
            Seconds: 3600);

        public static readonly IReadOnlyList<ScheduledTaskDefinition> All = [RefreshMetrics, LoyaltyNightly];
    }

    /// <summary>
    /// Message templates: one per workflow step of <see cref="WorkflowCatalog"/>, named <c>Retention.{Kind}.Step{n}</c>. A
    /// template is active while its workflow is on in some store (see <see cref="WorkflowCatalog.Default"/> for what a fresh
    /// install switches on). nopCommerce 4.90's <c>MessageTemplate</c> has no plain-text body (its emails are HTML only),
    /// so each template is subject + HTML body; every body ends with the open pixel (empty unless the store counts opens)
    /// and the unsubscribe footer.
    /// </summary>
    public static class Templates
    {
        private const string Hello = "<p>Hello %Customer.FullName%,</p>";
        private const string Closing = "%Retention.OpenPixel%%Retention.Footer%";
        private const string Coupon = "<p>Your code: <strong>%Retention.CouponCode%</strong> (%Retention.CouponValue%), valid until %Retention.CouponExpires%.</p>";
        private const string CartLink = "<p><a href=\"%Retention.CartRestoreUrl%\">Return to your cart</a></p>";

        /// <summary>Subject and body paragraphs of each step, by template name.</summary>
        private static readonly Dictionary<string, (string Subject, string Body)> Texts = new()
        {
            [WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 0)] = ("%Store.Name%: you left something in your cart",
                "<p>Your cart is waiting for you:</p>%Retention.CartItems%" + CartLink),
            [WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 1)] = ("%Store.Name%: still thinking it over?",
                "<p>The items in your cart are still available:</p>%Retention.CartItems%" + CartLink),
            [WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 2)] = ("%Store.Name%: a coupon for your cart",
                "<p>To help you decide, here is a discount on your cart:</p>" + Coupon + "%Retention.CartItems%" + CartLink),
            [WorkflowCatalog.TemplateName(WorkflowKind.WinBack, 0)] = ("%Store.Name%: we miss you",
                "<p>It has been a while. Here is what you might like now:</p>%Retention.Products%"),
            [WorkflowCatalog.TemplateName(WorkflowKind.WinBack, 1)] = ("%Store.Name%: a discount just for you",
                "<p>Come back and save on your next order.</p>" + Coupon),
            [WorkflowCatalog.TemplateName(WorkflowKind.WinBack, 2)] = ("%Store.Name%: why did you leave?",
                "<p>One question, one click: why have you not ordered from us lately?</p>%Retention.SurveyLinks%"),
            [WorkflowCatalog.TemplateName(WorkflowKind.ReviewRequest, 0)] = ("%Store.Name%: how do you like your order?",
                "<p>Tell other shoppers what you think of what you bought:</p>%Retention.ReviewLinks%<p>%Retention.ReviewBonus%</p>"),
            [WorkflowCatalog.TemplateName(WorkflowKind.ReviewRequest, 1)] = ("%Store.Name%: a minute for a review?",
                "<p>Your opinion helps other shoppers choose:</p>%Retention.ReviewLinks%<p>%Retention.ReviewBonus%</p>"),
            [WorkflowCatalog.TemplateName(WorkflowKind.NpsSurvey, 0)] = ("%Store.Name%: would you recommend us?",
                "<p>How likely are you to recommend %Store.Name% to a friend? Click a number (0 = not at all, 10 = very likely):</p>%Retention.SurveyLinks%"),
            [WorkflowCatalog.TemplateName(WorkflowKind.CsatSurvey, 0)] = ("%Store.Name%: how was your order?",
                "<p>How satisfied are you with your order? Click a score (1 = very unsatisfied, 5 = very satisfied):</p>%Retention.SurveyLinks%"),
            [WorkflowCatalog.TemplateName(WorkflowKind.Welcome, 0)] = ("Welcome to %Store.Name%",
                "<p>Thank you for joining us. Every order earns you points: your balance is %Retention.PointsBalance%.</p>"),
            [WorkflowCatalog.TemplateName(WorkflowKind.Welcome, 1)] = ("%Store.Name%: our customers' favourites",
                "<p>Here is what other customers love:</p>%Retention.Products%"),
            [WorkflowCatalog.TemplateName(WorkflowKind.Welcome, 2)] = ("%Store.Name%: make the most of your account",
                "<p>Collect points on every order and spend them at checkout. Your balance: %Retention.PointsBalance%.</p>"),
            [WorkflowCatalog.TemplateName(WorkflowKind.Birthday, 0)] = ("Happy birthday from %Store.Name%",
                "<p>Happy birthday! Here is a gift for you.</p>" + Coupon),
            [WorkflowCatalog.TemplateName(WorkflowKind.PointsExpiry, 0)] = ("%Store.Name%: your points expire soon",
                "<p>%Retention.ExpiringPoints% of your points expire on %Retention.ExpiryDate%. Your balance: %Retention.PointsBalance%. Spend them at checkout before they lapse.</p>"),
            [WorkflowCatalog.TemplateName(WorkflowKind.TierUp, 0)] = ("%Store.Name%: welcome to %Retention.TierName%",
                "<p>Congratulations, you have reached %Retention.TierName%.</p><p>%Retention.TierPerks%</p>"),
            [WorkflowCatalog.TemplateName(WorkflowKind.Replenishment, 0)] = ("%Store.Name%: time to restock?",
                "<p>You may be running low on:</p>%Retention.Products%"),
            [WorkflowCatalog.TemplateName(WorkflowKind.CrossSell, 0)] = ("%Store.Name%: goes well with your order",
                "<p>Customers who bought what you bought also chose:</p>%Retention.Products%"),
        };

        /// <summary>Every step template of every workflow, in the catalog's order.</summary>
        public static readonly IReadOnlyList<MessageTemplateDefinition> All = WorkflowCatalog.All
            .SelectMany(kind => WorkflowCatalog.Default(kind).Steps.Select(step => Define(kind, step.TemplateName)))
            .ToList();

        /// <summary>
        /// Templates of versions 4.90.1–4.90.2, before the workflows had one template per step, with the text they
        /// shipped with: an update deletes each one still holding exactly this text, and keeps (deactivated) one the
        /// merchant edited.
        /// </summary>
        public static readonly IReadOnlyList<MessageTemplateDefinition> Retired =
        [
            new("Retention.ReviewRequest", "%Store.Name%: how did we do?",
                "<p>Hello %Customer.FullName%,</p><p>Tell other shoppers what you think: %Retention.ReviewLinks%</p><p>%Retention.ReviewBonus%</p>%Retention.Footer%",
                WorkflowKind.ReviewRequest),
            new("Retention.PointsExpiryReminder", "%Store.Name%: your points expire soon",
                "<p>Hello %Customer.FullName%,</p><p>%Retention.ExpiringPoints% points expire on %Retention.ExpiryDate%. Your balance: %Retention.PointsBalance%.</p>%Retention.Footer%",
                WorkflowKind.PointsExpiry),
        ];

        /// <summary>The workflow whose step uses the template of this name, by the catalog's naming; null for any other name.</summary>
        public static WorkflowKind? WorkflowOf(string templateName) =>
            All.FirstOrDefault(t => string.Equals(t.Name, templateName, StringComparison.Ordinal))?.Workflow;

        private static MessageTemplateDefinition Define(WorkflowKind kind, string name)
        {
            var (subject, body) = Texts[name];
            return new MessageTemplateDefinition(name, subject, Hello + body + Closing, kind);
        }
    }

    /// <summary>Every <c>%Retention.*%</c> token the workflow emails may use (without the % signs), for nopCommerce's template editor.</summary>
    public static class WorkflowTokens
    {
        public static readonly IReadOnlyList<string> All =
        [
            "Retention.UnsubscribeUrl", "Retention.CartItems", "Retention.CartItemsText", "Retention.CartRestoreUrl",
            "Retention.CouponCode", "Retention.CouponValue", "Retention.CouponExpires", "Retention.ReviewLinks",
            "Retention.ReviewLinksText", "Retention.ReviewBonus", "Retention.SurveyLinks", "Retention.SurveyLinksText",
            "Retention.Products", "Retention.ProductsText", "Retention.ExpiringPoints", "Retention.ExpiryDate",
            "Retention.TierName", "Retention.TierPerks", "Retention.OpenPixel", "Retention.Footer",
            Tokens.PointsBalance, Tokens.PointsValue, Tokens.PointsPending, Tokens.PointsExpiringSoon, Tokens.Tier,
        ];
    }
}

/// <summary>A schedule task the plugin installs.</summary>
public sealed record ScheduledTaskDefinition(string Name, string Type, int Seconds);

/// <summary>A message template the plugin installs, and the workflow whose step sends it.</summary>
public sealed record MessageTemplateDefinition(string Name, string Subject, string Body, WorkflowKind Workflow);
