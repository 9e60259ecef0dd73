using Nop.Plugin.Misc.Retention.Data;
using System.Globalization;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Retention.Domain;
using Nop.Services.Customers;
using Nop.Services.Orders;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Keeps nopCommerce's reward points (the wallet checkout spends) equal to the plugin's ledger (the book of record) and
/// mirrors tiers into customer roles. Each new ledger entry becomes one native history entry, except the movements
/// nopCommerce makes itself: a redemption at checkout (the ledger records it from native's own entry) and the return of
/// redeemed points when an order is cancelled through nopCommerce's cancel action (linked, never written twice).
/// </summary>
public class NativeRewardPointsBridge : ILoyaltyObserver
{
    /// <summary>
    /// How long a fresh ledger row is left to the request that wrote it before the sweep mirrors it. It also covers
    /// native's cancel action, which returns redeemed points after the status-change event we react to.
    /// </summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(10);

    /// <summary><see cref="RetentionLedgerEntry.NativeEntryId"/> of an entry that needs no native counterpart (zero points).</summary>
    public const int NothingToMirror = 0;

    private const int SweepBatch = 500;

    private readonly IRepository<RetentionLedgerEntry> _entries;
    private readonly IRepository<Order> _orders;
    private readonly IRepository<RewardPointsHistory> _nativeHistory;
    private readonly IRepository<RetentionTierStanding> _standings;
    private readonly IRewardPointService _rewardPoints;
    private readonly ICustomerService _customers;
    private readonly IEventPublisher _events;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;
    private readonly NopEmailLanguage _language;

    public NativeRewardPointsBridge(IRepository<RetentionLedgerEntry> entries, IRepository<Order> orders, IRepository<RewardPointsHistory> nativeHistory,
        IRepository<RetentionTierStanding> standings, IRewardPointService rewardPoints, ICustomerService customers, IEventPublisher events, IQueryRunner runner, IClock clock,
        NopEmailLanguage language)
    {
        _language = language;
        _entries = entries;
        _orders = orders;
        _nativeHistory = nativeHistory;
        _standings = standings;
        _rewardPoints = rewardPoints;
        _customers = customers;
        _events = events;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>The customer role a tier is mirrored to.</summary>
    public static string RoleSystemName(string tier) => RetentionDefaults.TierRolePrefix + tier;

    public async Task EntryAppendedAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = entry.Key.Value;
        var row = await _runner.FirstOrDefaultAsync(_entries.Table.Where(e => e.IdempotencyKey == key));
        if (row == null || row.NativeEntryId != null)
            return;
        await MirrorAsync(row, sweeping: false);
    }

