using System.Globalization;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Security;
using Nop.Data;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Retention.Core.Common;
using Retention.Core.Membership;
using Retention.Core.Store;
using Retention.Core.Tables;

namespace Nop.Plugin.Misc.Retention.Data;

/// <summary>
/// Paid membership in nopCommerce's own terms: per store one customer role (<c>Retention.Member.{store}</c>) that members
/// hold (<see cref="IMembershipObserver"/>), the member discount (assigned to order total, the percentage) and free
/// shipping (assigned to shipping, 100 %) as discounts whose requirement is the plugin's role rule (the one the discount
/// card's levels use, <see cref="NopRoleGroups"/>), and the members-only products through nopCommerce's ACL
/// (<c>Product.SubjectToAcl</c> and an <see cref="AclRecord"/> for the member role). The admin's save brings them in line
/// (<see cref="SyncAsync"/>); uninstall removes what the plugin made (<see cref="RemoveAllAsync"/>).
/// </summary>
public class NopMembershipPerks : IMembershipObserver
{
    /// <summary>The requirement group's name: <c>Retention: membership {store}.{perk}</c> (perk: <c>discount</c> or <c>shipping</c>).</summary>
    public const string GroupPrefix = "Retention: membership ";

    /// <summary>nopCommerce's ACL entity name of a product (the class name, as its ACL service writes it).</summary>
    public const string ProductEntity = nameof(Product);

    public const string DiscountPerk = "discount";
    public const string ShippingPerk = "shipping";

    private readonly IRepository<DiscountRequirement> _requirements;
    private readonly IRepository<CustomerRole> _roles;
    private readonly IRepository<CustomerCustomerRoleMapping> _mappings;
    private readonly IRepository<AclRecord> _acl;
    private readonly IRepository<Product> _products;
    private readonly IDiscountService _discounts;
    private readonly ICustomerService _customers;
    private readonly IQueryRunner _runner;

    public NopMembershipPerks(IRepository<DiscountRequirement> requirements, IRepository<CustomerRole> roles, IRepository<CustomerCustomerRoleMapping> mappings,
        IRepository<AclRecord> acl, IRepository<Product> products, IDiscountService discounts, ICustomerService customers, IQueryRunner runner)
    {
        _requirements = requirements;
        _roles = roles;
        _mappings = mappings;
        _acl = acl;
        _products = products;
        _discounts = discounts;
        _customers = customers;
        _runner = runner;
    }

    /// <summary>The member role of a store.</summary>
    public static string RoleSystemName(int storeId) => string.Create(CultureInfo.InvariantCulture, $"{RetentionDefaults.MemberRolePrefix}{storeId}");

    /// <summary>The requirement group's name of a store's perk.</summary>
    public static string GroupName(int storeId, string perk) => string.Create(CultureInfo.InvariantCulture, $"{GroupPrefix}{storeId}.{perk}");

    /// <summary>
    /// The store's role, discounts and ACL as the settings say: a perk switched off (or the membership) loses its discount;
    /// a product taken off the members-only list loses the member role's ACL record (and is visible to all again when no
    /// other role restricts it). Switching membership off keeps the role, so members come back with their history.
    /// </summary>
    public async Task SyncAsync(StoreId store, MembershipSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var storeId = store.Value;
        var role = await EnsureRoleAsync(storeId);
        var existing = await PerkDiscountsAsync(storeId + ".", cancellationToken);
        await PerkAsync(storeId, DiscountPerk, settings.Enabled && settings.DiscountPercent > 0m, DiscountType.AssignedToOrderTotal, settings.DiscountPercent, existing);
        await PerkAsync(storeId, ShippingPerk, settings.Enabled && settings.FreeShipping, DiscountType.AssignedToShipping, 100m, existing);
        var wanted = settings.Enabled ? settings.MemberOnlyProductIds.ToHashSet() : [];
        var roleId = role.Id;
        var records = await _runner.ToListAsync(_acl.Table.Where(a => a.CustomerRoleId == roleId && a.EntityName == ProductEntity), cancellationToken);
        foreach (var record in records.Where(r => !wanted.Contains(r.EntityId)))
            await RemoveAclAsync(record, cancellationToken);
        foreach (var productId in wanted.Where(id => records.All(r => r.EntityId != id)))
        {
            if (await _runner.FirstOrDefaultAsync(_products.Table.Where(p => p.Id == productId)) is not { } product)
                continue;
            if (!product.SubjectToAcl)
            {
                product.SubjectToAcl = true;
                await _products.UpdateAsync(product);
            }
            await _acl.InsertAsync(new AclRecord { EntityName = ProductEntity, EntityId = productId, CustomerRoleId = roleId });
        }
    }

