using System.Globalization;
using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using static Retention.Core.Tests.Cashback.CashbackHarness;

namespace Retention.Core.Tests.Cashback;

public sealed class CashbackProgramTests
{
    // 1 December 2026, 02:00 in Berlin: the first night after November ended there (30 November 23:00 UTC).
    private static readonly DateTime FirstNightOfDecember = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MidNovember = new(2026, 11, 15, 10, 0, 0, DateTimeKind.Utc);
    private static readonly CashbackPeriod November = new(CashbackPeriodKind.Month, 2026, 11);

    [Test]
    public async Task The_first_night_after_the_period_pays_its_spend_as_points_under_the_periods_key_and_enrolls_the_statement()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        h.Order(1, customer: 7, 4_000m, MidNovember);
        h.Order(2, customer: 7, 2_000m, MidNovember.AddDays(3));
        h.Order(3, customer: 8, 300m, MidNovember);

        var report = await h.NightAsync();

        Assert.That((report!.Periods, report.CustomersPaid, report.AmountPaid), Is.EqualTo((new[] { "2026-11" }, 2, 123m)));
        var entries = await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7));
        Assert.That(entries.Select(e => (e.Key.Value, e.Points, e.Reason)), Is.EqualTo(new[] { ("cashback:1:7:2026-11", 12_000, LedgerReason.Cashback) }));
        Assert.That((await h.BalanceAsync(7)).Available, Is.EqualTo(12_000), "spendable at once");
        Assert.That(h.Workflows.Calls, Is.EquivalentTo(new[] { ("CashbackPaidAsync:2026-11", 7), ("CashbackPaidAsync:2026-11", 8) }));
    }

    [Test]
    public async Task A_second_run_the_same_night_pays_nothing_and_writes_nothing()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();

        var again = await h.NightAsync();

        Assert.That((again!.Periods, again.CustomersPaid), Is.EqualTo((Array.Empty<string>(), 0)));
        Assert.That((await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7))).Count, Is.EqualTo(1));
        Assert.That(h.Workflows.Calls.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_period_not_closed_is_run_again_and_its_payouts_are_not_made_twice()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();
        // As if the run had stopped before closing the period: the marker is gone, the payout stays.
        await h.Table.DeleteAsync(r => r.CustomerId == 0);
        Assert.That(await h.Payouts.IsClosedAsync(Store1, November), Is.False);

        var replay = await h.NightAsync();

        Assert.That((replay!.Periods, replay.CustomersPaid, replay.AmountPaid), Is.EqualTo((new[] { "2026-11" }, 0, 0m)));
        Assert.That((await h.BalanceAsync(7)).Available, Is.EqualTo(12_000));
    }

    [Test]
    public async Task Before_the_period_ends_in_the_stores_time_zone_nothing_is_paid_for_it()
    {
        // 30 November 23:30 in Berlin is 22:30 UTC: November has not ended there.
        var h = new CashbackHarness(new DateTime(2026, 11, 30, 22, 30, 0, DateTimeKind.Utc), Monthly(startsOn: new DateOnly(2026, 11, 1)));
        h.Order(1, customer: 7, 6_000m, MidNovember);

        var report = await h.NightAsync();

        Assert.That(report!.Periods, Is.Empty);
        Assert.That(await h.Payouts.GetAsync(Store1, new CustomerId(7), November), Is.Null);
    }

    [Test]
    public async Task An_order_paid_after_local_midnight_counts_for_the_month_it_was_paid_in_there()
    {
        var h = new CashbackHarness(new DateTime(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc), Monthly(startsOn: new DateOnly(2026, 10, 1)));
        // 31 October 23:30 UTC is 1 November 00:30 in Berlin (winter time since 25 October).
        h.Order(1, customer: 7, 1_000m, new DateTime(2026, 10, 31, 23, 30, 0, DateTimeKind.Utc));
        h.Order(2, customer: 7, 500m, new DateTime(2026, 10, 31, 22, 30, 0, DateTimeKind.Utc));

        await h.NightAsync();

        var october = await h.Payouts.GetAsync(Store1, new CustomerId(7), new CashbackPeriod(CashbackPeriodKind.Month, 2026, 10));
        Assert.That(october!.Spend, Is.EqualTo(500m));
    }

    [Test]
    public async Task Two_missed_periods_are_caught_up_oldest_first_each_once()
    {
        var h = new CashbackHarness(new DateTime(2027, 1, 2, 3, 0, 0, DateTimeKind.Utc), Monthly(startsOn: new DateOnly(2026, 11, 1)));
        h.Order(1, customer: 7, 6_000m, MidNovember);
        h.Order(2, customer: 7, 21_000m, new DateTime(2026, 12, 10, 12, 0, 0, DateTimeKind.Utc));

        var report = await h.NightAsync();

        Assert.That(report!.Periods, Is.EqualTo(new[] { "2026-11", "2026-12" }));
        var entries = await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7));
        Assert.That(entries.Select(e => (e.Key.Value, e.Points)), Is.EqualTo(new[] { ("cashback:1:7:2026-11", 12_000), ("cashback:1:7:2026-12", 63_000) }));
        Assert.That((await h.NightAsync())!.CustomersPaid, Is.Zero);
    }

    [Test]
    public async Task A_refund_before_the_payout_is_already_out_of_the_spend()
    {
        var h = new CashbackHarness(MidNovember.AddDays(1), Monthly());
        var order = h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.RefundAsync(order, 2_000m);

        h.Clock.UtcNow = FirstNightOfDecember;
        await h.NightAsync();

        var payout = await h.Payouts.GetAsync(Store1, new CustomerId(7), November);
        Assert.That((payout!.Spend, payout.RatePercent, payout.Amount, payout.ClawedBack), Is.EqualTo((4_000m, 1m, 40m, 0m)));
    }

    [Test]
    public async Task A_refund_after_the_payout_takes_back_the_difference_once_however_often_it_is_told()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        var order = h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();

        h.Clock.UtcNow = FirstNightOfDecember.AddDays(2);
        await h.RefundAsync(order, 2_000m);
        await h.Door.OrderRefundedAsync(new OrderRefund(Store1, new CustomerId(7), 1, 6_000m, 2_000m));

        // Paid 2 % of 6,000 = 120 (12,000 points); 4,000 earns 1 % = 40: 80 (8,000 points) come back.
        var payout = await h.Payouts.GetAsync(Store1, new CustomerId(7), November);
        Assert.That((payout!.ClawedBack, payout.ClawedBackPoints, payout.ShortfallPoints), Is.EqualTo((80m, 8_000, 0)));
        var reversal = (await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7))).Where(e => e.Reason == LedgerReason.CashbackReversal).ToList();
        Assert.That(reversal.Select(e => (e.Key.Value, e.Points)), Is.EqualTo(new[] { ("cashback-back:1:7:2026-11:8000", -8_000) }));
        Assert.That((await h.BalanceAsync(7)).Available, Is.EqualTo(4_000));
    }

    [Test]
    public async Task A_full_refund_after_the_payout_takes_it_all_back_and_may_take_the_balance_below_zero()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        var order = h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();
        await SpendAsync(h, 7, 10_000);

        await h.RefundAsync(order, 6_000m);

        Assert.That((await h.BalanceAsync(7)).Available, Is.EqualTo(-10_000), "go negative (the default): future points pay it back");
    }

    [Test]
    public async Task Under_cap_at_zero_a_take_back_takes_what_the_balance_holds_and_records_the_rest_forgiven()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly(), OverdraftPolicy.CapAtZero);
        var order = h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();
        await SpendAsync(h, 7, 11_000);

        await h.RefundAsync(order, 2_000m);

        Assert.That((await h.BalanceAsync(7)).Available, Is.Zero);
        var payout = await h.Payouts.GetAsync(Store1, new CustomerId(7), November);
        Assert.That((payout!.ClawedBackPoints, payout.ShortfallPoints), Is.EqualTo((8_000, 7_000)));
    }

    [Test]
    public async Task Paid_as_a_gift_card_the_customer_gets_an_active_card_with_the_code_the_statement_names()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly(CashbackPayout.GiftCard));
        h.Order(1, customer: 7, 6_000m, MidNovember);

        await h.NightAsync();

        var payout = await h.Payouts.GetAsync(Store1, new CustomerId(7), November);
        var card = h.GiftCards.Cards.Single();
        Assert.That((card.CustomerId, card.Amount, card.Code, payout!.GiftCardId), Is.EqualTo((7, 120m, payout.GiftCardCode, (int?)card.Id)));
        Assert.That(card.Code, Does.Match("^CB-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"));
        Assert.That(await h.Ledger.GetEntriesAsync(Store1, new CustomerId(7)), Is.Empty, "no points");
        var statement = await h.Program.StatementAsync(Store1, new CustomerId(7), November);
        Assert.That(statement!.GiftCardRemaining, Is.EqualTo(120m));
    }

    [Test]
    public async Task A_refund_after_a_gift_card_payout_reduces_what_the_card_still_holds_never_below_zero_and_records_the_shortfall()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly(CashbackPayout.GiftCard));
        var order = h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();
        var card = h.GiftCards.Cards.Single();
        h.GiftCards.Spend(card.Code, 100m);

        await h.RefundAsync(order, 2_000m);

        Assert.That(card.Remaining, Is.Zero);
        var payout = await h.Payouts.GetAsync(Store1, new CustomerId(7), November);
        Assert.That((payout!.ClawedBack, payout.Shortfall), Is.EqualTo((80m, 60m)));
    }

    [Test]
    public async Task A_gift_card_payout_left_without_its_card_is_finished_the_next_night_with_the_same_code()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly(CashbackPayout.GiftCard));
        h.Order(1, customer: 7, 6_000m, MidNovember);
        // A host without gift cards (or a run stopped before the card) leaves the row waiting.
        var noCards = new CashbackProgram(h.Payouts, h.Ledger, h.Observer, h.Settings, h.Store, new Testing.InMemory.InMemoryQueryRunner(), h.Clock);
        await noCards.RunNightAsync(Store1, Berlin);
        var waiting = await h.Payouts.GetAsync(Store1, new CustomerId(7), November);
        Assert.That(waiting!.GiftCardId, Is.Null);

        var report = await h.NightAsync();

        Assert.That(report!.GiftCardsCompleted, Is.EqualTo(1));
        Assert.That(h.GiftCards.Cards.Single().Code, Is.EqualTo(waiting.GiftCardCode));
        Assert.That(h.Workflows.Calls, Is.EqualTo(new[] { ("CashbackPaidAsync:2026-11", 7) }));
    }

    [Test]
    public async Task An_erased_customer_is_not_paid()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        h.Order(1, customer: 7, 6_000m, MidNovember);
        var customer = h.Store.CustomerList.Single(c => c.Id == 7);
        customer.Deleted = true;
        customer.Email = "";

        var report = await h.NightAsync();

        Assert.That(report!.CustomersPaid, Is.Zero);
        Assert.That(await h.Payouts.ForCustomerEverywhereAsync(new CustomerId(7)), Is.Empty);
    }

    [Test]
    public async Task Periods_before_the_start_date_are_never_paid()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly(startsOn: new DateOnly(2026, 12, 1)));
        h.Order(1, customer: 7, 6_000m, MidNovember);

        var report = await h.NightAsync();

        Assert.That(report!.Periods, Is.Empty);
    }

    [Test]
    public async Task Cancelled_refunded_and_unpaid_orders_do_not_count()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        h.Order(1, customer: 7, 6_000m, MidNovember).OrderStatusId = (int)OrderState.Cancelled;
        h.Order(2, customer: 7, 6_000m, MidNovember, PaymentState.Refunded);
        h.Order(3, customer: 7, 6_000m, MidNovember).PaidDateUtc = null;
        h.Order(4, customer: 7, 100m, MidNovember);

        await h.NightAsync();

        Assert.That((await h.Payouts.GetAsync(Store1, new CustomerId(7), November))!.Spend, Is.EqualTo(100m));
    }

    [Test]
    public async Task My_rewards_shows_the_spend_so_far_the_rate_reached_the_next_band_and_the_payout_day()
    {
        var h = new CashbackHarness(MidNovember.AddDays(1), Monthly());
        h.Order(1, customer: 7, 4_000m, MidNovember);

        var progress = await h.Program.ProgressAsync(Store1, new CustomerId(7), Berlin);

        Assert.That((progress!.Period, progress.PayoutDay, progress.Quote.Spend, progress.Quote.RatePercent, progress.Quote.Amount, progress.ToNextBand),
            Is.EqualTo((November, new DateOnly(2026, 12, 1), 4_000m, 1m, 40m, (decimal?)1_000m)));
        var lines = CashbackTexts.ProgressLines(progress, k => CashbackTexts.English[k], m => m.ToString("0.00", CultureInfo.InvariantCulture) + " €",
            d => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "Spent in November 2026 so far: 4000.00 €",
            "That earns 1 % back: 40.00 € (4,000 points) expected, paid on 1 December 2026.",
            "Spend 1000.00 € more to reach 2 % back on the whole period.",
            "Bands: 1 % from 0.00 €, 2 % from 5000.00 €, 3 % from 20000.00 €",
        }));
    }

    [Test]
    public async Task At_checkout_the_order_is_added_to_the_periods_spend()
    {
        var h = new CashbackHarness(MidNovember.AddDays(1), Monthly());
        h.Order(1, customer: 7, 4_000m, MidNovember);

        var withOrder = await h.Program.ProgressAsync(Store1, new CustomerId(7), Berlin, extraSpend: 1_500m);

        Assert.That(CashbackTexts.CheckoutLine(withOrder!, k => CashbackTexts.English[k], m => m.ToString("0.00", CultureInfo.InvariantCulture)),
            Is.EqualTo("This order brings your cashback for November 2026 to 110.00 (2 % back)."));
        var russian = CultureInfo.GetCultureInfo("ru-RU");
        Assert.That(CashbackTexts.CheckoutLine(withOrder!, k => CashbackTexts.Russian[k], m => m.ToString("0.00", russian), russian),
            Does.StartWith("С этим заказом ваш кэшбэк за период ноябрь 2026 составит 110,00"));
    }

    [Test]
    public async Task The_finance_report_shows_cashback_paid_per_day_and_what_is_still_owed_in_points_and_gift_cards()
    {
        var h = new CashbackHarness(FirstNightOfDecember, Monthly());
        var order = h.Order(1, customer: 7, 6_000m, MidNovember);
        await h.NightAsync();
        h.Use(Monthly(CashbackPayout.GiftCard));
        h.Clock.UtcNow = new DateTime(2027, 1, 1, 1, 0, 0, DateTimeKind.Utc);
        h.Order(2, customer: 8, 1_000m, new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc));
        await h.NightAsync();
        h.GiftCards.Spend(h.GiftCards.Cards.Single().Code, 4m);
        await h.RefundAsync(order, 2_000m);

        var report = await h.Program.AccountingAsync(Store1, new DateOnly(2026, 12, 1), new DateOnly(2027, 1, 1));

        var first = report.Days.First();
        Assert.That((first.Customers, first.PaidAsPoints, first.Points, first.PaidAsGiftCards), Is.EqualTo((1, 120m, 12_000L, 0m)));
        Assert.That(report.Days.Last().PaidAsGiftCards, Is.EqualTo(10m));
        Assert.That((report.PointsOutstanding, report.PointsOutstandingValue, report.GiftCardRemaining, report.GiftCards), Is.EqualTo((4_000L, 40m, 6m, 1)));
        var summary = await h.Program.LastPeriodAsync(Store1, Berlin);
        Assert.That((summary!.Period.Label, summary.CustomersPaid, summary.AmountPaid), Is.EqualTo(("2026-12", 1, 10m)));
    }

    private static async Task SpendAsync(CashbackHarness h, int customer, int points) =>
        Assert.That(await h.Ledger.TryAppendAsync(new LedgerEntry
        {
            Key = new IdempotencyKey($"redeem:1:{customer}:{points}"), Store = Store1, Customer = new CustomerId(customer), Points = -points,
            Reason = LedgerReason.Redemption, Source = LedgerSource.Order, CreatedUtc = h.Clock.UtcNow, ActivatesUtc = h.Clock.UtcNow,
        }), Is.True);
}
