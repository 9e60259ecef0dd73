namespace Retention.Sandbox.Data;

// The workflows' tables in the sandbox: what the plugin keeps in its own tables and nopCommerce settings. Every row that
// records a side effect has a unique key, so two runners, a retried run or a replayed event write it once.

// Enrollments, workflow events, survey answers and unsubscribes are Core's rows (Retention.Core.Tables), the tables the
// engine's rules run over.

/// <summary>One store's workflow program (store 0: all stores), as JSON so a new setting needs no schema change.</summary>
public sealed class WorkflowSettingsRow
{
    public int StoreId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>
/// A customer who agreed to marketing email in a store: the sandbox's nopCommerce newsletter subscription (or GDPR
/// marketing consent). No row, no marketing email.
/// </summary>
public sealed class NewsletterSubscriptionRow
{
    public int StoreId { get; set; }
    public int CustomerId { get; set; }
    public DateTime SubscribedUtc { get; set; }
}

/// <summary>A coupon code used on an order; a coupon with a row here is never cleaned up.</summary>
public sealed class CouponRedemptionRow
{
    public string Code { get; set; } = "";
    public int StoreId { get; set; }
    public int OrderId { get; set; }
    public DateTime UsedUtc { get; set; }
}

/// <summary>A secret made once per install (the link-signing key), never shown on any page.</summary>
public sealed class SandboxSecretRow
{
    public string Name { get; set; } = "";
    public byte[] Value { get; set; } = [];
}

/// <summary>
/// One save of a step's email by the merchant (the sandbox's stand-in for editing a nopCommerce message template): every
/// save is a new row, so an email queued before an edit still shows the text it was sent with. Null subject and body
/// record "reset to default" (the shipped template of <c>EmailTemplates</c>).
/// </summary>
public sealed class TemplateEditRow
{
    public long Id { get; set; }
    public int StoreId { get; set; }
    public string TemplateName { get; set; } = "";
    public DateTime SavedUtc { get; set; }
    public string? Subject { get; set; }
    public string? Body { get; set; }
}
