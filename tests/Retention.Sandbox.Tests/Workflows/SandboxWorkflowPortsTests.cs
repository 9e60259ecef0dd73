using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>The sandbox's own workflow pieces beyond the port contracts: clock, secret, contacts, email content, checkout, demo consent.</summary>
public sealed class SandboxWorkflowPortsTests
{
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;

    [SetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateSqliteAsync();

    [TearDown]
    public async Task CloseAsync()
    {
        if (_db is not null)
            await _db.DisposeAsync();
    }

    private SandboxState State() => new() { Database = _db.Database, Source = SandboxSetup.DemoSource, AsOfUtc = Now, LoadedUtc = DateTime.UtcNow };

    // ---- clock ----

    [Test]
    public async Task Advanced_clock_keeps_its_offset_when_the_sandbox_restarts()
    {
        var state = State();
        var clock = SandboxClock.For(state);
        var before = clock.UtcNow;

        var after = await clock.AdvanceAsync(TimeSpan.FromHours(26));
        var restarted = SandboxClock.For(state);

        Assert.That(after - before, Is.EqualTo(TimeSpan.FromHours(26)).Within(TimeSpan.FromSeconds(5)));
        Assert.That(restarted.Offset, Is.EqualTo(TimeSpan.FromHours(26)));
        Assert.That(restarted.UtcNow, Is.EqualTo(clock.UtcNow).Within(TimeSpan.FromSeconds(5)));
        await restarted.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.That(SandboxClock.For(state).Offset, Is.EqualTo(TimeSpan.FromHours(74)), "Advances add up.");
    }

    [TestCase(0)]
    [TestCase(-60)]
    [TestCase(366 * 24 * 60 + 1)]
    public void Clock_moves_forward_only_and_at_most_a_year_at_a_time(int minutes)
    {
        var clock = SandboxClock.For(State());

        var refused = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => clock.AdvanceAsync(TimeSpan.FromMinutes(minutes)));

        Assert.That(refused!.Message, Does.Contain("forward"));
        Assert.That(clock.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    // ---- link secret ----

    [Test]
    public async Task Link_secret_is_made_once_per_install_and_differs_between_installs()
    {
        var first = await SandboxWorkflows.LinkSecretAsync(_db.Database);
        var again = await SandboxWorkflows.LinkSecretAsync(_db.Database);
        await using var other = await TestDatabase.CreateSqliteAsync();
        var elsewhere = await SandboxWorkflows.LinkSecretAsync(other.Database);

        Assert.That(first, Has.Length.EqualTo(32));
        Assert.That(again, Is.EqualTo(first));
        Assert.That(elsewhere, Is.Not.EqualTo(first));
    }

    // ---- contacts ----

    [Test]
    public async Task Contact_shows_consent_until_the_customer_unsubscribes_and_unsubscribing_twice_is_harmless()
    {
        await SeedAsync(customer: 1, consent: true);
        await SeedAsync(customer: 2, consent: false);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var contacts = new EfContactDirectory(_db.Database, zone);

        var before = await contacts.GetAsync(Store, new CustomerId(1));
        await contacts.UnsubscribeAsync(Store, new CustomerId(1), Now);
        await contacts.UnsubscribeAsync(Store, new CustomerId(1), Now.AddDays(1));
        var after = await contacts.GetAsync(Store, new CustomerId(1));

        Assert.That(before, Is.EqualTo(new ContactFacts("c1@example.com", "Ann O'Neil", true, false, true, false, zone)));
        Assert.That(after, Is.EqualTo(before! with { HasMarketingConsent = false, Unsubscribed = true }));
        Assert.That((await contacts.GetAsync(Store, new CustomerId(2)))!.HasMarketingConsent, Is.False);
        Assert.That(await contacts.GetAsync(Store, new CustomerId(99)), Is.Null);
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Unsubscribes.Select(u => u.CreatedOnUtc).SingleAsync(), Is.EqualTo(Now), "The first unsubscribe stands.");
    }

    // ---- content ----

    [Test]
    public async Task Cart_email_lists_the_cart_with_encoded_names_prices_pictures_and_the_restore_link()
    {
        await SeedAsync(customer: 1, consent: true, cart: [(ProductId: 1, Quantity: 2), (ProductId: 2, Quantity: 1)]);
        var content = new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test/");

        var rendered = await content.RenderAsync(Message(WorkflowKind.AbandonedCart, 2, new IssuedCoupon("RET-ABC", Now.AddDays(7))));

        Assert.That(rendered.HasContent, Is.True);
        var tokens = rendered.Tokens;
        Assert.That(tokens["Retention.CartItems"], Does.Contain("&lt;b&gt;Beans &amp; &quot;Co&quot;&lt;/b&gt;").And.Not.Contain("<b>Beans"));
        Assert.That(tokens["Retention.CartItems"], Does.Contain("$20.00").And.Contain("$3.50").And.Contain("http://sandbox.test/img/products/1.svg"));
        Assert.That(tokens["Retention.CartItemsText"], Is.EqualTo("- <b>Beans & \"Co\"</b> x 2: $20.00\n- Filters x 1: $3.50"));
        Assert.That(tokens["Retention.CartRestoreUrl"], Is.EqualTo("http://sandbox.test/retention/cart/restore-token"));
        Assert.That(tokens["Retention.UnsubscribeUrl"], Is.EqualTo("http://sandbox.test/retention/u/unsubscribe-token"));
        Assert.That(tokens["Retention.Footer"], Does.Contain("href=\"http://sandbox.test/retention/u/unsubscribe-token\""));
        Assert.That(tokens["Retention.CouponCode"], Is.EqualTo("RET-ABC"));
        Assert.That(tokens["Retention.CouponValue"], Is.EqualTo("10%"));
        Assert.That(tokens["Retention.OpenPixel"], Is.Empty, "Opens are not tracked unless the store asks.");
    }

    [Test]
    public async Task Empty_cart_has_nothing_to_say()
    {
        await SeedAsync(customer: 1, consent: true);

        var rendered = await new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test").RenderAsync(Message(WorkflowKind.AbandonedCart, 0, null));

        Assert.That(rendered.HasContent, Is.False);
        Assert.That(rendered.NothingToSay, Does.Contain("empty"));
    }

    [Test]
    public async Task Review_email_links_only_the_products_not_reviewed_yet_through_the_click_route()
    {
        await SeedAsync(customer: 1, consent: true, orderProducts: [1, 2]);
        await using (var db = _db.Database.CreateContext())
        {
            db.ProductReviews.Add(new ProductReviewFact { Id = 1, StoreId = 1, CustomerId = 1, ProductId = 1, Rating = 5, IsApproved = true, CreatedOnUtc = Now });
            await db.SaveChangesAsync();
        }
        var content = new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test");

        var rendered = await content.RenderAsync(Message(WorkflowKind.ReviewRequest, 0, null, subject: "order:1"));

        Assert.That(rendered.Tokens["Retention.ReviewLinks"], Does.Contain("Review Filters").And.Not.Contain("Beans"));
        Assert.That(rendered.Tokens["Retention.ReviewLinksText"],
            Is.EqualTo("- Review Filters: http://sandbox.test/retention/c/click-token?to=%2Fshop%2Fproduct%2F2%23review"));
        await using (var db = _db.Database.CreateContext())
        {
            db.ProductReviews.Add(new ProductReviewFact { Id = 2, StoreId = 1, CustomerId = 1, ProductId = 2, Rating = 4, IsApproved = true, CreatedOnUtc = Now });
            await db.SaveChangesAsync();
        }
        Assert.That((await content.RenderAsync(Message(WorkflowKind.ReviewRequest, 0, null, subject: "order:1"))).HasContent, Is.False,
            "Nothing to ask once every product is reviewed.");
    }

    [Test]
    public async Task Survey_email_has_one_link_per_score()
    {
        await SeedAsync(customer: 1, consent: true);
        var answers = Enumerable.Range(0, 11).ToDictionary(s => s, s => $"score-{s}");

        var rendered = await new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test")
            .RenderAsync(Message(WorkflowKind.NpsSurvey, 0, null, surveyAnswers: answers));

        var html = rendered.Tokens["Retention.SurveyLinks"];
        Assert.That(Enumerable.Range(0, 11).All(s => html.Contains($"href=\"http://sandbox.test/retention/s/score-{s}\"")), Is.True, html);
        Assert.That(rendered.Tokens["Retention.SurveyLinksText"].Split('\n'), Has.Length.EqualTo(11));
    }

    [Test]
    public async Task Welcome_email_shows_the_stores_recent_best_sellers_with_tracked_links()
    {
        await SeedAsync(customer: 1, consent: true, orderProducts: [2]);
        await SeedAsync(customer: 2, consent: true);
        await using (var db = _db.Database.CreateContext())
        {
            db.Orders.Add(new OrderFact { Id = 2, StoreId = 1, CustomerId = 2, CreatedOnUtc = Now.AddDays(-200), OrderStatusId = (int)OrderState.Complete });
            db.OrderLines.Add(new OrderLineFact { Id = 999, OrderId = 2, ProductId = 1, Quantity = 50, PriceExclTax = 500m });
            await db.SaveChangesAsync();
        }

        var rendered = await new SandboxWorkflowContent(_db.Database, () => "http://sandbox.test").RenderAsync(Message(WorkflowKind.Welcome, 0, null, subject: "welcome"));

        Assert.That(rendered.Tokens["Retention.ProductsText"], Is.EqualTo("- Filters ($3.50): http://sandbox.test/retention/c/click-token?to=%2Fshop%2Fproduct%2F2"),
            "Only the last 90 days count: the big order of 200 days ago does not.");
        Assert.That(rendered.Tokens["Retention.Products"], Does.Contain("http://sandbox.test/img/products/2.svg"));
    }

    // ---- checkout ----

    [Test]
    public async Task Checkout_turns_the_cart_into_a_paid_order_with_the_customers_coupon_and_exits_the_cart_workflow()
    {
        await SeedAsync(customer: 1, consent: true, cart: [(ProductId: 1, Quantity: 2), (ProductId: 2, Quantity: 1)]);
        await SeedAsync(customer: 2, consent: true, cart: [(ProductId: 2, Quantity: 1)]);
        var clock = new SandboxClock(Now, Now, () => Now);
        await using var runner = new WorkflowRunner(_db.Database, "checkout", clock, d => SandboxLocks.For(d, clock), LinkSigner.NewSecret());
        var issuer = SandboxStores.Coupons(_db.Database, clock);
        var coupon = await issuer.IssueAsync(new CouponRequest
        {
            Key = new IdempotencyKey("test:coupon"), Store = Store, Customer = new CustomerId(1), Kind = CouponKind.Percentage, Value = 10m,
            ExpiresUtc = Now.AddDays(7), Name = "test",
        });
        var enrolled = await runner.Workflows.Enrollment.EnrollAsync(new EnrollmentRequest(WorkflowKind.AbandonedCart, Store, new CustomerId(1), "cart:1", Now.AddHours(-2)));
        var checkout = new SandboxCheckout(_db.Database, clock, SandboxWorkflows.Events(_db.Database, runner.Workflows.Program, clock));

        var stranger = await checkout.PlaceOrderAsync(Store, new CustomerId(2), coupon.Code);
        var placed = await checkout.PlaceOrderAsync(Store, new CustomerId(1), coupon.Code.ToLowerInvariant());
        var again = await checkout.PlaceOrderAsync(Store, new CustomerId(1), null);

        Assert.That(stranger.Problem, Is.EqualTo($"The coupon {coupon.Code} is not valid for this customer."));
        Assert.That(placed.Placed, Is.True, placed.Problem);
        var order = placed.Order!;
        Assert.That(order.OrderSubtotalExclTax, Is.EqualTo(23.50m));
        Assert.That(order.OrderDiscount, Is.EqualTo(2.35m));
        Assert.That(order.OrderShippingExclTax, Is.EqualTo(4.95m), "Under 49 after the discount: shipping is charged.");
        Assert.That(order.OrderTotal, Is.EqualTo(23.50m - 2.35m + 4.95m + Math.Round((23.50m - 2.35m + 4.95m) * 0.08m, 2)));
        Assert.That(again.Problem, Does.Contain("empty"));
        Assert.That(await checkout.PlaceOrderAsync(Store, new CustomerId(2), coupon.Code), Has.Property(nameof(CheckoutResult.Problem)).Contains("not valid"));
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.CartItems.CountAsync(c => c.CustomerId == 1), Is.EqualTo(0));
        Assert.That(await db.CouponRedemptions.Select(r => r.OrderId).SingleAsync(), Is.EqualTo(order.Id));
        Assert.That(await issuer.CleanupExpiredAsync(Now.AddYears(1), 10), Is.EqualTo(0), "A used coupon is never cleaned up.");
        Assert.That(enrolled, Is.EqualTo(EnrollOutcome.Enrolled).Or.EqualTo(EnrollOutcome.EnrolledAsControl));
        var enrollment = await db.Enrollments.SingleAsync();
        Assert.That(enrollment.StateId, Is.EqualTo((int)EnrollmentState.Exited), "The order ends the abandoned-cart sequence.");
    }

