using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Testing.InMemory;

/// <summary>A ledger in a list; the lock plays the part of the database's unique index.</summary>
public sealed class InMemoryPointsLedger : IPointsLedger
{
    private readonly object _sync = new();
    private readonly List<LedgerEntry> _entries = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// <summary>Every entry of every store and customer, in append order (what <see cref="InMemoryLedgerData"/> queries).</summary>
    public IReadOnlyList<LedgerEntry> AllEntries
    {
        get { lock (_sync) return _entries.ToList(); }
    }

    public Task<bool> TryAppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (!_keys.Add(entry.Key.Value))
                return Task.FromResult(false);
            _entries.Add(entry);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> GetEntriesAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            IReadOnlyList<LedgerEntry> result = _entries
                .Where(e => e.Store == store && e.Customer == customer)
                .OrderBy(e => e.CreatedUtc)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<PointsBalance> GetBalanceAsync(StoreId store, CustomerId customer, DateTime asOfUtc, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            var mine = _entries.Where(e => e.Store == store && e.Customer == customer).ToList();
            return Task.FromResult(new PointsBalance(
                mine.Where(e => e.ActivatesUtc <= asOfUtc).Sum(e => (long)e.Points),
                mine.Where(e => e.ActivatesUtc > asOfUtc).Sum(e => (long)e.Points)));
        }
    }
}
