using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Models.Public;
using Nop.Web.Framework.Components;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Components;

/// <summary>The shopper's points at checkout, on the account page and on product pages; only ever their own.</summary>
public class RetentionRewardsViewComponent : NopViewComponent
{
    private readonly IClock _clock;
    private readonly IPointsLedger _ledger;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;

    public RetentionRewardsViewComponent(IClock clock, IPointsLedger ledger, IStoreContext storeContext, IWorkContext workContext)
    {
        _clock = clock;
        _ledger = ledger;
        _storeContext = storeContext;
        _workContext = workContext;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        // Guests have no email and no balance to show.
        if (customer == null || string.IsNullOrEmpty(customer.Email))
            return Content(string.Empty);

        var store = await _storeContext.GetCurrentStoreAsync();
        var balance = await _ledger.GetBalanceAsync(new StoreId(store.Id), new CustomerId(customer.Id), _clock.UtcNow);
        if (balance.Available == 0 && balance.Pending == 0)
            return Content(string.Empty);
        return View(RetentionDefaults.ViewsPath + "Public/RewardsWidget.cshtml",
            new RewardsWidgetModel { Available = balance.Available, Pending = balance.Pending });
    }
}
