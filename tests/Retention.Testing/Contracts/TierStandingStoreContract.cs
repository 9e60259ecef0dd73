using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="ITierStandingStore"/> must do.</summary>
public abstract class TierStandingStoreContract : PortContract<ITierStandingStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);
    private static readonly DateTime Since = new(2026, 5, 4, 13, 30, 0, DateTimeKind.Utc);

    [Test]
    public async Task Customer_never_evaluated_holds_no_tier()
    {
        var standing = await Port.GetAsync(Store1, new CustomerId(1));

        Assert.That(standing, Is.EqualTo(new TierStanding(null)));
    }

    [Test]
    public async Task Saved_standing_comes_back_with_its_grace_start()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new TierStanding("Gold", Since));

        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new TierStanding("Gold", Since)));
    }

    [Test]
    public async Task Last_save_wins_and_can_clear_the_tier()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new TierStanding("Gold", Since));
        await Port.SaveAsync(Store1, new CustomerId(1), new TierStanding("Silver"));
        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new TierStanding("Silver")));

        await Port.SaveAsync(Store1, new CustomerId(1), new TierStanding(null));
        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new TierStanding(null)));
    }

    [Test]
    public async Task Standings_of_many_customers_are_what_each_ones_read_gives_and_none_for_one_never_evaluated()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new TierStanding("Gold", Since));
        await Port.SaveAsync(Store1, new CustomerId(2), new TierStanding("Silver"));
        await Port.SaveAsync(Store2, new CustomerId(3), new TierStanding("Gold"));

        var many = await Port.GetManyAsync(Store1, [new CustomerId(1), new CustomerId(2), new CustomerId(3), new CustomerId(1)]);

        Assert.That(many, Is.EquivalentTo(new Dictionary<CustomerId, TierStanding>
        {
            [new CustomerId(1)] = new("Gold", Since),
            [new CustomerId(2)] = new("Silver"),
            [new CustomerId(3)] = new(null),
        }));
    }

    [Test]
    public async Task Standings_are_kept_apart_per_store_and_customer()
    {
        await Port.SaveAsync(Store1, new CustomerId(1), new TierStanding("Gold"));
        await Port.SaveAsync(Store2, new CustomerId(1), new TierStanding("Silver"));

        Assert.That(await Port.GetAsync(Store1, new CustomerId(1)), Is.EqualTo(new TierStanding("Gold")));
        Assert.That(await Port.GetAsync(Store2, new CustomerId(1)), Is.EqualTo(new TierStanding("Silver")));
        Assert.That(await Port.GetAsync(Store1, new CustomerId(2)), Is.EqualTo(new TierStanding(null)));
    }

    [Test]
    public async Task Racing_first_saves_of_one_customer_all_succeed_and_one_of_their_values_stands()
    {
        var values = new[] { "Gold", "Silver" };
        var saves = Enumerable.Range(0, 6).Select(i => Task.Run(() => Port.SaveAsync(Store1, new CustomerId(11), new TierStanding(values[i % 2]))));

        await Task.WhenAll(saves);

        Assert.That((await Port.GetAsync(Store1, new CustomerId(11))).Tier, Is.AnyOf(values));
        Assert.That((await Port.HoldersAsync(Store1, 0, 10)).Select(c => c.Value), Is.EqualTo(new[] { 11 }), "one standing, not one per writer");
    }

    [Test]
    public async Task Holders_come_in_ascending_batches_of_that_store_without_customers_holding_no_tier()
    {
        foreach (var id in new[] { 9, 2, 5, 7, 3 })
            await Port.SaveAsync(Store1, new CustomerId(id), new TierStanding("Gold"));
        await Port.SaveAsync(Store1, new CustomerId(4), new TierStanding(null));
        await Port.SaveAsync(Store2, new CustomerId(6), new TierStanding("Gold"));

        var first = await Port.HoldersAsync(Store1, 0, 2);
        var second = await Port.HoldersAsync(Store1, first[^1].Value, 2);
        var third = await Port.HoldersAsync(Store1, second[^1].Value, 2);
        var rest = await Port.HoldersAsync(Store1, third[^1].Value, 2);

        Assert.That(first.Concat(second).Concat(third).Select(c => c.Value), Is.EqualTo(new[] { 2, 3, 5, 7, 9 }));
        Assert.That((first.Count, second.Count, third.Count), Is.EqualTo((2, 2, 1)));
        Assert.That(rest, Is.Empty);
        Assert.That((await Port.HoldersAsync(Store2, 0, 10)).Select(c => c.Value), Is.EqualTo(new[] { 6 }));
    }
}
