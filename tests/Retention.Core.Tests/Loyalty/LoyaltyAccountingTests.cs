using Retention.Core.Common;
using Retention.Core.Loyalty;
using static Retention.Core.Tests.Loyalty.L;

namespace Retention.Core.Tests.Loyalty;

public class LoyaltyAccountingTests
{
    private static readonly DateTime D = new(2026, 4, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Day0 = DateOnly.FromDateTime(D);

    private static async Task Append(ProgramHarness h, string key, int points, LedgerReason reason, DateTime created, DateTime? activates = null, int store = 1)
    {
        Assert.That(await h.Ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey(key), Store = new StoreId(store), Customer = new CustomerId(key.Length), Points = points, Reason = reason,
            Source = LedgerSource.System, CreatedUtc = created, ActivatesUtc = activates ?? created,
        }), Is.True);
    }

    /// <summary>Two days of movements after an opening balance with points still pending, and noise in another store.</summary>
    private static async Task<ProgramHarness> HandBuiltLedger()
    {
        var h = new ProgramHarness(Plain with { CurrencyPerPoint = 0.01m }, D.AddDays(5));
        await Append(h, "old", 500, LedgerReason.Purchase, D.AddDays(-5));
        await Append(h, "old-pending", 40, LedgerReason.Purchase, D.AddDays(-1), activates: D.AddDays(1).AddHours(12));
        await Append(h, "d0-earn", 100, LedgerReason.Purchase, D.AddHours(9), activates: D.AddDays(14));
        await Append(h, "d0-review", 25, LedgerReason.ReviewBonus, D.AddHours(10));
        await Append(h, "d0-spend", -30, LedgerReason.Redemption, D.AddHours(11));
        await Append(h, "d0-admin+", 10, LedgerReason.AdminAdjustment, D.AddHours(12));
        await Append(h, "d0-admin-", -5, LedgerReason.AdminAdjustment, D.AddHours(23).AddMinutes(59));
        await Append(h, "d1-reverse", -50, LedgerReason.PurchaseReversal, D.AddDays(1).AddHours(1));
        await Append(h, "d1-back", 30, LedgerReason.RedemptionRefund, D.AddDays(1).AddHours(2));
        await Append(h, "d1-expiry", -20, LedgerReason.Expiry, D.AddDays(1).AddHours(3));
        await Append(h, "d1-birthday", 15, LedgerReason.BirthdayBonus, D.AddDays(1).AddHours(4));
        await Append(h, "store2", 999, LedgerReason.Purchase, D.AddHours(1), store: 2);
        return h;
    }

    [Test]
    public async Task Each_day_opens_with_the_previous_close_and_closes_with_opening_plus_every_movement()
    {
        var h = await HandBuiltLedger();

        var days = await h.Views.AccountingAsync(Store1, Day0, Day0.AddDays(2));

        Assert.That(days, Is.EqualTo(new[]
        {
            // 540 opening (40 of it pending); 100 earned (pending), 25 bonus, 10 − 5 adjusted, 30 redeemed.
            new PointsAccountingDay(Day0, Store1, 540, 100, 25, 5, 0, -30, 0, 0, 640, 140, 0.01m),
            // The 40 activate at noon; 50 reversed, 30 given back, 20 expired, 15 birthday; the 100 are still pending.
            new PointsAccountingDay(Day0.AddDays(1), Store1, 640, 0, 15, 0, -50, 0, 30, -20, 615, 100, 0.01m),
            new PointsAccountingDay(Day0.AddDays(2), Store1, 615, 0, 0, 0, 0, 0, 0, 0, 615, 100, 0.01m),
        }));
        foreach (var day in days)
            Assert.That(day.Opening + day.Earned + day.Bonuses + day.Adjusted + day.Reversed + day.Redeemed + day.Reimbursed + day.Expired,
                Is.EqualTo(day.Closing), day.Day.ToString());
        Assert.That((days[1].OpeningValue, days[1].ClosingValue), Is.EqualTo((6.40m, 6.15m)));
    }

    [Test]
    public async Task Closing_of_the_last_day_is_the_stores_ledger_sum_and_pending_matches_the_balances()
    {
        var h = await HandBuiltLedger();
        var end = D.AddDays(2);

        var last = (await h.Views.AccountingAsync(Store1, Day0.AddDays(1), Day0.AddDays(1))).Single();

        var store1 = h.Ledger.AllEntries.Where(e => e.Store == Store1 && e.CreatedUtc < end).ToList();
        Assert.That(last.Closing, Is.EqualTo(store1.Sum(e => e.Points)));
        Assert.That(last.PendingAtClose, Is.EqualTo(store1.Where(e => e.ActivatesUtc >= end).Sum(e => e.Points)));
        Assert.That(last.Opening, Is.EqualTo(640));
    }

    [Test]
    public async Task Store_without_movements_reports_zero_days()
    {
        var h = await HandBuiltLedger();

        var days = await h.Views.AccountingAsync(new StoreId(3), Day0, Day0.AddDays(1));

        Assert.That(days.Select(d => (d.Day, d.Opening, d.Closing, d.PendingAtClose)), Is.EqualTo(new[] { (Day0, 0, 0, 0), (Day0.AddDays(1), 0, 0, 0) }));
    }

    [Test]
    public void Reversed_or_too_long_period_is_refused_with_a_message()
    {
        var h = new ProgramHarness(Plain);

        var reversed = Assert.ThrowsAsync<ArgumentException>(() => h.Views.AccountingAsync(Store1, Day0, Day0.AddDays(-1)));
        var tooLong = Assert.ThrowsAsync<ArgumentException>(() => h.Views.AccountingAsync(Store1, Day0, Day0.AddDays(366)));

        Assert.That(reversed!.Message, Does.Contain("ends (2026-04-09) before it starts (2026-04-10)"));
        Assert.That(tooLong!.Message, Does.Contain("at most 366 days"));
        Assert.DoesNotThrowAsync(() => h.Views.AccountingAsync(Store1, Day0, Day0.AddDays(365)));
    }
}
