using Nop.Core.Domain.Messages;
using Retention.Testing.Builders;

namespace Nop.Plugin.Misc.Retention.Tests.Services;

/// <summary>A message the engine holds back for quiet hours must wait in nopCommerce's queue, not go out at once.</summary>
[TestFixture]
public class QuietHoursTests
{
    [Test]
    public async Task Message_held_for_quiet_hours_waits_in_the_queue_until_its_not_before_instant()
    {
        var queuedEmail = new QueuedEmail { Id = 1 };
        var (outbox, queued, _) = NopOutbox.Create(queuedEmail: queuedEmail);
        var notBefore = Build.Epoch.AddHours(8);

        await outbox.TryEnqueueAsync(Build.Message("wf:quiet") with { NotBeforeUtc = notBefore });

        Assert.That(queued, Has.Count.EqualTo(1));
        Assert.That(queuedEmail.DontSendBeforeDateUtc, Is.EqualTo(notBefore));
    }

    [Test]
    public async Task Template_delay_later_than_the_quiet_hours_is_kept()
    {
        var templateDelay = Build.Epoch.AddDays(2);
        var queuedEmail = new QueuedEmail { Id = 1, DontSendBeforeDateUtc = templateDelay };
        var (outbox, _, _) = NopOutbox.Create(queuedEmail: queuedEmail);

        await outbox.TryEnqueueAsync(Build.Message("wf:delayed") with { NotBeforeUtc = Build.Epoch.AddHours(8) });

        Assert.That(queuedEmail.DontSendBeforeDateUtc, Is.EqualTo(templateDelay));
    }

    [Test]
    public async Task Message_without_quiet_hours_is_queued_as_nopCommerce_made_it()
    {
        var queuedEmail = new QueuedEmail { Id = 1 };
        var (outbox, _, _) = NopOutbox.Create(queuedEmail: queuedEmail);

        await outbox.TryEnqueueAsync(Build.Message("wf:now"));

        Assert.That(queuedEmail.DontSendBeforeDateUtc, Is.Null);
    }
}
