using Nop.Plugin.Misc.Retention.Data;
using Nop.Core.Domain.Common;
using Nop.Services.Configuration;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Locking;
using Retention.Core.Loyalty;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Each store's nightly loyalty run for the store's own date (expiry, birthdays, tier downgrades), then the sweep that
/// mirrors ledger rows nopCommerce's wallet has not seen yet. Scheduled hourly so every store's new day starts soon
/// after its local midnight; a second run on the same date finds every entry already keyed and adds nothing.
/// </summary>
public class LoyaltyNightlyTask : IScheduleTask
{
    private static readonly TimeSpan LockExpiry = TimeSpan.FromMinutes(30);

    private readonly IStoreService _stores;
    private readonly ISettingService _settings;
    private readonly IDistributedLock _lock;
    private readonly StoreEvents _events;
    private readonly LoyaltyEvents _loyalty;
    private readonly NativeRewardPointsBridge _bridge;
    private readonly IClock _clock;
    private readonly NopRecurringMemberships _recurring;

    public LoyaltyNightlyTask(IStoreService stores, ISettingService settings, IDistributedLock @lock, StoreEvents events, LoyaltyEvents loyalty,
        NativeRewardPointsBridge bridge, IClock clock, NopRecurringMemberships recurring = null)
    {
        _recurring = recurring;
        _events = events;
        _stores = stores;
        _settings = settings;
        _lock = @lock;
        _loyalty = loyalty;
        _bridge = bridge;
        _clock = clock;
    }

    public async Task ExecuteAsync()
    {
        // The scheduler runs a task under whichever store the triggering request maps to: walk them all.
        foreach (var store in await _stores.GetAllStoresAsync())
        {
            var storeId = new StoreId(store.Id);
            var today = await StoreTodayAsync(store.Id);
            await _lock.TryRunExclusiveAsync($"loyalty:{store.Id}", LockExpiry, async cancellationToken =>
            {
                // Membership first: the recurring payments' failures and cancellations (no event tells) before the night judges the members.
                if (_recurring != null)
                    await _recurring.PollAsync(storeId, _events, cancellationToken: cancellationToken);
                await _events.LoyaltyNightAsync(storeId, today, cancellationToken: cancellationToken);
                // Periodic cashback pays the periods that ended in the store's time zone (issue 18).
                await _events.CashbackNightAsync(storeId, await StoreZoneAsync(store.Id), cancellationToken: cancellationToken);
                await _bridge.SweepAsync(storeId, cancellationToken);
                await TakeInWalletEntriesAsync(storeId, cancellationToken);
            });
        }
    }

    /// <summary>
    /// Points that reached the store's wallet from outside the program since the plugin began keeping the two equal
    /// (an admin's entry on nopCommerce's own reward points card) become ledger entries, each once, linked to the
    /// wallet entry (not mirrored again), so the ledger and every page built on it keep showing the wallet's balance.
    /// </summary>
    public async Task<int> TakeInWalletEntriesAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        if ((await _settings.LoadSettingAsync<RetentionInstallSettings>()).WalletSinceUtc is not { } since)
            return 0;
        var taken = 0;
        var afterId = 0;
        while (true)
        {
            // One pass in id order: an entry whose link failed is not asked for again in this run (the sweep links it later).
            var batch = await _bridge.UnclaimedWalletEntriesAsync(store, since, afterId, cancellationToken: cancellationToken);
            foreach (var entry in batch)
            {
                await _loyalty.WalletEntryAsync(store, new CustomerId(entry.CustomerId), entry.Points, entry.Id, entry.CreatedOnUtc, null, entry.Message,
                    cancellationToken);
                taken++;
            }
            if (batch.Count == 0)
                return taken;
            afterId = batch[^1].Id;
        }
    }

    /// <summary>
    /// The store's date now, in its default time zone (nopCommerce's "default store time zone" setting, per store);
    /// like nopCommerce, the server's zone when none is set.
    /// </summary>
    public async Task<DateOnly> StoreTodayAsync(int storeId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(_clock.UtcNow, DateTimeKind.Utc), await StoreZoneAsync(storeId)));

    /// <summary>The store's default time zone (nopCommerce's setting, per store); the server's when none is set.</summary>
    public async Task<TimeZoneInfo> StoreZoneAsync(int storeId)
    {
        var zoneId = (await _settings.LoadSettingAsync<DateTimeSettings>(storeId))?.DefaultStoreTimeZoneId;
        return !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Local;
    }
}
