using Retention.Core.Common;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class LoyaltyNightlyTests
{
    private static readonly LoyaltySettings LotExpiry = Plain with { Expiry = ExpiryMode.LotAfterActivation, ExpiryMonths = 12, ExpiryReminderDays = 14 };

    [Test]
    public async Task Nightly_run_expires_only_what_is_left_of_a_partially_spent_lot_and_a_second_run_does_nothing()
    {
        var h = new ProgramHarness(LotExpiry);
        await h.Events.OrderPaidAsync(h.PaidOrder(1, 100m), null);
        h.Clock.UtcNow = T0.AddDays(1);
        await h.Events.RedemptionAsync(Store1, Customer, 2, 30);
        h.Clock.UtcNow = T0.AddDays(2);
        await h.Events.OrderPaidAsync(h.PaidOrder(3, 50m), null);
        h.Clock.UtcNow = T0.AddMonths(12).AddHours(1);
        var today = DateOnly.FromDateTime(h.Clock.UtcNow);

        var first = await h.Nightly.RunNightlyAsync(Store1, today);
        var observed = h.Observer.Entries.Count;
        var second = await h.Nightly.RunNightlyAsync(Store1, today);

        // The spend of 30 came from the oldest lot, so 70 of it lapse; the second lot (50) is not due yet.
        Assert.That((first.ExpiryEntries, first.PointsExpired), Is.EqualTo((1, 70)));
        var expiry = (await h.EntriesAsync()).Single(e => e.Reason == LedgerReason.Expiry);
        Assert.That((expiry.Points, expiry.CreatedUtc), Is.EqualTo((-70, T0.AddMonths(12))));
        Assert.That(await h.BalanceAsync(), Is.EqualTo(new PointsBalance(50, 0)));
        Assert.That((second.ExpiryEntries, second.PointsExpired), Is.EqualTo((0, 0)));
        Assert.That(h.Observer.Entries, Has.Count.EqualTo(observed));
    }

    [Test]
    public async Task Inactivity_mode_expires_the_whole_balance_at_the_deadline_once()
    {
        var h = new ProgramHarness(Plain with { Expiry = ExpiryMode.WholeBalanceAfterInactivity, ExpiryMonths = 6 });
        await h.Events.OrderPaidAsync(h.PaidOrder(1, 80m), null);
        h.Clock.UtcNow = T0.AddDays(10);
        await h.Events.OrderPaidAsync(h.PaidOrder(2, 20m), null);
        await h.Events.OrderPaidAsync(h.PaidOrder(3, 500m, customer: 8), null);
        h.Clock.UtcNow = T0.AddDays(10).AddMonths(6).AddDays(-1);
        var before = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        h.Clock.UtcNow = T0.AddDays(10).AddMonths(6).AddHours(2);
        h.Store.OrderList.Clear();
        await h.Events.OrderPaidAsync(h.PaidOrder(4, 1m, customer: 8), null);

        var due = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        var again = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));

        Assert.That(before.ExpiryEntries, Is.Zero);
        Assert.That((due.ExpiryEntries, due.PointsExpired), Is.EqualTo((1, 100)));
        Assert.That(again.ExpiryEntries, Is.Zero);
        Assert.That((await h.BalanceAsync()).Available, Is.Zero);
        Assert.That((await h.BalanceAsync(customer: 8)).Available, Is.EqualTo(501));
    }

    [TestCase("2027-02-28", true, TestName = "29 February birthday is paid on 28 February in a common year")]
    [TestCase("2027-03-06", true, TestName = "29 February birthday missed on 28 February is caught up within the week")]
    [TestCase("2027-03-07", false, TestName = "29 February birthday is not paid after the catch-up week")]
    [TestCase("2028-02-28", false, TestName = "29 February birthday is not paid on 28 February in a leap year")]
    [TestCase("2028-02-29", true, TestName = "29 February birthday is paid on its day in a leap year")]
    public async Task Leap_day_birthday_through_the_nightly_run(string today, bool paid)
    {
        var h = new ProgramHarness(Plain with { BirthdayBonus = 200 });
        h.Customer(7, new DateTime(2000, 2, 29, 0, 0, 0, DateTimeKind.Utc));
        h.Customer(8, new DateTime(1990, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        h.Clock.UtcNow = day.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);

        var report = await h.Nightly.RunNightlyAsync(Store1, day);
        var again = await h.Nightly.RunNightlyAsync(Store1, day);

        Assert.That(report.BirthdayBonuses, Is.EqualTo(paid ? 1 : 0));
        Assert.That(again.BirthdayBonuses, Is.Zero);
        Assert.That((await h.EntriesAsync(customer: 7)).Select(e => (e.Reason, e.Points)),
            Is.EqualTo(paid ? new[] { (LedgerReason.BirthdayBonus, 200) } : Array.Empty<(LedgerReason, int)>()));
        Assert.That(await h.EntriesAsync(customer: 8), Is.Empty);
    }

    [Test]
    public async Task Tier_holder_keeps_the_tier_through_grace_and_is_downgraded_by_the_nightly_run_after_it()
    {
        var h = new ProgramHarness(Plain with { TierDowngradeGraceDays = 30, Tiers = [new TierDefinition("Silver", 100m, 1.5m)] });
        await h.Events.OrderPaidAsync(h.PaidOrder(1, 150m), null);
        h.Clock.UtcNow = T0.AddMonths(12).AddDays(1);
        var graceStart = h.Clock.UtcNow;

        var inGrace = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        var standingInGrace = await h.Standings.GetAsync(Store1, Customer);
        h.Clock.UtcNow = graceStart.AddDays(30);
        var after = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow));
        var later = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(h.Clock.UtcNow).AddDays(1));

        Assert.That(inGrace.TierChanges, Is.Zero);
        Assert.That(standingInGrace, Is.EqualTo(new TierStanding("Silver", graceStart)));
        Assert.That(after.TierChanges, Is.EqualTo(1));
        Assert.That(await h.Standings.GetAsync(Store1, Customer), Is.EqualTo(new TierStanding(null)));
        Assert.That(later.CustomersVisited, Is.Zero);
        Assert.That(h.Observer.TierChanges.Select(c => (c.FromTier, c.ToTier, c.Change)), Is.EqualTo(new[]
        {
            ((string?)null, (string?)"Silver", TierChange.Upgraded), ("Silver", null, TierChange.Downgraded),
        }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(500)]
    public async Task Nightly_run_visits_only_candidates_in_batches_of_any_size(int batchSize)
    {
        var h = new ProgramHarness(LotExpiry with { BirthdayBonus = 50, Tiers = [new TierDefinition("Silver", 100m, 1.5m)] });
        var now = T0;
        await h.LotAsync(1, 40, now.AddMonths(-13), expires: now.AddDays(-1));      // lapsed yesterday: expiry candidate
        await h.LotAsync(2, 40, now.AddMonths(-7), expires: now.AddMonths(5));      // nothing due
        await h.LotAsync(6, 40, now.AddMonths(-12), expires: now.AddDays(5));       // lapses within the reminder window
        await h.LotAsync(9, 40, now.AddMonths(-13), expires: now.AddMonths(-1).AddDays(-5)); // lapsed before the catch-up window
        await h.LotAsync(11, 40, now.AddMonths(-13), expires: now.AddDays(-2));     // second expiry candidate
        h.Customer(3, new DateTime(1980, 3, 1, 0, 0, 0, DateTimeKind.Utc));         // birthday today
        h.Customer(4, new DateTime(1980, 5, 1, 0, 0, 0, DateTimeKind.Utc));         // not today
        h.Customer(10, new DateTime(1970, 2, 27, 0, 0, 0, DateTimeKind.Utc));       // two days ago: caught up
        await h.Standings.SaveAsync(Store1, new CustomerId(5), new TierStanding("Silver"));
        await h.Standings.SaveAsync(Store1, new CustomerId(12), new TierStanding("Silver"));

        var report = await h.Nightly.RunNightlyAsync(Store1, DateOnly.FromDateTime(now), batchSize);

        // Visited: 1 and 11 (expiry), 3 and 10 (birthday), 5 and 12 (tier holders), 6 (reminder); never 2, 4 or 9.
        Assert.That(h.EntryReads.Distinct().Order(), Is.EqualTo(new[] { 1, 6, 11 }));
        Assert.That(report, Is.EqualTo(new NightlyReport(CustomersVisited: 7, ExpiryEntries: 2, PointsExpired: 80, BirthdayBonuses: 2, TierChanges: 0,
            RemindersDue: 1)));
        Assert.That(h.Ledger.AllEntries.Where(e => e.Reason == LedgerReason.BirthdayBonus).Select(e => e.Customer.Value).Order(),
            Is.EqualTo(new[] { 3, 10 }));
        Assert.That((await h.Standings.GetAsync(Store1, new CustomerId(12))).BelowSinceUtc, Is.EqualTo(now));
        Assert.That(await h.EntriesAsync(customer: 9), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Expiring_soon_lists_each_customer_with_points_and_first_expiry_in_pages()
    {
        var h = new ProgramHarness(LotExpiry with { ExpiryReminderDays = 10 });
        await h.LotAsync(3, 30, T0.AddMonths(-12), expires: T0.AddDays(4));
        await h.LotAsync(3, 20, T0.AddMonths(-12).AddDays(1), expires: T0.AddDays(8));
        await h.LotAsync(5, 60, T0.AddMonths(-12), expires: T0.AddDays(10));
        await h.LotAsync(7, 60, T0.AddMonths(-12), expires: T0.AddDays(2));
        await h.Events.RedemptionAsync(Store1, new CustomerId(7), 1, 60);          // spent: nothing to remind of
        await h.LotAsync(8, 60, T0.AddMonths(-12), expires: T0.AddDays(10).AddTicks(1));
        await h.LotAsync(9, 15, T0.AddMonths(-12), expires: T0.AddDays(1));

        var first = await h.Nightly.ExpiringSoonAsync(Store1, 0, 2);
        var second = await h.Nightly.ExpiringSoonAsync(Store1, first[^1].Customer.Value, 2);

        Assert.That(first.Concat(second), Is.EqualTo(new[]
        {
            new ExpiryReminder(Store1, new CustomerId(3), 50, T0.AddDays(4)),
            new ExpiryReminder(Store1, new CustomerId(5), 60, T0.AddDays(10)),
            new ExpiryReminder(Store1, new CustomerId(9), 15, T0.AddDays(1)),
        }));
        Assert.That(second, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Expiring_soon_leaves_out_balances_below_the_redemption_minimum_that_cannot_reach_it_in_time()
    {
        var h = new ProgramHarness(LotExpiry with { MinimumBalanceToRedeem = 100 });
        await h.LotAsync(3, 120, T0.AddMonths(-12), expires: T0.AddDays(4));        // redeemable: "spend them"
        await h.LotAsync(5, 40, T0.AddMonths(-12), expires: T0.AddDays(4));         // 60 short, no order ever earned that much
        await h.LotAsync(7, 40, T0.AddMonths(-12), expires: T0.AddDays(4));         // 60 short, but an order earned 70 (still pending)
        await h.Ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey("purchase:7"), Store = Store1, Customer = new CustomerId(7), Points = 70, Reason = LedgerReason.Purchase,
            Source = LedgerSource.Order, CreatedUtc = T0.AddDays(-1), ActivatesUtc = T0.AddDays(10),
        });

        var reminders = await h.Nightly.ExpiringSoonAsync(Store1, 0, 10);

        Assert.That(reminders.Select(r => r.Customer.Value), Is.EqualTo(new[] { 3, 7 }));
    }

    [Test]
    public async Task Inactivity_reminder_names_the_whole_balance_and_its_deadline_only_inside_the_window()
    {
        var h = new ProgramHarness(Plain with { Expiry = ExpiryMode.WholeBalanceAfterInactivity, ExpiryMonths = 6, ExpiryReminderDays = 14 });
        await h.LotAsync(3, 30, T0.AddMonths(-6).AddDays(10), expires: null);
        await h.LotAsync(3, 20, T0.AddMonths(-6).AddDays(10).AddHours(1), expires: null);
        await h.LotAsync(4, 60, T0.AddMonths(-6).AddDays(20), expires: null);
        await h.LotAsync(5, 60, T0.AddMonths(-6).AddDays(-1), expires: null);

        var reminders = await h.Nightly.ExpiringSoonAsync(Store1, 0, 10);

        // Customer 3's deadline is 10 days away (within 14), 4's is 20 days away, 5's has passed (the nightly expiry's business).
        Assert.That(reminders, Is.EqualTo(new[] { new ExpiryReminder(Store1, new CustomerId(3), 50, T0.AddDays(10).AddHours(1)) }));
    }

    [Test]
    public void Batch_size_below_one_is_refused_with_a_message()
    {
        var h = new ProgramHarness(Plain);

        var ex = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Nightly.RunNightlyAsync(Store1, new DateOnly(2026, 3, 1), 0));

        Assert.That(ex!.Message, Does.Contain("at least one customer"));
    }
}
