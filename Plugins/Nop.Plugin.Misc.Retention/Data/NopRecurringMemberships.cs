using Nop.Core.Domain.Orders;
using Nop.Data;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Membership;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Reads nopCommerce's recurring payments of the membership product each night and hands their state to Core
/// (<see cref="StoreEvents.MembershipSubscriptionAsync"/>): nopCommerce 4.90 publishes no event when a recurring payment
/// fails (<c>LastPaymentFailed</c>) or is cancelled (<c>IsActive = false</c>), it only updates the row (docs/decisions.md
/// §18). Only subscriptions with something to say are read (failed or inactive, not deleted), whose initial order was
/// placed in the store and holds the membership product; each with the orders it paid (its initial order and every
/// cycle's <see cref="RecurringPaymentHistory"/> order), so Core tells an old, replaced subscription from the running one.
/// </summary>
public class NopRecurringMemberships
{
    private readonly IRepository<RecurringPayment> _payments;
    private readonly IRepository<RecurringPaymentHistory> _history;
    private readonly IRepository<Order> _orders;
    private readonly IRepository<OrderItem> _items;
    private readonly ILoyaltySettingsStore _settings;
    private readonly IQueryRunner _runner;

    public NopRecurringMemberships(IRepository<RecurringPayment> payments, IRepository<RecurringPaymentHistory> history, IRepository<Order> orders,
        IRepository<OrderItem> items, ILoyaltySettingsStore settings, IQueryRunner runner)
    {
        _payments = payments;
        _history = history;
        _orders = orders;
        _items = items;
        _settings = settings;
        _runner = runner;
    }

    /// <summary>The store's failed or inactive membership subscriptions, in recurring payment id order, from after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<(int Id, MembershipSubscription Subscription)>> SubscriptionsAsync(StoreId store, int afterId = 0, int take = 500,
        CancellationToken cancellationToken = default)
    {
        var membership = (await _settings.LoadAsync(store, cancellationToken)).Membership;
        if (membership is not { Enabled: true, ProductId: > 0 })
            return [];
        var (storeId, productId) = (store.Value, membership.ProductId);
        var rows = await _runner.ToListAsync(
            (from p in _payments.Table
             join o in _orders.Table on p.InitialOrderId equals o.Id
             where p.Id > afterId && !p.Deleted && (p.LastPaymentFailed || !p.IsActive) && o.StoreId == storeId
                   && _items.Table.Any(i => i.OrderId == o.Id && i.ProductId == productId)
             orderby p.Id
             select new { p.Id, o.CustomerId, p.InitialOrderId, p.IsActive, p.LastPaymentFailed }).Take(take), cancellationToken);
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(r => r.Id).ToList();
        var paid = (await _runner.ToListAsync(_history.Table.Where(h => ids.Contains(h.RecurringPaymentId)).Select(h => new { h.RecurringPaymentId, h.OrderId }),
            cancellationToken)).ToLookup(h => h.RecurringPaymentId, h => h.OrderId);
        return rows.Select(r => (r.Id, new MembershipSubscription(store, new CustomerId(r.CustomerId), paid[r.Id].Append(r.InitialOrderId).Distinct().ToList(),
            r.IsActive, r.LastPaymentFailed))).ToList();
    }

    /// <summary>Hands every failed or inactive membership subscription of the store to Core, in batches; how many were read.</summary>
    public async Task<int> PollAsync(StoreId store, StoreEvents events, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (read, after) = (0, 0);
        while (true)
        {
            var batch = await SubscriptionsAsync(store, after, batchSize, cancellationToken);
            foreach (var (_, subscription) in batch)
                await events.MembershipSubscriptionAsync(subscription, cancellationToken);
            read += batch.Count;
            if (batch.Count < batchSize)
                return read;
            after = batch[^1].Id;
        }
    }
}
