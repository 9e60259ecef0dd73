using Retention.Core.Locking;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="IDistributedLock"/> must do.</summary>
public abstract class DistributedLockContract : PortContract<IDistributedLock>
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A second handle on the same lock store, standing for another web-farm node. Implementations backed by a
    /// database answer with a new connection; in-process ones may return <see cref="PortContract{T}.Port"/>.
    /// </summary>
    protected abstract Task<IDistributedLock> CreateSecondNodeAsync();

    [Test]
    public async Task Free_lock_runs_the_action()
    {
        var ran = false;

        var taken = await Port.TryRunExclusiveAsync("task:a", Expiry, _ => { ran = true; return Task.CompletedTask; });

        Assert.That(taken, Is.True);
        Assert.That(ran, Is.True);
    }

    [Test]
    public async Task Held_lock_turns_away_another_node_without_running_its_action()
    {
        var other = await CreateSecondNodeAsync();
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = Port.TryRunExclusiveAsync("task:a", Expiry, async _ => { holding.SetResult(); await release.Task; });
        await holding.Task;

        var otherRan = false;
        var second = await other.TryRunExclusiveAsync("task:a", Expiry, _ => { otherRan = true; return Task.CompletedTask; });
        release.SetResult();

        Assert.That(second, Is.False);
        Assert.That(otherRan, Is.False);
        Assert.That(await first, Is.True);
    }

    [Test]
    public async Task Lock_is_free_again_after_its_holder_finishes()
    {
        var other = await CreateSecondNodeAsync();
        await Port.TryRunExclusiveAsync("task:a", Expiry, _ => Task.CompletedTask);

        var again = await other.TryRunExclusiveAsync("task:a", Expiry, _ => Task.CompletedTask);

        Assert.That(again, Is.True);
    }

    [Test]
    public async Task Lock_is_free_again_after_its_holder_throws()
    {
        var other = await CreateSecondNodeAsync();
        Assert.ThrowsAsync<InvalidOperationException>(() =>
            Port.TryRunExclusiveAsync("task:a", Expiry, _ => throw new InvalidOperationException("boom")));

        var again = await other.TryRunExclusiveAsync("task:a", Expiry, _ => Task.CompletedTask);

        Assert.That(again, Is.True);
    }

    [Test]
    public async Task Different_resources_do_not_block_each_other()
    {
        var other = await CreateSecondNodeAsync();
        var release = new TaskCompletionSource();
        var holding = new TaskCompletionSource();
        var first = Port.TryRunExclusiveAsync("task:a", Expiry, async _ => { holding.SetResult(); await release.Task; });
        await holding.Task;

        var second = await other.TryRunExclusiveAsync("task:b", Expiry, _ => Task.CompletedTask);
        release.SetResult();
        await first;

        Assert.That(second, Is.True);
    }
}
