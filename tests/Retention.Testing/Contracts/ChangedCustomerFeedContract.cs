using Retention.Core.Tables;
using Retention.Testing.InMemory;

namespace Retention.Testing.Contracts;

/// <summary>A host's changed-customers feed over an empty table, the clock it stamps rows with, and the table's transactions.</summary>
public sealed record ChangedCustomerFeedHandle(ChangedCustomerFeed Feed, TestClock Clock, ITableTransactions Transactions);

/// <summary>
/// The changed-customers feed (docs/decisions.md §19) on every implementation of its table: each node reads the
/// customers changed after its own watermark, each once and per store (a deletion, store 0, in every store), and the
/// last id as its next watermark; a change marked in a transaction that rolls back is not in the feed; the full build's
/// clean-up deletes by age only.
/// </summary>
public abstract class ChangedCustomerFeedContract : PortContract<ChangedCustomerFeedHandle>
{
    protected static readonly DateTime Start = new(2026, 1, 10, 3, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task Each_reader_gets_the_customers_changed_after_its_watermark_once_per_store()
    {
        var feed = Port.Feed;
        Assert.That(await feed.LatestAsync(), Is.EqualTo(0), "an empty feed");
        await feed.MarkAsync(1, 5);
        await feed.MarkAsync(2, 6);
        var watermark = await feed.LatestAsync();
        await feed.MarkAsync(1, 9);
        await feed.MarkAsync(1, 9);
        await feed.MarkAsync(0, 4);
        await feed.MarkAsync(1, 3);

        var (store1, last) = await feed.ChangedSinceAsync(1, watermark);
        var (store2, last2) = await feed.ChangedSinceAsync(2, watermark);
        var (fromStart, _) = await feed.ChangedSinceAsync(1, 0);
        Assert.Multiple(async () =>
        {
            Assert.That(store1, Is.EqualTo(new[] { 3, 4, 9 }));
            Assert.That(store2, Is.EqualTo(new[] { 4 }));
            Assert.That(fromStart, Is.EqualTo(new[] { 3, 4, 5, 9 }));
            Assert.That(last, Is.EqualTo(await feed.LatestAsync()));
            Assert.That(last2, Is.GreaterThan(watermark).And.LessThan(last), "store 2's last change is the deletion");
            Assert.That((await feed.ChangedSinceAsync(1, last)).Customers, Is.Empty);
            Assert.That((await feed.ChangedSinceAsync(3, last)).Watermark, Is.EqualTo(last), "nothing read keeps the watermark");
            Assert.That(await feed.AnySinceAsync(1, watermark), Is.True);
            Assert.That(await feed.AnySinceAsync(2, last2), Is.False);
        });
    }

    [Test]
    public async Task A_change_marked_in_a_transaction_that_rolls_back_is_not_in_the_feed()
    {
        await Port.Feed.MarkAsync(1, 1);
        Assert.ThrowsAsync<InvalidOperationException>(() => Port.Transactions.RunAsync<int>(async token =>
        {
            await Port.Feed.MarkAsync(1, 2, token);
            throw new InvalidOperationException("the event failed after the mark");
        }));
        await Port.Transactions.RunAsync(async token =>
        {
            await Port.Feed.MarkAsync(1, 3, token);
            return 0;
        });

        Assert.That((await Port.Feed.ChangedSinceAsync(1, 0)).Customers, Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public async Task The_clean_up_deletes_the_rows_changed_before_the_given_time_only()
    {
        await Port.Feed.MarkAsync(1, 1);
        await Port.Feed.MarkAsync(1, 2);
        Port.Clock.UtcNow = Start.AddDays(3);
        await Port.Feed.MarkAsync(1, 3);

        Assert.That(await Port.Feed.DeleteBeforeAsync(Start.AddDays(2)), Is.EqualTo(2));
        Assert.That((await Port.Feed.ChangedSinceAsync(1, 0)).Customers, Is.EqualTo(new[] { 3 }));
    }
}
