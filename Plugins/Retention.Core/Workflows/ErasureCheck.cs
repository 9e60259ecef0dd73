using Retention.Core.Common;
using Retention.Core.Store;

namespace Retention.Core.Workflows;

/// <summary>
/// Whether the store erased a customer (<see cref="Erasure"/>), asked before anything is written for an id: enrolling,
/// a store event, a followed link. Read from the contact facts the engine reads anyway; the contact directory opens its
/// own connection per call, so events handled at once on one program stay apart.
/// </summary>
internal sealed class ErasureCheck(IContactDirectory contacts)
{
    public async Task<bool> IsErasedAsync(StoreId store, CustomerId customer, CancellationToken cancellationToken) =>
        await contacts.GetAsync(store, customer, cancellationToken) is { } contact && Erasure.IsErased(contact.Deleted, contact.Email);
}
