using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Services.Configuration;
using Nop.Services.Events;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// Customer events into Core's door (<see cref="StoreEvents"/>): a registration (bonus, then the welcome series; and the
/// referrer named by the referral cookie, a fact of the request) and an approved review (bonus; the rating is never
/// looked at).
/// </summary>
public class CustomerLoyaltyConsumer :
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<ProductReviewApprovedEvent>
{
    private readonly StoreEvents _events;
    private readonly IReferralStore _referrals;
    private readonly ISettingService _settings;
    private readonly IStoreContext _storeContext;
    private readonly IHttpContextAccessor _httpContextAccessor;

    private readonly IClock _clock;

    public CustomerLoyaltyConsumer(StoreEvents events, IReferralStore referrals, ISettingService settings, IStoreContext storeContext,
        IHttpContextAccessor httpContextAccessor, IClock clock)
    {
        _events = events;
        _referrals = referrals;
        _settings = settings;
        _storeContext = storeContext;
        _httpContextAccessor = httpContextAccessor;
        _clock = clock;
    }

    public async Task HandleEventAsync(CustomerRegisteredEvent eventMessage)
    {
        var customer = eventMessage?.Customer;
        if (customer == null)
            return;
        // The event fires in the registration request, whose store is the one the customer registered in.
        var storeId = customer.RegisteredInStoreId > 0 ? customer.RegisteredInStoreId : (await _storeContext.GetCurrentStoreAsync()).Id;
        var store = new StoreId(storeId);
        var referred = new CustomerId(customer.Id);

        await _events.CustomerRegisteredAsync(store, referred, _clock.UtcNow);

        // The bonus comes first: a missing or damaged install secret (a clear error) must not cost the customer it.
        var code = _httpContextAccessor.HttpContext?.Request.Cookies[RetentionDefaults.ReferralCookieName];
        if (string.IsNullOrWhiteSpace(code))
            return;
        var secret = (await _settings.LoadSettingAsync<RetentionInstallSettings>()).ReferralSecretBytes();
        if (ReferralCodes.Read(store, code, secret) is { } referrer && referrer != referred)
            await _referrals.TryRecordAsync(store, referred, referrer);
    }

    public Task HandleEventAsync(ProductReviewApprovedEvent eventMessage)
    {
        var review = eventMessage?.ProductReview;
        if (review == null)
            return Task.CompletedTask;
        return _events.ReviewApprovedAsync(new StoreId(review.StoreId), new CustomerId(review.CustomerId), review.Id);
    }
}