    [Test]
    public async Task Expired_coupon_is_refused_and_nothing_is_written()
    {
        await SeedAsync(customer: 1, consent: true, cart: [(ProductId: 1, Quantity: 1)]);
        var clock = new SandboxClock(Now, Now, () => Now);
        await using var runner = new WorkflowRunner(_db.Database, "checkout", clock, d => SandboxLocks.For(d, clock), LinkSigner.NewSecret());
        var coupon = await SandboxStores.Coupons(_db.Database, clock).IssueAsync(new CouponRequest
        {
            Key = new IdempotencyKey("test:old"), Store = Store, Customer = new CustomerId(1), Kind = CouponKind.Amount, Value = 5m,
            ExpiresUtc = Now.AddMinutes(-1), Name = "test",
        });

        var result = await new SandboxCheckout(_db.Database, clock, SandboxWorkflows.Events(_db.Database, runner.Workflows.Program, clock)).PlaceOrderAsync(Store, new CustomerId(1), coupon.Code);

        Assert.That(result.Problem, Does.StartWith($"The coupon {coupon.Code} expired"));
        await using var db = _db.Database.CreateContext();
        Assert.That(await db.Orders.CountAsync(), Is.EqualTo(0));
        Assert.That(await db.CartItems.CountAsync(), Is.EqualTo(1));
    }

