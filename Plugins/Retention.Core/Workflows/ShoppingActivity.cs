using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// What win-back must know of a customer who may be shopping again: the cart's latest change, whether an abandoned-cart
/// enrollment is running, and the latest abandoned-cart email of the last <see cref="TriggerRules.WinBackQuietDaysAfterAbandonedCart"/> days.
/// </summary>
public sealed record ShoppingActivity(DateTime? CartChangedUtc, bool AbandonedCartRunning, DateTime? AbandonedCartEmailUtc)
{
    public static readonly ShoppingActivity None = new(null, false, null);
}

/// <summary>
/// Reads <see cref="ShoppingActivity"/> for a page of customers in three calls (a grouped cart query, the active
/// enrollments, the abandoned-cart sends), for the win-back scan and the due batch alike.
/// </summary>
internal sealed class ShoppingActivityReader(IStoreData store, IQueryRunner runner, IEnrollmentStore enrollments, IWorkflowEventStore events)
{
    private sealed class CartChange
    {
        public int CustomerId { get; set; }
        public DateTime UpdatedUtc { get; set; }
    }

    public async Task<IReadOnlyDictionary<CustomerId, ShoppingActivity>> ReadAsync(StoreId storeId, IReadOnlyCollection<CustomerId> customers, DateTime nowUtc,
        CancellationToken cancellationToken)
    {
        var activity = new Dictionary<CustomerId, ShoppingActivity>();
        if (customers.Count == 0)
            return activity;
        var (id, ids) = (storeId.Value, customers.Select(c => c.Value).Distinct().ToArray());
        ShoppingActivity Of(CustomerId customer) => activity.GetValueOrDefault(customer, ShoppingActivity.None);

        foreach (var cart in await runner.ToListAsync(store.CartItems
                     .Where(c => c.StoreId == id && ids.Contains(c.CustomerId))
                     .GroupBy(c => c.CustomerId)
                     .Select(g => new CartChange { CustomerId = g.Key, UpdatedUtc = g.Max(c => c.UpdatedOnUtc) }), cancellationToken))
        {
            var customer = new CustomerId(cart.CustomerId);
            activity[customer] = Of(customer) with { CartChangedUtc = DateTime.SpecifyKind(cart.UpdatedUtc, DateTimeKind.Utc) };
        }
        foreach (var running in (await enrollments.ActiveForCustomersAsync(storeId, customers, cancellationToken))
                 .Where(e => e.Workflow == WorkflowKind.AbandonedCart).Select(e => e.Customer).Distinct())
            activity[running] = Of(running) with { AbandonedCartRunning = true };
        var since = nowUtc.AddDays(-TriggerRules.WinBackQuietDaysAfterAbandonedCart);
        foreach (var (customer, sent) in await events.LastSentAsync(WorkflowKind.AbandonedCart, storeId, customers, since, cancellationToken))
            activity[customer] = Of(customer) with { AbandonedCartEmailUtc = sent };
        return activity;
    }
}
