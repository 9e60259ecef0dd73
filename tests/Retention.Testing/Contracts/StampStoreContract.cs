using Retention.Core.Common;
using Retention.Core.Tables;

namespace Retention.Testing.Contracts;

/// <summary>What Core's <see cref="StampStore"/> must do over every host's stamp table.</summary>
public abstract class StampStoreContract : PortContract<StampStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);
    private static readonly CustomerId Shopper = new(5);
    private static readonly DateTime At = new(2026, 5, 4, 13, 30, 0, DateTimeKind.Utc);

    private static StampRow Stamp(int order, int number = 1, int store = 1, int card = 1, int customer = 5, int n = 1) => new()
    {
        IdempotencyKey = $"stamp:{store}:{card}:{order}:{n}",
        StoreId = store,
        CardId = card,
        CustomerId = customer,
        OrderId = order,
        CardNumber = number,
        KindId = (int)StampRowKind.Stamp,
        StateId = (int)StampState.Active,
        CreatedOnUtc = At.AddHours(order),
    };

    private static StampRow Card(int number, int store = 1, int card = 1, int customer = 5, StampState state = StampState.Filled) => new()
    {
        IdempotencyKey = $"stamp-card:{store}:{card}:{customer}:{number}",
        StoreId = store,
        CardId = card,
        CustomerId = customer,
        CardNumber = number,
        KindId = (int)StampRowKind.Card,
        StateId = (int)state,
        CreatedOnUtc = At.AddDays(number),
        CouponCode = $"RET-CODE{number}",
        RewardValue = 4.55m,
    };

    [Test]
    public async Task A_stamp_is_written_once_per_key_and_comes_back_with_every_column()
    {
        Assert.That(await Port.TryAddAsync(Stamp(100)), Is.True);
        Assert.That(await Port.TryAddAsync(Stamp(100, number: 2)), Is.False);
        await Port.TryAddAsync(Card(1));

        var rows = await Port.CardAsync(Store1, 1, Shopper);

        Assert.That(rows, Has.Count.EqualTo(2));
        var (stamp, card) = (rows[0], rows[1]);
        Assert.That((stamp.IdempotencyKey, stamp.OrderId, stamp.CardNumber, stamp.KindId, stamp.StateId, TableQueries.Utc(stamp.CreatedOnUtc), stamp.CouponCode),
            Is.EqualTo(("stamp:1:1:100:1", 100, 1, (int)StampRowKind.Stamp, (int)StampState.Active, At.AddHours(100), (string?)null)));
        Assert.That((card.CouponCode, card.RewardValue, card.OrderId), Is.EqualTo(("RET-CODE1", 4.55m, 0)));
    }

    [Test]
    public async Task The_holders_of_active_stamps_given_in_a_window_are_each_customer_once_of_that_store_and_card()
    {
        await Port.TryAddAsync(Stamp(1));                       // At+1h: in the window
        await Port.TryAddAsync(Stamp(2, n: 2));                 // the same customer again: once
        await Port.TryAddAsync(Stamp(3, customer: 6));          // another customer in the window
        await Port.TryAddAsync(Stamp(4, customer: 7));          // At+4h: after the window
        await Port.TryAddAsync(Stamp(2, store: 2, customer: 8)); // another store
        await Port.TryAddAsync(Stamp(2, card: 2, customer: 9)); // another card
        await Port.TryAddAsync(Stamp(3, customer: 10, n: 3));
        var removed = (await Port.CardAsync(Store1, 1, new CustomerId(10))).Select(r => r.Id).ToList();
        await Port.ChangeStateAsync(removed, StampState.Active, StampState.Removed);

        var holders = await Port.ActiveStampHoldersAsync(Store1, 1, At, At.AddHours(4));

        Assert.That(holders, Is.EqualTo(new[] { 5, 6 }), "active stamps of store 1, card 1, given in [from, to), each customer once, ascending");
    }

    [Test]
    public async Task Racing_writers_of_one_key_write_one_row()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Port.TryAddAsync(Stamp(100)))));

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That(await Port.CardAsync(Store1, 1, Shopper), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_card_is_read_apart_from_other_stores_cards_and_customers()
    {
        await Port.TryAddAsync(Stamp(100));
        await Port.TryAddAsync(Stamp(101, store: 2));
        await Port.TryAddAsync(Stamp(102, card: 2));
        await Port.TryAddAsync(Stamp(103, customer: 6));

        Assert.That((await Port.CardAsync(Store1, 1, Shopper)).Select(r => r.OrderId), Is.EqualTo(new[] { 100 }));
        Assert.That((await Port.CustomerAsync(Store1, Shopper)).Select(r => r.OrderId), Is.EqualTo(new[] { 100, 102 }));
        Assert.That((await Port.ExportAsync(Shopper)).Select(r => r.OrderId), Is.EquivalentTo(new[] { 100, 101, 102 }));
    }

    [Test]
    public async Task A_state_changes_only_from_the_state_expected()
    {
        await Port.TryAddAsync(Stamp(100));
        await Port.TryAddAsync(Stamp(100, n: 2));
        var ids = (await Port.ActiveStampsOfOrderAsync(Store1, 100)).Select(r => r.Id).ToList();

        Assert.That(await Port.ChangeStateAsync(ids, StampState.Active, StampState.Removed), Is.EqualTo(2));
        Assert.That(await Port.ChangeStateAsync(ids, StampState.Active, StampState.Expired), Is.EqualTo(0));
        Assert.That(await Port.ActiveStampsOfOrderAsync(Store1, 100), Is.Empty);
        Assert.That((await Port.CardAsync(Store1, 1, Shopper)).Select(r => r.StateId), Is.All.EqualTo((int)StampState.Removed));
    }

    [Test]
    public async Task Only_active_stamps_move_to_another_card()
    {
        await Port.TryAddAsync(Stamp(100));
        await Port.TryAddAsync(Stamp(101));
        var rows = await Port.CardAsync(Store1, 1, Shopper);
        await Port.ChangeStateAsync([rows[0].Id], StampState.Active, StampState.Removed);

        Assert.That(await Port.MoveAsync(rows.Select(r => r.Id).ToList(), 3), Is.EqualTo(1));
        Assert.That((await Port.CardAsync(Store1, 1, Shopper)).Select(r => (r.OrderId, r.CardNumber)), Is.EqualTo(new[] { (100, 1), (101, 3) }));
    }

    [Test]
    public async Task The_counts_are_open_cards_with_a_stamp_and_cards_that_kept_their_coupon()
    {
        await Port.TryAddAsync(Stamp(100, number: 1));
        await Port.TryAddAsync(Stamp(101, number: 1));
        await Port.TryAddAsync(Card(1));
        await Port.TryAddAsync(Stamp(102, number: 2));
        await Port.TryAddAsync(Stamp(103, number: 2));
        await Port.TryAddAsync(Stamp(104, customer: 6));
        await Port.TryAddAsync(Card(1, customer: 7, state: StampState.Withdrawn));
        await Port.TryAddAsync(Card(1, customer: 8, state: StampState.Overdrawn));
        await Port.TryAddAsync(Stamp(105, store: 2));

        Assert.That(await Port.CountsAsync(Store1), Is.EqualTo((2, 2)));
        Assert.That(await Port.CountsAsync(Store2), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task Filled_cards_are_read_by_the_period_they_filled_in()
    {
        await Port.TryAddAsync(Card(1));
        await Port.TryAddAsync(Card(2));
        await Port.TryAddAsync(Card(3));
        await Port.TryAddAsync(Stamp(100));

        var cards = await Port.CardsFilledAsync(Store1, At.AddDays(2), At.AddDays(3));

        Assert.That(cards.Select(c => c.CardNumber), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public async Task An_erasure_forgets_the_customer_in_every_store()
    {
        await Port.TryAddAsync(Stamp(100));
        await Port.TryAddAsync(Stamp(101, store: 2));
        await Port.TryAddAsync(Stamp(102, customer: 6));

        Assert.That(await Port.EraseAsync(Shopper), Is.EqualTo(2));
        Assert.That(await Port.ExportAsync(Shopper), Is.Empty);
        Assert.That(await Port.ExportAsync(new CustomerId(6)), Has.Count.EqualTo(1));
    }
}
