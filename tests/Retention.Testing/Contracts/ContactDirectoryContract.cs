using Retention.Core.Common;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IContactDirectory"/> must do where a due batch reads its contacts at once.</summary>
public abstract class ContactDirectoryContract
{
    private static readonly StoreId Store1 = new(1);

    /// <summary>
    /// A directory over a fresh store in which <paramref name="existing"/> are customers with an address (registered,
    /// active, subscribed to the newsletter), <paramref name="missing"/> do not exist and <paramref name="erased"/> are
    /// kept as nopCommerce's GDPR erasure leaves them (deleted, inactive, the address blanked, no subscription).
    /// </summary>
    protected abstract Task<IContactDirectory> CreateWithAsync(StoreId store, IReadOnlyCollection<CustomerId> existing, IReadOnlyCollection<CustomerId> missing,
        IReadOnlyCollection<CustomerId>? erased = null);

    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    [TearDown]
    public Task ReleaseDirectoryAsync() => ReleaseAsync();

    private static List<CustomerId> Customers(params int[] ids) => ids.Select(i => new CustomerId(i)).ToList();

    [Test]
    public async Task Get_many_answers_as_get_does_for_each_customer_and_leaves_out_the_missing()
    {
        var (existing, missing) = (Customers(1, 2, 3), Customers(90, 91));
        var directory = await CreateWithAsync(Store1, existing, missing);
        await directory.UnsubscribeAsync(Store1, existing[1], Build.Epoch);

        var many = await directory.GetManyAsync(Store1, [.. existing, .. missing, existing[0]]);

        Assert.That(many.Keys, Is.EquivalentTo(existing));
        foreach (var customer in existing)
            Assert.That(many[customer], Is.EqualTo(await directory.GetAsync(Store1, customer)), $"customer {customer}");
        Assert.That(many[existing[1]].Unsubscribed, Is.True);
        foreach (var customer in missing)
            Assert.That(await directory.GetAsync(Store1, customer), Is.Null, $"customer {customer}");
    }

    // The workflows tell an erased customer from these facts (Retention.Core.Store.Erasure) and then write nothing.
    [Test]
    public async Task An_erased_customer_reads_as_deleted_without_an_address()
    {
        var directory = await CreateWithAsync(Store1, Customers(1), [], erased: Customers(5));

        var erased = await directory.GetAsync(Store1, new CustomerId(5));
        var live = await directory.GetAsync(Store1, new CustomerId(1));

        Assert.That(erased, Is.Not.Null);
        Assert.That((Erasure.IsErased(erased!.Deleted, erased.Email), Erasure.IsErased(live!.Deleted, live.Email)), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task Get_many_of_no_customers_is_empty()
    {
        var directory = await CreateWithAsync(Store1, Customers(1), []);

        Assert.That(await directory.GetManyAsync(Store1, []), Is.Empty);
    }
}
