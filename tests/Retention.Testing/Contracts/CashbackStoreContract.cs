using Retention.Core.Cashback;
using Retention.Core.Common;
using Retention.Core.Tables;

namespace Retention.Testing.Contracts;

/// <summary>
/// What Core's <see cref="CashbackStore"/> must do over every host's cashback table: the keyed payout, the period marker,
/// the compare-and-set updates, and the grouped sums the finance report and the dashboard read.
/// </summary>
public abstract class CashbackStoreContract : PortContract<CashbackStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);
    private static readonly CashbackPeriod November = new(CashbackPeriodKind.Month, 2026, 11);
    private static readonly CashbackPeriod October = new(CashbackPeriodKind.Month, 2026, 10);
    private static readonly DateTime Paid = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static CashbackPayoutRow Row(int customer, CashbackPeriod period, decimal amount, CashbackPayout payAs = CashbackPayout.Points, StoreId? store = null,
        DateTime? paid = null) => new()
    {
        IdempotencyKey = CashbackRules.PayoutKey(store ?? Store1, new CustomerId(customer), period).Value,
        StoreId = (store ?? Store1).Value,
        CustomerId = customer,
        Period = period.Label,
        PeriodStartUtc = period.StartUtc(TimeZoneInfo.Utc),
        PeriodEndUtc = period.EndUtc(TimeZoneInfo.Utc),
        SpendCents = CashbackPayoutRow.Cents(amount * 50m),
        RatePercent = 2m,
        AmountCents = CashbackPayoutRow.Cents(amount),
        PayAsId = (int)payAs,
        Points = payAs == CashbackPayout.Points ? (int)(amount * 100m) : 0,
        GiftCardCode = payAs == CashbackPayout.GiftCard ? $"CB-TEST-{customer:0000}-{period.Number:0000}" : null,
        CreatedOnUtc = paid ?? Paid,
        UpdatedOnUtc = paid ?? Paid,
    };

    [Test]
    public async Task A_payout_is_written_once_per_store_customer_and_period_and_reads_back_as_written()
    {
        Assert.That(await Port.TryAddAsync(Row(7, November, 120.50m)), Is.True);
        Assert.That(await Port.TryAddAsync(Row(7, November, 999m)), Is.False);

        var read = await Port.GetAsync(Store1, new CustomerId(7), November);
        Assert.That(read, Is.Not.Null);
        Assert.That((read!.Amount, read.Spend, read.RatePercent, read.Points, read.PayAs, read.Period, read.PaidUtc, read.PaidUtc.Kind),
            Is.EqualTo((120.50m, 6025m, 2m, 12050, CashbackPayout.Points, November, Paid, DateTimeKind.Utc)));
        Assert.That(read.StartUtc, Is.EqualTo(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(await Port.GetAsync(Store2, new CustomerId(7), November), Is.Null);
    }

    [Test]
    public async Task The_customers_payouts_come_newest_period_first_and_only_theirs()
    {
        await Port.TryAddAsync(Row(7, October, 10m));
        await Port.TryAddAsync(Row(7, November, 20m));
        await Port.TryAddAsync(Row(8, November, 30m));
        await Port.TryAddAsync(Row(7, November, 40m, store: Store2));

        var mine = await Port.ForCustomerAsync(Store1, new CustomerId(7));

        Assert.That(mine.Select(p => p.Amount), Is.EqualTo(new[] { 20m, 10m }));
        Assert.That((await Port.ForCustomerEverywhereAsync(new CustomerId(7))).Count, Is.EqualTo(3));
    }

    [Test]
    public async Task A_period_is_closed_once_and_its_marker_is_no_customers_payout()
    {
        Assert.That(await Port.IsClosedAsync(Store1, November), Is.False);
        Assert.That(await Port.CloseAsync(Store1, November, TimeZoneInfo.Utc), Is.True);
        Assert.That(await Port.CloseAsync(Store1, November, TimeZoneInfo.Utc), Is.False);
        Assert.That(await Port.IsClosedAsync(Store1, November), Is.True);
        Assert.That(await Port.IsClosedAsync(Store2, November), Is.False);

        var totals = await Port.TotalsAsync(Store1, DateTime.MaxValue);
        Assert.That(totals, Is.Empty);
    }

    [Test]
    public async Task A_gift_card_is_recorded_once_and_the_payout_no_longer_awaits_it()
    {
        await Port.TryAddAsync(Row(7, November, 50m, CashbackPayout.GiftCard));
        await Port.TryAddAsync(Row(8, November, 60m, CashbackPayout.GiftCard));
        var awaiting = await Port.AwaitingGiftCardAsync(Store1, 10);
        Assert.That(awaiting.Select(p => p.Customer.Value), Is.EqualTo(new[] { 7, 8 }));

        Assert.That(await Port.SetGiftCardAsync(awaiting[0].Id, 41), Is.True);
        Assert.That(await Port.SetGiftCardAsync(awaiting[0].Id, 42), Is.False);

        Assert.That((await Port.GetAsync(Store1, new CustomerId(7), November))!.GiftCardId, Is.EqualTo(41));
        Assert.That((await Port.AwaitingGiftCardAsync(Store1, 10)).Select(p => p.Customer.Value), Is.EqualTo(new[] { 8 }));
        Assert.That(await Port.GiftCardIdsAsync(Store1, 0, 10), Is.EqualTo(new[] { 41 }));
    }

    [Test]
    public async Task A_take_back_moves_the_totals_only_from_the_state_it_read()
    {
        await Port.TryAddAsync(Row(7, November, 120m));
        var read = (await Port.GetAsync(Store1, new CustomerId(7), November))!;

        Assert.That(await Port.ClawBackAsync(read, 20m, 2000, 0m, 500), Is.True);
        Assert.That(await Port.ClawBackAsync(read, 30m, 3000, 0m, 0), Is.False, "a second writer that read the same state loses");

        var after = (await Port.GetAsync(Store1, new CustomerId(7), November))!;
        Assert.That((after.ClawedBack, after.ClawedBackPoints, after.ShortfallPoints), Is.EqualTo((20m, 2000, 500)));
    }

    [Test]
    public async Task Payouts_are_summed_per_utc_day_and_way_of_paying_in_the_database()
    {
        await Port.TryAddAsync(Row(7, November, 10.25m));
        await Port.TryAddAsync(Row(8, November, 20.50m));
        await Port.TryAddAsync(Row(9, November, 30m, CashbackPayout.GiftCard));
        await Port.TryAddAsync(Row(10, November, 5m, paid: Paid.AddDays(1)));
        await Port.TryAddAsync(Row(11, November, 7m, store: Store2));
        await Port.CloseAsync(Store1, November, TimeZoneInfo.Utc);

        var days = await Port.PaidByDayAsync(Store1, Paid.Date, Paid.Date.AddDays(2));

        var first = days.Where(d => d.Day == 1).OrderBy(d => d.PayAsId).ToList();
        Assert.That(first.Select(d => (d.PayAsId, d.Customers, d.AmountCents, d.Points)),
            Is.EqualTo(new[] { (0, 2, 3075L, 3075L), (1, 1, 3000L, 0L) }));
        Assert.That(days.Single(d => d.Day == 2).AmountCents, Is.EqualTo(500));
    }

    [Test]
    public async Task Totals_of_one_period_count_its_customers_and_what_was_taken_back()
    {
        await Port.TryAddAsync(Row(7, November, 10m));
        await Port.TryAddAsync(Row(8, November, 20m));
        await Port.TryAddAsync(Row(8, October, 99m));
        var read = (await Port.GetAsync(Store1, new CustomerId(8), November))!;
        await Port.ClawBackAsync(read, 5m, 500, 0m, 0);

        var totals = await Port.TotalsAsync(Store1, DateTime.MaxValue, November);

        var points = totals.Single();
        Assert.That((points.Customers, points.AmountCents, points.ClawedBackCents, points.Points, points.ClawedBackPoints),
            Is.EqualTo((2, 3000L, 500L, 3000L, 500L)));
    }

    [Test]
    public async Task Erasing_a_customer_forgets_their_payouts_in_every_store_and_nobody_elses()
    {
        await Port.TryAddAsync(Row(7, November, 10m));
        await Port.TryAddAsync(Row(7, November, 10m, store: Store2));
        await Port.TryAddAsync(Row(8, November, 20m));
        await Port.CloseAsync(Store1, November, TimeZoneInfo.Utc);

        Assert.That(await Port.DeleteCustomerAsync(new CustomerId(7)), Is.EqualTo(2));

        Assert.That(await Port.ForCustomerEverywhereAsync(new CustomerId(7)), Is.Empty);
        Assert.That(await Port.GetAsync(Store1, new CustomerId(8), November), Is.Not.Null);
        Assert.That(await Port.IsClosedAsync(Store1, November), Is.True);
    }
}
