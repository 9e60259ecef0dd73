using Nop.Plugin.Misc.Retention.Data;
using Nop.Core.Caching;
using Retention.Core.Locking;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>nopCommerce's locker: per process by default, shared through the distributed cache in a web farm.</summary>
public class NopDistributedLock : IDistributedLock
{
    private readonly ILocker _locker;

    public NopDistributedLock(ILocker locker)
    {
        _locker = locker;
    }

    public Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default) =>
        _locker.PerformActionWithLockAsync(RetentionDefaults.LockPrefix + resource, expiry, () => action(cancellationToken));
}
