using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Retention.Testing.Contracts;

/// <summary>
/// <see cref="IWorkflowContent"/> on every host: the same store (<see cref="StoreUrl"/>, <see cref="Products"/>, the
/// customer's <see cref="Cart"/>) renders to the same tokens, to the character, because the markup is Core's and the
/// hosts supply facts only. A host's fixture stocks its store with these facts before <see cref="PortContract{T}.CreateAsync"/>
/// returns: each product's page at <c>/shop/product/{id}</c>, its picture at <c>{store}/img/products/{id}.svg</c>, prices
/// formatted as <c>$0.00</c>.
/// </summary>
public abstract class WorkflowContentContract : PortContract<IWorkflowContent>
{
    public const string StoreUrl = "https://shop.example.com";
    public static readonly StoreId Store = new(1);
    public static readonly CustomerId Customer = new(7);
    public static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The store's products: id, name (with markup to encode), price.</summary>
    public static readonly IReadOnlyList<(int Id, string Name, decimal Price)> Products = [(1, "<b>Beans & \"Co\"</b>", 10m), (2, "Filters", 3.50m)];

    /// <summary>The customer's cart in <see cref="Store"/>, in the order the lines were added (one minute apart).</summary>
    public static readonly IReadOnlyList<(int ProductId, int Quantity)> Cart = [(1, 2), (2, 1)];

    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    private static StepMessage Message(WorkflowKind workflow, string subject, int step = 0, IssuedCoupon? coupon = null) => new(
        new Enrollment
        {
            Id = 5, Workflow = workflow, Store = Store, Customer = Customer, Subject = subject, EnrolledUtc = Now, AnchorUtc = Now, IsControl = false,
        },
        WorkflowCatalog.Default(workflow), step,
        new ContactFacts("ann@example.com", "Ann", true, false, true, false, Auckland), coupon,
        new StepLinks("UNSUB.tok", "CLICK.tok", workflow == WorkflowKind.AbandonedCart ? "CART.tok" : null, new Dictionary<int, string>(), "OPEN.tok"),
        IsPreview: false);

    [Test]
    public async Task A_cart_email_renders_the_same_markup_on_every_host()
    {
        var coupon = new IssuedCoupon("RET-ABC", new DateTime(2026, 3, 9, 20, 0, 0, DateTimeKind.Utc));

        var content = await Port.RenderAsync(Message(WorkflowKind.AbandonedCart, "cart:1", step: 2, coupon));

        Assert.That(content.HasContent, Is.True, content.NothingToSay);
        var tokens = content.Tokens;
        Assert.Multiple(() =>
        {
            Assert.That(tokens[WorkflowTokens.CartItems], Is.EqualTo(CartItemsHtml));
            Assert.That(tokens[WorkflowTokens.CartItemsText], Is.EqualTo("- <b>Beans & \"Co\"</b> x 2: $20.00\n- Filters x 1: $3.50"));
            Assert.That(tokens[WorkflowTokens.CartRestoreUrl], Is.EqualTo("https://shop.example.com/retention/cart/CART.tok"));
            Assert.That(tokens[WorkflowTokens.UnsubscribeUrl], Is.EqualTo("https://shop.example.com/retention/u/UNSUB.tok"));
            Assert.That(tokens[WorkflowTokens.Footer], Is.EqualTo(FooterHtml), "The templates' footer cell styles it; the token is only its sentence.");
            Assert.That(tokens[WorkflowTokens.OpenPixel], Is.EqualTo(OpenPixelHtml));
            Assert.That(tokens[WorkflowTokens.CouponCode], Is.EqualTo("RET-ABC"));
            Assert.That(tokens[WorkflowTokens.CouponValue], Is.EqualTo("10%"));
            Assert.That(tokens[WorkflowTokens.CouponExpires], Is.EqualTo("March 10, 2026"), "20:00 UTC is the next morning in the customer's Auckland.");
        });
    }

    [Test]
    public async Task A_replenishment_email_renders_the_same_markup_on_every_host()
    {
        var content = await Port.RenderAsync(Message(WorkflowKind.Replenishment, TriggerRules.ReplenishmentSubject(42, 2)));

        Assert.That(content.HasContent, Is.True, content.NothingToSay);
        Assert.Multiple(() =>
        {
            Assert.That(content.Tokens[WorkflowTokens.Products], Is.EqualTo(ProductsHtml));
            Assert.That(content.Tokens[WorkflowTokens.ProductsText], Is.EqualTo("- Filters ($3.50): https://shop.example.com/retention/c/CLICK.tok?to=%2Fshop%2Fproduct%2F2"));
        });
    }

    [Test]
    public async Task Every_workflow_token_is_present_so_no_template_shows_one_raw()
    {
        var content = await Port.RenderAsync(Message(WorkflowKind.Replenishment, TriggerRules.ReplenishmentSubject(42, 2)));

        var used = EmailTemplates.All.SelectMany(t => EmailTemplates.TokensIn(t.Subject + t.HtmlBody + t.TextBody))
            .Where(name => name.StartsWith("Retention.", StringComparison.Ordinal) && name != WorkflowTokens.PointsBalance).Distinct();
        Assert.That(used.Where(name => !content.Tokens.ContainsKey(name)), Is.Empty);
    }

    [Test]
    public async Task A_reorder_of_a_product_the_store_no_longer_has_has_nothing_to_say()
    {
        var content = await Port.RenderAsync(Message(WorkflowKind.Replenishment, TriggerRules.ReplenishmentSubject(42, 999)));

        Assert.That(content.HasContent, Is.False, "An email about no product would be an empty table.");
        Assert.That(content.NothingToSay, Does.Contain("no product"));
    }

    // The markup every host renders: the plugin's (the sandbox's older copy nested a styled paragraph in the
    // templates' footer cell and showed coupon dates in UTC).
    private const string CartItemsHtml = """<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">"""
        + """<tr><td width="72" style="padding:8px 12px 8px 0;"><img src="https://shop.example.com/img/products/1.svg" width="64" alt="&lt;b&gt;Beans &amp; &quot;Co&quot;&lt;/b&gt;" style="display:block;border:0;" /></td><td style="padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;">&lt;b&gt;Beans &amp; &quot;Co&quot;&lt;/b&gt; &times; 2</td><td align="right" style="padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;">$20.00</td></tr>"""
        + """<tr><td width="72" style="padding:8px 12px 8px 0;"><img src="https://shop.example.com/img/products/2.svg" width="64" alt="Filters" style="display:block;border:0;" /></td><td style="padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;">Filters &times; 1</td><td align="right" style="padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;">$3.50</td></tr></table>""";

    private const string FooterHtml = """You receive this email because you subscribed to our news. <a href="https://shop.example.com/retention/u/UNSUB.tok" style="color:#718096;">Unsubscribe</a> at any time.""";

    private const string OpenPixelHtml = """<img src="https://shop.example.com/retention/o/OPEN.tok.gif" width="1" height="1" alt="" style="display:block;border:0;" />""";

    private const string ProductsHtml = """<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;">"""
        + """<tr><td valign="top" style="padding:8px;font-family:Arial,sans-serif;font-size:14px;color:#333333;"><a href="https://shop.example.com/retention/c/CLICK.tok?to=%2Fshop%2Fproduct%2F2"><img src="https://shop.example.com/img/products/2.svg" width="120" alt="Filters" style="display:block;border:0;" /></a><a href="https://shop.example.com/retention/c/CLICK.tok?to=%2Fshop%2Fproduct%2F2" style="color:#2b6cb0;">Filters</a><br />$3.50</td></tr></table>""";
}
