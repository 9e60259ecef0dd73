using Retention.Core.Common;
using Retention.Core.Messaging;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IMessageOutbox"/> must do.</summary>
public abstract class MessageOutboxContract : PortContract<IMessageOutbox>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly CustomerId Customer1 = new(1);

    [Test]
    public async Task Message_is_queued_once_and_a_replay_is_refused()
    {
        Assert.That(await Port.TryEnqueueAsync(Build.Message("wf:cart:1:1:step1")), Is.True);
        Assert.That(await Port.TryEnqueueAsync(Build.Message("wf:cart:1:1:step1")), Is.False);

        Assert.That(await Port.CountSentSinceAsync(Store1, Customer1, Build.Epoch, marketingOnly: false), Is.EqualTo(1));
    }

    [Test]
    public async Task Racing_senders_of_one_step_queue_exactly_one_message()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Port.TryEnqueueAsync(Build.Message("wf:race"))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
        Assert.That(await Port.CountSentSinceAsync(Store1, Customer1, Build.Epoch, marketingOnly: false), Is.EqualTo(1));
    }

    [Test]
    public async Task Frequency_count_covers_only_the_window_and_the_kind_asked_for()
    {
        await Port.TryEnqueueAsync(Build.Message("old", created: Build.Epoch.AddDays(-8)));
        await Port.TryEnqueueAsync(Build.Message("recent-marketing", created: Build.Epoch.AddDays(-1)));
        await Port.TryEnqueueAsync(Build.Message("recent-transactional", marketing: false, created: Build.Epoch.AddDays(-1)));
        await Port.TryEnqueueAsync(Build.Message("other-customer", customer: 2, created: Build.Epoch.AddDays(-1)));
        await Port.TryEnqueueAsync(Build.Message("other-store", store: 2, created: Build.Epoch.AddDays(-1)));

        var since = Build.Epoch.AddDays(-7);

        Assert.That(await Port.CountSentSinceAsync(Store1, Customer1, since, marketingOnly: true), Is.EqualTo(1));
        Assert.That(await Port.CountSentSinceAsync(Store1, Customer1, since, marketingOnly: false), Is.EqualTo(2));
    }

    [Test]
    public async Task Send_times_list_each_asked_customers_messages_in_the_window_and_of_the_kind_asked_for()
    {
        var since = Build.Epoch.AddDays(-7);
        await Port.TryEnqueueAsync(Build.Message("old", created: since.AddSeconds(-1)));
        await Port.TryEnqueueAsync(Build.Message("at-start", created: since));
        await Port.TryEnqueueAsync(Build.Message("recent", created: Build.Epoch.AddDays(-1)));
        await Port.TryEnqueueAsync(Build.Message("transactional", marketing: false, created: Build.Epoch.AddDays(-2)));
        await Port.TryEnqueueAsync(Build.Message("second", customer: 2, created: Build.Epoch.AddHours(-3)));
        await Port.TryEnqueueAsync(Build.Message("other-store", store: 2, created: Build.Epoch.AddDays(-1)));
        await Port.TryEnqueueAsync(Build.Message("not-asked", customer: 3, created: Build.Epoch.AddDays(-1)));
        var asked = new[] { Customer1, new CustomerId(2), new CustomerId(4), Customer1 };

        var marketing = await Port.SentTimesSinceAsync(Store1, asked, since, marketingOnly: true);
        var all = await Port.SentTimesSinceAsync(Store1, asked, since, marketingOnly: false);

        Assert.That(marketing.Keys, Is.EquivalentTo(new[] { Customer1, new CustomerId(2) }));
        Assert.That(marketing[Customer1], Is.EquivalentTo(new[] { since, Build.Epoch.AddDays(-1) }));
        Assert.That(marketing[new CustomerId(2)], Is.EquivalentTo(new[] { Build.Epoch.AddHours(-3) }));
        Assert.That(all[Customer1], Is.EquivalentTo(new[] { since, Build.Epoch.AddDays(-2), Build.Epoch.AddDays(-1) }));
        Assert.That(await Port.SentTimesSinceAsync(Store1, [], since, marketingOnly: false), Is.Empty);
    }

    [Test]
    public async Task Send_times_agree_with_the_frequency_count()
    {
        for (var i = 0; i < 9; i++)
            await Port.TryEnqueueAsync(Build.Message($"m:{i}", customer: 1 + i % 3, marketing: i % 4 != 0, created: Build.Epoch.AddDays(-i)));
        var customers = new[] { 1, 2, 3 }.Select(c => new CustomerId(c)).ToList();
        var since = Build.Epoch.AddDays(-5);

        var times = await Port.SentTimesSinceAsync(Store1, customers, since, marketingOnly: true);

        foreach (var customer in customers)
            Assert.That(times.TryGetValue(customer, out var sent) ? sent.Count : 0,
                Is.EqualTo(await Port.CountSentSinceAsync(Store1, customer, since, marketingOnly: true)), $"customer {customer}");
    }
}
