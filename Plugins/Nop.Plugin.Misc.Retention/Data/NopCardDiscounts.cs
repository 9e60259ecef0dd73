using System.Globalization;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Loyalty.Cards;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// The discount card in nopCommerce's own terms, so checkout applies it natively: per store and level one customer role
/// (<c>Retention.Card.{store}.{level}</c>) and one discount (assigned to order total, the level's percentage, no coupon
/// code, not cumulative) whose requirement is this plugin's rule bound to that role. Customers are mapped to the role of
/// the level they hold (<see cref="ICardObserver"/>); the admin's save of the card brings roles and discounts in line
/// (<see cref="SyncAsync"/>); uninstall removes them (<see cref="RemoveAllAsync"/>). See docs/decisions.md on why the
/// requirement is the plugin's own rule and not nopCommerce's "customer role" rule.
/// </summary>
public class NopCardDiscounts : ICardObserver
{
    /// <summary>
    /// The requirement group's name, which the admin's discount page shows and which names the store and level the
    /// discount belongs to: <c>Retention: discount card {store}.{level}</c>.
    /// </summary>
    public const string GroupPrefix = "Retention: discount card ";

    private readonly IRepository<Discount> _discountTable;
    private readonly IRepository<DiscountRequirement> _requirements;
    private readonly IRepository<CustomerRole> _roles;
    private readonly IRepository<CustomerCustomerRoleMapping> _mappings;
    private readonly IDiscountService _discounts;
    private readonly ICustomerService _customers;
    private readonly IQueryRunner _runner;

    public NopCardDiscounts(IRepository<Discount> discountTable, IRepository<DiscountRequirement> requirements, IRepository<CustomerRole> roles,
        IRepository<CustomerCustomerRoleMapping> mappings, IDiscountService discounts, ICustomerService customers, IQueryRunner runner)
    {
        _discountTable = discountTable;
        _requirements = requirements;
        _roles = roles;
        _mappings = mappings;
        _discounts = discounts;
        _customers = customers;
        _runner = runner;
    }

    /// <summary>The role of a store's level (1 for the lowest).</summary>
    public static string RoleSystemName(int storeId, int level) =>
        string.Create(CultureInfo.InvariantCulture, $"{RetentionDefaults.CardRolePrefix}{storeId}.{level}");

    /// <summary>The requirement group's name of a store's level.</summary>
    public static string GroupName(int storeId, int level) => string.Create(CultureInfo.InvariantCulture, $"{GroupPrefix}{storeId}.{level}");

    /// <summary>
    /// One active discount and one role per level of the store's card, with the level's percent; a level the admin removed
    /// (or every level, when the card is switched off) loses its discount and its role, and with it every customer's mapping.
    /// </summary>
    public async Task SyncAsync(StoreId store, CardSettings card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var ladder = card.Enabled ? CardRules.Ladder(card) : [];
        var existing = await LevelDiscountsAsync(store.Value, cancellationToken);
        for (var i = 0; i < ladder.Count; i++)
        {
            var level = i + 1;
            await EnsureRoleAsync(store.Value, level, ladder[i]);
            if (existing.TryGetValue(level, out var discount))
            {
                Describe(discount, store.Value, level, ladder[i]);
                discount.IsActive = true;
                await _discounts.UpdateDiscountAsync(discount);
                continue;
            }
            // Inactive until its requirement is attached: a crash in between leaves a discount nobody gets, never one everybody gets.
            discount = new Discount
            {
                DiscountTypeId = (int)DiscountType.AssignedToOrderTotal,
                UsePercentage = true,
                RequiresCouponCode = false,
                IsCumulative = false,
                DiscountLimitationId = (int)DiscountLimitationType.Unlimited,
                IsActive = false,
            };
            Describe(discount, store.Value, level, ladder[i]);
            await _discounts.InsertDiscountAsync(discount);
            await AttachRequirementAsync(discount.Id, store.Value, level);
            discount.IsActive = true;
            await _discounts.UpdateDiscountAsync(discount);
        }
        foreach (var (level, discount) in existing.Where(e => e.Key > ladder.Count))
        {
            await _discounts.DeleteDiscountAsync(discount);
            await DeleteRoleAsync(RoleSystemName(store.Value, level), cancellationToken);
        }
    }

    /// <summary>Every card discount and role of every store (uninstall): a discount left behind would keep giving its percent to a frozen role.</summary>
    public async Task RemoveAllAsync(CancellationToken cancellationToken = default)
    {
        var groups = await _runner.ToListAsync(_requirements.Table.Where(r => r.IsGroup && r.DiscountRequirementRuleSystemName.StartsWith(GroupPrefix))
            .Select(r => r.DiscountId), cancellationToken);
        foreach (var id in groups.Distinct())
            if (await _discounts.GetDiscountByIdAsync(id) is { } discount)
                await _discounts.DeleteDiscountAsync(discount);
        var roles = await _runner.ToListAsync(_roles.Table.Where(r => r.SystemName.StartsWith(RetentionDefaults.CardRolePrefix)).Select(r => r.SystemName),
            cancellationToken);
        foreach (var role in roles)
            await DeleteRoleAsync(role, cancellationToken);
    }