    public async Task TierChangedAsync(TierChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var customer = await _customers.GetCustomerByIdAsync(change.Customer.Value);
        if (customer != null)
        {
            // Roles are global, tiers per store: the old tier's role stays while another store still gives that tier.
            if (!string.IsNullOrEmpty(change.FromTier) && await _customers.GetCustomerRoleBySystemNameAsync(RoleSystemName(change.FromTier)) is { } from
                && await _customers.IsInCustomerRoleAsync(customer, from.SystemName, onlyActiveCustomerRoles: false)
                && !await HoldsTierElsewhereAsync(change.Customer.Value, change.Store.Value, change.FromTier))
                await _customers.RemoveCustomerRoleMappingAsync(customer, from);

            if (!string.IsNullOrEmpty(change.ToTier))
            {
                var to = await EnsureRoleAsync(change.ToTier);
                if (!await _customers.IsInCustomerRoleAsync(customer, to.SystemName, onlyActiveCustomerRoles: false))
                    await _customers.AddCustomerRoleMappingAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = to.Id });
            }
        }
        await _events.PublishAsync(new RetentionTierChangedEvent(change));
    }

    /// <summary>
    /// Mirrors the store's ledger rows still without a native counterpart: a crash between the ledger write and the
    /// mirror, or a cancellation whose returned points nopCommerce may have written itself. Run under the distributed
    /// lock (one sweeper per store); rows younger than <see cref="SweepGrace"/> belong to the request still handling them.
    /// </summary>
    /// <returns>How many rows were settled.</returns>
    public async Task<int> SweepAsync(StoreId store, CancellationToken cancellationToken = default)
    {
        var settled = 0;
        var afterId = 0;
        var cutoff = _clock.UtcNow - SweepGrace;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var last = afterId;
            var batch = await _runner.ToListAsync(_entries.Table
                .Where(e => e.StoreId == store.Value && e.NativeEntryId == null && e.Id > last && e.CreatedOnUtc <= cutoff)
                .OrderBy(e => e.Id)
                .Take(SweepBatch), cancellationToken);
            foreach (var row in batch)
                if (await MirrorAsync(row, sweeping: true))
                    settled++;
            if (batch.Count < SweepBatch)
                return settled;
            afterId = batch[^1].Id;
        }
    }

    /// <summary>
    /// The store's wallet entries that no ledger row stands for, written since <paramref name="sinceUtc"/> and before the
    /// grace period (twice <see cref="SweepGrace"/>, so the sweep has linked nopCommerce's own returns first): points an
    /// admin gave or took on nopCommerce's reward points card, or anything else outside the program. Spending at checkout
    /// (entries used with an order) is recorded by the order events and the sweep, never here.
    /// </summary>
    public async Task<IReadOnlyList<RewardPointsHistory>> UnclaimedWalletEntriesAsync(StoreId store, DateTime sinceUtc, int afterId = 0, int take = SweepBatch,
        CancellationToken cancellationToken = default)
    {
        var cutoff = _clock.UtcNow - 2 * SweepGrace;
        var claimed = _entries.Table.Where(e => e.NativeEntryId != null).Select(e => e.NativeEntryId.Value);
        return await _runner.ToListAsync(_nativeHistory.Table
            .Where(h => h.StoreId == store.Value && h.Id > afterId && h.UsedWithOrder == null && h.Points != 0 && h.CreatedOnUtc >= sinceUtc
                        && h.CreatedOnUtc <= cutoff && !claimed.Contains(h.Id))
            .OrderBy(h => h.Id)
            .Take(take), cancellationToken);
    }

    private async Task<bool> MirrorAsync(RetentionLedgerEntry row, bool sweeping)
    {
        int? nativeId;
        if ((LedgerSource)row.SourceId == LedgerSource.Wallet
            && int.TryParse(row.SourceRef, NumberStyles.None, CultureInfo.InvariantCulture, out var walletEntryId))
        {
            // Taken from the wallet: it is its own native entry.
            row.NativeEntryId = walletEntryId;
            await _entries.UpdateAsync(row, publishEvent: false);
            return true;
        }
        switch ((LedgerReason)row.ReasonId)
        {
            case LedgerReason.Redemption:
                // Checkout already took the points from the wallet; the ledger line is the record of that entry.
                nativeId = (await OrderOfAsync(row))?.RedeemedRewardPointsEntryId ?? NothingToMirror;
                break;
            case LedgerReason.RedemptionRefund when await OrderOfAsync(row) is { } order
                                                    && (order.OrderStatusId == (int)OrderStatus.Cancelled || order.Deleted):
                // nopCommerce's cancel action returns the redeemed points itself, after the status-change event: only
                // the sweep, once that request is over, can tell whether it did (admin status edits do not). Its delete
                // returns them before the order is deleted, so by the deleted event the entry is there to link.
                if (!sweeping && !order.Deleted)
                    return false;
                nativeId = await LinkNativeReturnAsync(row, order) ?? await AddNativeAsync(row);
                break;
            default:
                nativeId = await AddNativeAsync(row);
                break;
        }
        if (nativeId == null)
            return false;
        row.NativeEntryId = nativeId;
        await _entries.UpdateAsync(row, publishEvent: false);
        return true;
    }

    private async Task<int?> AddNativeAsync(RetentionLedgerEntry row)
    {
        if (row.Points == 0)
            return NothingToMirror;
        var customer = await _customers.GetCustomerByIdAsync(row.CustomerId);
        if (customer == null)
            return null;
        // Pending points are dated in the future, which is how nopCommerce itself holds points back; no end date:
        // our nightly expiry writes the debit, which is mirrored like any entry.
        DateTime? activating = row.ActivatesOnUtc > row.CreatedOnUtc ? row.ActivatesOnUtc : null;
        // Never "used with order": nopCommerce's cancel action returns every entry linked to the order.
        // The wallet's message is shown as written, so Core's keyed note is written in the customer's language (as their emails are).
        var message = LedgerNotes.Parse(row.Note) is { } text ? (await _language.ReaderAsync(row.StoreId, row.CustomerId)).Say(text)
            : row.Note ?? ((LedgerReason)row.ReasonId).ToString();
        return await _rewardPoints.AddRewardPointsHistoryEntryAsync(customer, row.Points, row.StoreId, message,
            activatingDate: activating);
    }

    /// <summary>
    /// The entry nopCommerce wrote when its cancel action returned this order's redeemed points: same customer and
    /// store, the redeemed points back, written after the redemption and not yet claimed by another ledger line. If it
    /// returned more than the ledger does (part had already come back with a refund), the difference is taken again.
    /// </summary>
    private async Task<int?> LinkNativeReturnAsync(RetentionLedgerEntry row, Order order)
    {
        if (order.RedeemedRewardPointsEntryId is not { } redeemedId)
            return null;
        var redemption = await _rewardPoints.GetRewardPointsHistoryEntryByIdAsync(redeemedId);
        if (redemption == null || redemption.Points >= 0)
            return null;
        var returned = -redemption.Points;
        var claimed = _entries.Table.Where(e => e.NativeEntryId != null).Select(e => e.NativeEntryId.Value);
        var candidate = await _runner.FirstOrDefaultAsync(_nativeHistory.Table
            .Where(h => h.CustomerId == row.CustomerId && h.StoreId == row.StoreId && h.Points == returned && h.UsedWithOrder == null
                        && h.Id > redemption.Id && !claimed.Contains(h.Id))
            .OrderBy(h => h.Id));
        if (candidate == null)
            return null;
        if (returned > row.Points)
        {
            var customer = await _customers.GetCustomerByIdAsync(row.CustomerId);
            if (customer != null)
                await _rewardPoints.AddRewardPointsHistoryEntryAsync(customer, row.Points - returned, row.StoreId,
                    $"Correction for order #{row.SourceRef}: part of the returned points had already come back with a refund");
        }
        return candidate.Id;
    }

    private async Task<Order> OrderOfAsync(RetentionLedgerEntry row)
    {
        if (!int.TryParse(row.SourceRef, NumberStyles.None, CultureInfo.InvariantCulture, out var orderId))
            return null;
        return await _runner.FirstOrDefaultAsync(_orders.Table.Where(o => o.Id == orderId));
    }

    private async Task<bool> HoldsTierElsewhereAsync(int customerId, int storeId, string tier) =>
        await _runner.CountAsync(_standings.Table.Where(s => s.CustomerId == customerId && s.StoreId != storeId && s.Tier == tier)) > 0;

    private async Task<CustomerRole> EnsureRoleAsync(string tier)
    {
        var systemName = RoleSystemName(tier);
        var role = await _customers.GetCustomerRoleBySystemNameAsync(systemName);
        if (role != null)
            return role;
        role = new CustomerRole { Name = $"Loyalty tier: {tier}", SystemName = systemName, Active = true, IsSystemRole = false };
        await _customers.InsertCustomerRoleAsync(role);
        return role;
    }
}
