using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty;

/// <summary>
/// Where a customer stands on the tier ladder: the rolling measure, the re-evaluation that saves and announces a change,
/// and the multiplier earning uses. Shared by the order award (<see cref="LoyaltyEvents"/>), the nightly run
/// (<see cref="LoyaltyNightly"/>) and what shoppers see (<see cref="LoyaltyViews"/>), so a tier is judged one way.
/// </summary>
public sealed class TierEvaluation
{
    private readonly ITierStandingStore _standings;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly ILoyaltyObserver _observer;

    public TierEvaluation(ITierStandingStore standings, IStoreData store, IQueryRunner runner, ILoyaltyObserver observer)
    {
        _standings = standings;
        _store = store;
        _runner = runner;
        _observer = observer;
    }

    /// <summary>The customer's standing, or <c>new TierStanding(null)</c> when never evaluated.</summary>
    internal Task<TierStanding> StandingAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken) =>
        _standings.GetAsync(store, customer, cancellationToken);

    /// <summary>Customers holding a tier, ascending id after <paramref name="afterCustomerId"/> (the nightly run's batches).</summary>
    internal Task<IReadOnlyList<CustomerId>> HoldersAsync(StoreId store, int afterCustomerId, int take, CancellationToken cancellationToken) =>
        _standings.HoldersAsync(store, afterCustomerId, take, cancellationToken);

    /// <summary>
    /// Re-evaluates a customer's tier, saves a changed standing and announces up- and downgrades, to the observer (host
    /// facts) and then to <paramref name="announced"/>; null when tiers are off and none is held.
    /// </summary>
    internal async Task<TierDecision?> ReevaluateAsync(StoreId store, CustomerId customer, LoyaltySettings settings, DateTime now,
        Func<TierChanged, Task> announced, CancellationToken cancellationToken)
    {
        var current = await _standings.GetAsync(store, customer, cancellationToken);
        if (settings.Tiers.Count == 0 && current.Tier is null) return null;
        var measure = settings.Tiers.Count == 0 ? 0m : await MeasureAsync(store, customer, settings.TierBasis, now, cancellationToken);
        return await DecideAsync(store, customer, settings, current, measure, now, announced, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReevaluateAsync"/> for a batch of customers, in their order, with their standings and orders read in one
    /// query each (per chunk of ids) instead of two per customer. A decision touches only its own customer's standing, so
    /// reading the batch first decides exactly as reading each just before. Null where tiers are off and none is held.
    /// </summary>
    internal async Task<IReadOnlyList<TierDecision?>> ReevaluateManyAsync(StoreId store, IReadOnlyList<CustomerId> customers, LoyaltySettings settings,
        DateTime now, Func<TierChanged, Task> announced, CancellationToken cancellationToken)
    {
        var standings = await _standings.GetManyAsync(store, customers, cancellationToken);
        var measures = new Dictionary<int, decimal>();
        if (settings.Tiers.Count > 0)
        {
            var orders = new List<CustomerCountedOrder>();
            // An IN list of at most this many ids stays within every provider's parameter limits.
            foreach (var ids in customers.Select(c => c.Value).Distinct().Chunk(1000))
                orders.AddRange(await _runner.ToListAsync(LoyaltyQueries.CountedOrdersOf(_store, store.Value, ids, now), cancellationToken));
            foreach (var customer in orders.GroupBy(o => o.CustomerId))
                measures[customer.Key] = TierRules.Measure(customer.Select(o => new TierOrder(o.PaidUtc, o.Amount)), settings.TierBasis, now);
        }
        var decisions = new List<TierDecision?>(customers.Count);
        foreach (var customer in customers)
        {
            var current = standings.GetValueOrDefault(customer) ?? new TierStanding(null);
            if (settings.Tiers.Count == 0 && current.Tier is null)
            {
                decisions.Add(null);
                continue;
            }
            // No counted order in the twelve months: the measure of nothing, 0 on either basis.
            var measure = measures.GetValueOrDefault(customer.Value);
            decisions.Add(await DecideAsync(store, customer, settings, current, measure, now, announced, cancellationToken));
        }
        return decisions;
    }

    private async Task<TierDecision> DecideAsync(StoreId store, CustomerId customer, LoyaltySettings settings, TierStanding current, decimal measure, DateTime now,
        Func<TierChanged, Task> announced, CancellationToken cancellationToken)
    {
        var decision = TierRules.Evaluate(settings, current, measure, now);
        if (decision.Standing != current)
            await _standings.SaveAsync(store, customer, decision.Standing, cancellationToken);
        if (decision.Change is TierChange.Upgraded or TierChange.Downgraded)
        {
            var change = new TierChanged(store, customer, current.Tier, decision.Standing.Tier, decision.Change, now,
                TierNotice.IsBaseTier(settings, decision.Standing.Tier));
            await _observer.TierChangedAsync(change, cancellationToken);
            await announced(change);
        }
        return decision;
    }

    /// <summary>The rolling 12-month spend or order count the tiers are judged on, over the store's counted orders.</summary>
    internal async Task<decimal> MeasureAsync(StoreId store, CustomerId customer, TierBasis basis, DateTime now, CancellationToken cancellationToken)
    {
        var orders = await _runner.ToListAsync(LoyaltyQueries.CountedOrders(_store, store.Value, customer.Value, now), cancellationToken);
        return TierRules.Measure(orders.Select(o => new TierOrder(o.PaidUtc, o.Amount)), basis, now);
    }

    /// <summary>The earning multiplier of the tier the customer holds (1 when tiers are off or none is held).</summary>
    internal async Task<decimal> MultiplierAsync(StoreId store, CustomerId customer, LoyaltySettings settings, CancellationToken cancellationToken)
    {
        if (settings.Tiers.Count == 0) return 1m;
        var standing = await _standings.GetAsync(store, customer, cancellationToken);
        return TierRules.MultiplierOf(settings.Tiers, standing.Tier);
    }
}
