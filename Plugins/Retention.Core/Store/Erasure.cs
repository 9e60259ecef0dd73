using Retention.Core.Common;

namespace Retention.Core.Store;

/// <summary>
/// A customer the store erased (GDPR "permanent delete"): nopCommerce keeps the row, marked deleted, with the address
/// blanked, and the plugin has forgotten every row about them. An event that arrives afterwards (a late refund, an old
/// email's link, a queued order event on another node) must not write new rows for that id, or the erasure would be
/// undone piece by piece. A soft delete keeps the address (nopCommerce marks it "-DELETED"), so it is not an erasure.
/// </summary>
public static class Erasure
{
    public static bool IsErased(bool deleted, string? email) => deleted && string.IsNullOrEmpty(email);

    /// <summary>Whether the store's data names <paramref name="customer"/> as erased; an id the store does not know is not.</summary>
    public static async Task<bool> IsErasedAsync(IStoreData store, IQueryRunner runner, CustomerId customer, CancellationToken cancellationToken = default)
    {
        var id = customer.Value;
        var erased = store.Customers.Where(c => c.Id == id && c.Deleted && (c.Email == null || c.Email == ""));
        return await runner.CountAsync(erased, cancellationToken) > 0;
    }
}
