namespace Retention.Core.Locking;

/// <summary>
/// A lock shared by every node of a web farm (nopCommerce's ILocker in the plugin, PostgreSQL advisory locks
/// in the sandbox). It only keeps nodes from doing the same batch at once; correctness still comes from the
/// idempotency keys, because some lockers (nopCommerce's distributed-cache one) are not atomic.
/// </summary>
public interface IDistributedLock
{
    /// <summary>
    /// Runs <paramref name="action"/> if no one holds <paramref name="resource"/>; returns false at once
    /// without running it otherwise. The lock lapses after <paramref name="expiry"/> if its holder dies.
    /// </summary>
    Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default);
}
