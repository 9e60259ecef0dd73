using Retention.Core.Common;
using Retention.Core.Loyalty.Cards;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="ICardStandingStore"/> must do.</summary>
public abstract class CardStandingStoreContract : PortContract<ICardStandingStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);
    private static readonly CardLevel Three = new(10_000m, 3m);
    private static readonly CardLevel Five = new(30_000m, 5m);
    private static readonly CardLevel Seven = new(60_000.50m, 7.5m);

    [Test]
    public async Task Customer_never_evaluated_holds_no_level()
    {
        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(CardStanding.None));
    }

    [Test]
    public async Task Saved_level_comes_back_with_its_exact_threshold_and_percent()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new CardStanding(Seven));

        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new CardStanding(Seven)));
    }

    [Test]
    public async Task Last_save_wins_and_can_take_the_level_away()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new CardStanding(Five));
        await Port.SaveAsync(Store1, new CustomerId(1), new CardStanding(Three));
        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new CardStanding(Three)));

        await Port.SaveAsync(Store1, new CustomerId(1), CardStanding.None);
        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(CardStanding.None));
        Assert.That(await Port.HoldersAsync(Store1, 0, 10), Is.Empty, "a customer without a level is no holder");
    }

    [Test]
    public async Task Standings_are_kept_apart_per_store_and_customer()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new CardStanding(Five));
        await Port.SaveAsync(Store2, new CustomerId(1), new CardStanding(Three));

        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new CardStanding(Five)));
        Assert.That(await Port.GetAsync(Store2, new CustomerId(1)), Is.EqualTo(new CardStanding(Three)));
        Assert.That(await Port.GetAsync(Store1, new CustomerId(2)), Is.EqualTo(CardStanding.None));
    }

    [Test]
    public async Task Racing_first_saves_of_one_customer_leave_one_row_with_one_of_their_values()
    {
        var values = new[] { Three, Five };
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Port.SaveAsync(Store1, new CustomerId(11), new CardStanding(values[i % 2])))));

        Assert.That((await Port.GetAsync(Store1, new CustomerId(11))).Level, Is.AnyOf(values));
        Assert.That((await Port.HoldersAsync(Store1, 0, 10)).Select(c => c.Value), Is.EqualTo(new[] { 11 }));
    }

    [Test]
    public async Task Holders_come_in_ascending_batches_of_the_store()
    {
        foreach (var id in new[] { 5, 2, 9, 7 })
            await Port.SaveAsync(Store1, new CustomerId(id), new CardStanding(Three));
        await Port.SaveAsync(Store2, new CustomerId(3), new CardStanding(Three));

        Assert.That((await Port.HoldersAsync(Store1, 0, 2)).Select(c => c.Value), Is.EqualTo(new[] { 2, 5 }));
        Assert.That((await Port.HoldersAsync(Store1, 5, 2)).Select(c => c.Value), Is.EqualTo(new[] { 7, 9 }));
        Assert.That(await Port.HoldersAsync(Store1, 9, 2), Is.Empty);
    }

    [Test]
    public async Task Holders_per_level_are_counted_by_threshold_in_the_store()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new CardStanding(Three));
        await Port.SaveAsync(Store1, new CustomerId(2), new CardStanding(Three));
        await Port.SaveAsync(Store1, new CustomerId(3), new CardStanding(Seven));
        await Port.SaveAsync(Store1, new CustomerId(4), CardStanding.None);
        await Port.SaveAsync(Store2, new CustomerId(5), new CardStanding(Five));

        var counts = await Port.HoldersPerLevelAsync(Store1);

        Assert.That(counts, Is.EquivalentTo(new Dictionary<decimal, int> { [Three.Threshold] = 2, [Seven.Threshold] = 1 }));
    }

    [Test]
    public async Task Erasure_deletes_the_customers_standings_in_every_store_and_nobody_elses()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new CardStanding(Three));
        await Port.SaveAsync(Store2, new CustomerId(1), new CardStanding(Five));
        await Port.SaveAsync(Store1, new CustomerId(2), new CardStanding(Five));

        Assert.That(await Port.EraseAsync(new CustomerId(1)), Is.EqualTo(2));

        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(CardStanding.None));
        Assert.That(await Port.GetAsync(Store2, new CustomerId(1)), Is.EqualTo(CardStanding.None));
        Assert.That(await Port.GetAsync(Store1, new CustomerId(2)), Is.EqualTo(new CardStanding(Five)));
    }
}
