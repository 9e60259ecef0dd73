using Nop.Core.Domain.Common;
using Nop.Services.Configuration;
using Nop.Services.ScheduleTasks;
using Nop.Services.Stores;
using Retention.Core.Common;
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
    private readonly LoyaltyProgram _program;
    private readonly NativeRewardPointsBridge _bridge;
    private readonly IClock _clock;

    public LoyaltyNightlyTask(IStoreService stores, ISettingService settings, IDistributedLock @lock, LoyaltyProgram program,
        NativeRewardPointsBridge bridge, IClock clock)
    {
        _stores = stores;
        _settings = settings;
        _lock = @lock;
        _program = program;
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
                await _program.RunNightlyAsync(storeId, today, cancellationToken: cancellationToken);
                await _bridge.SweepAsync(storeId, cancellationToken);
            });
        }
    }

    /// <summary>
    /// The store's date now, in its default time zone (nopCommerce's "default store time zone" setting, per store);
    /// like nopCommerce, the server's zone when none is set.
    /// </summary>
    public async Task<DateOnly> StoreTodayAsync(int storeId)
    {
        var zoneId = (await _settings.LoadSettingAsync<DateTimeSettings>(storeId))?.DefaultStoreTimeZoneId;
        var zone = TimeZoneInfo.Local;
        if (!string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found))
            zone = found;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(_clock.UtcNow, DateTimeKind.Utc), zone));
    }
}
