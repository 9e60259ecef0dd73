using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using System.Globalization;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Services.Events;
using Nop.Services.Messages;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// The shopper's points in every email that carries customer tokens (nopCommerce's own templates and ours), so the
/// balance an email shows is the one checkout and the account page show: <c>%Retention.PointsBalance%</c>,
/// <c>%Retention.PointsValue%</c>, <c>%Retention.PointsPending%</c>, <c>%Retention.PointsExpiringSoon%</c>,
/// <c>%Retention.Tier%</c>.
/// </summary>
public class LoyaltyTokensConsumer : IConsumer<EntityTokensAddedEvent<Customer>>
{
    private readonly LoyaltyViews _views;
    private readonly RewardsModelFactory _rewards;
    private readonly IStoreContext _storeContext;

    public LoyaltyTokensConsumer(LoyaltyViews views, RewardsModelFactory rewards, IStoreContext storeContext)
    {
        _views = views;
        _rewards = rewards;
        _storeContext = storeContext;
    }

    public async Task HandleEventAsync(EntityTokensAddedEvent<Customer> eventMessage)
    {
        var customer = eventMessage?.Entity;
        if (customer == null || customer.Id <= 0 || eventMessage!.Tokens == null)
            return;
        // Emails are queued in the request or task of the store they belong to; the customer's points are that store's.
        var store = new StoreId((await _storeContext.GetCurrentStoreAsync()).Id);
        var view = await _views.GetRewardsAsync(store, new CustomerId(customer.Id), historyLimit: 0);
        var tokens = eventMessage.Tokens;
        tokens.Add(new Token(RetentionDefaults.Tokens.PointsBalance, view.Available.ToString("N0", CultureInfo.InvariantCulture)));
        tokens.Add(new Token(RetentionDefaults.Tokens.PointsValue, await _rewards.FormatMoneyAsync(view.AvailableValue)));
        tokens.Add(new Token(RetentionDefaults.Tokens.PointsPending, view.Pending.ToString("N0", CultureInfo.InvariantCulture)));
        tokens.Add(new Token(RetentionDefaults.Tokens.PointsExpiringSoon, view.ExpiringSoon.Points.ToString("N0", CultureInfo.InvariantCulture)));
        tokens.Add(new Token(RetentionDefaults.Tokens.Tier, view.Tier ?? string.Empty));
    }
}
