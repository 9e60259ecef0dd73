// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Collections.Concurrent;
using Retention.Core.Analytics;
using Retention.Core.Common;
using Retention.Core.Tables;

namespace Retention.Core.Dashboard;

/// <summary>
/// The models a build used, as the next incremental refresh carries them: fitted on <see cref="FittedOn"/>, the
/// sentence about them, and the holdout check run with them (docs/decisions.md §19, decision of 2026-12-08).
/// </summary>
/// <param name="Explanation">The prediction's sentence (why there is no model, or why there is no spend model).</param>
public sealed record DashboardFit(DateOnly FittedOn, bool CanPredict, string? Explanation, BgNbdModel? Purchases, GammaGammaModel? Spend,
    DashboardHoldout? Holdout);

/// <summary>
/// What a store's last build keeps in memory for the next incremental refresh: the store's counted orders (the one-pass
/// fold's arrays, every date), the fit, the changed-customers feed's watermark, and the snapshot it gave.
/// </summary>
public sealed class DashboardState
{
    internal DashboardState(DashboardRequest request, DashboardSnapshot snapshot, DashboardOrderPass orders, DashboardFit fit, long watermark)
    {
        Request = request;
        Snapshot = snapshot;
        Orders = orders;
        Fit = fit;
        Watermark = watermark;
    }

    public DashboardRequest Request { get; }
    public DashboardSnapshot Snapshot { get; }
    public DashboardFit Fit { get; }
    /// <summary>The last id of the changed-customers feed this state has taken in.</summary>
    public long Watermark { get; }
    /// <summary>Counted orders held (about 28 bytes each).</summary>
    public int OrderCount => Orders.Count;
    internal DashboardOrderPass Orders { get; }

    /// <summary>
    /// Whether <paramref name="request"/> can be refreshed from this state: the same store and terms, a day no earlier
    /// than the fit's (the kept orders hold every date, so any such day folds exactly).
    /// </summary>
    public bool CanRefresh(DashboardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kept = Request;
        return request.Store == kept.Store && request.AsOf >= Fit.FittedOn
            && request.ActiveWindowDays == kept.ActiveWindowDays && request.PeriodDays().SequenceEqual(kept.PeriodDays())
            && request.TrendPoints == kept.TrendPoints && request.AtRiskLimit == kept.AtRiskLimit && request.CurrencyPerPoint == kept.CurrencyPerPoint
            && request.ClvMonths == kept.ClvMonths && request.MonthlyDiscountRate.Equals(kept.MonthlyDiscountRate)
            && request.Thresholds == kept.Thresholds && request.AtRiskProbabilityAlive.Equals(kept.AtRiskProbabilityAlive);
    }
}

/// <summary>
/// The host's dashboard refresh: a full build (the models refitted) when the store has no kept state in this process
/// (a restart, another node), when the request's terms changed, or once <see cref="FullBuildEvery"/> has passed since
/// the last one; otherwise an incremental refresh from the changed-customers feed. One per process, shared by the
/// host's scheduled refresh; a store's builds never overlap (the second waits). The feed is passed per call, as a host's
/// table port may live in a request scope while the kept states live as long as the process.
/// </summary>
public sealed class DashboardRefresher(IClock clock)
{
    private readonly ConcurrentDictionary<int, (DashboardState State, DateTime FullBuildUtc)> _states = new();
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    /// <summary>How long a full build's models are carried before the next refresh refits them. Default one day.</summary>
    public TimeSpan FullBuildEvery { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Feed rows older than this before a full build are deleted by it: no node's state can need them, as a state older
    /// than <see cref="FullBuildEvery"/> is rebuilt whole. Default two days.
    /// </summary>
    public TimeSpan FeedKept { get; init; } = TimeSpan.FromDays(2);

    /// <summary>
    /// How many feed rows below the watermark each refresh reads again: more than the changes that can be in flight at
    /// once (each open order transaction holds at most a few). Default 256.
    /// </summary>
    public int FeedOverlap { get; init; } = 256;

    /// <summary>The kept state of <paramref name="store"/>, or <c>null</c>.</summary>
    public DashboardState? StateOf(StoreId store) => _states.TryGetValue(store.Value, out var kept) ? kept.State : null;

    /// <summary>Forgets the kept state of <paramref name="store"/>: the next refresh is a full build.</summary>
    public void Forget(StoreId store) => _states.TryRemove(store.Value, out _);

    /// <summary>The full build: models refitted, the state kept, the feed's old rows deleted.</summary>
    public async Task<DashboardSnapshot> FullAsync(DashboardBuilder builder, ChangedCustomerFeed feed, DashboardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(request);
        var gate = _gates.GetOrAdd(request.Store.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await FullLockedAsync(builder, feed, request, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>An incremental refresh when the kept state allows it, otherwise a full build; whether it was incremental.</summary>
    public async Task<(DashboardSnapshot Snapshot, bool Incremental)> RefreshAsync(DashboardBuilder builder, ChangedCustomerFeed feed, DashboardRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(request);
        var gate = _gates.GetOrAdd(request.Store.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!_states.TryGetValue(request.Store.Value, out var kept) || !kept.State.CanRefresh(request) || clock.UtcNow - kept.FullBuildUtc >= FullBuildEvery)
                return (await FullLockedAsync(builder, feed, request, cancellationToken), false);
            // The feed's ids are handed out before commit: a slower transaction may commit a row below the watermark after a
            // reader passed it. Re-reading the last rows below the watermark takes such a row up at the next refresh
            // (re-reading a customer changes nothing); the daily full build reads everything in any case.
            var (customers, read) = await feed.ChangedSinceAsync(request.Store.Value, Math.Max(0, kept.State.Watermark - FeedOverlap), cancellationToken);
            var watermark = Math.Max(read, kept.State.Watermark);
            var state = await builder.RefreshAsync(kept.State, request, customers, watermark, cancellationToken);
            _states[request.Store.Value] = (state, kept.FullBuildUtc);
            return (state.Snapshot, true);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<DashboardSnapshot> FullLockedAsync(DashboardBuilder builder, ChangedCustomerFeed feed, DashboardRequest request, CancellationToken cancellationToken)
    {
        var started = clock.UtcNow;
        // The watermark before the orders: a change committed during the read is read again by the next refresh, never lost.
        var watermark = await feed.LatestAsync(cancellationToken);
        var state = await builder.BuildStateAsync(request, watermark, cancellationToken);
        _states[request.Store.Value] = (state, started);
        await feed.DeleteBeforeAsync(started - FeedKept, cancellationToken);
        return state.Snapshot;
    }
}
