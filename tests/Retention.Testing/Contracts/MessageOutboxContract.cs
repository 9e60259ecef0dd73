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
}