    /// <summary>The customer leaves the roles of the store's other levels and joins the one of the level reached (none: no role).</summary>
    public async Task CardChangedAsync(CardChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (await _customers.GetCustomerByIdAsync(change.Customer.Value) is not { } customer)
            return;
        var prefix = RoleSystemName(change.Store.Value, 0)[..^1];
        var target = change.To is null || change.LevelNumber <= 0 ? null : RoleSystemName(change.Store.Value, change.LevelNumber);
        var customerId = customer.Id;
        var held = await _runner.ToListAsync(_mappings.Table.Where(m => m.CustomerId == customerId)
            .Join(_roles.Table.Where(r => r.SystemName.StartsWith(prefix)), m => m.CustomerRoleId, r => r.Id, (m, r) => r), cancellationToken);
        foreach (var role in held.Where(r => r.SystemName != target))
            await _customers.RemoveCustomerRoleMappingAsync(customer, role);
        if (target is null || held.Any(r => r.SystemName == target))
            return;
        var to = await _customers.GetCustomerRoleBySystemNameAsync(target)
                 ?? await EnsureRoleAsync(change.Store.Value, change.LevelNumber, change.To!);
        await _customers.AddCustomerRoleMappingAsync(new CustomerCustomerRoleMapping { CustomerId = customerId, CustomerRoleId = to.Id });
    }

    /// <summary>
    /// Whether the requirement is a card level's and the customer may have its discount: in that level's role, buying in
    /// that store. Null when the requirement is not a card level's (the coupon rule decides).
    /// </summary>
    public async Task<bool?> IsHolderAsync(int discountRequirementId, Customer customer, int? storeId)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (await NopRoleGroups.GroupSuffixAsync(_requirements, _runner, discountRequirementId, GroupPrefix) is not { } suffix)
            return null;
        var parts = suffix.Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var store)
                              || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var level))
            return false;
        if (storeId is { } buying && buying != store)
            return false;
        return await _customers.IsInCustomerRoleAsync(customer, RoleSystemName(store, level));
    }

    private static void Describe(Discount discount, int storeId, int level, CardLevel card)
    {
        var percent = card.Percent.ToString("0.##", CultureInfo.InvariantCulture);
        discount.Name = string.Create(CultureInfo.InvariantCulture, $"Discount card, store {storeId}, level {level}: {percent}%");
        discount.AdminComment = string.Create(CultureInfo.InvariantCulture,
            $"Maintained by the Retention plugin from its discount card settings (level {level} from {card.Threshold:0.##} spent). Edit the card there, not here.");
        discount.DiscountPercentage = card.Percent;
    }

    private async Task<Dictionary<int, Discount>> LevelDiscountsAsync(int storeId, CancellationToken cancellationToken)
    {
        var prefix = GroupName(storeId, 0)[..^1];
        var groups = await _runner.ToListAsync(_requirements.Table.Where(r => r.IsGroup && r.DiscountRequirementRuleSystemName.StartsWith(prefix))
            .Select(r => new { r.DiscountId, r.DiscountRequirementRuleSystemName }), cancellationToken);
        var found = new Dictionary<int, Discount>();
        foreach (var group in groups)
            if (int.TryParse(group.DiscountRequirementRuleSystemName[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var level)
                && await _discounts.GetDiscountByIdAsync(group.DiscountId) is { } discount)
                found[level] = discount;
        return found;
    }

    private async Task AttachRequirementAsync(int discountId, int storeId, int level)
    {
        var group = new DiscountRequirement
        {
            DiscountId = discountId,
            IsGroup = true,
            InteractionTypeId = (int)RequirementGroupInteractionType.And,
            DiscountRequirementRuleSystemName = GroupName(storeId, level),
        };
        await _discounts.InsertDiscountRequirementAsync(group);
        await _discounts.InsertDiscountRequirementAsync(new DiscountRequirement
        {
            DiscountId = discountId,
            ParentId = group.Id,
            IsGroup = false,
            DiscountRequirementRuleSystemName = RetentionDefaults.SystemName,
        });
    }

    private async Task<CustomerRole> EnsureRoleAsync(int storeId, int level, CardLevel card)
    {
        var systemName = RoleSystemName(storeId, level);
        var name = string.Create(CultureInfo.InvariantCulture, $"Discount card, store {storeId}, level {level} ({card.Percent:0.##}%)");
        if (await _customers.GetCustomerRoleBySystemNameAsync(systemName) is { } role)
        {
            if (role.Name != name)
            {
                role.Name = name;
                await _roles.UpdateAsync(role);
            }
            return role;
        }
        role = new CustomerRole { Name = name, SystemName = systemName, Active = true, IsSystemRole = false };
        await _customers.InsertCustomerRoleAsync(role);
        return role;
    }

    private async Task DeleteRoleAsync(string systemName, CancellationToken cancellationToken)
    {
        if (await _runner.FirstOrDefaultAsync(_roles.Table.Where(r => r.SystemName == systemName)) is not { } role)
            return;
        var roleId = role.Id;
        foreach (var mapping in await _runner.ToListAsync(_mappings.Table.Where(m => m.CustomerRoleId == roleId), cancellationToken))
            await _mappings.DeleteAsync(mapping);
        await _roles.DeleteAsync(role);
    }
}
