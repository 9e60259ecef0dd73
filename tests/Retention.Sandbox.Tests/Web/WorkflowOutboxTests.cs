using System.Net;
using System.Text.RegularExpressions;
using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The outbox page: queued emails rendered from Core's templates the way the customer sees them, filtered and paged.</summary>
public sealed class WorkflowOutboxTests : WorkflowServerFixture
{
    private const int Sneaky = 900_101;
    private const int Busy = 900_102;
    private const int Quiet = 900_103;
    private DateTime _now;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 150);
        _now = Server.State.AsOfUtc;
        await using (var db = Server.State.Database.CreateContext())
        {
            db.Customers.AddRange(
                Customer(Sneaky, "<script>alert(1)</script>", "O'Hara & Co", "x\"><img src=x>@example.com"),
                Customer(Busy, "Bea", "Busy", "bea@example.com"),
                Customer(Quiet, "Quinn", "Quiet", "quinn@example.com"));
            await db.SaveChangesAsync();
        }
        var outbox = SandboxStores.Outbox(Server.State.Database);
        await outbox.TryEnqueueAsync(Message("sneaky:1", Sneaky, WorkflowCatalog.TemplateName(WorkflowKind.AbandonedCart, 0), _now.AddHours(-1), new Dictionary<string, string>
        {
            [WorkflowTokens.CartItems] = "<table id=\"cart-lines\"><tr><td>Blue mug</td></tr></table>",
            [WorkflowTokens.CartItemsText] = "Blue mug × 1",
            [WorkflowTokens.CartRestoreUrl] = "http://shop.example/retention/cart/abc.def",
            [WorkflowTokens.Footer] = "<a href=\"http://shop.example/retention/u/xyz\">Unsubscribe</a>",
            [WorkflowTokens.UnsubscribeUrl] = "http://shop.example/retention/u/xyz",
            [WorkflowTokens.OpenPixel] = "",
            [WorkflowTokens.PointsOffer] = "",
        }) with { ToEmail = "x\"><img src=x>@example.com", ToName = "<script>alert(1)</script> O'Hara & Co" });
        // Twelve win-back emails for one customer, an hour apart, and one welcome: enough for two pages and a filter.
        for (var i = 0; i < 12; i++)
            await outbox.TryEnqueueAsync(Message($"busy:{i}", Busy, WorkflowCatalog.TemplateName(WorkflowKind.WinBack, i % 3), _now.AddDays(-2).AddHours(i),
                new Dictionary<string, string> { [WorkflowTokens.CouponCode] = $"CODE{i:00}" }));
        await outbox.TryEnqueueAsync(Message("busy:welcome", Busy, WorkflowCatalog.TemplateName(WorkflowKind.Welcome, 0), _now.AddDays(-3), new Dictionary<string, string>()));
        await outbox.TryEnqueueAsync(Message("quiet:1", Quiet, WorkflowCatalog.TemplateName(WorkflowKind.ReviewRequest, 0), _now.AddDays(-4), new Dictionary<string, string>())
            with { NotBeforeUtc = _now.AddDays(-4).AddHours(9), IsMarketing = true });
        await StartServerAsync();
    }

    private CustomerFact Customer(int id, string first, string last, string email) => new()
    {
        Id = id, CustomerGuid = Guid.NewGuid(), FirstName = first, LastName = last, Email = email, Active = true, RegisteredInStoreId = 1,
        CreatedOnUtc = _now.AddYears(-1), LastActivityDateUtc = _now,
    };

    private static OutboundMessage Message(string key, int customer, string template, DateTime createdUtc, Dictionary<string, string> tokens) => new()
    {
        Key = new IdempotencyKey("test:" + key), Store = new StoreId(1), Customer = new CustomerId(customer), ToEmail = $"c{customer}@example.com",
        TemplateName = template, Tokens = tokens, IsMarketing = !template.Contains("PointsExpiry"), CreatedUtc = createdUtc,
    };

    private static List<string> Articles(string body) =>
        Regex.Matches(body, "<article class=\"email\"[^>]*>.*?</article>", RegexOptions.Singleline).Select(m => m.Value).ToList();

    [Test]
    public async Task An_email_with_an_unsubscribe_link_shows_the_one_click_unsubscribe_headers_a_store_sends()
    {
        var (_, sneaky) = await Web.GetAsync($"/outbox?customer={Sneaky}");
        var (_, busy) = await Web.GetAsync($"/outbox?customer={Busy}");

        Assert.That(Articles(sneaky).Single(), Does.Contain("<code>List-Unsubscribe: &lt;http://shop.example/retention/u/xyz&gt;</code>")
            .And.Contain("<code>List-Unsubscribe-Post: List-Unsubscribe=One-Click</code>"));
        Assert.That(Articles(busy), Has.None.Contain("List-Unsubscribe"), "an email without an unsubscribe link gets no headers");
    }

    [Test]
    public async Task A_workflow_email_is_rendered_from_its_template_with_its_tokens_in_a_sandboxed_frame()
    {
        var (status, body) = await Web.GetAsync($"/outbox?customer={Sneaky}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var email = Articles(body).Single();
        Assert.That(email, Does.Contain("<td class=\"subject\">Demo store: you left something in your cart</td>"));
        Assert.That(email, Does.Contain("Abandoned cart</a>, step 1").And.Contain(">marketing<"));
        var frame = Regex.Match(email, "<iframe class=\"email-body\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\"[^>]*srcdoc=\"([^\"]*)\"");
        Assert.That(frame.Success, Is.True, "the email is shown in a frame where no script runs");
        var html = WebUtility.HtmlDecode(frame.Groups[1].Value);
        Assert.That(html, Does.StartWith("<base target=\"_blank\">"), "its links open in a tab of their own");
        Assert.That(html, Does.Contain("<table id=\"cart-lines\">"), "HTML tokens are inserted as HTML");
        Assert.That(html, Does.Contain("href=\"http://shop.example/retention/cart/abc.def\""), "the return-to-cart button");
        Assert.That(html, Does.Contain("Unsubscribe</a>").And.Contain(EmailView.CompanyName));
        Assert.That(html, Does.Not.Contain("%Retention.").And.Not.Contain("%Store.").And.Not.Contain("%Customer."), "every token is filled");
        Assert.That(email, Does.Contain("Return to your cart: http://shop.example/retention/cart/abc.def"), "the plain-text part");
    }

    [Test]
    public async Task Markup_in_a_customer_name_and_address_is_shown_as_text_everywhere()
    {
        var (_, body) = await Web.GetAsync($"/outbox?customer={Sneaky}");

        Assert.That(body, Does.Not.Contain("<script>alert").And.Not.Contain("<img src=x"));
        Assert.That(body, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Hara &amp; Co &lt;x&quot;&gt;&lt;img src=x&gt;@example.com&gt;"), "name and address in the header");
        var html = WebUtility.HtmlDecode(Regex.Match(body, "srcdoc=\"([^\"]*)\"").Groups[1].Value);
        Assert.That(html, Does.Contain("Hello &lt;script&gt;alert(1)&lt;/script&gt;,"), "inside the email the name is encoded as nopCommerce encodes tokens");
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(body, Does.Contain("Hello &lt;script&gt;alert(1)&lt;/script&gt;,"), "the plain text is encoded on the page");
    }

    [Test]
    public async Task Quiet_hours_hold_is_shown_beside_the_queued_time()
    {
        var (_, body) = await Web.GetAsync($"/outbox?customer={Quiet}");

        var email = Articles(body).Single();
        var hold = _now.AddDays(-4).AddHours(9);
        Assert.That(email, Does.Contain($"held for quiet hours until {hold:yyyy-MM-dd HH:mm} UTC"));
        Assert.That(email, Does.Contain("Review request</a>, step 1"));
    }

    [Test]
    public async Task Filters_by_customer_and_workflow_and_pages_newest_first()
    {
        var (_, first) = await Web.GetAsync($"/outbox?customer={Busy}");
        var (_, second) = await Web.GetAsync($"/outbox?customer={Busy}&page=2");
        var (_, winBack) = await Web.GetAsync($"/outbox?customer={Busy}&workflow=winback");

        Assert.That(first, Does.Contain("13 queued email(s) matching the filter"));
        var firstPage = Articles(first);
        Assert.That(firstPage, Has.Count.EqualTo(10));
        Assert.That(firstPage[0], Does.Contain("CODE11"), "newest first");
        Assert.That(first, Does.Contain($"href=\"/outbox?page=2&amp;customer={Busy}\" rel=\"next\">Older</a>"));
        var secondPage = Articles(second);
        Assert.That(secondPage, Has.Count.EqualTo(3));
        Assert.That(secondPage[^1], Does.Contain("Welcome series</a>, step 1"), "the oldest last");
        Assert.That(second, Does.Contain("rel=\"prev\">Newer</a>").And.Not.Contain("rel=\"next\""));
        Assert.That(winBack, Does.Contain("12 queued email(s) matching the filter"));
        Assert.That(Articles(winBack).All(a => a.Contains("data-template=\"Retention.WinBack.Step")), Is.True);
    }

    [TestCase("customer=abc", "Customer: &#39;abc&#39; is not a customer id")]
    [TestCase("workflow=Nope", "Workflow: &#39;Nope&#39; is not one of the workflows")]
    [TestCase("workflow=5", "Workflow: &#39;5&#39; is not one of the workflows")]
    [TestCase("page=0", "Page: &#39;0&#39; is not a page number")]
    public async Task Bad_filters_are_refused_with_a_message(string query, string message)
    {
        var (status, body) = await Web.GetAsync("/outbox?" + query);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain(message));
    }
}
