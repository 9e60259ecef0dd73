using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IPointsLedger"/> must do.</summary>
public abstract class PointsLedgerContract : PortContract<IPointsLedger>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly CustomerId Customer1 = new(1);

    [Test]
    public async Task Appended_entry_is_returned_with_every_field()
    {
        var entry = Build.Entry("earn:1:10", 120) with
        {
            SourceRef = "10",
            ExpiresUtc = Build.Epoch.AddMonths(12),
            Actor = "admin@example.com",
            Note = "Order #10",
            Reason = LedgerReason.Purchase,
            Source = LedgerSource.Order,
        };

        Assert.That(await Port.TryAppendAsync(entry), Is.True);

        var stored = await Port.GetEntriesAsync(Store1, Customer1);
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0], Is.EqualTo(entry));
    }

    [Test]
    public async Task Entry_with_a_key_already_used_is_refused_and_changes_nothing()
    {
        await Port.TryAppendAsync(Build.Entry("earn:1:10", 120));

        var second = await Port.TryAppendAsync(Build.Entry("earn:1:10", 999));

        Assert.That(second, Is.False);
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(120));
        Assert.That(await Port.GetEntriesAsync(Store1, Customer1), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Keys_that_differ_only_by_case_are_one_key()
    {
        // A store's database compares strings without regard to case: every implementation must agree with it.
        await Port.TryAppendAsync(Build.Entry("admin:1:1:Request-A", 120));

        var second = await Port.TryAppendAsync(Build.Entry("admin:1:1:request-a", 999));

        Assert.That(second, Is.False);
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(120));
    }

    [Test]
    public async Task Racing_appends_with_one_key_store_exactly_one_entry()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.TryAppendAsync(Build.Entry("earn:1:race", 50))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(50));
    }

    [Test]
    public async Task Points_stay_pending_until_their_activation_instant()
    {
        var activates = Build.Epoch.AddDays(14);
        await Port.TryAppendAsync(Build.Entry("earn:1:1", 100, activates: activates));
        await Port.TryAppendAsync(Build.Entry("bonus:1:reg", 25));

        var before = await Port.GetBalanceAsync(Store1, Customer1, activates.AddTicks(-1));
        var at = await Port.GetBalanceAsync(Store1, Customer1, activates);

        Assert.That(before, Is.EqualTo(new PointsBalance(25, 100)));
        Assert.That(at, Is.EqualTo(new PointsBalance(125, 0)));
    }

    [Test]
    public async Task Debits_reduce_the_balance()
    {
        await Port.TryAppendAsync(Build.Entry("earn:1:1", 300));
        await Port.TryAppendAsync(Build.Entry("redeem:1:2", -120, reason: LedgerReason.Redemption));

        Assert.That((await Port.GetBalanceAsync(Store1, Customer1, Build.Epoch)).Available, Is.EqualTo(180));
    }

    [Test]
    public async Task Balances_are_kept_apart_per_store_and_customer()
    {
        await Port.TryAppendAsync(Build.Entry("a", 10, store: 1, customer: 1));
        await Port.TryAppendAsync(Build.Entry("b", 20, store: 2, customer: 1));
        await Port.TryAppendAsync(Build.Entry("c", 40, store: 1, customer: 2));

        Assert.That((await Port.GetBalanceAsync(new StoreId(1), new CustomerId(1), Build.Epoch)).Available, Is.EqualTo(10));
        Assert.That((await Port.GetBalanceAsync(new StoreId(2), new CustomerId(1), Build.Epoch)).Available, Is.EqualTo(20));
        Assert.That((await Port.GetBalanceAsync(new StoreId(1), new CustomerId(2), Build.Epoch)).Available, Is.EqualTo(40));
        Assert.That(await Port.GetEntriesAsync(new StoreId(2), new CustomerId(2)), Is.Empty);
    }

    [Test]
    public async Task Entries_come_back_oldest_first()
    {
        await Port.TryAppendAsync(Build.Entry("late", 1, created: Build.Epoch.AddDays(2)));
        await Port.TryAppendAsync(Build.Entry("early", 2, created: Build.Epoch));
        await Port.TryAppendAsync(Build.Entry("middle", 3, created: Build.Epoch.AddDays(1)));

        var keys = (await Port.GetEntriesAsync(Store1, Customer1)).Select(e => e.Key.Value);

        Assert.That(keys, Is.EqualTo(new[] { "early", "middle", "late" }));
    }
    [Test]
    public async Task Entries_of_many_customers_are_each_ones_entries_in_the_same_order_and_an_empty_list_for_one_without()
    {
        await Port.TryAppendAsync(Build.Entry("late", 1, created: Build.Epoch.AddDays(2)));
        await Port.TryAppendAsync(Build.Entry("early", 2, created: Build.Epoch));
        await Port.TryAppendAsync(Build.Entry("other-customer", 3, customer: 2, created: Build.Epoch.AddDays(1)));
        await Port.TryAppendAsync(Build.Entry("other-store", 4, store: 2, customer: 3));

        var many = await Port.GetEntriesManyAsync(Store1, [Customer1, new CustomerId(2), new CustomerId(3), Customer1]);

        Assert.That(many.Keys, Is.EquivalentTo(new[] { Customer1, new CustomerId(2), new CustomerId(3) }));
        foreach (var customer in many.Keys)
            Assert.That(many[customer], Is.EqualTo(await Port.GetEntriesAsync(Store1, customer)), $"customer {customer}: what GetEntriesAsync reads");
        Assert.That(many[Customer1].Select(e => e.Key.Value), Is.EqualTo(new[] { "early", "late" }));
        Assert.That(many[new CustomerId(3)], Is.Empty, "the other store's entry is not this store's");
    }
}
