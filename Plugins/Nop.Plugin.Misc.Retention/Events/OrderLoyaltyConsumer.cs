using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Data;
using Nop.Services.Events;
using Nop.Services.Orders;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Loyalty;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// Order events into Core's door (<see cref="StoreEvents"/>), each in the order's own store: placed (points spent at
/// checkout), paid (earning, tier and the tier-up step, referral credit), refunded, cancelled and deleted (reversal).
/// This class only reads the order as Core needs it; what each event does is the door's. Everything behind it is keyed,
/// so a replayed event changes nothing.
/// </summary>
public class OrderLoyaltyConsumer :
    IConsumer<OrderPlacedEvent>,
    IConsumer<OrderPaidEvent>,
    IConsumer<OrderRefundedEvent>,
    IConsumer<OrderStatusChangedEvent>,
    IConsumer<EntityDeletedEvent<Order>>,
    IConsumer<EntityInsertedEvent<Order>>
{
    private readonly StoreEvents _events;
    private readonly IReferralStore _referrals;
    private readonly IRewardPointService _rewardPoints;
    private readonly IRepository<OrderItem> _orderItems;
    private readonly IRepository<Order> _orders;
    private readonly IRepository<Product> _products;
    private readonly IRepository<ProductCategory> _productCategories;
    private readonly IRepository<Customer> _customers;
    private readonly IRepository<Address> _addresses;
    private readonly IQueryRunner _runner;
    private readonly IClock _clock;
    private readonly NopMemberOrderSavings _memberSavings;

    public OrderLoyaltyConsumer(StoreEvents events, IReferralStore referrals, IRewardPointService rewardPoints, IRepository<OrderItem> orderItems,
        IRepository<Order> orders, IRepository<Product> products, IRepository<ProductCategory> productCategories, IRepository<Customer> customers,
        IRepository<Address> addresses, IQueryRunner runner, IClock clock, NopMemberOrderSavings memberSavings = null)
    {
        _memberSavings = memberSavings;
        _events = events;
        _referrals = referrals;
        _rewardPoints = rewardPoints;
        _orderItems = orderItems;
        _orders = orders;
        _products = products;
        _productCategories = productCategories;
        _customers = customers;
        _addresses = addresses;
        _runner = runner;
        _clock = clock;
    }

    /// <summary>nopCommerce has already written the redemption into its wallet; the ledger records the same points.</summary>
    public async Task HandleEventAsync(OrderPlacedEvent eventMessage)
    {
        var order = eventMessage?.Order;
        if (order == null)
            return;
        var spent = await RedeemedAsync(order);
        if (spent is { Points: < 0 } entry)
            await _events.PointsSpentAsync(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, -entry.Points);
    }

    /// <summary>
    /// The order was just written and the customer's checkout data is still there: the shipping rate they chose is noted
    /// for membership's free-shipping saving (counted when the order is paid and used the perk's discount).
    /// </summary>
    public Task HandleEventAsync(EntityInsertedEvent<Order> eventMessage)
    {
        var order = eventMessage?.Entity;
        return order == null || _memberSavings == null ? Task.CompletedTask : _memberSavings.QuoteShippingAsync(order);
    }

    public async Task HandleEventAsync(OrderPaidEvent eventMessage)
    {
        var order = eventMessage?.Order;
        if (order == null)
            return;
        // What the member discount and free shipping gave the order, for membership's "saved you X" (the extra points are the award's).
        var memberPerks = _memberSavings == null ? null : await _memberSavings.OfOrderAsync(order);
        await _events.OrderPaidAsync(await EarnOrderAsync(order), await ReferralAsync(order), default, memberPerks);
    }

    /// <summary>The order's refunded amount already includes this refund: Core reverses up to that share.</summary>
    public Task HandleEventAsync(OrderRefundedEvent eventMessage)
    {
        var order = eventMessage?.Order;
        if (order == null)
            return Task.CompletedTask;
        return _events.OrderRefundedAsync(RefundOf(order, cancelled: false));
    }

    public Task HandleEventAsync(OrderStatusChangedEvent eventMessage)
    {
        var order = eventMessage?.Order;
        if (order == null || order.OrderStatusId != (int)OrderStatus.Cancelled || eventMessage.PreviousOrderStatus == OrderStatus.Cancelled)
            return Task.CompletedTask;
        return _events.OrderRefundedAsync(RefundOf(order, cancelled: true));
    }

    /// <summary>
    /// nopCommerce's order delete (OrderProcessingService.DeleteOrderAsync) returns the redeemed points to the wallet and
    /// soft-deletes the order without a status change: for the loyalty program it is a cancellation, unless the order
    /// was cancelled already (then nopCommerce adjusts nothing either).
    /// </summary>
    public Task HandleEventAsync(EntityDeletedEvent<Order> eventMessage)
    {
        var order = eventMessage?.Entity;
        if (order == null || order.OrderStatusId == (int)OrderStatus.Cancelled)
            return Task.CompletedTask;
        return _events.OrderRefundedAsync(RefundOf(order, cancelled: true));
    }

    /// <summary>
    /// The order's refunded sum and cancellation as Core's reversal rule reads them; sent with the "paid" too, because
    /// events can arrive out of order and Core awards what the order is worth when it is paid (a deleted order counts as
    /// cancelled, as its delete event does).
    /// </summary>
    private static OrderRefund RefundOf(Order order, bool cancelled) =>
        new(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, order.OrderTotal, order.RefundedAmount,
            Cancelled: cancelled || order.OrderStatusId == (int)OrderStatus.Cancelled || order.Deleted);

    private async Task<RewardPointsHistory> RedeemedAsync(Order order) =>
        order.RedeemedRewardPointsEntryId is { } id ? await _rewardPoints.GetRewardPointsHistoryEntryByIdAsync(id) : null;

    /// <summary>The order as the earning rule sees it: lines after their own discounts, excluding tax, in the primary currency.</summary>
    private async Task<EarnOrder> EarnOrderAsync(Order order)
    {
        var items = await _runner.ToListAsync(_orderItems.Table.Where(i => i.OrderId == order.Id).OrderBy(i => i.Id));
        var productIds = items.Select(i => i.ProductId).Distinct().ToList();
        var giftCards = (await _runner.ToListAsync(_products.Table.Where(p => productIds.Contains(p.Id) && p.IsGiftCard).Select(p => p.Id))).ToHashSet();
        var categories = (await _runner.ToListAsync(_productCategories.Table.Where(pc => productIds.Contains(pc.ProductId))))
            .GroupBy(pc => pc.ProductId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.Select(pc => pc.CategoryId).Distinct().OrderBy(id => id).ToList());

        var lines = items.Select(i => new EarnLine(i.ProductId, i.Quantity, i.UnitPriceExclTax,
            // The line discount is what makes the line come to its stored price, so rounding never adds money.
            Discount: Math.Max(0m, i.Quantity * i.UnitPriceExclTax - i.PriceExclTax),
            IsGiftCard: giftCards.Contains(i.ProductId),
            CategoryIds: categories.GetValueOrDefault(i.ProductId) ?? Array.Empty<int>())).ToList();

        var paidWithPoints = (await RedeemedAsync(order))?.UsedAmount ?? 0m;
        return new EarnOrder(new StoreId(order.StoreId), new CustomerId(order.CustomerId), order.Id, order.PaidDateUtc ?? _clock.UtcNow, lines,
            OrderDiscount: order.OrderSubTotalDiscountExclTax + order.OrderDiscount,
            Shipping: order.OrderShippingExclTax,
            Tax: order.OrderTax,
            PaidWithPoints: paidWithPoints,
            Refunds: RefundOf(order, cancelled: false));
    }

    /// <summary>The facts Core's referral rule judges, when somebody referred this customer in this store.</summary>
    private async Task<ReferralCandidate> ReferralAsync(Order order)
    {
        var store = new StoreId(order.StoreId);
        var referred = new CustomerId(order.CustomerId);
        if (await _referrals.ReferrerOfAsync(store, referred) is not { } referrer)
            return null;

        var referrerCustomer = await _runner.FirstOrDefaultAsync(_customers.Table.Where(c => c.Id == referrer.Value));
        var referredCustomer = await _runner.FirstOrDefaultAsync(_customers.Table.Where(c => c.Id == order.CustomerId));
        var referredAddress = await AddressAsync(order.BillingAddressId);
        var referrerLastOrder = await _runner.FirstOrDefaultAsync(_orders.Table
            .Where(o => o.CustomerId == referrer.Value && !o.Deleted)
            .OrderByDescending(o => o.Id));
        var referrerAddress = referrerLastOrder == null ? null : await AddressAsync(referrerLastOrder.BillingAddressId);
        var earlierPaid = await _runner.CountAsync(_orders.Table
            .Where(o => o.CustomerId == order.CustomerId && o.StoreId == order.StoreId && o.Id != order.Id && !o.Deleted && o.PaidDateUtc != null));

        return new ReferralCandidate(store, referrer, referrerCustomer?.Email, referrerAddress, referred, referredCustomer?.Email,
            referredAddress, order.Id, OrderPaid: true, EarlierPaidOrders: earlierPaid);
    }

    /// <summary>A billing address reduced to what identifies a household (street, postcode, city, country), case and spacing ignored.</summary>
    private async Task<string> AddressAsync(int addressId)
    {
        var address = await _runner.FirstOrDefaultAsync(_addresses.Table.Where(a => a.Id == addressId));
        if (address == null)
            return null;
        static string Norm(string value) => string.Join(' ', (value ?? string.Empty).Split((char[])null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        var parts = new[] { Norm(address.Address1), Norm(address.ZipPostalCode), Norm(address.City), address.CountryId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty };
        return parts.All(string.IsNullOrEmpty) ? null : string.Join('|', parts);
    }
}