    // ---- demo consent ----

    [Test]
    public void Demo_gives_about_sixty_percent_of_customers_with_an_address_marketing_consent_the_same_way_every_time()
    {
        var settings = new DemoStoreSettings { AsOfUtc = Now, Customers = 3000 };
        var first = DemoStoreGenerator.Generate(settings);
        var second = DemoStoreGenerator.Generate(settings);

        var withEmail = first.Customers.Where(c => c.Email != null).Select(c => c.Id).ToHashSet();
        var consented = first.NewsletterSubscriptions.Select(s => s.CustomerId).ToList();
        Assert.That(consented, Is.EqualTo(second.NewsletterSubscriptions.Select(s => s.CustomerId)));
        Assert.That(consented.All(withEmail.Contains), Is.True, "No consent without an address.");
        Assert.That((double)consented.Count / withEmail.Count, Is.InRange(0.55, 0.65));
    }

    // ---- helpers ----

    private StepMessage Message(WorkflowKind workflow, int step, IssuedCoupon? coupon, string subject = "cart:1", IReadOnlyDictionary<int, string>? surveyAnswers = null)
    {
        var settings = WorkflowCatalog.Default(workflow);
        var enrollment = new Enrollment
        {
            Id = 1, Workflow = workflow, Store = Store, Customer = new CustomerId(1), Subject = subject, EnrolledUtc = Now, AnchorUtc = Now, IsControl = false,
        };
        var contact = new ContactFacts("c1@example.com", "Ann", true, false, true, false, TimeZoneInfo.Utc);
        var links = new StepLinks("unsubscribe-token", "click-token", workflow == WorkflowKind.AbandonedCart ? "restore-token" : null,
            surveyAnswers ?? new Dictionary<int, string>(), null);
        return new StepMessage(enrollment, settings, step, contact, coupon, links, IsPreview: false);
    }