    /// <summary>Every member discount, ACL record and member role of every store (uninstall).</summary>
    public async Task RemoveAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (_, discount) in await PerkDiscountsAsync("", cancellationToken))
            await _discounts.DeleteDiscountAsync(discount);
        var roles = await _runner.ToListAsync(_roles.Table.Where(r => r.SystemName.StartsWith(RetentionDefaults.MemberRolePrefix)), cancellationToken);
        foreach (var role in roles)
        {
            var roleId = role.Id;
            foreach (var record in await _runner.ToListAsync(_acl.Table.Where(a => a.CustomerRoleId == roleId), cancellationToken))
                await RemoveAclAsync(record, cancellationToken);
            foreach (var mapping in await _runner.ToListAsync(_mappings.Table.Where(m => m.CustomerRoleId == roleId), cancellationToken))
                await _mappings.DeleteAsync(mapping);
            await _roles.DeleteAsync(role);
        }
    }

    /// <summary>A member joins the store's member role; a customer who lost the perks leaves it.</summary>
    public async Task MembershipChangedAsync(MembershipChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (await _customers.GetCustomerByIdAsync(change.Customer.Value) is not { } customer)
            return;
        var role = await EnsureRoleAsync(change.Store.Value);
        var (customerId, roleId) = (customer.Id, role.Id);
        var held = await _runner.FirstOrDefaultAsync(_mappings.Table.Where(m => m.CustomerId == customerId && m.CustomerRoleId == roleId));
        if (change.IsMember && held is null)
            await _customers.AddCustomerRoleMappingAsync(new CustomerCustomerRoleMapping { CustomerId = customerId, CustomerRoleId = roleId });
        else if (!change.IsMember && held is not null)
            await _customers.RemoveCustomerRoleMappingAsync(customer, role);
    }

    /// <summary>
    /// Whether the requirement is a membership perk's and the customer may have it: in the store's member role, buying in
    /// that store. Null when it is not a membership perk's requirement (another rule decides).
    /// </summary>
    public async Task<bool?> IsMemberAsync(int discountRequirementId, Customer customer, int? storeId)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (await NopRoleGroups.GroupSuffixAsync(_requirements, _runner, discountRequirementId, GroupPrefix) is not { } suffix)
            return null;
        var dot = suffix.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(suffix[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var store))
            return false;
        if (storeId is { } buying && buying != store)
            return false;
        return await _customers.IsInCustomerRoleAsync(customer, RoleSystemName(store));
    }

    private async Task PerkAsync(int storeId, string perk, bool wanted, DiscountType type, decimal percent, IReadOnlyDictionary<string, Discount> existing)
    {
        var group = GroupName(storeId, perk);
        existing.TryGetValue(group, out var discount);
        if (!wanted)
        {
            if (discount is not null)
                await _discounts.DeleteDiscountAsync(discount);
            return;
        }
        if (discount is not null)
        {
            Describe(discount, storeId, perk, percent);
            discount.IsActive = true;
            await _discounts.UpdateDiscountAsync(discount);
            return;
        }
        // Inactive until its requirement is attached: a crash in between leaves a discount nobody gets, never one everybody gets.
        discount = new Discount
        {
            DiscountTypeId = (int)type,
            UsePercentage = true,
            RequiresCouponCode = false,
            IsCumulative = false,
            DiscountLimitationId = (int)DiscountLimitationType.Unlimited,
            IsActive = false,
        };
        Describe(discount, storeId, perk, percent);
        await _discounts.InsertDiscountAsync(discount);
        var parent = new DiscountRequirement
        {
            DiscountId = discount.Id,
            IsGroup = true,
            InteractionTypeId = (int)RequirementGroupInteractionType.And,
            DiscountRequirementRuleSystemName = group,
        };
        await _discounts.InsertDiscountRequirementAsync(parent);
        await _discounts.InsertDiscountRequirementAsync(new DiscountRequirement
        {
            DiscountId = discount.Id,
            ParentId = parent.Id,
            IsGroup = false,
            DiscountRequirementRuleSystemName = RetentionDefaults.SystemName,
        });
        discount.IsActive = true;
        await _discounts.UpdateDiscountAsync(discount);
    }

    private static void Describe(Discount discount, int storeId, string perk, decimal percent)
    {
        discount.Name = perk == ShippingPerk
            ? string.Create(CultureInfo.InvariantCulture, $"Membership, store {storeId}: free shipping")
            : string.Create(CultureInfo.InvariantCulture, $"Membership, store {storeId}: {percent:0.##}% off");
        discount.AdminComment = "Maintained by the Retention plugin from its membership settings. Edit the membership there, not here.";
        discount.DiscountPercentage = percent;
    }

    /// <summary>The perk discounts whose group names start with <c>Retention: membership {storePrefix}</c>, by group name.</summary>
    private async Task<IReadOnlyDictionary<string, Discount>> PerkDiscountsAsync(string storePrefix, CancellationToken cancellationToken)
    {
        var prefix = GroupPrefix + storePrefix;
        var groups = await _runner.ToListAsync(_requirements.Table.Where(r => r.IsGroup && r.DiscountRequirementRuleSystemName.StartsWith(prefix))
            .Select(r => new { r.DiscountId, r.DiscountRequirementRuleSystemName }), cancellationToken);
        var found = new Dictionary<string, Discount>(StringComparer.Ordinal);
        foreach (var group in groups)
            if (await _discounts.GetDiscountByIdAsync(group.DiscountId) is { } discount)
                found[group.DiscountRequirementRuleSystemName] = discount;
        return found;
    }

    private async Task<CustomerRole> EnsureRoleAsync(int storeId)
    {
        var systemName = RoleSystemName(storeId);
        if (await _customers.GetCustomerRoleBySystemNameAsync(systemName) is { } role)
            return role;
        role = new CustomerRole
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"Members, store {storeId}"), SystemName = systemName, Active = true, IsSystemRole = false,
        };
        await _customers.InsertCustomerRoleAsync(role);
        return role;
    }

    /// <summary>Deletes the member role's ACL record; the product is open to all again when no other role's record restricts it.</summary>
    private async Task RemoveAclAsync(AclRecord record, CancellationToken cancellationToken)
    {
        await _acl.DeleteAsync(record);
        var (entityId, entityName) = (record.EntityId, record.EntityName);
        if (entityName != ProductEntity || await _runner.CountAsync(_acl.Table.Where(a => a.EntityName == entityName && a.EntityId == entityId), cancellationToken) > 0)
            return;
        if (await _runner.FirstOrDefaultAsync(_products.Table.Where(p => p.Id == entityId)) is { SubjectToAcl: true } product)
        {
            product.SubjectToAcl = false;
            await _products.UpdateAsync(product);
        }
    }
}

/// <summary>The membership product's recurring cycle, read from nopCommerce's product.</summary>
public class NopMembershipProducts : IMembershipProducts
{
    private readonly IRepository<Product> _products;
    private readonly IQueryRunner _runner;

    public NopMembershipProducts(IRepository<Product> products, IQueryRunner runner)
    {
        _products = products;
        _runner = runner;
    }

    public async Task<MembershipCycle?> CycleOfAsync(StoreId store, int productId, CancellationToken cancellationToken = default)
    {
        var product = await _runner.FirstOrDefaultAsync(_products.Table.Where(p => p.Id == productId)
            .Select(p => new { p.IsRecurring, p.RecurringCyclePeriodId, p.RecurringCycleLength }), cancellationToken);
        return product is { IsRecurring: true } ? new MembershipCycle((MembershipCycleUnit)product.RecurringCyclePeriodId, product.RecurringCycleLength) : null;
    }
}
