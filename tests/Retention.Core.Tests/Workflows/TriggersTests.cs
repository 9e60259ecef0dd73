using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Tests.Loyalty;
using Retention.Core.Workflows;
using static Retention.Core.Tests.Workflows.TriggersHarness;

namespace Retention.Core.Tests.Workflows;

public class TriggersTests
{
    private TriggersHarness _h = null!;

    [SetUp]
    public void SetUp() => _h = new TriggersHarness();

    private sealed class Intervals(Dictionary<int, int> days) : IReplenishmentCatalog
    {
        public Task<IReadOnlyDictionary<int, int>> IntervalsAsync(StoreId store, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<int, int>>(days.Where(kv => productIds.Contains(kv.Key)).ToDictionary());
    }

    private IReadOnlyList<Enrollment> In(WorkflowKind kind) => _h.Stores.AllEnrollments.Where(e => e.Workflow == kind).OrderBy(e => e.Id).ToList();

    private Task PlaceAsync(int id, DateTime at, int customer = 7, params int[] products)
    {
        var order = _h.Order(id, customer, at, 60m);
        var lines = products.Select((p, i) => new OrderLineFact { Id = id * 10 + i, OrderId = id, ProductId = p, Quantity = 1, PriceExclTax = 20m }).ToList();
        return _h.Workflows.Program.OrderPlacedAsync(new PlacedOrder(order, lines, []));
    }

    private void Customer(int id, DateTime? birth = null, string? email = "x@example.com") => _h.Store.CustomerList.Add(new CustomerFact
    {
        Id = id, Email = email, DateOfBirth = birth, RegisteredInStoreId = 1, Active = true, CreatedOnUtc = T0.AddYears(-1), LastActivityDateUtc = T0,
    });

    private void CartLine(int customer, DateTime created, DateTime updated) => _h.Store.CartItemList.Add(new CartItemFact
    {
        Id = _h.Store.CartItemList.Count + 1, StoreId = 1, CustomerId = customer, ProductId = 100, Quantity = 1, CreatedOnUtc = created, UpdatedOnUtc = updated,
    });

    // ---- order-based workflows

    [Test]
    public async Task Nps_is_asked_after_the_nth_counted_order_and_only_then()
    {
        await _h.Engine.EnableAsync(WorkflowKind.NpsSurvey, w => w with { AfterOrderNumber = 2 });
        _h.Order(1, 7, T0.AddDays(-20), 10m, OrderState.Cancelled);

        await PlaceAsync(2, T0.AddDays(-10));
        Assert.That(In(WorkflowKind.NpsSurvey), Is.Empty, "the cancelled order does not count");
        await PlaceAsync(3, T0);
        await PlaceAsync(4, T0.AddDays(1));

        var nps = In(WorkflowKind.NpsSurvey).Single();
        Assert.That((nps.Subject, nps.AnchorUtc), Is.EqualTo(("nps", T0)));
    }

    [Test]
    public async Task Cross_sell_follows_each_order_about_that_order()
    {
        await _h.Engine.EnableAsync(WorkflowKind.CrossSell, w => w with { ReentryDays = 0 });

        await PlaceAsync(31, T0);

        var crossSell = In(WorkflowKind.CrossSell).Single();
        Assert.That((crossSell.Subject, crossSell.NextDueUtc), Is.EqualTo(("order:31", (DateTime?)T0.AddDays(5))));
    }

    [Test]
    public async Task A_replayed_order_keeps_the_cross_sell_it_started_and_the_next_order_ends_it()
    {
        await _h.Engine.EnableAsync(WorkflowKind.CrossSell, w => w with { ReentryDays = 0 });
        await PlaceAsync(31, T0);

        _h.Clock.UtcNow = T0.AddMinutes(10);
        await _h.Workflows.Program.OrderPlacedAsync(new PlacedOrder(_h.Store.OrderList.Single(o => o.Id == 31), [], []));
        Assert.That(In(WorkflowKind.CrossSell).Single().State, Is.EqualTo(EnrollmentState.Active), "the replay is the same order, not a new purchase");

        _h.Clock.UtcNow = T0.AddDays(1);
        await PlaceAsync(32, T0.AddDays(1));
        Assert.That(In(WorkflowKind.CrossSell).Select(e => (e.Subject, e.State)), Is.EqualTo(new[]
        {
            ("order:31", EnrollmentState.Exited),
            ("order:32", EnrollmentState.Active),
        }));
    }