    private async Task SeedAsync(int customer, bool consent, (int ProductId, int Quantity)[]? cart = null, int[]? orderProducts = null)
    {
        await using var db = _db.Database.CreateContext();
        if (!await db.Products.AnyAsync())
        {
            db.Products.Add(new ProductRow { Id = 1, Name = "<b>Beans & \"Co\"</b>", Category = "Coffee", Price = 10m });
            db.Products.Add(new ProductRow { Id = 2, Name = "Filters", Category = "Supplies", Price = 3.50m });
        }
        db.Customers.Add(new CustomerFact
        {
            Id = customer, CustomerGuid = Guid.NewGuid(), Email = $"c{customer}@example.com", FirstName = "Ann", LastName = "O'Neil", RegisteredInStoreId = 1,
            Active = true, CreatedOnUtc = Now.AddDays(-10), LastActivityDateUtc = Now,
        });
        if (consent)
            db.NewsletterSubscriptions.Add(new NewsletterSubscriptionRow { StoreId = 1, CustomerId = customer, SubscribedUtc = Now.AddDays(-10) });
        foreach (var (productId, quantity) in cart ?? [])
            db.CartItems.Add(new CartItemFact
            {
                Id = customer * 100 + productId, StoreId = 1, CustomerId = customer, ProductId = productId, Quantity = quantity,
                CreatedOnUtc = Now.AddHours(-3).AddMinutes(productId), UpdatedOnUtc = Now.AddHours(-2),
            });
        if (orderProducts != null)
        {
            db.Orders.Add(new OrderFact { Id = customer, StoreId = 1, CustomerId = customer, CreatedOnUtc = Now.AddDays(-9), OrderStatusId = (int)OrderState.Complete, PaymentStatusId = (int)PaymentState.Paid });
            foreach (var productId in orderProducts)
                db.OrderLines.Add(new OrderLineFact { Id = customer * 100 + productId, OrderId = customer, ProductId = productId, Quantity = 1, PriceExclTax = 10m });
        }
        await db.SaveChangesAsync();
    }
}
