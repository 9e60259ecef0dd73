using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Testing.InMemory;

/// <summary>Loyalty settings per store, with store 0 as the all-stores values.</summary>
public sealed class InMemoryLoyaltySettingsStore : ILoyaltySettingsStore
{
    private readonly object _sync = new();
    private readonly Dictionary<int, LoyaltySettings> _byStore = new();

    public Task<LoyaltySettings> LoadAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_byStore.TryGetValue(store.Value, out var own))
                return Task.FromResult(own);
            return Task.FromResult(_byStore.TryGetValue(0, out var shared) ? shared : new LoyaltySettings());
        }
    }

    public Task<ValidationResult> SaveAsync(StoreId store, LoyaltySettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = settings.Validate();
        if (result.IsValid)
            lock (_sync)
                _byStore[store.Value] = settings;
        return Task.FromResult(result);
    }
}

/// <summary>Tier standings in a dictionary keyed by store and customer.</summary>
public sealed class InMemoryTierStandingStore : ITierStandingStore
{
    private readonly object _sync = new();
    private readonly Dictionary<(int Store, int Customer), TierStanding> _standings = new();

    public Task<TierStanding> GetAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_standings.TryGetValue((store.Value, customer.Value), out var s) ? s : new TierStanding(null));
    }

    public Task SaveAsync(StoreId store, CustomerId customer, TierStanding standing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standing);
        lock (_sync)
            _standings[(store.Value, customer.Value)] = standing;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken = default)
    {
        if (take <= 0) throw new ArgumentOutOfRangeException(nameof(take), take, "Take at least one customer per batch.");
        lock (_sync)
        {
            IReadOnlyList<CustomerId> holders = _standings
                .Where(kv => kv.Key.Store == store.Value && kv.Key.Customer > afterCustomerId && kv.Value.Tier is not null)
                .Select(kv => kv.Key.Customer).OrderBy(id => id).Take(take).Select(id => new CustomerId(id)).ToList();
            return Task.FromResult(holders);
        }
    }
}

/// <summary>Referrals in a dictionary; the first referrer recorded for a customer wins.</summary>
public sealed class InMemoryReferralStore : IReferralStore
{
    private readonly object _sync = new();
    private readonly Dictionary<(int Store, int Referred), CustomerId> _referrers = new();

    public Task<bool> TryRecordAsync(StoreId store, CustomerId referred, CustomerId referrer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult(_referrers.TryAdd((store.Value, referred.Value), referrer));
    }

    public Task<CustomerId?> ReferrerOfAsync(StoreId store, CustomerId referred, CancellationToken cancellationToken = default)
    {
        lock (_sync)
            return Task.FromResult<CustomerId?>(_referrers.TryGetValue((store.Value, referred.Value), out var r) ? r : null);
    }
}

/// <summary>The in-memory ledger's entries as the queryable read model (LINQ-to-objects stands in for SQL).</summary>
public sealed class InMemoryLedgerData(InMemoryPointsLedger ledger) : ILedgerData
{
    public IQueryable<LedgerEntryFact> Entries => ledger.AllEntries.Select(e => new LedgerEntryFact
    {
        StoreId = e.Store.Value,
        CustomerId = e.Customer.Value,
        Points = e.Points,
        ReasonId = (int)e.Reason,
        CreatedUtc = e.CreatedUtc,
        ActivatesUtc = e.ActivatesUtc,
        ExpiresUtc = e.ExpiresUtc,
    }).ToList().AsQueryable();
}

/// <summary>Records what the program told its host, in order, so tests can count the calls.</summary>
public sealed class InMemoryLoyaltyObserver : ILoyaltyObserver
{
    private readonly object _sync = new();
    private readonly List<LedgerEntry> _entries = new();
    private readonly List<TierChanged> _tierChanges = new();

    public IReadOnlyList<LedgerEntry> Entries
    {
        get { lock (_sync) return _entries.ToList(); }
    }

    public IReadOnlyList<TierChanged> TierChanges
    {
        get { lock (_sync) return _tierChanges.ToList(); }
    }

    public Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_sync) _entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        lock (_sync) _tierChanges.Add(change);
        return Task.CompletedTask;
    }
}