    [Test]
    public async Task Replenishment_reminds_three_days_before_each_products_interval_runs_out()
    {
        _h = new TriggersHarness(replenishment: new Intervals(new() { [100] = 30, [200] = 2 }));
        await _h.Engine.EnableAsync(WorkflowKind.Replenishment);

        await PlaceAsync(31, T0, products: [100, 200, 300]);

        var reminders = In(WorkflowKind.Replenishment);
        Assert.That(reminders.Select(e => (e.Subject, e.AnchorUtc)), Is.EqualTo(new[]
        {
            ("order:31:product:100", T0.AddDays(27)),
            ("order:31:product:200", T0),
        }));
    }

    [Test]
    public async Task Workflows_switched_off_enroll_no_one_on_an_order()
    {
        _h = new TriggersHarness(replenishment: new Intervals(new() { [100] = 30 }));

        await PlaceAsync(31, T0, products: [100]);
        await PlaceAsync(32, T0.AddDays(1), products: [100]);

        Assert.That(_h.Stores.AllEnrollments, Is.Empty);
    }

    [Test]
    public async Task Delivery_starts_the_review_request_and_csat_about_the_order()
    {
        await _h.Engine.EnableAsync(WorkflowKind.ReviewRequest);
        await _h.Engine.EnableAsync(WorkflowKind.CsatSurvey);

        await _h.Workflows.Program.OrderDeliveredAsync(Store1, new CustomerId(7), 31, T0);
        await _h.Workflows.Program.OrderDeliveredAsync(Store1, new CustomerId(7), 31, T0.AddHours(1));

        Assert.That(In(WorkflowKind.ReviewRequest).Single().Subject, Is.EqualTo("order:31"));
        Assert.That(In(WorkflowKind.ReviewRequest).Single().NextDueUtc, Is.EqualTo(T0.AddDays(7)));
        Assert.That(In(WorkflowKind.CsatSurvey).Single().Subject, Is.EqualTo("order:31"));
    }

    [Test]
    public async Task Welcome_runs_once_whether_registration_or_newsletter_came_first()
    {
        await _h.Engine.EnableAsync(WorkflowKind.Welcome);

        await _h.Workflows.Program.NewsletterSubscribedAsync(Store1, new CustomerId(7), T0);
        await _h.Workflows.Program.CustomerRegisteredAsync(Store1, new CustomerId(7), T0.AddHours(1));

        var welcome = In(WorkflowKind.Welcome).Single();
        Assert.That((welcome.Subject, welcome.AnchorUtc), Is.EqualTo(("welcome", T0)));
    }

    [Test]
    public async Task Tier_up_is_congratulated_and_a_downgrade_is_not()
    {
        await _h.Engine.EnableAsync(WorkflowKind.TierUp);

        await _h.Workflows.Program.TierChangedAsync(new TierChanged(Store1, new CustomerId(7), "Silver", "Gold", TierChange.Upgraded, T0));
        await _h.Workflows.Program.TierChangedAsync(new TierChanged(Store1, new CustomerId(8), "Gold", "Silver", TierChange.Downgraded, T0));

        Assert.That(In(WorkflowKind.TierUp).Select(e => (e.Customer.Value, e.Subject)), Is.EqualTo(new[] { (7, "tier:Gold:20260302") }));
    }

