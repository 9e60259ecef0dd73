using Microsoft.AspNetCore.Http;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Services.Configuration;
using Nop.Services.Events;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Services.Events;

/// <summary>
/// Customer events into the loyalty program: registration (bonus, and the referrer named by the referral cookie) and an
/// approved review (bonus; the rating is never looked at).
/// </summary>
public class CustomerLoyaltyConsumer :
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<ProductReviewApprovedEvent>
{
    private readonly LoyaltyProgram _program;
    private readonly IReferralStore _referrals;
    private readonly ISettingService _settings;
    private readonly IStoreContext _storeContext;
    private readonly IHttpContextAccessor _httpContextAccessor;

    public CustomerLoyaltyConsumer(LoyaltyProgram program, IReferralStore referrals, ISettingService settings, IStoreContext storeContext,
        IHttpContextAccessor httpContextAccessor)
    {
        _program = program;
        _referrals = referrals;
        _settings = settings;
        _storeContext = storeContext;
        _httpContextAccessor = httpContextAccessor;
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

        // The referrer is recorded before the bonus so that whatever the bonus triggers already sees who referred.
        var code = _httpContextAccessor.HttpContext?.Request.Cookies[RetentionDefaults.ReferralCookieName];
        if (!string.IsNullOrWhiteSpace(code))
        {
            var secret = (await _settings.LoadSettingAsync<RetentionInstallSettings>()).ReferralSecretBytes();
            if (ReferralCodes.Read(store, code, secret) is { } referrer && referrer != referred)
                await _referrals.TryRecordAsync(store, referred, referrer);
        }

        await _program.RegisteredAsync(store, referred);
    }

    public Task HandleEventAsync(ProductReviewApprovedEvent eventMessage)
    {
        var review = eventMessage?.ProductReview;
        if (review == null)
            return Task.CompletedTask;
        return _program.ReviewApprovedAsync(new StoreId(review.StoreId), new CustomerId(review.CustomerId), review.Id);
    }
}
