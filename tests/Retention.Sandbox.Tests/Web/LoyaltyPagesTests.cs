using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The loyalty pages and JSON over HTTP, against a demo store whose history was replayed through the program.</summary>
public sealed class LoyaltyPagesTests
{
    private const int Sneaky = 900_002;
    private static readonly StoreId Store = new(1);
    private SandboxServer _server = null!;
    private HttpClient _http = null!;
    private SandboxState _state = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SandboxServer.PrepareAsync(customers: 300);
        _state = _server.State;
        await using (var db = _state.Database.CreateContext())
        {
            db.Customers.Add(new CustomerFact
            {
                Id = Sneaky, CustomerGuid = Guid.NewGuid(), FirstName = "<script>alert(1)</script>", LastName = "O'Hara & Co",
                Email = "x\"><img src=x>@example.com", Active = true, RegisteredInStoreId = 1, CreatedOnUtc = _state.AsOfUtc, LastActivityDateUtc = _state.AsOfUtc,
            });
            await db.SaveChangesAsync();
        }
        await _server.StartAsync();
        _http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.BaseAddress) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private async Task<int> CustomerWithCartAndPointsAsync()
    {
        await using var db = _state.Database.CreateContext();
        var withPoints = await db.Ledger.GroupBy(l => l.CustomerId).Where(g => g.Sum(l => l.Points) > 0).Select(g => g.Key).ToListAsync();
        var withCart = await db.CartItems.Select(c => c.CustomerId).Distinct().ToListAsync();
        return withPoints.Intersect(withCart).Order().First();
    }

    private async Task<PointsBalance> BalanceAsync(int customer) =>
        await SandboxLoyaltyStores.Ledger(_state.Database).GetBalanceAsync(Store, new CustomerId(customer), new SandboxClock(_state.AsOfUtc, _state.LoadedUtc).UtcNow);

    [Test]
    public async Task The_replayed_demo_has_purchases_bonuses_redemptions_expiries_and_tier_holders()
    {
        await using var db = _state.Database.CreateContext();
        var reasons = await db.Ledger.Select(l => l.ReasonId).Distinct().ToListAsync();
        Assert.That(reasons, Is.SupersetOf(new[] { LedgerReason.Purchase, LedgerReason.RegistrationBonus, LedgerReason.ReviewBonus, LedgerReason.Redemption, LedgerReason.Expiry }.Select(r => (int)r)));
        var tiers = await db.TierStandings.Where(s => s.Tier != null).Select(s => s.Tier).Distinct().ToListAsync();
        Assert.That(tiers, Is.SupersetOf(new[] { "Bronze", "Silver" }));
        Assert.That(await db.LoyaltySettings.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Checkout_widget_shows_the_ledger_balance_and_what_the_cart_earns()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var json = await JsonAsync($"/api/shop/checkout?customer={customer}");
        var balance = await BalanceAsync(customer);

        var (status, body) = await GetAsync($"/shop?customer={customer}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.GetProperty("available").GetInt32(), Is.EqualTo(balance.Available));
        Assert.That(json.GetProperty("cartPoints").GetInt32(), Is.GreaterThan(0));
        Assert.That(body, Does.Contain($"<strong>{balance.Available.ToString("N0", CultureInfo.InvariantCulture)} points</strong>"));
        Assert.That(body, Does.Contain($"This order earns <strong>{json.GetProperty("cartPoints").GetInt32().ToString("N0", CultureInfo.InvariantCulture)} points</strong>"));
        Assert.That(body, Does.Contain("class=\"progress\"").And.Contain("Tier:"));
    }

    /// <summary>A new customer whose only points are one lot that lapses in ten days (the demo reminds 30 days ahead; 500 to redeem).</summary>
    private async Task<int> CustomerWithExpiringLotAsync(int id, int points, int lapsesInDays = 10)
    {
        var now = new SandboxClock(_state.AsOfUtc, _state.LoadedUtc).UtcNow;
        await using var db = _state.Database.CreateContext();
        db.Customers.Add(new CustomerFact
        {
            Id = id, CustomerGuid = Guid.NewGuid(), FirstName = "Lot", LastName = "Holder", Email = $"lot{id}@example.com", Active = true, RegisteredInStoreId = 1,
            CreatedOnUtc = now.AddYears(-1), LastActivityDateUtc = now,
        });
        db.Ledger.Add(new Core.Tables.PointsEntryRow
        {
            IdempotencyKey = $"test:lot:{id}", StoreId = 1, CustomerId = id, Points = points, ReasonId = (int)LedgerReason.Purchase, SourceId = (int)LedgerSource.Order,
            CreatedOnUtc = now.AddMonths(-12).AddDays(lapsesInDays), ActivatesOnUtc = now.AddMonths(-12).AddDays(lapsesInDays), ExpiresOnUtc = now.AddDays(lapsesInDays),
        });
        await db.SaveChangesAsync();
        return id;
    }

    [Test]
    public async Task Expiring_points_are_called_spendable_only_above_the_minimum_and_otherwise_the_page_says_what_the_reminder_email_says()
    {
        var rich = await CustomerWithExpiringLotAsync(900_101, 1000);
        var tooLate = await CustomerWithExpiringLotAsync(900_102, 300);
        var inTime = await CustomerWithExpiringLotAsync(900_103, 300, lapsesInDays: 25);

        string Notice(string page) => Regex.Match(page, "<p class=\"notice\" id=\"expiring\">(.*?)</p>").Groups[1].Value;
        var spendable = Notice((await GetAsync($"/shop/rewards?customer={rich}")).Body);
        var outOfReach = Notice((await GetAsync($"/shop/rewards?customer={tooLate}")).Body);
        var earnMore = Notice((await GetAsync($"/shop/rewards?customer={inTime}")).Body);

        Assert.That(spendable, Does.StartWith("1,000 points expire from").And.EndWith("spend them at checkout before then."));
        // Points earned today activate after the pending days, past a lapse 10 days away: no order can save them.
        Assert.That(outOfReach, Does.StartWith("300 points expire from").And.EndWith("which this balance cannot reach before they lapse."));
        Assert.That(earnMore, Does.StartWith("300 points expire from").And.Contain("from 500 points on: earn 200 more with an order placed by ")
            .And.Not.Contain("spend them at checkout before then"));
    }

    /// <summary>A section's HTML with entities decoded (the pages encode "×" as a character reference).</summary>
    private static string Section(string page, string id) =>
        WebUtility.HtmlDecode(Regex.Match(page, $"<section[^>]*id=\"{id}\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value);

    [Test]
    public async Task Rewards_panel_lists_ways_to_earn_and_redeem_and_the_tiers_with_the_settings_figures()
    {
        var customer = await CustomerWithCartAndPointsAsync();

        var (status, page) = await GetAsync($"/shop/rewards?customer={customer}");
        var panel = Section(page, "rewards-panel");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(panel, Does.Contain("10 points for every $1.00 spent").And.Contain("×2 points on Tea").And.Contain("200 points for creating an account")
            .And.Contain("300 points on your birthday").And.Contain("100 points for each approved product review").And.Contain("50 points for answering a satisfaction survey")
            .And.Contain("500 points when a friend you invite pays their first order"));
        Assert.That(panel, Does.Contain("100 points = $1.00 off at checkout").And.Contain("from 500 points on").And.Contain("up to 50 % of an order"));
        Assert.That(panel, Does.Contain("14 days after it is paid").And.Contain("expire 12 months"));
        Assert.That(Regex.Matches(panel, "<tr( class=\"current\")?><td>(Bronze|Silver|Gold)").Count, Is.EqualTo(3));
        Assert.That(panel, Does.Contain("$150.00 spent in 12 months").And.Contain("×1.25 on purchases"));
    }

    [Test]
    public async Task Guests_see_join_to_earn_with_the_same_ways_to_earn_and_redeem()
    {
        var customer = await CustomerWithCartAndPointsAsync();

        var (status, guest) = await GetAsync("/shop/rewards");
        var (_, member) = await GetAsync($"/shop/rewards?customer={customer}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(guest, Does.Contain("id=\"join\"").And.Contain("href=\"/register\"").And.Contain("get 200 points at once"));
        Assert.That(guest, Does.Not.Contain("Available points"), "a guest sees nobody's points");
        Assert.That(Regex.Replace(Section(guest, "rewards-panel"), " class=\"current\"| <span class=\"muted\">\\(you\\)</span>", ""),
            Is.EqualTo(Regex.Replace(Section(member, "rewards-panel"), " class=\"current\"| <span class=\"muted\">\\(you\\)</span>", "")));
    }

    [Test]
    public async Task Product_page_explains_the_category_and_tier_multipliers_so_they_multiply_to_the_points_shown()
    {
        int tea, silver;
        await using (var db = _state.Database.CreateContext())
        {
            tea = await db.Products.Where(p => p.Category == "Tea" && !p.IsGiftCard).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            silver = await db.TierStandings.Where(t => t.Tier == "Silver").OrderBy(t => t.CustomerId).Select(t => t.CustomerId).FirstAsync();
        }

        var (_, page) = await GetAsync($"/shop/product/{tea}?customer={silver}");

        var shown = Regex.Match(page, "id=\"earn-points\">Earn <strong>([0-9,]+)</strong>").Groups[1].Value;
        var explained = WebUtility.HtmlDecode(Regex.Match(page, "id=\"earn-explained\">(.*?)</p>").Groups[1].Value);
        Assert.That(explained, Does.Contain("×2 on Tea").And.Contain("×1.25 for your Silver tier").And.EndWith($"→ {shown} points (rounded down)."));
        var numbers = Regex.Match(explained, @"= ([0-9.]+)").Groups[1].Value;
        Assert.That((int)Math.Floor(decimal.Parse(numbers, CultureInfo.InvariantCulture) * 2m * 1.25m), Is.EqualTo(int.Parse(shown, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)),
            "base points × 2 × 1.25, rounded down, is the badge's number");
    }

    [Test]
    public async Task Rewards_page_lists_the_history_and_a_referral_link_that_names_the_customer()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var (status, body) = await GetAsync($"/shop/rewards?customer={customer}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("Welcome bonus").And.Contain("Available points").And.Contain("Expiring soon"));
        var code = Regex.Match(body, @"register\?ref=([A-Za-z0-9_\-]+)").Groups[1].Value;
        var secret = await File.ReadAllBytesAsync(Path.Combine(_server.Folder, ReferralSecret.FileName));
        Assert.That(ReferralCodes.Read(Store, code, secret), Is.EqualTo(new CustomerId(customer)));
    }

    [Test]
    public async Task The_referral_link_registers_a_new_customer_who_gets_the_welcome_bonus_and_whose_first_paid_order_credits_the_inviter()
    {
        var inviter = await CustomerWithCartAndPointsAsync();
        var (_, rewards) = await GetAsync($"/shop/rewards?customer={inviter}");
        var link = Regex.Match(rewards, @"https?://[^""]+/register\?ref=[A-Za-z0-9_\-]+").Value;

        var (status, page) = await GetAsync(new Uri(link).PathAndQuery);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), page);
        Assert.That(page, Does.Contain("id=\"invited-by\"").And.Contain("invited you"));
        var fields = RegisterForm(page);
        fields["email"] = "new.friend@example.com";
        fields["firstName"] = "Nora";
        fields["newsletter"] = "on";
        using var registered = await _http.PostAsync("/register", new FormUrlEncodedContent(fields));

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await registered.Content.ReadAsStringAsync());
        var location = registered.Headers.Location!.ToString();
        Assert.That(location, Does.Match(@"^/shop/rewards\?customer=\d+&welcome=1$"));
        var newcomer = int.Parse(Regex.Match(location, @"customer=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var (_, welcome) = await GetAsync(location);
        Assert.That(welcome, Does.Contain("id=\"welcome\"").And.Contain("Welcome bonus"));
        await using (var db = _state.Database.CreateContext())
        {
            Assert.That(await db.Referrals.CountAsync(r => r.ReferredCustomerId == newcomer && r.ReferrerCustomerId == inviter), Is.EqualTo(1));
            Assert.That(await db.NewsletterSubscriptions.CountAsync(n => n.CustomerId == newcomer), Is.EqualTo(1));
            db.CartItems.Add(new CartItemFact
            {
                StoreId = Store.Value, CustomerId = newcomer, ProductId = await db.Products.Where(p => !p.IsGiftCard).Select(p => p.Id).FirstAsync(), Quantity = 2,
                CreatedOnUtc = _state.AsOfUtc, UpdatedOnUtc = _state.AsOfUtc,
            });
            await db.SaveChangesAsync();
        }
        var referralBonusesBefore = await ReferralBonusesAsync(inviter);

        using var order = new HttpRequestMessage(HttpMethod.Post, $"/api/shop/order?customer={newcomer}");
        order.Headers.Add("RequestVerificationToken", fields["__RequestVerificationToken"]);
        using var placed = await _http.SendAsync(order);

        Assert.That(placed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await placed.Content.ReadAsStringAsync());
        Assert.That(await ReferralBonusesAsync(inviter), Is.EqualTo(referralBonusesBefore + 1), "the inviter is credited once the newcomer's first order is paid");
    }

    [Test]
    public async Task A_changed_invitation_code_is_an_error_page_that_still_offers_registration_and_a_posted_one_registers_nobody()
    {
        var (status, page) = await GetAsync("/register?ref=AAAAtampered");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page, Does.Contain("id=\"invitation-error\"").And.Contain("not valid").And.Contain("href=\"/register\""));

        var (_, form) = await GetAsync("/register");
        var fields = RegisterForm(form);
        fields["email"] = "tamper@example.com";
        fields["ref"] = "AAAAtampered";
        await using var db = _state.Database.CreateContext();
        var customers = await db.Customers.CountAsync();
        using var refused = await _http.PostAsync("/register", new FormUrlEncodedContent(fields));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("not valid").And.Contain("tamper@example.com"));
        Assert.That(await db.Customers.CountAsync(), Is.EqualTo(customers), "nothing written");
    }

    [TestCase("", "Enter your email address.")]
    [TestCase("not-an-address", "This is not an email address.")]
    public async Task Registration_refuses_a_bad_email_on_its_field(string email, string message)
    {
        var (_, form) = await GetAsync("/register");
        var fields = RegisterForm(form);
        fields["email"] = email;
        using var refused = await _http.PostAsync("/register", new FormUrlEncodedContent(fields));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("id=\"error-Email\"").And.Contain(message));
    }

    /// <summary>The register form's fields as a browser posts them, antiforgery token included.</summary>
    private static Dictionary<string, string> RegisterForm(string page)
    {
        var fields = WorkflowWeb.FormFields(page, "register");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        return fields;
    }

    private async Task<int> ReferralBonusesAsync(int customer)
    {
        await using var db = _state.Database.CreateContext();
        return await db.Ledger.CountAsync(l => l.CustomerId == customer && l.ReasonId == (int)LedgerReason.ReferralBonus);
    }

    [Test]
    public async Task The_admin_marks_a_processing_order_delivered_once_which_completes_it_and_starts_the_review_request()
    {
        int orderId, customer;
        await using (var db = _state.Database.CreateContext())
        {
            var order = await db.Orders.Where(o => o.OrderStatusId == (int)OrderState.Processing).OrderByDescending(o => o.Id).FirstOrDefaultAsync();
            if (order == null)
            {
                order = await db.Orders.OrderByDescending(o => o.Id).FirstAsync();
                await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.OrderStatusId, (int)OrderState.Processing));
            }
            (orderId, customer) = (order.Id, order.CustomerId);
        }
        var (_, page) = await GetAsync($"/admin/customers/{customer}");
        Assert.That(page, Does.Contain($"id=\"order-{orderId}\"").And.Contain($"action=\"/admin/orders/{orderId}/delivered\""));
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        using var delivered = await _http.PostAsync($"/admin/orders/{orderId}/delivered", form);
        using var again = await _http.PostAsync($"/admin/orders/{orderId}/delivered", form);

        Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(delivered.Headers.Location!.ToString(), Is.EqualTo($"/admin/customers/{customer}?delivered={orderId}"));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a second click finds the order delivered");
        var (_, shown) = await GetAsync(delivered.Headers.Location!.ToString());
        Assert.That(shown, Does.Contain("id=\"delivered\"").And.Contain("delivered (complete)"));
        await using (var db = _state.Database.CreateContext())
        {
            Assert.That(await db.Orders.Where(o => o.Id == orderId).Select(o => o.OrderStatusId).SingleAsync(), Is.EqualTo((int)OrderState.Complete));
            Assert.That(await db.Enrollments.CountAsync(e => e.CustomerId == customer && e.WorkflowId == (int)Retention.Core.Workflows.WorkflowKind.ReviewRequest
                && e.Subject.Contains(orderId.ToString(CultureInfo.InvariantCulture))), Is.EqualTo(1), "the review request started once");
        }
    }

    [Test]
    public async Task Rewards_page_encodes_the_customers_name()
    {
        var (status, body) = await GetAsync($"/shop/rewards?customer={Sneaky}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Contain("O&#39;Hara &amp; Co"));
        Assert.That(body, Does.Not.Contain("<script>").And.Not.Contain("<img"));
    }

    // Demo settings: 10 points per dollar, tea ×2, no promotion running in February 2026; a guest has no tier.
    [TestCase(1, 99)]   // House Blend 250 g, 9.90
    [TestCase(9, 150)]  // Earl Grey, 7.50, tea ×2
    [TestCase(30, 0)]   // gift card: points when it is spent
    public async Task Product_page_shows_earn_n_points_for_a_guest(int product, int points)
    {
        var (status, body) = await GetAsync($"/shop/product/{product}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain($"Earn <strong>{points}</strong> points"));
        Assert.That((await JsonAsync($"/api/shop/product/{product}")).GetProperty("points").GetInt32(), Is.EqualTo(points));
    }

    [TestCase("/shop/rewards?customer=abc", HttpStatusCode.BadRequest, "is not a customer id")]
    [TestCase("/shop/rewards?customer=999999999", HttpStatusCode.NotFound, "There is no customer 999999999")]
    [TestCase("/shop/product/999", HttpStatusCode.NotFound, "There is no product 999")]
    [TestCase("/api/shop/rewards", HttpStatusCode.BadRequest, "is not a customer id")]
    [TestCase("/api/shop/checkout?customer=999999999", HttpStatusCode.NotFound, "There is no customer")]
    [TestCase("/admin/loyalty/report?from=2026-13-01", HttpStatusCode.BadRequest, "From: &#39;2026-13-01&#39; is not a date")]
    [TestCase("/admin/loyalty/report?from=2026-02-01&to=2026-01-01", HttpStatusCode.BadRequest, "must not be after the last day")]
    [TestCase("/admin/loyalty/report?from=2024-01-01&to=2026-01-01", HttpStatusCode.BadRequest, "at most 366 days")]
    [TestCase("/admin/loyalty/report.csv?store=x", HttpStatusCode.BadRequest, "Store: 'x' is not a store id")]
    public async Task Bad_input_gets_a_clear_message(string path, HttpStatusCode expected, string text)
    {
        var (status, body) = await GetAsync(path);

        Assert.That(status, Is.EqualTo(expected));
        Assert.That(body, Does.Contain(text));
    }

    [Test]
    public async Task Report_days_chain_and_the_last_closing_is_the_ledger_sum_at_its_end()
    {
        var (status, csv) = await GetAsync("/admin/loyalty/report.csv?store=1&from=2026-01-01&to=2026-01-31");
        var (htmlStatus, html) = await GetAsync("/admin/loyalty/report?store=1&from=2026-01-01&to=2026-01-31");
        await using var db = _state.Database.CreateContext();
        var end = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        var ledgerAtEnd = await db.Ledger.Where(l => l.StoreId == 1 && l.CreatedOnUtc < end).SumAsync(l => l.Points);

        Assert.That((status, htmlStatus), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.StartWith("day,store,opening,earned,bonuses,adjusted,reversed,redeemed,reimbursed,expired,closing,pending_at_close"));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows, Has.Count.EqualTo(31));
        for (var i = 1; i < rows.Count; i++)
            Assert.That(rows[i][2], Is.EqualTo(rows[i - 1][10]), $"opening of {rows[i][0]} is the closing of the day before");
        Assert.That(int.Parse(rows[^1][10], CultureInfo.InvariantCulture), Is.EqualTo(ledgerAtEnd));
        Assert.That(html, Does.Contain("<td class=\"num\">2026-01-31</td>").And.Contain("Download CSV"));
    }

    [Test]
    public async Task Admin_adjustment_needs_the_antiforgery_token_shows_field_errors_and_saves_once_per_request_id()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var before = await BalanceAsync(customer);
        var (status, page) = await GetAsync($"/admin/customers/{customer}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var requestId = Regex.Match(page, "name=\"requestId\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(token, Is.Not.Empty);

        async Task<HttpResponseMessage> PostAsync(params (string, string)[] fields) =>
            await _http.PostAsync($"/admin/customers/{customer}/adjust", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));

        using (var forged = await PostAsync(("points", "250"), ("reason", "Goodwill"), ("requestId", requestId)))
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a post without the antiforgery token is refused");

        using (var invalid = await PostAsync(("__RequestVerificationToken", token), ("points", "12x"), ("reason", ""), ("requestId", requestId)))
        {
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("Enter a whole number of points"));
        }
        using (var noReason = await PostAsync(("__RequestVerificationToken", token), ("points", "250"), ("reason", " "), ("requestId", requestId)))
            Assert.That(await noReason.Content.ReadAsStringAsync(), Does.Contain("A reason is required."));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var saved = await PostAsync(("__RequestVerificationToken", token), ("points", "250"), ("reason", "Goodwill <b>gesture</b>"), ("requestId", requestId));
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"attempt {attempt}");
        }

        var after = await BalanceAsync(customer);
        Assert.That(after.Available, Is.EqualTo(before.Available + 250), "the same request id saves once");
        var (_, shown) = await GetAsync($"/admin/customers/{customer}?adjusted=1");
        Assert.That(shown, Does.Contain("The adjustment was saved").And.Contain("Goodwill &lt;b&gt;gesture&lt;/b&gt;").And.Contain(LoyaltyPages.Actor));
    }

    [Test]
    public async Task Admin_adjustment_is_bounded_asks_before_overdrawing_and_refuses_a_hostile_reason_with_a_message()
    {
        var customer = await CustomerWithCartAndPointsAsync();
        var before = await BalanceAsync(customer);
        var (_, page) = await GetAsync($"/admin/customers/{customer}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        async Task<(HttpStatusCode Status, string Body)> PostAsync(params (string, string)[] fields)
        {
            using var response = await _http.PostAsync($"/admin/customers/{customer}/adjust",
                new FormUrlEncodedContent(fields.Prepend(("__RequestVerificationToken", token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var huge = await PostAsync(("points", "2147483647"), ("reason", "typo"), ("requestId", "r-huge"));
        var longReason = await PostAsync(("points", "5"), ("reason", new string('x', 200_000)), ("requestId", "r-long"));
        var nul = await PostAsync(("points", "5"), ("reason", "bad\0reason"), ("requestId", "r-nul"));
        var overdraw = before.Available + 10;
        var unconfirmed = await PostAsync(("points", (-overdraw).ToString(CultureInfo.InvariantCulture)), ("reason", "fraud"), ("requestId", "r-over"));
        var confirmed = await PostAsync(("points", (-overdraw).ToString(CultureInfo.InvariantCulture)), ("reason", "fraud"), ("requestId", "r-over"), ("confirmOverdraw", "on"));

        Assert.That(huge.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(huge.Body, Does.Contain("One adjustment can add or take at most 100,000 points"));
        Assert.That(longReason.Body, Does.Contain("Keep the reason to 500 characters."));
        Assert.That(nul.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        // The form reader refuses a NUL before any handler runs; the page still says what happened.
        Assert.That(nul.Body, Does.Contain("id=\"form-refused\">The form could not be read"));
        Assert.That(unconfirmed.Body, Does.Contain("Confirm to take the balance below zero.").And.Contain("name=\"confirmOverdraw\""));
        Assert.That(confirmed.Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await BalanceAsync(customer)).Available, Is.EqualTo(-10));
        var (status, shown) = await GetAsync($"/admin/customers/{customer}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(shown, Does.Contain("-10"));
    }
}
