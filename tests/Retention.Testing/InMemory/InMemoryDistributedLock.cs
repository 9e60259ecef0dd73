using Retention.Core.Common;
using Retention.Core.Locking;

namespace Retention.Testing.InMemory;

/// <summary>A lock table in a dictionary, honouring expiry so a dead holder does not block for ever.</summary>
public sealed class InMemoryDistributedLock(IClock clock) : IDistributedLock
{
    private readonly object _sync = new();
    private readonly Dictionary<string, DateTime> _heldUntil = new(StringComparer.Ordinal);

    public InMemoryDistributedLock() : this(new SystemClock())
    {
    }

    public async Task<bool> TryRunExclusiveAsync(string resource, TimeSpan expiry, Func<CancellationToken, Task> action, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_heldUntil.TryGetValue(resource, out var until) && until > clock.UtcNow)
                return false;
            _heldUntil[resource] = clock.UtcNow + expiry;
        }
        try
        {
            await action(cancellationToken);
            return true;
        }
        finally
        {
            lock (_sync)
                _heldUntil.Remove(resource);
        }
    }
}
