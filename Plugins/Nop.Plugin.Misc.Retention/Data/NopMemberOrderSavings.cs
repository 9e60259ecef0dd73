using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Retention.Core.Membership;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// What the member discount gave a paid order, from the order's own facts (docs/decisions.md §18): nopCommerce records
/// every discount an order used in <see cref="DiscountUsageHistory"/>; when the store's member discount (the order-total
/// discount under the group <c>Retention: membership {store}.discount</c>) is among them, the order's
/// <see cref="Order.OrderDiscount"/> is that discount (it is not cumulative, so no other order-total discount applied with
/// it). Free shipping is not counted: a 4.90 order keeps only the shipping after its discounts, not what the shipping
/// discount took off, and the figure is never estimated.
/// </summary>
public class NopMemberOrderSavings
{
    private readonly IRepository<DiscountRequirement> _requirements;
    private readonly IRepository<DiscountUsageHistory> _usages;
    private readonly IQueryRunner _runner;

    public NopMemberOrderSavings(IRepository<DiscountRequirement> requirements, IRepository<DiscountUsageHistory> usages, IQueryRunner runner)
    {
        _requirements = requirements;
        _usages = usages;
        _runner = runner;
    }

    /// <summary>The member discount the order used, in the primary currency; null when it used none.</summary>
    public async Task<MemberSaving> OfOrderAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var group = NopMembershipPerks.GroupName(order.StoreId, NopMembershipPerks.DiscountPerk);
        var memberDiscounts = _requirements.Table.Where(r => r.IsGroup && r.DiscountRequirementRuleSystemName == group).Select(r => r.DiscountId);
        var used = await _runner.CountAsync(_usages.Table.Where(u => u.OrderId == order.Id && memberDiscounts.Contains(u.DiscountId)), cancellationToken) > 0;
        return used && order.OrderDiscount > 0m ? new MemberSaving(order.OrderDiscount, 0m, 0, 0m) : null;
    }
}