    [Test]
    public async Task Dormancy_defaults_come_from_the_stores_median_gap()
    {
        // Gaps 10 and 20 days (customer 1), 30 days (customer 2): median 20 → one-time buyers dormant after 20 × 3 = 60 days.
        _h.Order(1, 1, T0.AddDays(-100), 10m);
        _h.Order(2, 1, T0.AddDays(-90), 10m);
        _h.Order(3, 1, T0.AddDays(-70), 10m);
        _h.Order(4, 2, T0.AddDays(-50), 10m);
        _h.Order(5, 2, T0.AddDays(-20), 10m);
        _h.Order(6, 3, T0.AddDays(-5), 10m);

        var defaults = await _h.Workflows.Scans.DormancyDefaultsAsync(Store1);

        Assert.That(defaults.StoreMedianDays, Is.EqualTo(20.0).Within(1e-9));
        Assert.That((defaults.Multiple, defaults.OneTimeBuyerDays), Is.EqualTo((3m, 60)));
    }

    [Test]
    public async Task Dormancy_defaults_without_repeat_buyers_fall_back_or_take_the_admins_number()
    {
        _h.Order(1, 1, T0.AddDays(-5), 10m);

        Assert.That((await _h.Workflows.Scans.DormancyDefaultsAsync(Store1)).OneTimeBuyerDays, Is.EqualTo(TriggerRules.FallbackOneTimeBuyerDays));
        await _h.Engine.EnableAsync(WorkflowKind.WinBack, w => w with { OneTimeBuyerDormantDays = 45 });
        Assert.That((await _h.Workflows.Scans.DormancyDefaultsAsync(Store1)).OneTimeBuyerDays, Is.EqualTo(45));
    }

    // ---- scans

    [Test]
    public async Task Abandoned_cart_scan_enrolls_idle_carts_of_customers_with_an_address_once()
    {
        await _h.Engine.EnableAsync(WorkflowKind.AbandonedCart);
        Customer(1); Customer(2); Customer(3); Customer(4, email: null); Customer(5);
        CartLine(1, T0.AddDays(-2), T0.AddHours(-3));
        CartLine(1, T0.AddHours(-5), T0.AddHours(-2));
        CartLine(2, T0.AddMinutes(-30), T0.AddMinutes(-30));
        CartLine(3, T0.AddDays(-6), T0.AddDays(-5));
        CartLine(4, T0.AddHours(-2), T0.AddHours(-2));
        CartLine(5, T0.AddHours(-3), T0.AddHours(-3));
        CartLine(5, T0.AddHours(-1), T0.AddMinutes(-10));

        await _h.Workflows.Run.RunAsync();
        await _h.Workflows.Run.RunAsync();

        var carts = In(WorkflowKind.AbandonedCart);
        Assert.That(carts.Select(e => e.Customer.Value), Is.EqualTo(new[] { 1 }), "2 and 5 still busy, 3 too old, 4 a guest");
        Assert.That((carts[0].Subject, carts[0].AnchorUtc), Is.EqualTo(("cart:" + T0.AddDays(-2).Ticks, T0.AddHours(-2))));
    }

