using Retention.Core.Common;
using Retention.Core.Tables;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What Core's <see cref="UnsubscribeStore"/> must do over every host's unsubscribe table.</summary>
public abstract class UnsubscribeStoreContract : PortContract<UnsubscribeStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly StoreId Store2 = new(2);

    [Test]
    public async Task Customer_who_never_opted_out_is_not_unsubscribed()
    {
        Assert.That(await Port.IsUnsubscribedAsync(Store1, new CustomerId(5)), Is.False);
        Assert.That(await Port.UnsubscribedAmongAsync(Store1, [new CustomerId(5)]), Is.Empty);
    }

    [Test]
    public async Task The_first_opt_out_is_recorded_and_a_replayed_one_changes_nothing()
    {
        var first = await Port.TryAddAsync(Store1, new CustomerId(5), Build.Epoch);
        var again = await Port.TryAddAsync(Store1, new CustomerId(5), Build.Epoch.AddDays(1));

        Assert.That((first, again), Is.EqualTo((true, false)));
        Assert.That(await Port.IsUnsubscribedAsync(Store1, new CustomerId(5)), Is.True);
    }

    [Test]
    public async Task Opt_outs_are_kept_apart_per_store_and_customer()
    {
        await Port.TryAddAsync(Store1, new CustomerId(5), Build.Epoch);

        Assert.That(await Port.IsUnsubscribedAsync(Store2, new CustomerId(5)), Is.False);
        Assert.That(await Port.IsUnsubscribedAsync(Store1, new CustomerId(6)), Is.False);
        Assert.That(await Port.TryAddAsync(Store2, new CustomerId(5), Build.Epoch), Is.True);
    }

    [Test]
    public async Task Among_many_customers_only_those_who_opted_out_of_the_store_are_named()
    {
        await Port.TryAddAsync(Store1, new CustomerId(2), Build.Epoch);
        await Port.TryAddAsync(Store1, new CustomerId(4), Build.Epoch);
        await Port.TryAddAsync(Store2, new CustomerId(3), Build.Epoch);

        var among = await Port.UnsubscribedAmongAsync(Store1, [.. Enumerable.Range(1, 5).Select(i => new CustomerId(i)), new CustomerId(2)]);

        Assert.That(among, Is.EquivalentTo(new[] { new CustomerId(2), new CustomerId(4) }));
        Assert.That(await Port.UnsubscribedAmongAsync(Store1, []), Is.Empty);
    }

    [Test]
    public async Task Racing_opt_outs_of_one_customer_record_exactly_one()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => Port.TryAddAsync(Store1, new CustomerId(50), Build.Epoch.AddMinutes(i))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }
}
