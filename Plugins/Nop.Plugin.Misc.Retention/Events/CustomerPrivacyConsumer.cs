using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Gdpr;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// nopCommerce's GDPR erasure ("permanently delete" on the admin customer page, and the delete-inactive-customers task)
/// forgets the customer in the plugin's tables too. It publishes <see cref="CustomerPermanentlyDeleted"/> after blanking
/// the customer's e-mail, and no entity-deleted event (the customer row stays, marked deleted). The admin's plain
/// "Delete" is a soft delete that keeps nopCommerce's own data: <see cref="WorkflowEventsConsumer"/> only closes the
/// customer's enrollments then, and the plugin keeps its rows like nopCommerce keeps its own.
/// </summary>
public class CustomerPrivacyConsumer : IConsumer<CustomerPermanentlyDeleted>
{
    private readonly CustomerDataService _data;

    public CustomerPrivacyConsumer(CustomerDataService data)
    {
        _data = data;
    }

    public async Task HandleEventAsync(CustomerPermanentlyDeleted eventMessage)
    {
        if (eventMessage is not { CustomerId: > 0 })
            return;
        await _data.ForgetAsync(eventMessage.CustomerId, eventMessage.Email);
    }
}
