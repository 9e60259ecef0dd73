using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Loyalty.Cards;

/// <summary>What one night did to the store's cards.</summary>
public sealed record CardNightReport(int Evaluated, int Dropped, int Raised);

/// <summary>How many customers hold one level of the card (the dashboard's "card holders per level").</summary>
public sealed record CardLevelHolders(int LevelNumber, CardLevel Level, int Holders);

/// <summary>
/// The discount card in the store: the re-evaluation an order paid, refunded, cancelled or deleted triggers (through
/// Core's door, <see cref="Events.StoreEvents"/>), the nightly run that applies the drops for inactivity to the holders,
/// what the shopper and checkout see, and the dashboard's count. The level is judged one way, by
/// <see cref="CardRules.Evaluate"/> over the counted orders; the saved standing is what checkout gives and what the host
/// mirrors (the plugin: a customer role whose discount nopCommerce applies).
/// </summary>
public sealed class CardProgram
{
    private readonly ILoyaltySettingsStore _settings;
    private readonly ICardStandingStore _standings;
    private readonly IStoreData _store;
    private readonly IQueryRunner _runner;
    private readonly ICardObserver? _observer;
    private readonly IClock _clock;

    // observer: the host's mirror of a change; null where nothing needs mirroring (the sandbox reads the standing).
    public CardProgram(ILoyaltySettingsStore settings, ICardStandingStore standings, IStoreData store, IQueryRunner runner, ICardObserver? observer, IClock clock)
    {
        _settings = settings;
        _standings = standings;
        _store = store;
        _runner = runner;
        _observer = observer;
        _clock = clock;
    }

    /// <summary>The store's card settings.</summary>
    public async Task<CardSettings> SettingsAsync(StoreId store, CancellationToken cancellationToken = default) =>
        (await _settings.LoadAsync(store, cancellationToken)).Card;

    /// <summary>
    /// Re-evaluates the customer's card now and saves a changed standing; the change (null for none) after the observer has
    /// mirrored it. A card switched off takes every level away. An erased customer gets nothing written.
    /// </summary>
    public async Task<CardChanged?> ReevaluateAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(store, cancellationToken);
        var current = await _standings.GetAsync(store, customer, cancellationToken);
        if (!settings.Enabled && current.Level is null) return null;
        if (await Erasure.IsErasedAsync(_store, _runner, customer, cancellationToken)) return null;
        var now = _clock.UtcNow;
        var status = settings.Enabled ? await EvaluateAsync(store, customer, settings, now, cancellationToken) : null;
        return await DecideAsync(store, customer, settings, current, status?.Level, now, cancellationToken);
    }

    /// <summary>
    /// The night: every holder re-evaluated (the drops for inactivity, levels the admin changed or deleted, a card switched
    /// off), in ascending-id batches; each change announced to <paramref name="announced"/> as it is made.
    /// </summary>
    public async Task<CardNightReport> RunNightlyAsync(StoreId store, int batchSize = 500, Func<CardChanged, CancellationToken, Task>? announced = null,
        CancellationToken cancellationToken = default)
    {
        var (evaluated, dropped, raised, after) = (0, 0, 0, 0);
        while (true)
        {
            var holders = await _standings.HoldersAsync(store, after, batchSize, cancellationToken);
            foreach (var customer in holders)
            {
                evaluated++;
                if (await ReevaluateAsync(store, customer, cancellationToken) is not { } change) continue;
                if (change.Change == CardChange.Up) raised++;
                else dropped++;
                if (announced is not null)
                    await announced(change, cancellationToken);
            }
            if (holders.Count < batchSize) break;
            after = holders[^1].Value;
        }
        return new CardNightReport(evaluated, dropped, raised);
    }

    /// <summary>What the shopper sees: the card now (level, next threshold, drop date); null when the store runs no card.</summary>
    public async Task<CardStatus?> StatusAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(store, cancellationToken);
        return settings.Enabled ? await EvaluateAsync(store, customer, settings, _clock.UtcNow, cancellationToken) : null;
    }

    /// <summary>
    /// The percent checkout takes off the order: the saved standing's, while the card is on. The standing, not a fresh
    /// evaluation, so a sandbox order and a nopCommerce order (whose discount hangs on the customer role) give the same.
    /// </summary>
    public async Task<decimal> CheckoutPercentAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(store, cancellationToken);
        if (!settings.Enabled) return 0m;
        var standing = await _standings.GetAsync(store, customer, cancellationToken);
        return standing.Level is { } level && settings.Levels.Contains(level) ? level.Percent : 0m;
    }

    /// <summary>The holders of each level of the ladder, lowest level first (levels nobody holds with 0).</summary>
    public async Task<IReadOnlyList<CardLevelHolders>> HoldersPerLevelAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(store, cancellationToken);
        var counts = await _standings.HoldersPerLevelAsync(store, cancellationToken);
        return CardRules.Ladder(settings).Select((level, i) => new CardLevelHolders(i + 1, level, counts.GetValueOrDefault(level.Threshold))).ToList();
    }

    private async Task<CardStatus> EvaluateAsync(StoreId store, CustomerId customer, CardSettings settings, DateTime now, CancellationToken cancellationToken)
    {
        var orders = await _runner.ToListAsync(LoyaltyQueries.CardOrders(_store, store.Value, customer.Value, CardRules.WindowStart(settings, now), now),
            cancellationToken);
        return CardRules.Evaluate(settings, orders.Select(o => new TierOrder(o.PaidUtc, o.Amount)), now);
    }

    private async Task<CardChanged?> DecideAsync(StoreId store, CustomerId customer, CardSettings settings, CardStanding current, CardLevel? level,
        DateTime now, CancellationToken cancellationToken)
    {
        if (current.Level == level) return null;
        await _standings.SaveAsync(store, customer, new CardStanding(level), cancellationToken);
        var up = (level?.Percent ?? 0m) > (current.Level?.Percent ?? 0m);
        var number = level is null ? 0 : CardRules.Ladder(settings).ToList().IndexOf(level) + 1;
        var change = new CardChanged(store, customer, current.Level, level, up ? CardChange.Up : CardChange.Down, now, number);
        if (_observer is not null)
            await _observer.CardChangedAsync(change, cancellationToken);
        return change;
    }
}
