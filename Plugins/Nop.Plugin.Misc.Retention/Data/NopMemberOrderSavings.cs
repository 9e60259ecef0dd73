using System.Globalization;
using System.Text.RegularExpressions;
using Nop.Core.Domain.Common;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Retention.Core.Membership;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// What the member perks gave a paid order, from the order's own facts (docs/decisions.md §18): nopCommerce records
/// every discount an order used in <see cref="DiscountUsageHistory"/>; when the store's member discount (the order-total
/// discount under the group <c>Retention: membership {store}.discount</c>) is among them, the order's
/// <see cref="Order.OrderDiscount"/> is that discount (it is not cumulative, so no other order-total discount applied with
/// it). When the free-shipping discount (<c>….shipping</c>) is among them, the shipping it took off is the rate the
/// customer had chosen, noted on the order when it was placed (<see cref="QuoteShippingAsync"/>), less the shipping the
/// order still charged: a 4.90 order keeps only the shipping after its discounts.
/// </summary>
public partial class NopMemberOrderSavings
{
    /// <summary>The order's generic attribute holding the quoted shipping rate (primary currency, invariant culture).</summary>
    public const string ShippingQuoteKey = "Retention.MemberShippingQuote";

    /// <summary>nopCommerce's customer attribute holding the chosen shipping option (NopCustomerDefaults.SelectedShippingOptionAttribute).</summary>
    public const string SelectedShippingOptionKey = "SelectedShippingOption";

    private readonly IRepository<DiscountRequirement> _requirements;
    private readonly IRepository<DiscountUsageHistory> _usages;
    private readonly IRepository<GenericAttribute> _attributes;
    private readonly IQueryRunner _runner;

    public NopMemberOrderSavings(IRepository<DiscountRequirement> requirements, IRepository<DiscountUsageHistory> usages, IRepository<GenericAttribute> attributes,
        IQueryRunner runner)
    {
        _requirements = requirements;
        _usages = usages;
        _attributes = attributes;
        _runner = runner;
    }

    /// <summary>The member discount and the shipping not charged on the order, in the primary currency; null when the perks gave it nothing.</summary>
    public async Task<MemberSaving> OfOrderAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var discount = await UsedAsync(order, NopMembershipPerks.DiscountPerk, cancellationToken) ? Math.Max(0m, order.OrderDiscount) : 0m;
        var shipping = 0m;
        if (await UsedAsync(order, NopMembershipPerks.ShippingPerk, cancellationToken))
        {
            var orderId = order.Id;
            var quote = await _runner.FirstOrDefaultAsync(_attributes.Table
                .Where(a => a.KeyGroup == nameof(Order) && a.Key == ShippingQuoteKey && a.EntityId == orderId).Select(a => a.Value));
            if (decimal.TryParse(quote, NumberStyles.Number, CultureInfo.InvariantCulture, out var rate))
                shipping = Math.Max(0m, rate - order.OrderShippingExclTax);
        }
        return discount > 0m || shipping > 0m ? new MemberSaving(discount, shipping, 0, 0m) : null;
    }

    /// <summary>
    /// Notes on a just-inserted order the shipping rate its customer chose, read while nopCommerce still holds it: order
    /// placement inserts the order before it resets the customer's checkout data (and publishes the order-placed event
    /// only after). The rate is the shipping method's own (<c>ShippingOption.Rate</c>, before additional charges and
    /// discounts), so the saving is never overstated. Nothing is noted when the store has no free-shipping perk, the
    /// customer chose no shipping (pickup, nothing to ship) or the order is noted already.
    /// </summary>
    public async Task QuoteShippingAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var group = NopMembershipPerks.GroupName(order.StoreId, NopMembershipPerks.ShippingPerk);
        if (await _runner.CountAsync(_requirements.Table.Where(r => r.IsGroup && r.DiscountRequirementRuleSystemName == group), cancellationToken) == 0)
            return;
        var (customerId, storeId, orderId) = (order.CustomerId, order.StoreId, order.Id);
        var selected = await _runner.FirstOrDefaultAsync(_attributes.Table
            .Where(a => a.KeyGroup == nameof(Customer) && a.Key == SelectedShippingOptionKey && a.EntityId == customerId && a.StoreId == storeId)
            .Select(a => a.Value));
        if (RateOf(selected) is not { } rate || rate <= 0m)
            return;
        if (await _runner.CountAsync(_attributes.Table.Where(a => a.KeyGroup == nameof(Order) && a.Key == ShippingQuoteKey && a.EntityId == orderId), cancellationToken) > 0)
            return;
        await _attributes.InsertAsync(new GenericAttribute
        {
            KeyGroup = nameof(Order), Key = ShippingQuoteKey, EntityId = orderId, StoreId = storeId,
            Value = rate.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Every quote the plugin noted on orders (uninstall).</summary>
    public async Task RemoveQuotesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var attribute in await _runner.ToListAsync(_attributes.Table.Where(a => a.KeyGroup == nameof(Order) && a.Key == ShippingQuoteKey), cancellationToken))
            await _attributes.DeleteAsync(attribute);
    }

    /// <summary>
    /// The rate of a stored shipping option. nopCommerce writes the option through its type converter, as XML
    /// (<c>&lt;Rate&gt;4.99&lt;/Rate&gt;</c>); a JSON form (<c>"Rate":4.99</c>) is read too. Null when there is none.
    /// </summary>
    public static decimal? RateOf(string storedOption)
    {
        if (string.IsNullOrWhiteSpace(storedOption))
            return null;
        var match = RateRegex().Match(storedOption);
        return match.Success && decimal.TryParse(match.Groups["rate"].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var rate) ? rate : null;
    }

    [GeneratedRegex("""(?:<Rate>\s*|"Rate"\s*:\s*"?)(?<rate>-?[0-9]+(?:\.[0-9]+)?)""", RegexOptions.CultureInvariant, 200)]
    private static partial Regex RateRegex();

    private async Task<bool> UsedAsync(Order order, string perk, CancellationToken cancellationToken)
    {
        var group = NopMembershipPerks.GroupName(order.StoreId, perk);
        var orderId = order.Id;
        var perkDiscounts = _requirements.Table.Where(r => r.IsGroup && r.DiscountRequirementRuleSystemName == group).Select(r => r.DiscountId);
        return await _runner.CountAsync(_usages.Table.Where(u => u.OrderId == orderId && perkDiscounts.Contains(u.DiscountId)), cancellationToken) > 0;
    }
}