    [Test]
    public async Task Abandoned_cart_scan_is_bounded_by_the_batch_and_picks_up_the_rest_next_run()
    {
        await _h.Engine.EnableAsync(WorkflowKind.AbandonedCart);
        foreach (var id in new[] { 1, 2, 3, 4, 5 })
        {
            Customer(id);
            CartLine(id, T0.AddHours(-2), T0.AddHours(-2));
        }

        await _h.Workflows.Run.RunAsync(batchSize: 2);
        Assert.That(In(WorkflowKind.AbandonedCart).Select(e => e.Customer.Value), Is.EqualTo(new[] { 1, 2 }));
        await _h.Workflows.Run.RunAsync(batchSize: 2);
        await _h.Workflows.Run.RunAsync(batchSize: 2);

        Assert.That(In(WorkflowKind.AbandonedCart).Select(e => e.Customer.Value), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task Win_back_enrolls_customers_idle_beyond_their_own_rhythm()
    {
        await _h.Engine.EnableAsync(WorkflowKind.WinBack, w => w with { OneTimeBuyerDormantDays = 90, DormancyMultiple = 3m });
        // 1: one order 100 days ago (> 90). 2: every 10 days, last 40 days ago (> 30). 3: every 30 days, last 40 days ago (< 90).
        // 4: one order 60 days ago. 5: last order three years ago (lost, not dormant). 6: dormant but its orders were cancelled.
        _h.Order(1, 1, T0.AddDays(-100), 10m);
        _h.Order(2, 2, T0.AddDays(-60), 10m);
        _h.Order(3, 2, T0.AddDays(-50), 10m);
        _h.Order(4, 2, T0.AddDays(-40), 10m);
        _h.Order(5, 3, T0.AddDays(-70), 10m);
        _h.Order(6, 3, T0.AddDays(-40), 10m);
        _h.Order(7, 4, T0.AddDays(-60), 10m);
        _h.Order(8, 5, T0.AddDays(-1100), 10m);
        _h.Order(9, 6, T0.AddDays(-300), 10m, OrderState.Cancelled);

        await _h.Workflows.Run.RunAsync();
        _h.Clock.UtcNow = T0.AddDays(1);
        await _h.Workflows.Run.RunAsync();

        var winBack = In(WorkflowKind.WinBack);
        Assert.That(winBack.Select(e => e.Customer.Value), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(winBack.Select(e => e.Subject).Distinct(), Is.EqualTo(new[] { "2026-03" }));
    }

    [Test]
    public async Task Win_back_passes_over_customers_with_a_live_cart_a_running_cart_sequence_or_a_cart_email_this_week()
    {
        await _h.Engine.EnableAsync(WorkflowKind.WinBack, w => w with { OneTimeBuyerDormantDays = 90 });
        for (var c = 1; c <= 6; c++)
            _h.Order(c, c, T0.AddDays(-100), 10m);
        // 2: a cart changed two days ago. 3: a cart left ten days ago. 4: in an abandoned-cart sequence. 5: a cart email
        // five days ago. 6: a cart email eight days ago.
        CartLine(2, T0.AddDays(-2), T0.AddDays(-2));
        CartLine(3, T0.AddDays(-10), T0.AddDays(-10));
        await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 4, at: T0.AddHours(-3));
        var fifth = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 5, subject: "cart:5", at: T0.AddDays(-8));
        await _h.EventAsync(fifth, WorkflowEventKind.Sent, T0.AddDays(-5), step: 2);
        await _h.Stores.TryAdvanceAsync(new EnrollmentTransition(fifth.Id, 0, 3, null, EnrollmentState.Completed, null, T0.AddDays(-5)));
        var sixth = await _h.EnrolledAsync(WorkflowKind.AbandonedCart, customer: 6, subject: "cart:6", at: T0.AddDays(-11));
        await _h.EventAsync(sixth, WorkflowEventKind.Sent, T0.AddDays(-8), step: 2);
        await _h.Stores.TryAdvanceAsync(new EnrollmentTransition(sixth.Id, 0, 3, null, EnrollmentState.Completed, null, T0.AddDays(-8)));

        await _h.Workflows.Run.RunAsync();

        Assert.That(In(WorkflowKind.WinBack).Select(e => e.Customer.Value), Is.EqualTo(new[] { 1, 3, 6 }));
    }

    [Test]
    public async Task Switching_win_back_on_leaves_an_abandoned_carts_reminders_and_coupon_on_time_and_wins_back_after_the_quiet_week()
    {
        await _h.Engine.EnableAsync(WorkflowKind.AbandonedCart);
        await _h.Engine.EnableAsync(WorkflowKind.WinBack, w => w with { OneTimeBuyerDormantDays = 90 });
        Customer(7);
        _h.Order(1, 7, T0.AddDays(-100), 10m);
        CartLine(7, T0.AddHours(-2), T0.AddHours(-2));

        await _h.Engine.RunUntilAsync(T0.AddDays(4), workflows: _h.Workflows);
        for (var day = 4; day <= 11; day++)
        {
            _h.Clock.UtcNow = T0.AddDays(day);
            await _h.Workflows.Run.RunAsync();
        }

        var sent = _h.Engine.MessagesTo(7).Select(m => (m.TemplateName, m.CreatedUtc)).ToList();
        Assert.That(sent.Take(3), Is.EqualTo(new[]
        {
            ("Retention.AbandonedCart.Step1", T0),
            // Due at 07:00 UTC, inside the quiet hours: each goes out when they end at 08:00.
            ("Retention.AbandonedCart.Step2", T0.AddHours(23)),
            ("Retention.AbandonedCart.Step3", T0.AddHours(71)),
        }));
        var winBack = In(WorkflowKind.WinBack).Single();
        Assert.That(winBack.EnrolledUtc, Is.GreaterThanOrEqualTo(T0.AddHours(71).AddDays(TriggerRules.WinBackQuietDaysAfterAbandonedCart)),
            "Win-back starts only once the cart's last email is a quiet week old.");
        Assert.That(sent.Skip(3).Select(m => m.TemplateName), Is.EqualTo(new[] { "Retention.WinBack.Step1" }));
    }

    [Test]
    public async Task Birthday_scan_uses_each_customers_own_today()
    {
        await _h.Engine.EnableAsync(WorkflowKind.Birthday);
        // 10:00 UTC on 2 March is already 3 March on Kiritimati (UTC+14).
        var kiritimati = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        Customer(1, new DateTime(1990, 3, 2));
        Customer(2, new DateTime(1985, 3, 3));
        Customer(3, new DateTime(1985, 3, 3));
        Customer(4, new DateTime(1970, 7, 1));
        Customer(5, new DateTime(1990, 3, 2), email: null);
        _h.Contacts.Change(Store1, new CustomerId(2), c => c with { TimeZone = kiritimati });

        await _h.Workflows.Run.RunAsync();
        _h.Clock.UtcNow += TimeSpan.FromHours(1);
        await _h.Workflows.Run.RunAsync();

        Assert.That(In(WorkflowKind.Birthday).Select(e => (e.Customer.Value, e.Subject)), Is.EqualTo(new[] { (1, "2026"), (2, "2026") }));
    }

    [Test]
    public async Task Leap_day_birthdays_are_celebrated_on_28_february_in_other_years()
    {
        _h.Clock.UtcNow = new DateTime(2027, 2, 28, 12, 0, 0, DateTimeKind.Utc);
        await _h.Engine.EnableAsync(WorkflowKind.Birthday);
        Customer(1, new DateTime(2000, 2, 29));

        await _h.Workflows.Run.RunAsync();

        Assert.That(In(WorkflowKind.Birthday).Single().Subject, Is.EqualTo("2027"));
    }

    [Test]
    public async Task Points_expiry_reminder_goes_when_the_first_lapse_is_within_the_workflows_days()
    {
        var loyalty = new ProgramHarness(L.Plain with { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12, ExpiryReminderDays = 30 }, T0);
        _h = new TriggersHarness(loyalty);
        await _h.Engine.EnableAsync(WorkflowKind.PointsExpiry, w => w with { DaysBeforeExpiry = 14 });
        await loyalty.LotAsync(7, 100, T0.AddMonths(-12), T0.AddDays(10));
        await loyalty.LotAsync(8, 100, T0.AddMonths(-12), T0.AddDays(20));

        await _h.Workflows.Run.RunAsync();
        await _h.Workflows.Run.RunAsync();

        var reminder = In(WorkflowKind.PointsExpiry).Single();
        Assert.That((reminder.Customer.Value, reminder.Subject), Is.EqualTo((7, "2026-03-12")));
    }
}
