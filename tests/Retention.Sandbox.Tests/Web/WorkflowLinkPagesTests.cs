using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The landing pages behind the signed links in workflow emails: what a good link does, and that a refused one changes nothing.</summary>
public sealed class WorkflowLinkPagesTests : WorkflowServerFixture
{
    private const int Alice = 900_201;   // abandoned a cart
    private const int Bob = 900_202;     // a shopper with a cart of his own
    private const int Una = 900_203;     // unsubscribes
    private const int Sam = 900_204;     // answers the NPS survey
    private const int Tess = 900_205;    // every refused link names her
    private static readonly StoreId Store = new(1);
    private LinkSigner _links = null!;
    private SandboxClock _clock = null!;
    private long _aliceEnrollment;
    private int _product1;
    private int _product2;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await PrepareServerAsync(customers: 150);
        var database = Server.State.Database;
        var now = Server.State.AsOfUtc;
        await using (var db = database.CreateContext())
        {
            var products = await db.Products.OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            (_product1, _product2) = (products[0], products[1]);
            foreach (var (id, name) in new[] { (Alice, "Alice"), (Bob, "Bob"), (Una, "Una"), (Sam, "Sam"), (Tess, "Tess") })
                db.Customers.Add(new CustomerFact
                {
                    Id = id, CustomerGuid = Guid.NewGuid(), FirstName = name, LastName = "Tester", Email = $"{name.ToLowerInvariant()}@example.com", Active = true,
                    RegisteredInStoreId = 1, CreatedOnUtc = now.AddYears(-1), LastActivityDateUtc = now,
                });
            var nextLine = (await db.CartItems.MaxAsync(c => (int?)c.Id) ?? 0) + 1;
            foreach (var (customer, product, quantity) in new[] { (Alice, _product1, 2), (Alice, _product2, 1), (Bob, _product1, 1), (Tess, _product2, 4) })
                db.CartItems.Add(new CartItemFact
                {
                    Id = nextLine++, StoreId = 1, CustomerId = customer, ProductId = product, Quantity = quantity, CreatedOnUtc = now.AddHours(-5), UpdatedOnUtc = now.AddHours(-5),
                });
            await db.SaveChangesAsync();
        }
        var enrollment = await SandboxStores.Enrollments(database).TryAddAsync(new Enrollment
        {
            Workflow = WorkflowKind.AbandonedCart, Store = Store, Customer = new CustomerId(Alice), Subject = "cart:test", EnrolledUtc = now.AddHours(-4),
            AnchorUtc = now.AddHours(-5), IsControl = false, NextStep = 1, NextDueUtc = now.AddHours(19),
        });
        _aliceEnrollment = enrollment!.Id;
        _links = new LinkSigner(await SandboxWorkflows.LinkSecretAsync(database));
        await StartServerAsync();
        _clock = Server.Services.GetRequiredService<SandboxClock>();
    }

    private string Sign(LinkPurpose purpose, int customer, long enrollment = 0, string subject = "cart:test", int value = 0, TimeSpan? expiresIn = null) =>
        _links.Sign(new LinkPayload(purpose, Store, new CustomerId(customer), enrollment, 0, subject, value, _clock.UtcNow + (expiresIn ?? TimeSpan.FromDays(30))));

    private string SurveyLink(int customer, int score) => Sign(LinkPurpose.SurveyAnswer, customer, subject: "nps", value: LinkPayload.SurveyValue(SurveyKind.Nps, score));

    private static string Path(string route, string token) => $"/retention/{route}/{Uri.EscapeDataString(token)}";

    /// <summary>Everything a landing page could change, counted.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = Server.State.Database.CreateContext();
        var cart = await db.CartItems.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.CustomerId}:{c.ProductId}x{c.Quantity}").ToListAsync();
        return string.Join("|", await db.SurveyAnswers.CountAsync(), await db.SurveyAnswers.CountAsync(a => a.Comment != null), await db.Unsubscribes.CountAsync(),
            await db.WorkflowEvents.CountAsync(), await db.Customers.CountAsync(), await db.Enrollments.CountAsync(e => e.StateId != (int)EnrollmentState.Active),
            string.Join(",", cart));
    }

    private async Task<Dictionary<int, int>> CartAsync(int customer)
    {
        await using var db = Server.State.Database.CreateContext();
        return await db.CartItems.AsNoTracking().Where(c => c.CustomerId == customer).ToDictionaryAsync(c => c.ProductId, c => c.Quantity);
    }

    private async Task<int> ClicksAsync(long enrollment)
    {
        await using var db = Server.State.Database.CreateContext();
        return await db.WorkflowEvents.CountAsync(e => e.EnrollmentId == enrollment && e.KindId == (int)WorkflowEventKind.Clicked);
    }

    private async Task<int> UnsubscribesAsync(int customer)
    {
        await using var db = Server.State.Database.CreateContext();
        return await db.Unsubscribes.CountAsync(u => u.CustomerId == customer);
    }

    [Test]
    public async Task Opening_an_unsubscribe_link_asks_and_only_the_button_unsubscribes_once()
    {
        const int scanned = 900_200;   // below the others: a guest made by a cart link takes the next id up
        await AddCustomerAsync(scanned, "Scan");
        var token = Sign(LinkPurpose.Unsubscribe, scanned);
        var before = await SnapshotAsync();

        var (opened, question) = await Web.GetAsync(Path("u", token));
        var (reopened, _) = await Web.GetAsync(Path("u", token));

        Assert.That((opened, reopened), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(question, Does.Contain("id=\"unsubscribe-question\"").And.Contain($"<form method=\"post\" action=\"{Path("u", token)}\""));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "a mail scanner opening the link changes nothing");

        using var first = await Web.PostWithoutTokenAsync(Path("u", token));
        using var second = await Web.PostWithoutTokenAsync(Path("u", token));
        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("You are unsubscribed"));
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("You were already unsubscribed"));
        Assert.That(await UnsubscribesAsync(scanned), Is.EqualTo(1));
        var (_, afterwards) = await Web.GetAsync(Path("u", token));
        Assert.That(afterwards, Does.Contain("You are unsubscribed already").And.Not.Contain("unsubscribe-form"));
    }

    [Test]
    public async Task A_mail_clients_one_click_post_unsubscribes_without_an_antiforgery_token()
    {
        var token = Sign(LinkPurpose.Unsubscribe, Una);

        using var response = await Web.PostWithoutTokenAsync(Path("u", token), ("List-Unsubscribe", "One-Click"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await UnsubscribesAsync(Una), Is.EqualTo(1));
    }

    [Test]
    public async Task A_tampered_unsubscribe_post_gets_the_error_page_and_unsubscribes_no_one()
    {
        var token = Sign(LinkPurpose.Unsubscribe, Tess);
        var tampered = token[..2] + (token[2] == 'A' ? 'B' : 'A') + token[3..];
        var before = await SnapshotAsync();

        using var response = await Web.PostWithoutTokenAsync(Path("u", tampered), ("List-Unsubscribe", "One-Click"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("id=\"link-error\""));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    private async Task AddCustomerAsync(int id, string name)
    {
        await using var db = Server.State.Database.CreateContext();
        db.Customers.Add(new CustomerFact
        {
            Id = id, CustomerGuid = Guid.NewGuid(), FirstName = name, LastName = "Tester", Email = $"{name.ToLowerInvariant()}@example.com", Active = true,
            RegisteredInStoreId = 1, CreatedOnUtc = _clock.UtcNow.AddYears(-1), LastActivityDateUtc = _clock.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Test]
    public async Task Opening_a_survey_link_records_nothing_and_the_button_records_the_score_once_with_its_comment()
    {
        var nine = SurveyLink(Sam, 9);
        var before = await SnapshotAsync();

        var (status, question) = await Web.GetAsync(Path("s", nine));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(question, Does.Contain("Your answer: <strong>9 out of 10</strong>"));
        Assert.That(question, Does.Contain($"<form method=\"post\" action=\"/retention/s/{Uri.EscapeDataString(nine)}\""));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "a mail scanner opening the link records no answer");

        using (var forged = await Web.PostWithoutTokenAsync(Path("s", nine), ("part", "answer")))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the answer form needs its antiforgery token");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        using (var answered = await Web.PostAsync(Path("s", nine), Path("s", nine), ("part", "answer"), ("comment", "")))
        {
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await answered.Content.ReadAsStringAsync(), Does.Contain("We recorded your answer: <strong>9 out of 10</strong>").And.Contain("id=\"survey-comment\""));
        }
        using (var again = await Web.PostAsync(Path("s", nine), Path("s", nine), ("part", "answer"), ("comment", "")))
            Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("your answer stands: <strong>9 out of 10</strong>"), "a repeated POST is harmless");

        var (_, replay) = await Web.GetAsync(Path("s", SurveyLink(Sam, 3)));
        Assert.That(replay, Does.Contain("your answer stands: <strong>9 out of 10</strong>"), "a second score does not replace the first");

        using (var empty = await Web.PostAsync(Path("s", nine), Path("s", nine), ("part", "comment"), ("comment", "   ")))
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await empty.Content.ReadAsStringAsync(), Does.Contain(WorkflowLinks.SurveyCommentError("")));
        }
        const string comment = "<script>alert('x')</script> Fast & friendly";
        using (var posted = await Web.PostAsync(Path("s", nine), Path("s", nine), ("part", "comment"), ("comment", comment)))
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var page = await posted.Content.ReadAsStringAsync();
            Assert.That(page, Does.Contain("Thank you for your comment").And.Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Fast &amp; friendly"));
            Assert.That(page, Does.Not.Contain("<script>alert"));
        }
        await using var db = Server.State.Database.CreateContext();
        var answer = await db.SurveyAnswers.AsNoTracking().SingleAsync(a => a.CustomerId == Sam && a.Subject == "nps");
        Assert.That((answer.Score, answer.Comment), Is.EqualTo((9, comment)));
    }

    [Test]
    public async Task An_overlong_comment_sent_with_the_answer_comes_back_with_its_message_and_records_nothing()
    {
        var token = Sign(LinkPurpose.SurveyAnswer, Tess, subject: "nps:long", value: LinkPayload.SurveyValue(SurveyKind.Nps, 6));
        var before = await SnapshotAsync();
        var typed = new string('x', SurveyAnswer.MaxCommentLength + 1);

        using var response = await Web.PostAsync(Path("s", token), Path("s", token), ("part", "answer"), ("comment", typed));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain(WorkflowLinks.SurveyCommentError(typed)).And.Contain(typed), "the text typed comes back to be shortened");
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [TestCase(SurveyKind.WinBackReason, 4, "Found another shop")]
    [TestCase(SurveyKind.Csat, 2, "2 out of 5")]
    public async Task Survey_pages_name_the_answer_in_the_surveys_own_terms(SurveyKind kind, int score, string shown)
    {
        var token = Sign(LinkPurpose.SurveyAnswer, Sam, subject: $"{kind}:terms", value: LinkPayload.SurveyValue(kind, score));

        var (status, body) = await Web.GetAsync(Path("s", token));
        using var posted = await Web.PostAsync(Path("s", token), Path("s", token), ("part", "answer"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain($"Your answer: <strong>{shown}</strong>"));
        Assert.That(await posted.Content.ReadAsStringAsync(), Does.Contain($"We recorded your answer: <strong>{shown}</strong>"));
    }

    [Test]
    public async Task Cart_link_copies_the_cart_into_the_named_shoppers_cart_once()
    {
        var token = Sign(LinkPurpose.CartRestore, Alice, _aliceEnrollment);
        var alice = await CartAsync(Alice);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await Web.Http.GetAsync(Path("cart", token) + $"?customer={Bob}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"attempt {attempt}");
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/shop?customer={Bob}"));
        }

        Assert.That(await CartAsync(Bob), Is.EqualTo(new Dictionary<int, int> { [_product1] = 2, [_product2] = 1 }),
            "Bob's line of product 1 takes Alice's larger quantity; product 2 is added; twice is the same as once");
        Assert.That(await CartAsync(Alice), Is.EqualTo(alice), "the enrolled customer's own cart is untouched");
        Assert.That(await ClicksAsync(_aliceEnrollment), Is.EqualTo(1), "the click counts once");
    }

    [Test]
    public async Task Cart_link_without_a_shopper_fills_the_browsers_guest_cart_without_signing_anyone_in()
    {
        var token = Sign(LinkPurpose.CartRestore, Alice, _aliceEnrollment);
        using var guest = new WorkflowWeb(Server);

        string first, second;
        using (var response = await guest.Http.GetAsync(Path("cart", token)))
            first = response.Headers.Location!.OriginalString;
        using (var response = await guest.Http.GetAsync(Path("cart", token)))
            second = response.Headers.Location!.OriginalString;

        Assert.That(second, Is.EqualTo(first), "the guest cookie keeps the same visitor");
        var visitor = int.Parse(first["/shop?customer=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(visitor, Is.Not.EqualTo(Alice));
        Assert.That(await CartAsync(visitor), Is.EqualTo(await CartAsync(Alice)));
        await using var db = Server.State.Database.CreateContext();
        var who = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == visitor);
        Assert.That(who.Email, Is.Null, "a guest, not Alice");
        var (_, landing) = await guest.GetAsync(first);
        Assert.That(landing, Does.Contain("You are shopping as a guest.").And.Not.Contain($"customer {visitor}"), "a guest is not greeted by a number");
    }

    [Test]
    public async Task Click_link_leads_only_to_this_site_and_counts_once()
    {
        var enrollment = await SandboxStores.Enrollments(Server.State.Database).TryAddAsync(new Enrollment
        {
            Workflow = WorkflowKind.ReviewRequest, Store = Store, Customer = new CustomerId(Tess), Subject = "order:click-test", EnrolledUtc = _clock.UtcNow,
            AnchorUtc = _clock.UtcNow, IsControl = false, NextStep = 1, NextDueUtc = _clock.UtcNow.AddDays(7),
        });
        var token = Sign(LinkPurpose.Click, Tess, enrollment!.Id, "order:click-test");

        foreach (var outside in new[] { "https://evil.example/", "//evil.example/x", "/\\evil.example", "", "javascript:alert(1)", "/shop\r\nSet-Cookie:x=1" })
        {
            using var refused = await Web.Http.GetAsync(Path("c", token) + "?to=" + Uri.EscapeDataString(outside));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), outside);
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("does not lead to a page of this shop"), outside);
        }
        Assert.That(await ClicksAsync(enrollment.Id), Is.Zero, "a refused target records nothing");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var followed = await Web.Http.GetAsync(Path("c", token) + "?to=" + Uri.EscapeDataString("/shop/product/3#review"));
            Assert.That(followed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(followed.Headers.Location?.OriginalString, Is.EqualTo("/shop/product/3#review"));
        }
        Assert.That(await ClicksAsync(enrollment.Id), Is.EqualTo(1));
    }

    private async Task<long> ClickEnrollmentAsync(string subject) =>
        (await SandboxStores.Enrollments(Server.State.Database).TryAddAsync(new Enrollment
        {
            Workflow = WorkflowKind.ReviewRequest, Store = Store, Customer = new CustomerId(Tess), Subject = subject, EnrolledUtc = _clock.UtcNow,
            AnchorUtc = _clock.UtcNow, IsControl = false, NextStep = 1, NextDueUtc = _clock.UtcNow.AddDays(7),
        }))!.Id;

    // Product pages of real stores have localized names; the Location header must be ASCII, as a browser would encode it.
    [TestCase("/%C3%A9", "/%C3%A9", TestName = "Click_link_to_an_accented_path_redirects_to_its_encoded_address_and_counts_once")]
    [TestCase("%2F%D1%87%D0%B0%D0%B9-%D1%83%D0%BB%D1%83%D0%BD%3F%D1%81%D0%BE%D1%80%D1%82%3D%D1%82%D1%91%D0%BC%D0%BD%D1%8B%D0%B9%23%D0%BE",
        "/%D1%87%D0%B0%D0%B9-%D1%83%D0%BB%D1%83%D0%BD?%D1%81%D0%BE%D1%80%D1%82=%D1%82%D1%91%D0%BC%D0%BD%D1%8B%D0%B9#%D0%BE",
        TestName = "Click_link_to_a_cyrillic_path_with_query_and_fragment_redirects_to_its_encoded_address_and_counts_once")]
    [TestCase("%2Fcaf%25C3%25A9%20noir", "/caf%C3%A9%20noir", TestName = "Click_link_keeps_an_already_encoded_target_intact_and_encodes_the_rest")]
    public async Task Click_link_to_a_localized_path_redirects_and_counts_once(string query, string location)
    {
        var enrollment = await ClickEnrollmentAsync("order:click-" + Guid.NewGuid().ToString("N"));
        var token = Sign(LinkPurpose.Click, Tess, enrollment, "order:click");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var followed = await Web.Http.GetAsync(Path("c", token) + "?to=" + query);
            Assert.That(followed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await followed.Content.ReadAsStringAsync());
            Assert.That(followed.Headers.GetValues("Location").Single(), Is.EqualTo(location));
        }
        Assert.That(await ClicksAsync(enrollment), Is.EqualTo(1));
    }

    [Test]
    public async Task Click_link_with_a_refused_localized_target_counts_nothing()
    {
        var enrollment = await ClickEnrollmentAsync("order:click-refused");
        var token = Sign(LinkPurpose.Click, Tess, enrollment, "order:click");

        // A scheme-relative host with a localized name, and a tab a browser would drop to make "//" out of "/\t/".
        foreach (var outside in new[] { "%2F%2F%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84%2F%C3%A9", "/%09/evil.example/%C3%A9" })
        {
            using var refused = await Web.Http.GetAsync(Path("c", token) + "?to=" + outside);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), outside);
            Assert.That(refused.Headers.Location, Is.Null);
        }
        Assert.That(await ClicksAsync(enrollment), Is.Zero);
    }

    [Test]
    public async Task Open_pixel_is_a_one_pixel_gif_whatever_the_token()
    {
        foreach (var token in new[] { Sign(LinkPurpose.Open, Alice, _aliceEnrollment), "garbage", Sign(LinkPurpose.Click, Alice, _aliceEnrollment) })
        {
            using var response = await Web.Http.GetAsync(Path("o", token) + ".gif");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/gif"));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 6), Is.EqualTo("GIF89a"));
            Assert.That((bytes[6], bytes[8]), Is.EqualTo(((byte)1, (byte)1)), "1×1");
        }
        await using var db = Server.State.Database.CreateContext();
        Assert.That(await db.WorkflowEvents.CountAsync(e => e.EnrollmentId == _aliceEnrollment && e.KindId == (int)WorkflowEventKind.Opened), Is.EqualTo(1));
    }

    [TestCase("u")]
    [TestCase("s")]
    [TestCase("s-comment")]
    [TestCase("cart")]
    [TestCase("c")]
    public async Task Preview_link_says_it_is_a_preview_and_changes_nothing(string route)
    {
        var purpose = route switch { "u" => LinkPurpose.Unsubscribe, "cart" => LinkPurpose.CartRestore, "c" => LinkPurpose.Click, _ => LinkPurpose.SurveyAnswer };
        var value = purpose == LinkPurpose.SurveyAnswer ? LinkPayload.SurveyValue(SurveyKind.Nps, 10) : 0;
        // Signed for a real customer with a cart, as the admin's preview and test emails are.
        var token = _links.Sign(new LinkPayload(purpose, Store, new CustomerId(Tess), 0, 0, "preview", value, _clock.UtcNow.AddDays(30), IsPreview: true));
        var before = await SnapshotAsync();

        using var response = route == "s-comment"
            ? await Web.PostAsync(Path("s", token), "/admin", ("comment", "should not be saved"))
            : await Web.Http.GetAsync(Path(route, token) + (route == "c" ? "?to=%2Fshop" : route == "cart" ? $"?customer={Bob}" : ""));

        if (route == "c")
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a tracked link still leads to its page");
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/shop"));
        }
        else
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("id=\"link-preview\">This link comes from a preview or a test email, so nothing was recorded or changed"));
        }
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    public enum Spoil { Tampered, Expired, WrongPurpose, Malformed, OtherStoreSecret }

    private static readonly object[] RefusedCases =
        (from route in new[] { "u", "s", "cart", "c", "s-comment" } from spoil in Enum.GetValues<Spoil>() select new object[] { route, spoil }).ToArray();

    [TestCaseSource(nameof(RefusedCases))]
    public async Task Refused_link_gets_the_error_page_and_changes_nothing(string route, Spoil spoil)
    {
        var purpose = route switch { "u" => LinkPurpose.Unsubscribe, "cart" => LinkPurpose.CartRestore, "c" => LinkPurpose.Click, _ => LinkPurpose.SurveyAnswer };
        var value = purpose == LinkPurpose.SurveyAnswer ? LinkPayload.SurveyValue(SurveyKind.Nps, 2) : 0;
        var good = Sign(purpose, Tess, subject: "nps", value: value);
        var token = spoil switch
        {
            Spoil.Tampered => good[..^2] + (good[^2] == 'A' ? "B" : "A") + good[^1],
            Spoil.Expired => Sign(purpose, Tess, subject: "nps", value: value, expiresIn: TimeSpan.FromMinutes(-1)),
            Spoil.WrongPurpose => Sign(purpose == LinkPurpose.Click ? LinkPurpose.Unsubscribe : LinkPurpose.Click, Tess, subject: "nps"),
            Spoil.Malformed => "not-a-token",
            _ => new LinkSigner(LinkSigner.NewSecret()).Sign(new LinkPayload(purpose, Store, new CustomerId(Tess), 0, 0, "nps", value, _clock.UtcNow.AddDays(1))),
        };
        var before = await SnapshotAsync();

        HttpResponseMessage response;
        if (route == "s-comment")
            response = await Web.PostAsync(Path("s", token), "/admin", ("comment", "should not be saved"));
        else
            response = await Web.Http.GetAsync(Path(route, token) + (route == "c" ? "?to=%2Fshop" : route == "cart" ? $"?customer={Bob}" : ""));
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(spoil == Spoil.Expired ? HttpStatusCode.Gone : HttpStatusCode.BadRequest));
            var expected = spoil switch
            {
                Spoil.Expired => "This link has expired.",
                Spoil.WrongPurpose => "This link does not belong on this page.",
                _ => "This link is not valid. It may have been cut short or changed.",
            };
            Assert.That(body, Does.Contain("id=\"link-error\">" + expected).And.Contain("Nothing was changed."));
        }
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }
}
