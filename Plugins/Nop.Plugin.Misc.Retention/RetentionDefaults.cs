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

    /// <summary>Customer roles of the discount card's levels: <c>Retention.Card.{store}.{level}</c>, each bound to its level's discount.</summary>
    public const string CardRolePrefix = "Retention.Card.";

    /// <summary>The member customer role of paid membership: <c>Retention.Member.{store}</c>, which the member discounts and the members-only products' ACL name.</summary>
    public const string MemberRolePrefix = "Retention.Member.";

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

        /// <summary>The workflows' run: scans that enroll, due steps, expired coupon cleanup.</summary>
        public static readonly ScheduledTaskDefinition Workflows = new(
            "Retention: run workflows",
            typeof(Services.WorkflowTask).FullName,
            Seconds: 300);

        public static readonly IReadOnlyList<ScheduledTaskDefinition> All = [RefreshMetrics, LoyaltyNightly, Workflows];
    }

    /// <summary>
    /// Message templates: Core's default email (<see cref="EmailTemplates"/>) of every workflow step, named
    /// <c>Retention.{Kind}.Step{n}</c>. A template is active while its workflow is on (a fresh install switches on what
    /// <see cref="WorkflowCatalog.Default"/> enables). nopCommerce 4.90's <c>MessageTemplate</c> has no plain-text body
    /// (its emails are HTML only), so a template is the subject and the HTML body.
    /// </summary>
    public static class Templates
    {
        /// <summary>Every step template of every workflow, in the catalog's order.</summary>
        public static readonly IReadOnlyList<MessageTemplateDefinition> All = WorkflowCatalog.All
            .SelectMany(kind => WorkflowCatalog.Default(kind).Steps.Select(step => Define(kind, step.TemplateName)))
            .ToList();

        /// <summary>
        /// The templates versions 4.90.1–4.90.2 installed, with the text they shipped with (before the workflows had one
        /// template per step). The update compares each with what the store holds: one still as shipped is replaced by
        /// the current default (or deleted, when its name is no longer used); one the merchant edited is kept as it is
        /// (and deactivated, when its name is no longer used, so nothing sends it).
        /// </summary>
        public static readonly IReadOnlyList<MessageTemplateDefinition> Shipped =
        [
            new("Retention.AbandonedCart.Step1", "%Store.Name%: you left something in your cart",
                "<p>Hello %Customer.FullName%,</p><p>Your cart is waiting: %Retention.CartItems%</p><p><a href=\"%Retention.CartRestoreUrl%\">Return to your cart</a></p>%Retention.Footer%",
                WorkflowKind.AbandonedCart),
            new("Retention.AbandonedCart.Step2", "%Store.Name%: still thinking it over?",
                "<p>Hello %Customer.FullName%,</p><p>The items in your cart are still available: %Retention.CartItems%</p><p><a href=\"%Retention.CartRestoreUrl%\">Return to your cart</a></p>%Retention.Footer%",
                WorkflowKind.AbandonedCart),
            new("Retention.AbandonedCart.Step3", "%Store.Name%: a coupon for your cart",
                "<p>Hello %Customer.FullName%,</p><p>Use the code <strong>%Retention.CouponCode%</strong> before %Retention.CouponExpires%.</p><p><a href=\"%Retention.CartRestoreUrl%\">Return to your cart</a></p>%Retention.Footer%",
                WorkflowKind.AbandonedCart),
            new("Retention.WinBack.Step1", "%Store.Name%: we miss you",
                "<p>Hello %Customer.FullName%,</p><p>It has been a while. Here is what is new at %Store.Name%.</p>%Retention.Footer%",
                WorkflowKind.WinBack),
            new("Retention.WinBack.Step2", "%Store.Name%: a discount just for you",
                "<p>Hello %Customer.FullName%,</p><p>Come back with the code <strong>%Retention.CouponCode%</strong>, valid until %Retention.CouponExpires%.</p>%Retention.Footer%",
                WorkflowKind.WinBack),
            new("Retention.WinBack.Step3", "%Store.Name%: why did you leave?",
                "<p>Hello %Customer.FullName%,</p><p>One question, one click: %Retention.SurveyLinks%</p>%Retention.Footer%",
                WorkflowKind.WinBack),
            new("Retention.ReviewRequest", "%Store.Name%: how did we do?",
                "<p>Hello %Customer.FullName%,</p><p>Tell other shoppers what you think: %Retention.ReviewLinks%</p><p>%Retention.ReviewBonus%</p>%Retention.Footer%",
                WorkflowKind.ReviewRequest),
            new("Retention.PointsExpiryReminder", "%Store.Name%: your points expire soon",
                "<p>Hello %Customer.FullName%,</p><p>%Retention.ExpiringPoints% points expire on %Retention.ExpiryDate%. Your balance: %Retention.PointsBalance%.</p>%Retention.Footer%",
                WorkflowKind.PointsExpiry),
        ];

        /// <summary>The current definition of a template name; null when no workflow step uses that name any more.</summary>
        public static MessageTemplateDefinition Current(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

        private static MessageTemplateDefinition Define(WorkflowKind kind, string name)
        {
            var email = EmailTemplates.Find(name)
                ?? throw new InvalidOperationException($"Core has no default email for the catalog's template {name}.");
            return new MessageTemplateDefinition(name, email.Subject, email.HtmlBody, kind);
        }
    }

    /// <summary>
    /// The <c>%Retention.*%</c> tokens offered in nopCommerce's template editor (without the % signs): every one Core's
    /// default emails document, and the loyalty tokens the plugin adds to every email with customer tokens.
    /// </summary>
    public static class EditorTokens
    {
        public static readonly IReadOnlyList<string> All = EmailTemplates.Tokens.Keys
            .Where(token => token.StartsWith(TemplatePrefix, StringComparison.Ordinal))
            .Concat([Tokens.PointsBalance, Tokens.PointsValue, Tokens.PointsPending, Tokens.PointsExpiringSoon, Tokens.Tier])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>A schedule task the plugin installs.</summary>
public sealed record ScheduledTaskDefinition(string Name, string Type, int Seconds);

/// <summary>A message template the plugin installs, and the workflow whose step sends it.</summary>
public sealed record MessageTemplateDefinition(string Name, string Subject, string Body, WorkflowKind Workflow);
