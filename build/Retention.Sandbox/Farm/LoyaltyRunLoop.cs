using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Retention.Sandbox.Demo;

namespace Retention.Sandbox.Farm;

/// <summary>
/// The loyalty program's scheduled task: <see cref="StoreEvents.LoyaltyNightAsync"/> (expiries that came due, birthday
/// bonuses, tier re-evaluation of holders, an upgrade going to the tier-up workflow) every interval, as the plugin's schedule task does. On a farm every node runs
/// the loop and the distributed lock lets one sweep at a time through; the entries' keys make a repeated sweep write
/// nothing. Pending points need no task: they become spendable by their activation time.
/// </summary>
public sealed class LoyaltyRunLoop(IServiceScopeFactory scopes, TimeSpan interval, string? node, ILogger<LoyaltyRunLoop> log) : BackgroundService
{
    public const string LockResource = "loyalty-nightly";
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(stoppingToken);
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The demo store's sweep for <paramref name="storeDay"/> under the farm-wide lock: whether this caller held the lock,
    /// and the sweep's report.
    /// </summary>
    public static async Task<(bool Ran, NightlyReport? Report)> SweepAsync(IDistributedLock locks, StoreEvents events, DateOnly storeDay,
        CancellationToken cancellationToken)
    {
        NightlyReport? report = null;
        var ran = await locks.TryRunExclusiveAsync(LockResource, TimeSpan.FromMinutes(30),
            async ct =>
            {
                report = await events.LoyaltyNightAsync(Store, storeDay, cancellationToken: ct);
                // Periodic cashback's night under the same lock: the demo store keeps UTC days.
                await events.CashbackNightAsync(Store, TimeZoneInfo.Utc, cancellationToken: ct);
            }, cancellationToken);
        return (ran, report);
    }

    /// <summary>One sweep; null when another node held the lock or it failed (logged).</summary>
    public async Task<NightlyReport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var clock = services.GetRequiredService<IClock>();
            var (ran, report) = await SweepAsync(services.GetRequiredService<IDistributedLock>(), services.GetRequiredService<StoreEvents>(),
                DateOnly.FromDateTime(clock.UtcNow), cancellationToken);
            if (!ran)
                log.LogDebug("Loyalty sweep skipped on node {Node}: another node holds the lock.", node);
            else if (report != null && report.ExpiryEntries + report.BirthdayBonuses + report.TierChanges > 0)
                log.LogInformation("Loyalty sweep on node {Node}: {Visited} customers, {Expiries} expiry entries ({Points} points), {Birthdays} birthday bonuses, {Tiers} tier changes.",
                    node, report.CustomersVisited, report.ExpiryEntries, report.PointsExpired, report.BirthdayBonuses, report.TierChanges);
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            log.LogError(e, "Loyalty sweep failed on node {Node}; the next one tries again.", node);
            return null;
        }
    }
}
